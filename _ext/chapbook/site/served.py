"""Files served beside the pages run nothing: SVG images cleaned, scripted SVG downloads refused.

Sphinx copies a post's images into ``_images/`` and its downloads into
``_downloads/`` byte for byte, and the site serves them from its own
address: an SVG with a ``<script>``, an ``onload=`` or a ``javascript:``
link runs there when a reader opens it (a zoomed image, "open image in new
tab", a link to it).  One cleaner decides what stays (``trust.svg``); it acts
in three places.

* **Images, where they are copied.**  Every SVG file of the source folder
  that the builder is about to copy into ``_images/`` is replaced, in
  ``builder.images``, by its cleaned copy, kept in a cache under the
  doctree folder (the source folder is never written to); a file that
  cannot be checked is not copied at all.  Whoever put the file there (a
  post's image, its cover, a listing's thumbnail of it, ``og:image``), what
  the site serves is the cleaned copy, under the same name.  This runs at
  ``html-collect-pages``, which Sphinx (verified on 9.0.4) emits among its
  serial finishing tasks just before ``copy_image_files``, in the site's
  builders and the ePub's alike (the book's own pages already point at
  copies the book cleaned: ``book.svg``).
* **Images, where a page shows them.**  When a page is written, each of its
  SVG images that lost something is named in one warning with the post's
  file and line; one that cannot be checked is left out of the page, its
  alt text standing in, as the book does.
* **Downloads, where a post is read.**  A ``{download}`` of an SVG file
  holding anything the cleaner would remove, or that it cannot check, is not
  offered: it becomes its text with a warning, as a download of an ``.html``
  or ``.js`` file does (``reading.files``).  An SVG download with nothing to
  remove is offered as written: the reader gets the author's file, byte for
  byte.  The post depends on the file either way, so an edit that adds or
  removes a script is seen by an incremental build.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from chapbook.builders import SITE_BUILDERS
from chapbook.reading import files
from chapbook.site.output import write_if_changed
from chapbook.trust import svg as inert
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The cleaned copies, under the doctree folder (the book's are in ``chapbook-svg``).
CACHE = "chapbook-served"


def is_svg(path: str) -> bool:
    return path.lower().endswith(".svg")


def source_svg(env: BuildEnvironment, written: str) -> Path | None:
    """The SVG file of the source folder ``written`` names (relative to it), if it is one.

    Not a copy already made under the doctree folder, which may lie inside the
    source folder (``sphinx-build -b epub docs docs/_build``).
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
    """``html-collect-pages``: the builder copies cleaned copies of the source's SVG files."""
    images: dict[str, str] | None = getattr(app.builder, "images", None)
    for written in [key for key in images or {} if source_svg(app.env, key)]:
        output = images.pop(written)  # type: ignore[union-attr]
        copy = inert_copy(app.env, source_svg(app.env, written))  # type: ignore[arg-type]
        if copy is not None:  # one that cannot be checked is not copied at all
            images[str(copy)] = output  # type: ignore[index]
            app.env.original_image_uri[str(copy)] = written
    return []  # no pages of its own


def inert_copy(env: BuildEnvironment, path: Path) -> Path | None:
    """The cleaned copy of ``path`` in the cache (written if missing or changed), or ``None``."""
    data = path.read_bytes()
    try:
        cleaned = inert.make_inert(data).data
    except inert.SVGError:
        return None
    copy = env.doctreedir / CACHE / hashlib.sha256(data).hexdigest() / path.name
    write_if_changed(copy, cleaned)
    return copy


# -- images, where a page shows them ---------------------------------------------------------


class ReportSVGImages(SphinxPostTransform):
    """Name what the site's copy of each SVG image lost; leave out one that cannot be checked."""

    default_priority = 10  # before anything measures or writes the image
    builders: ClassVar = tuple(sorted(SITE_BUILDERS))

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(nodes.image)):
            written = _svg_candidate(node)
            path = source_svg(self.env, written) if written else None
            if path is not None:
                self._check(node, written, path)  # type: ignore[arg-type]

    def _check(self, node: nodes.image, written: str, path: Path) -> None:
        try:
            removed = inert.make_inert(path.read_bytes()).removed
        except inert.SVGError as error:
            warn(f"SVG image {written} {error}; it is left out", Warn.TRUST, location=node)
            alt = str(node.get("alt", ""))
            node.replace_self(nodes.inline(alt, alt) if alt else [])
            return
        if removed:
            warn(inert.report(written, removed), Warn.TRUST, location=node)


def _svg_candidate(node: nodes.image) -> str | None:
    candidates = node.get("candidates", {})
    for key in ("*", "image/svg+xml"):
        if is_svg(candidates.get(key, "")):
            return candidates[key]
    return None


# -- downloads, where a post is read ----------------------------------------------------------


def download_problem(data: bytes) -> str | None:
    """Why an SVG file may not be offered as a download; ``None`` if it may, as it is."""
    try:
        removed = inert.make_inert(data).removed
    except inert.SVGError as error:
        return f"{error}, so it cannot be checked"
    if not removed:
        return None
    return f"is an SVG holding what would run on the site's own address ({', '.join(removed)})"


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
    app.add_post_transform(ReportSVGImages)
    # Last, after any other handler that adds pages (and their images).
    app.connect("html-collect-pages", serve_inert_images, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
