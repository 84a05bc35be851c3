"""Files served beside the pages run nothing: SVG images cleaned, scripted SVG downloads refused.

Sphinx copies a post's images into ``_images/`` and its downloads into
``_downloads/`` byte for byte, and the site serves them from its own
address: an SVG with a ``<script>``, an ``onload=`` or a ``javascript:``
link runs there when a reader opens it (a zoomed image, "open image in new
tab", a link to it).  One cleaner decides what stays (``trust.svg``); it acts
in three places.

* **Images, where they are copied.**  Every SVG file of the source folder
  that the builder is about to copy into ``_images/`` is taken out of its
  list (``builder.images``) and written there cleaned instead, under the same
  name; one that cannot be checked is not written (and a copy an earlier
  build wrote is deleted).  Whoever put the file on the list (a post's image,
  its cover, a listing's thumbnail of it, ``og:image``), the site serves the
  cleaned file, and the source folder is never written to.  This runs at
  ``html-collect-pages``, which Sphinx (verified on 9.0.4) emits among its
  finishing tasks, run one after the other, just before ``copy_image_files``;
  in the site's builders and the ePub's alike (the book's own pages already
  point at copies the book cleaned: ``book.svg``).
* **Images, where a page shows them.**  When a page is written, each of its
  SVG images that lost something is named in one warning with the post's
  file and line; one that cannot be checked is left out of the page, its
  alt text standing in, as the book does.
* **Downloads, where a post is read.**  A ``{download}`` of an SVG file
  holding anything the cleaner would remove, or that it cannot check, is not
  offered: it becomes its text with a warning, as a download of an ``.html``
  or ``.js`` file does (``reading.files``).  An SVG download with nothing to
  remove is offered as written (the reader gets the author's file, byte for
  byte) if it is UTF-8, the encoding the reader's browser and the cleaner
  both read it in.  The post depends on the file either way, so an edit that adds or
  removes a script is seen by an incremental build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from chapbook.builders import is_site_builder
from chapbook.reading import files
from chapbook.reading.transforms import leave_image_out, located
from chapbook.site.output import write_if_changed
from chapbook.trust import svg as inert
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def is_svg(path: str) -> bool:
    return path.lower().endswith(".svg")


def source_svg(env: BuildEnvironment, written: str) -> Path | None:
    """The SVG file of the source folder ``written`` names (relative to it), if it is one.

    Not a copy the book made under the doctree folder (``book.svg``), which may lie
    inside the source folder (``sphinx-build -b epub docs docs/_build``).
    """
    if not is_svg(written):
        return None
    path = (env.srcdir / written).resolve()
    inside = path.is_relative_to(env.srcdir.resolve())
    if not inside or path.is_relative_to(env.doctreedir.resolve()) or not path.is_file():
        return None
    return path


# -- images, where they are copied ----------------------------------------------------------


def serve_inert_images(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: the source's SVG files are written cleaned where Sphinx would
    copy them, and taken out of its hands."""
    images: dict[str, str] = getattr(app.builder, "images", {})
    folder = app.builder.outdir / app.builder.imagedir
    sources = {key: path for key in images if (path := source_svg(app.env, key))}
    for written, path in sources.items():
        output = folder / images.pop(written)  # Sphinx copies the rest, never this file
        cleaned = inert_data(path)
        if cleaned is not None:
            write_if_changed(output, cleaned)
        else:  # one that cannot be checked is not served, nor its copy from an earlier build
            output.unlink(missing_ok=True)
    return []  # no pages of its own


def inert_data(path: Path) -> bytes | None:
    """The file ``path`` cleaned, or ``None`` if it cannot be checked."""
    try:
        return inert.make_inert(path.read_bytes()).data
    except inert.SVGError:
        return None


# -- images, where a page shows them ---------------------------------------------------------


def report_svg_images(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, as a page is written: name what each SVG image of it lost, and
    leave out one that cannot be checked (with the copy an earlier build served of it)."""
    if not is_site_builder(app.builder):
        return
    for node in list(doctree.findall(nodes.image)):
        written = _svg_candidate(node)
        path = source_svg(app.env, written) if written else None
        if written and path:
            _check(app, node, written, path)


def _check(app: Sphinx, node: nodes.image, written: str, path: Path) -> None:
    where = located(node)
    try:
        removed = inert.make_inert(path.read_bytes()).removed
    except inert.SVGError as error:
        warn(f"SVG image {written} {error}; it is left out", Warn.TRUST, location=where)
        _leave_out(app, node, written)
        return
    if removed:
        warn(inert.report(written, removed), Warn.TRUST, location=where)


def _leave_out(app: Sphinx, node: nodes.image, written: str) -> None:
    leave_image_out(node)  # also one with a class, a cover's box, a figure's picture
    known = app.env.images.get(written)
    if known is not None:  # a clean build would not have it: nor may an incremental one
        (app.builder.outdir / app.builder.imagedir / known[1]).unlink(missing_ok=True)


def _svg_candidate(node: nodes.image) -> str | None:
    candidates = node.get("candidates", {})
    for key in ("*", "image/svg+xml"):
        if is_svg(candidates.get(key, "")):
            return candidates[key]
    return None


# -- downloads, where a post is read ----------------------------------------------------------


#: Encodings in which a file offered as written is read by a browser as it was checked.
CHECKED_ENCODINGS = frozenset({"utf-8", "us-ascii", "ascii"})


def download_problem(data: bytes) -> str | None:
    """Why an SVG file may not be offered as a download; ``None`` if it may, as it is."""
    try:
        result = inert.make_inert(data)
    except inert.SVGError as error:
        return f"{error}, so it cannot be checked"
    if result.removed:
        removed = ", ".join(result.removed)
        return f"is an SVG holding what would run on the site's own address ({removed})"
    # The reader's browser reads these bytes, not the cleaner's: in another encoding it might
    # read them otherwise (one it does not know, UTF-7, is read as UTF-8).
    if result.encoding.lower() not in CHECKED_ENCODINGS or not _is_utf8(data):
        return "is not UTF-8, so it cannot be checked as a browser would read it (save it as UTF-8)"
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RefuseScriptedSVGDownloads(SphinxTransform):
    """A ``{download}`` of an SVG that holds script becomes its text."""

    # After ``reading.files`` refused files outside the source folder or unpublished (10),
    # before the download collector records what the builder copies.
    default_priority = 11

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        for link in list(self.document.findall(addnodes.download_reference)):
            target = str(link.get("reftarget", ""))
            if not files.is_local(target) or not is_svg(target):
                continue
            path, refused = files.resolve(self.env, target, docname)
            if path is None or refused:
                continue  # not a published file: reading.files has said so
            # Offered or not, an edit of the file must bring the post back to be read.
            self.env.note_dependency(self.env.relfn2path(target, docname)[0])
            problem = download_problem(path.read_bytes())
            if problem:
                files.warn_refused("file", target, problem, link)
                link.replace_self(nodes.inline(link.astext(), link.astext()))


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(RefuseScriptedSVGDownloads)
    # Before listings are resolved (500): a card's thumbnail of a cover is not the post's.
    app.connect("doctree-resolved", report_svg_images, priority=200)
    # Last, after any other handler that adds pages (and their images).
    app.connect("html-collect-pages", serve_inert_images, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
