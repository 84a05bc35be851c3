"""Site paths and URLs: pure string functions, the one place each URL rule lives.

A document's URL key is its ``dirhtml`` path blind to case and Unicode
normalisation (``a/index`` and ``a`` are both ``a``); links written as site
paths (``/Some-Post/``, ``/some%2Dpost#sec``) are looked up by the same key.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from sphinx.builders import Builder


def path_key(path: str) -> str:
    """A path as file systems and hosts that ignore case and Unicode normalisation see it
    (macOS, Windows, some hosts): ``Café/INDEX.html`` and ``cafe\u0301/index.html`` are
    one file there, and one key here."""
    return unicodedata.normalize("NFC", path).casefold()


def url_key(path: str) -> str:
    """The key a site path is looked up by, blind to case and Unicode normalisation.

    ``/Some-Post/``, ``/some-post``, ``some-post/index.html`` and
    ``/some%2Dpost`` all give ``some-post``; ``/cafe%CC%81/`` (NFD) gives ``café``
    (NFC, as Sphinx names documents); the site root gives ``""``.
    """
    path = unquote(path).strip().strip("/")
    for suffix in ("/index.html", "index.html", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return path_key(path.strip("/"))


def dirhtml_path(docname: str, root_doc: str) -> str:
    """A document's ``dirhtml`` path without slashes: ``a/index`` and ``a`` are both ``a``."""
    if docname in (root_doc, "index"):
        return ""
    return docname.removesuffix("/index")


def doc_key(docname: str, root_doc: str) -> str:
    """The key of a document's ``dirhtml`` URL: ``a/index`` and ``a`` are both ``a/``."""
    return path_key(dirhtml_path(docname, root_doc))


def base_url(config: Any) -> str:
    """``html_baseurl`` with exactly one trailing slash, or ``""`` when it is not set."""
    base = config.html_baseurl
    return base.rstrip("/") + "/" if base else ""


def base_path(url: str) -> str:
    """The path a site is served under, slashes on both ends: ``/blog/``, or ``/`` at the root.

    ``https://example.org/en/latest`` gives ``/en/latest/``; an empty URL gives ``/``.
    """
    path = urlsplit(url).path.strip("/")
    return f"/{path}/" if path else "/"


def page_url(builder: Builder, docname: str) -> str:
    """A page's absolute URL on the site (``""`` + relative URI without a base URL)."""
    return base_url(builder.config) + builder.get_target_uri(docname)


def web_url(config: Any, docname: str, anchor: str | None = None) -> str | None:
    """The page's address on the web site (``dirhtml`` form), for links leaving a book."""
    if not config.html_baseurl:
        return None
    path = dirhtml_path(docname, config.root_doc)
    url = base_url(config) + (f"{path}/" if path else "")
    return url + (f"#{anchor}" if anchor else "")


def site_path(href: str, *, base_url: str) -> str | None:
    """The site-root path an href points at, or ``None`` for any other link."""
    if href.startswith("//"):
        return None
    if href.startswith("/"):
        return href
    if not base_url:
        return None
    for candidate in _base_variants(base_url):
        if href.lower().startswith(candidate):
            return "/" + href[len(candidate) :]
        if href.lower() == candidate.rstrip("/"):
            return "/"
    return None


def _base_variants(base_url: str) -> list[str]:
    """``https://x/blog/`` also matches ``http://x/blog/``: old posts mix both."""
    base = base_url.lower().rstrip("/") + "/"
    _, _, rest = base.partition("://")
    return [base] if not rest else [f"{other}://{rest}" for other in ("https", "http")]


def split_target(path: str) -> tuple[str, str]:
    """``/a/b?x#sec`` -> (``a/b`` key, ``sec``)."""
    path, _, anchor = path.partition("#")
    path = path.partition("?")[0]
    return url_key(path), unquote(anchor)


def clean_folder(value: str) -> str:
    """A folder setting as a relative POSIX path: no leading or trailing slash, no ``..``."""
    parts = str(value).strip().replace("\\", "/").split("/")
    return "/".join(part for part in parts if part not in ("", ".", ".."))
