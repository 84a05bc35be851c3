"""A post's cover (front-matter ``image:``): one image node at the top of the post.

The cover goes into the doctree as an ordinary image, right under the post's
header, so Sphinx does for it what it does for every image: copies the file,
rebuilds the post when the file changes (the image collector records it as a
dependency), and the book builders convert SVG and pack it.  The node keeps
the cover's source path (or web address) and pixel size, from which the post
record takes them for listings, feeds and ``og:image``.

A file that is missing, outside the source folder or not a regular file is
refused here, with the front-matter line, as a body image is refused by
``reading.files``: the post is published without a cover.  Whether the page
shows the cover (``chapbook_show_cover``) is decided at write time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.images import get_image_size

from chapbook.builders import BOOK_BUILDERS
from chapbook.model.post import COVER
from chapbook.reading import files
from chapbook.trust import policy

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.model.frontmatter import FrontMatter


def is_cover(node: nodes.Node) -> bool:
    return isinstance(node, nodes.image) and COVER in node["classes"]


def is_remote(uri: str) -> bool:
    return "://" in uri


def cover_node(env: BuildEnvironment, docname: str, fm: FrontMatter) -> nodes.container | None:
    """The cover as a container holding one image, or ``None`` (no cover, or refused)."""
    if fm.image is None:
        return None
    line = fm.lines.get("image", 1)
    source = fm.image if is_remote(fm.image) else _local(env, docname, fm.image, line)
    if source is None:
        return None
    image = nodes.image(uri=_uri(source), alt=fm.image_alt, classes=[COVER])
    image["chapbook_cover"] = source
    if not is_remote(source):
        size = get_image_size(env.srcdir / source)
        if size and all(size):
            image["chapbook_size"] = (int(size[0]), int(size[1]))
    container = nodes.container("", image, classes=[COVER])
    for node in (container, image):
        node.source, node.line = env.doc2path(docname), line
    return container


def _local(env: BuildEnvironment, docname: str, path: str, line: int) -> str | None:
    """The file's path in the source folder, or ``None`` with a warning."""
    # A missing file is looked for again at every build (``files.resolve``): the warning
    # stays, and adding the file shows the cover.
    problem = files.refusal(env, path, docname) or policy.image_refusal(path)
    if problem:
        files.warn_refused("cover image", path, problem, (docname, line))
        return None
    return env.relfn2path(path, docname)[0]


def _uri(source: str) -> str:
    """A URI Sphinx's image collector reads from the source folder, whatever the docname."""
    return source if is_remote(source) else "/" + source


def insert_cover(
    document: nodes.document, env: BuildEnvironment, docname: str, fm: FrontMatter
) -> None:
    """Put the cover under the post's header (title, date, tags), above the first words."""
    section = document.next_node(nodes.section)
    container = cover_node(env, docname, fm)
    if section is None or container is None:
        return
    place = 1
    while place < len(section) and "chapbook-post-meta" in section[place].get("classes", ()):
        place += 1
    section.insert(place, container)


class HideCover(SphinxPostTransform):
    """At write time: no cover on any page when ``chapbook_show_cover`` is off."""

    default_priority = 50  # before Sphinx's image converters and downloader (100 and up)

    def run(self, **kwargs: Any) -> None:
        if not self.config.chapbook_show_cover:
            _remove_covers(self.document, lambda uri: True)


class LeaveRemoteCoverOut(SphinxPostTransform):
    """In a book, a remote cover is left out.

    A remote image in a post's body is Sphinx's to fetch for a book (its image
    downloader); a cover is decoration, and the book leaves a remote one out
    rather than reach the network for it: the chapter's title still opens it.
    Sphinx runs this for the book's builders only (``builders``: the public way
    to know the builder, a transform's ``app`` being deprecated in Sphinx 9).
    """

    default_priority = 50  # before Sphinx's image converters and downloader (100 and up)
    builders: ClassVar = tuple(sorted(BOOK_BUILDERS))

    def run(self, **kwargs: Any) -> None:
        _remove_covers(self.document, is_remote)


def _remove_covers(document: nodes.document, which: Callable[[str], bool]) -> None:
    for image in list(document.findall(is_cover)):
        if which(image["chapbook_cover"]):
            container = image.parent
            container.parent.remove(container)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_post_transform(HideCover)
    app.add_post_transform(LeaveRemoteCoverOut)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
