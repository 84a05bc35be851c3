"""The book's images: none fetched from the web unless trusted, none that stops the PDF.

Two things Sphinx does for the PDF and the ePub, made safe for untrusted posts:

* **Remote images.**  Builders that cannot link to a picture on the web
  download it at build time (Sphinx's ``ImageDownloader``): a post naming
  ``http://169.254.169.254/...`` makes the build machine ask its cloud's
  metadata service for credentials, and prints the answer in the book.  The
  book leaves a remote image out, its alt text in its place, with one warning
  naming the file and line, unless ``conf.py`` trusts posts with
  ``remote-images``.  (The site links to it: the reader's browser fetches it.)
* **Images TeX cannot read.**  A truncated PNG aborts XeLaTeX (``SIGABRT``,
  no PDF), as do an empty file, a GIF and an SVG CairoSVG cannot convert
  (which stops Sphinx itself, before TeX runs).  Each image a book builder is
  about to write is checked as that builder will use it: the file it will
  copy, of a kind it can show (PNG, JPEG or PDF for the PDF; PNG, JPEG, GIF
  or SVG for the ePub), decoded whole.  One that fails is left out of the
  book, its alt text in its place, with one warning naming the post's file
  and line; the rest of the book builds.  The ePub leaves it out too: an
  e-reader would show a broken picture where the alt text says what it was.

Decoding a large photograph takes a tenth of a second or more, so each
verdict is kept under the doctree folder, keyed by the file's digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import struct
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.latex import LaTeXBuilder
from sphinx.environment.adapters.asset import ImageAdapter
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.builders import BOOK_BUILDERS
from chapbook.reading.cover import is_cover, is_remote
from chapbook.reading.transforms import leave_image_out, located
from chapbook.trust.policy import needs
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The power that lets the book fetch a post's remote images.
POWER = "remote-images"
#: Where a converter that failed says why (``book.svgconvert``), for the check to report.
UNCONVERTED = "chapbook_unconverted"
#: Verdicts kept between builds, one file per image digest, under the doctree folder.
CACHE = "chapbook-image-checks"
OK = "ok"

#: A file's first bytes, and the kind of image they start.
SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"%PDF-": "PDF",
}


class LeaveOutRemoteImages(SphinxPostTransform):
    """Remote images: their alt text in the book, unless the site trusts posts to fetch."""

    # After covers are placed (a remote cover leaves quietly: ``reading.cover``), before
    # Sphinx's ImageDownloader (100) would fetch.
    default_priority = 60
    builders: ClassVar = tuple(sorted(BOOK_BUILDERS))

    def run(self, **kwargs: Any) -> None:
        if POWER in self.config.chapbook_trust:
            return
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if is_remote(uri) and not is_cover(image):
                shown = uri if len(uri) <= 80 else uri[:77] + "..."
                _leave_out(image, f"image {shown!r} is on the web: the book does not fetch it "
                           f"({needs(POWER)})", Warn.TRUST)  # fmt: skip


class CheckBookImages(SphinxPostTransform):
    """Each image the builder will write: a file of a kind it shows, that decodes whole."""

    # After every image converter (200), so the file checked is the one the builder takes.
    default_priority = 250
    #: The book's format, as a warning names it.
    book: ClassVar[str]
    #: The kinds of file (by content) this format shows.
    shown: ClassVar[tuple[str, ...]]
    #: The builder's own list of MIME types, in the order it picks a candidate.
    supported: ClassVar[list[str]]

    def run(self, **kwargs: Any) -> None:
        cache = Path(self.env.doctreedir) / CACHE
        original = ImageAdapter(self.env).get_original_image_uri
        for image in list(self.document.findall(nodes.image)):
            chosen = _chosen(image, self.supported)
            problem = image.get(UNCONVERTED) or self._unusable(image, chosen)
            if problem is None and chosen is not None:
                problem = checked(Path(self.env.srcdir) / chosen, self.shown, cache)
            if problem:
                name = original(chosen or str(image.get("uri", "")))
                _leave_out(image, f"image {name!r} {problem}; the {self.book} leaves it out",
                           Warn.BOOK)  # fmt: skip

    def _unusable(self, image: nodes.image, chosen: str | None) -> str | None:
        if "?" in image.get("candidates", {}):
            return "could not be fetched"
        if chosen is None:
            kinds = ", ".join(sorted(image.get("candidates", {}))) or "no file"
            return f"is not of a kind the {self.book} can show ({kinds})"
        return None


class CheckPDFImages(CheckBookImages):
    builders: ClassVar = ("latex",)
    book = "PDF"
    shown = ("PNG", "JPEG", "PDF")
    supported = LaTeXBuilder.supported_image_types


class CheckEPUBImages(CheckBookImages):
    builders: ClassVar = ("epub",)
    book = "ePub"
    shown = ("PNG", "JPEG", "GIF", "SVG")
    supported = Epub3Builder.supported_image_types


def _chosen(image: nodes.image, supported: list[str]) -> str | None:
    """The file the builder will write for ``image``, as Sphinx's builders pick it."""
    candidates = image.get("candidates", {})
    if "*" in candidates:
        return str(image["uri"])
    return next((candidates[kind] for kind in supported if kind in candidates), None)


