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


def dirhtml_path(docname: str, root_doc: str) -> str:
    """A document's ``dirhtml`` path without slashes: ``a/index`` and ``a`` are both ``a``."""
    if docname in (root_doc, "index"):
        return ""
    return docname.removesuffix("/index")


def doc_key(docname: str, root_doc: str) -> str:
    """The key of a document's ``dirhtml`` URL: ``a/index`` and ``a`` are both ``a/``."""
    return dirhtml_path(docname, root_doc).casefold()


def base_url(config: Any) -> str:
    """``html_baseurl`` with exactly one trailing slash, or ``""`` when it is not set."""
    base = config.html_baseurl
    return base.rstrip("/") + "/" if base else ""
