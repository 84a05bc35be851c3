"""The book's images: one TeX cannot read is left out with its alt text; a remote one is
never fetched unless ``conf.py`` trusts posts with ``remote-images``.

The root's post shows a good PNG, a PNG cut short (XeLaTeX aborts on it), an empty
file, a GIF (the PDF has no GIF) and an SVG CairoSVG cannot size (which stopped the
whole Sphinx build).  Remote images are served by a server of the test's own on
127.0.0.1, which counts what it is asked: the network is never needed.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pytest
from bs4 import BeautifulSoup

from tests.helpers import ROOTS, epubcheck, require, warnings_of
from tests.hostile.tex import png

if TYPE_CHECKING:
    from collections.abc import Iterator

STANDS_IN = "leaves it out, its alt text stands in [chapbook.book]"
CUT = "pictures.md:8: WARNING: image 'cut.png' is a PNG file cut short; the"
EMPTY = "pictures.md:10: WARNING: image 'empty.png' is an empty file; the"
PDF_WARNINGS = [
    f"{CUT} PDF {STANDS_IN}",
    f"{EMPTY} PDF {STANDS_IN}",
    "pictures.md:12: WARNING: image 'still.gif' is a GIF image (this format shows PNG, JPEG, "
    f"PDF); the PDF {STANDS_IN}",
    "pictures.md:14: WARNING: image 'flat.svg' cannot be converted for the PDF by CairoSVG "
    f"(ValueError: The SVG size is undefined); the PDF {STANDS_IN}",
    f"{CUT.replace(':8:', ':16:')} PDF {STANDS_IN}",
]
EPUB_WARNINGS = [
    f"{CUT} ePub {STANDS_IN}",
    f"{EMPTY} ePub {STANDS_IN}",
    f"{CUT.replace(':8:', ':16:')} ePub {STANDS_IN}",
]
#: What stands in for each picture left out of the PDF (the figure keeps its caption).
ALTS = ("a cut photo", "an empty photo", "a still", "a flat drawing", "a cut figure",
        "A caption for the cut figure.")  # fmt: skip


def tex(app) -> str:
    return (Path(app.outdir) / "project-name-not-set.tex").read_text(encoding="utf-8")


@pytest.mark.sphinx("latex", testroot="bookimages", freshenv=True)
def test_images_tex_cannot_read_are_left_out_of_the_pdf(app) -> None:
    app.build()
    assert warnings_of(app) == PDF_WARNINGS
    source = tex(app)
    assert source.count(r"\sphinxincludegraphics") == 1
    assert r"\sphinxincludegraphics{{good}.png}" in source
    for alt in ALTS:
        assert alt in source
    # A figure without its picture is no figure: an aligned one would stop XeLaTeX.
    assert r"\begin{wrapfigure}" not in source
    assert sorted(p.name for p in Path(app.outdir).glob("*.*") if p.suffix in {".png", ".gif"}) == [
        "good.png"
    ]


@pytest.mark.sphinx("latex", testroot="bookimages", freshenv=True)
def test_the_pdf_builds_around_them(app) -> None:
    require("xelatex", "latexmk", "pdftotext", "pdfimages")
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(["make", "-C", str(outdir), "all-pdf"], capture_output=True,
                            text=True, check=False, stdin=subprocess.DEVNULL)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = outdir / "project-name-not-set.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    for alt in ALTS:
        assert alt in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout  # fmt: skip
    assert len(images.splitlines()) - 2 == 1  # the good PNG


@pytest.mark.sphinx("latex", testroot="bookimages", freshenv=True)
def test_each_verdict_is_kept_for_the_next_build(
    app, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chapbook.book import images

    app.build()
    cache = Path(app.doctreedir) / images.CACHE
    assert sorted(path.read_text() for path in cache.iterdir()) == [
        "is a GIF image (this format shows PNG, JPEG, PDF)",
        "is a PNG file cut short",
        "is an empty file",
        "ok",
    ]

    def decode_again(data: bytes) -> str:
        raise AssertionError("decoded again")

    monkeypatch.setattr(images, "_decode_problem", decode_again)
    again = make_app("latex", srcdir=app.srcdir)
    again.build()
    # A second app in one process also warns of docutils nodes registered twice.
    assert [w for w in warnings_of(again) if "[chapbook." in w] == PDF_WARNINGS


@pytest.mark.sphinx("epub", testroot="bookimages", freshenv=True)
def test_the_epub_leaves_out_what_no_reader_can_show(app) -> None:
    app.build()
    assert warnings_of(app) == EPUB_WARNINGS
    path = Path(app.outdir) / "project-name-not-set.epub"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        page = BeautifulSoup(archive.read("pictures.xhtml"), "xml")
    images = sorted(name.rsplit("/", 1)[-1] for name in names if name.startswith("_images/"))
    assert images == ["flat.svg", "good.png", "still.gif"]
    assert sorted(img["alt"] for img in page.find_all("img")) == [
        "a flat drawing", "a good photo", "a still"
    ]  # fmt: skip
    assert "a cut photo" in page.get_text() and "an empty photo" in page.get_text()
    left_out = page.select_one("div.chapbook-figure-left-out")
    assert [p.get_text() for p in left_out.find_all("p")] == [
        "a cut figure", "A caption for the cut figure."
    ]  # fmt: skip
    assert page.find("figure") is None
    result = epubcheck(path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.sphinx("dirhtml", testroot="bookimages", freshenv=True)
def test_the_site_links_every_image_as_it_is(app) -> None:
    app.build()
    assert warnings_of(app) == []


# -- remote images ---------------------------------------------------------------------------


class _Served(BaseHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).asked.append(self.path)
        body = png(8, 8)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """An image server on 127.0.0.1 (no proxy): its address, and the paths it was asked for."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setattr(_Served, "asked", [])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Served)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", _Served.asked
    finally:
        httpd.shutdown()
        httpd.server_close()


