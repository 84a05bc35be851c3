"""Small helpers shared by every module: warnings and URL keys."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from sphinx.util import logging

logger = logging.getLogger("chapbook")


def warn(message: str, subtype: str, *, location: Any) -> None:
    """A content warning: located, and typed so that ``suppress_warnings`` and ``-W`` work."""
    logger.warning(message, location=location, type="chapbook", subtype=subtype)


def url_key(path: str) -> str:
    """The case-insensitive key a site path is looked up by.

    ``/Some-Post/``, ``/some-post``, ``some-post/index.html`` and
    ``/some%2Dpost`` all give ``some-post``; the site root gives ``""``.
    """
    path = unquote(path).strip().strip("/")
    for suffix in ("/index.html", "index.html", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return path.strip("/").casefold()


def doc_key(docname: str, root_doc: str) -> str:
    """The key of a document's ``dirhtml`` URL: ``a/index`` and ``a`` are both ``a/``."""
    if docname == root_doc:
        return ""
    if docname == "index":
        return ""
    if docname.endswith("/index"):
        docname = docname[: -len("/index")]
    return docname.casefold()
