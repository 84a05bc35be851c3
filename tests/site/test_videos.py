"""Videos: what docutils writes inside ``<video>`` is text (CVE-2026-144966), on the site and in
the ePub, and a web address cannot add attributes of its own.

docutils before 0.23.1 writes an image's alt text unescaped into a video's
fallback content; every version read writes the video's address unescaped
into the fallback link.  The fix (``site.videos``) takes docutils' own path
where docutils is fixed: a build under a faked version shows what that path
writes, and Chromium runs the payloads in that output and not in the fixed one.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from chapbook.site import videos
from tests.helpers import ROOTS, article, page, warnings_of
from tests.site.test_browser import browser  # noqa: F401 - the fixture, Debian's Chromium

ALT = """<script>document.title = "ran"</script><img src="x" onerror="document.title = 'ran'">"""
#: ``ALT`` as docutils' ``encode()`` writes it (``'`` is not escaped).
ALT_ESCAPED = (
    ALT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
)
REMOTE = """https://videos.example.net/a&b"onmouseover="document.title='ran'"x=".mp4"""
REMOTE_ESCAPED = REMOTE.replace("&", "&amp;").replace('"', "&quot;")
#: The web address would make the ePub fetch it (Sphinx downloads remote images for books).
SITE_ONLY = ["_build", "talk.md"]


def source(tmp_path: Path, name: str) -> Path:
    """A copy of the test root: ``make_app`` builds in the source folder's ``_build``."""
    return Path(shutil.copytree(ROOTS / "test-videoalt", tmp_path / name))


def video_markup(app, docname: str) -> str:
    """A page's ``<video>`` elements as written, on the site or in the ePub."""
    outdir = Path(app.outdir)
    if app.builder.name == "epub":
        with zipfile.ZipFile(next(outdir.glob("*.epub"))) as archive:
            text = archive.read(f"{docname}.xhtml").decode()
    elif app.builder.name == "html":
        text = (outdir / f"{docname}.html").read_text()
    else:
        text = (outdir / docname / "index.html").read_text()
    return text[text.index("<video") : text.rindex("</video>") + len("</video>")]


@pytest.mark.parametrize("builder", ["dirhtml", "html"])
def test_the_alt_text_of_a_video_is_text(make_app, tmp_path: Path, builder: str) -> None:
    app = make_app(
        builder, srcdir=source(tmp_path, "src"), freshenv=True,
        confoverrides={"exclude_patterns": SITE_ONLY},
    )  # fmt: skip
    app.build()
    video = BeautifulSoup(video_markup(app, "clip"), "html.parser").video
    assert video.find_all(["script", "img"]) == []
    assert (video["title"], video.a.get_text()) == (ALT, ALT)
    assert f">{ALT_ESCAPED}</a>" in video_markup(app, "clip")
    assert warnings_of(app) == []


def test_the_epub_shows_a_videos_alt_text_as_text(make_app, tmp_path: Path) -> None:
    """An e-reader plays no video: the book leaves it out, its alt text escaped in its place."""
    app = make_app("epub", srcdir=source(tmp_path, "src"), freshenv=True,
                   confoverrides={"exclude_patterns": SITE_ONLY})  # fmt: skip
    app.build()
    with zipfile.ZipFile(next(Path(app.outdir).glob("*.epub"))) as archive:
        text = archive.read("clip.xhtml").decode()
        assert not any(name.endswith(".mp4") for name in archive.namelist())
    body = BeautifulSoup(text, "html.parser").body
    assert body.find_all(["video", "script"]) == []
    assert [img["src"] for img in body.find_all("img")] == ["_images/still.png"]
    assert ALT in body.get_text() and ALT_ESCAPED in text
    assert [w.split(" [")[0] for w in warnings_of(app)] == [
        "clip.md:6: WARNING: image 'clip.mp4' is not an image the book can read; the ePub "
        "leaves it out, its alt text stands in"
    ]