def _leave_out(image: nodes.image, message: str, subtype: Warn) -> None:
    warn(f"{message}, its alt text stands in", subtype, location=located(image))
    leave_image_out(image)


# -- checking one file ---------------------------------------------------------------------


def checked(path: Path, shown: tuple[str, ...], cache: Path) -> str | None:
    """Why the image at ``path`` cannot be in the book (``None``: it can), remembered."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    key = hashlib.sha256(b" ".join(k.encode() for k in shown) + b"\0" + data).hexdigest()
    remembered = cache / key
    with contextlib.suppress(OSError):
        verdict = remembered.read_text(encoding="utf-8")
        return None if verdict == OK else verdict
    verdict = image_problem(data, path.suffix.lower(), shown)
    _remember(remembered, verdict or OK)
    return verdict


def image_problem(data: bytes, suffix: str, shown: tuple[str, ...]) -> str | None:
    """Why ``data`` is not an image of a kind in ``shown`` that decodes whole."""
    if not data:
        return "is an empty file"
    kind = kind_of(data, suffix)
    if kind is None:
        return "is not an image the book can read"
    if kind not in shown:
        article = "an" if kind == "SVG" else "a"
        return f"is {article} {kind} image (this format shows {', '.join(shown)})"
    if kind == "PDF":
        return None if b"%%EOF" in data[-1024:] else "is a PDF file that is cut short"
    if kind == "SVG":
        return None  # made well-formed, or left out, by ``book.svg``
    return (_png_problem(data) if kind == "PNG" else None) or _decode_problem(data)


def kind_of(data: bytes, suffix: str) -> str | None:
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return "SVG" if suffix == ".svg" else None


def _png_problem(data: bytes) -> str | None:
    """Every chunk whole, with its checksum, up to ``IEND``: libpng, which XeTeX's PDF
    driver reads PNG with, stops on what Pillow forgives (a missing ``IEND``)."""
    at = len(b"\x89PNG\r\n\x1a\n")
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data):
            break
        if zlib.crc32(data[at + 4 : end - 4]) != struct.unpack(">I", data[end - 4 : end])[0]:
            return f"is a PNG file with a damaged {kind.decode('latin-1')!r} chunk"
        if kind == b"IEND":
            return None
        at = end
    return "is a PNG file cut short"


def _decode_problem(data: bytes) -> str | None:
    """Decode the whole picture, as TeX's drivers will: a truncated one aborts XeLaTeX."""
    try:
        from PIL import Image  # the book extra's: an ePub builds without it
    except ImportError:
        return None  # the signature was checked; nothing more can be without Pillow
    try:
        with Image.open(io.BytesIO(data)) as picture:
            # A JPEG decoded at an eighth of its size still reads every byte of its data,
            # in about half the time.
            picture.draft(picture.mode, (picture.width // 8, picture.height // 8))
            picture.load()
    except Exception as error:  # Pillow raises whatever its decoders raise
        return f"cannot be decoded ({error})"
    return None


def _remember(path: Path, verdict: str) -> None:
    """Write atomically: parallel writers of the ePub may check the same image."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(verdict)
        Path(temporary).replace(path)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(LeaveOutRemoteImages)
    app.add_post_transform(CheckPDFImages)
    app.add_post_transform(CheckEPUBImages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
