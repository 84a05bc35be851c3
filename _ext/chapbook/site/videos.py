"""Videos in pages: what docutils writes inside ``<video>`` and ``<object>`` is text.

An image whose address is a video (``{image} clip.mp4``) is written by
docutils' HTML writer as a ``<video>`` holding a fallback link, and one that
is Flash (where the system's MIME table says ``application/x-shockwave-flash``)
as an ``<object>`` holding fallback text.  ``HTMLTranslator.visit_image``
writes both with f-strings, and two of their values unescaped:

* the image's ``:alt:``, in both, before docutils 0.23.1 (CVE-2026-144966):
  ``:alt: <script>...`` runs in the page.  Read in 0.22.4 (the version
  Sphinx 9 allows), fixed in 0.23.1 (``self.encode(alt)``);
* the video's address, in the fallback link's ``href``, in every version
  read (0.22.4 and 0.23.1): a web address holding ``"`` adds attributes of
  its own (``onmouseover=``), and one holding ``&`` is not XHTML (the ePub).
  (Sphinx quotes the address of a local file; a web address reaches the
  writer as the post wrote it.)

Rather than copy that 60-line method, the translator's own ``visit_image`` is
called with these two values as :class:`Escaped` strings, which format
themselves escaped: an f-string writes them escaped where docutils writes
them as they are, while ``encode()`` and ``attval()`` (which docutils uses
for attributes, and for the alt text from 0.23.1) turn them into plain
strings first, so nothing is escaped twice.  From 0.23.1 the alt text is
left to docutils (:data:`ALT_ESCAPED_FROM`); every other image is written by
docutils untouched.  The HTML writers of the site and of the ePub are the
same translator (format ``html``), so both are covered by one handler.
"""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING, Any

import docutils
from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The first docutils that escapes an image's alt text in ``<video>`` and ``<object>``.
ALT_ESCAPED_FROM = (0, 23, 1)
#: The docutils this build runs (a test fakes it to take docutils' own path).
DOCUTILS = docutils.__version_info__[:3]
FLASH = "application/x-shockwave-flash"


class Escaped(str):
    """A string an f-string writes escaped, and that everything else reads as it is."""

    escaped: str

    def __new__(cls, text: str, escaped: str) -> Escaped:
        value = super().__new__(cls, text)
        value.escaped = escaped
        return value

    def __format__(self, spec: str) -> str:
        return format(self.escaped, spec)


def has_fallback(translator: Any, uri: str) -> bool:
    """Whether docutils writes this image as a ``<video>`` or ``<object>`` with content."""
    mimetype = mimetypes.guess_type(uri)[0]
    return mimetype in getattr(translator, "videotypes", ()) or mimetype == FLASH


def visit_image(translator: Any, node: nodes.image) -> None:
    """The translator's own ``visit_image``, its fallback content escaped."""
    visit = type(translator).visit_image
    uri = str(node["uri"])
    if not has_fallback(translator, uri):
        visit(translator, node)
        return
    alt = node.get("alt")
    # Without alt text, docutils shows the address: escaped with it.
    node["uri"] = Escaped(uri, translator.encode(uri))
    if alt is not None and DOCUTILS < ALT_ESCAPED_FROM:
        node["alt"] = Escaped(str(alt), translator.encode(str(alt)))
    try:
        visit(translator, node)
    finally:
        _restore(node, "alt", alt)
        if isinstance(node["uri"], Escaped):  # Sphinx replaces a local file's address
            node["uri"] = uri


def _restore(node: nodes.image, key: str, value: object) -> None:
    if value is None:
        node.attributes.pop(key, None)
    else:
        node[key] = value


def depart_image(translator: Any, node: nodes.image) -> None:
    type(translator).depart_image(translator, node)


def setup(app: Sphinx) -> dict[str, bool]:
    # ``html`` handlers serve every builder of that format: html, dirhtml and epub.
    app.add_node(nodes.image, override=True, html=(visit_image, depart_image))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