@pytest.mark.parametrize("builder", ["dirhtml", "html"])
def test_a_web_address_makes_no_attribute_of_its_own(
    make_app, tmp_path: Path, builder: str
) -> None:
    app = make_app(builder, srcdir=source(tmp_path, "src"), freshenv=True)
    app.build()
    markup = video_markup(app, "talk")
    video = BeautifulSoup(markup, "html.parser").video
    assert (video["src"], video.a["href"]) == (REMOTE, REMOTE)
    assert list(video.a.attrs) == ["href"]
    assert video.a.get_text() == 'The talk & its "questions"'
    assert f'<a href="{REMOTE_ESCAPED}">' in markup
    assert warnings_of(app) == []


@pytest.mark.sphinx("dirhtml", testroot="videoalt", freshenv=True)
def test_other_images_are_written_by_docutils_alone(app) -> None:
    app.build()
    still = article(page(app, "clip")).select_one("img")
    assert still is not None and still["alt"] == "<b>A still</b>"
    assert str(still).startswith('<img alt="&lt;b&gt;A still&lt;/b&gt;"')


def both_paths(make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The clip's video as written here, and as docutils' own path writes it (faked 0.23.1)."""
    fixed = make_app("dirhtml", srcdir=source(tmp_path, "fixed"), freshenv=True)
    fixed.build()
    monkeypatch.setattr(videos, "DOCUTILS", videos.ALT_ESCAPED_FROM)
    own = make_app("dirhtml", srcdir=source(tmp_path, "own"), freshenv=True)
    own.build()
    return video_markup(fixed, "clip"), video_markup(own, "clip")


def test_docutils_own_path_differs_only_where_it_is_broken(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = videos.DOCUTILS  # before both_paths fakes it
    ours, own = both_paths(make_app, tmp_path, monkeypatch)
    if installed >= videos.ALT_ESCAPED_FROM:  # pragma: no cover - a fixed docutils
        assert own == ours
    else:  # docutils 0.22 writes the alt text as it is: the only difference
        assert own != ours
        assert own == ours.replace(f">{ALT_ESCAPED}</a>", f">{ALT}</a>")


def test_escaped_formats_escaped_and_reads_plain() -> None:
    value = videos.Escaped("<b>", "&lt;b&gt;")
    assert f"{value}" == "&lt;b&gt;"
    assert (str(value), value + "!", value == "<b>") == ("<b>", "<b>!", True)
    # %-formatting reads it plain: docutils writes these values with f-strings (0.22, 0.23).
    assert "%s" % value == "<b>"  # noqa: UP031


# -- in Chromium -----------------------------------------------------------------------


def title_after_loading(browser: object, markup: str) -> str:  # noqa: F811
    tab = browser.new_page()  # type: ignore[attr-defined]
    try:
        tab.set_content(f"<!doctype html><title>safe</title><body>{markup}</body>")
        tab.wait_for_timeout(150)  # the fallback image's error event
        # Fallback content is not shown where videos play, but its handlers are live.
        for link in tab.locator("video a").all():
            link.dispatch_event("mouseover")
        return tab.title()
    finally:
        tab.close()


def test_the_alt_text_runs_in_docutils_output_and_not_in_ours(
    make_app,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    browser: object,  # noqa: F811
) -> None:
    ours, own = both_paths(make_app, tmp_path, monkeypatch)
    assert title_after_loading(browser, own) == "ran"
    assert title_after_loading(browser, ours) == "safe"


@pytest.mark.sphinx("dirhtml", testroot="videoalt", freshenv=True)
def test_the_web_address_runs_unescaped_and_not_as_written(app, browser: object) -> None:  # noqa: F811
    app.build()
    ours = video_markup(app, "talk")
    assert title_after_loading(browser, ours) == "safe"
    as_docutils_writes_it = ours.replace(f'<a href="{REMOTE_ESCAPED}">', f'<a href="{REMOTE}">')
    assert title_after_loading(browser, as_docutils_writes_it) == "ran"
