"""A link to another site written without its scheme: ``[docker](docker.com#install)``.

Markdown reads ``docker.com#install`` as a path on this blog.  MyST finds no
such page and makes it a link to ``#docker.com#install`` on the post itself:
a link to nowhere on the site, and a broken fragment in the ePub (epubcheck
RSC-012).  Read once for every output: a link whose first part is a host name
(a dotted name ending in letters, not a file name this blog could hold), and
which names no file beside the post (MyST has looked), becomes its text, with
one warning naming the file, the line and the address to write.  The site
and the book then show the same words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from chapbook.reading.transforms import located
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_HOST = re.compile(r"(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+([a-z]{2,63})", re.IGNORECASE)
#: Endings of files a post links to: a missing one is a missing file, not a site.
_ENDINGS = (
    "md markdown rst txt html htm xhtml pdf png jpg jpeg gif svg webp avif ipynb py json "
    "csv zip tex bib epub mp3 mp4 webm"
)
FILE_ENDINGS = frozenset(_ENDINGS.split())


def web_address(target: str) -> bool:
    """Whether a relative link's target starts with a host name (``docker.com#x``)."""
    first = re.split(r"[/#?]", target, maxsplit=1)[0]
    match = _HOST.fullmatch(first)
    return match is not None and match[1].lower() not in FILE_ENDINGS


class SchemelessAddresses(SphinxTransform):
    """Links to ``host.tld...`` without a scheme become their text, with a warning."""

    # After docutils' link transforms, before the URL check (700), which keeps
    # relative addresses.
    default_priority = 690

    def apply(self, **kwargs: object) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = str(node.get("reftarget", ""))
            unresolved = node.get("reftype") == "myst" and not node.get("refdomain")
            if unresolved and web_address(target):
                _keep_text(node, target)


def _keep_text(node: addnodes.pending_xref, target: str) -> None:
    warn(
        f"link {target!r} has no scheme and names no page of the blog: write "
        f"'https://{target}' for another site; only its text is kept",
        Warn.LINK,
        location=located(node),
    )
    node.replace_self(nodes.inline(node.rawsource, "", *node.children))


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(SchemelessAddresses)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