def remote_post(tmp_path: Path, address: str) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-bookimages", source)
    for name in ("cut.png", "empty.png", "still.gif", "flat.svg"):
        (source / name).unlink()
    body = f"![a remote photo]({address}/latest/meta-data/photo.png)\n"
    (source / "pictures.md").write_text(f"---\ntitle: Pictures\ndate: '2024-05-01'\n---\n\n{body}")
    return source


@pytest.mark.parametrize("builder", ["latex", "epub"])
def test_a_remote_image_is_not_fetched_for_the_book(builder, server, make_app, tmp_path) -> None:
    address, asked = server
    app = make_app(builder, srcdir=remote_post(tmp_path, address), freshenv=True)
    app.build()
    assert warnings_of(app) == [
        f"pictures.md:6: WARNING: image '{address}/latest/meta-data/photo.png' is on the web: "
        "the book does not fetch it (it needs chapbook_trust = ['remote-images'] in conf.py), "
        "its alt text stands in [chapbook.trust]"
    ]
    assert asked == []


def test_remote_images_power_fetches_it(server, make_app, tmp_path) -> None:
    address, asked = server
    app = make_app("latex", srcdir=remote_post(tmp_path, address), freshenv=True,
                   confoverrides={"chapbook_trust": ["remote-images"]})  # fmt: skip
    app.build()
    assert warnings_of(app) == []
    assert asked == ["/latest/meta-data/photo.png"]
    assert r"\sphinxincludegraphics{{photo}.png}" in tex(app)
    assert (Path(app.outdir) / "photo.png").read_bytes() == png(8, 8)


# -- one file, as the check reads it --------------------------------------------------------

PDF_KINDS = ("PNG", "JPEG", "PDF")
NO_IEND = png()[: -len(b"\0\0\0\0IEND\xaeB`\x82")]


@pytest.mark.parametrize(
    ("data", "suffix", "problem"),
    [
        (png(), ".png", None),
        (NO_IEND, ".png", "is a PNG file cut short"),  # Pillow decodes it; libpng stops
        (png()[:-20], ".png", "is a PNG file cut short"),
        (png()[:33] + b"\0" * 4 + png()[37:], ".png", "is a PNG file with a damaged 'IDAT' chunk"),
        (b"", ".png", "is an empty file"),
        (b"<html>", ".png", "is not an image the book can read"),
        (b"\xff\xd8\xff\xe0garbage", ".jpg", "cannot be decoded ("),  # then Pillow's words
        (b"%PDF-1.5\n1 0 obj", ".pdf", "is a PDF file that is cut short"),
        (b"%PDF-1.5\n%%EOF\n", ".pdf", None),
        (b"GIF89a", ".gif", "is a GIF image (this format shows PNG, JPEG, PDF)"),
        (b"<svg/>", ".svg", "is an SVG image (this format shows PNG, JPEG, PDF)"),
    ],
)
def test_what_the_pdf_cannot_read(data: bytes, suffix: str, problem: str | None) -> None:
    from chapbook.book.images import image_problem

    found = image_problem(data, suffix, PDF_KINDS)
    if problem is not None and problem.endswith("("):  # Pillow's own words follow
        assert found is not None and found.startswith(problem)
    else:
        assert found == problem


def test_the_epub_shows_gif_and_svg() -> None:
    from chapbook.book.images import image_problem
    from tests.hostile.tex import GIF

    kinds = ("PNG", "JPEG", "GIF", "SVG")
    assert image_problem(GIF, ".gif", kinds) is None
    assert image_problem(b"<svg/>", ".svg", kinds) is None
    assert image_problem(b"%PDF-1.5\n%%EOF", ".pdf", kinds) == (
        "is a PDF image (this format shows PNG, JPEG, GIF, SVG)"
    )
