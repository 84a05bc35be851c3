"""The masthead: the blog's name, a one-line description, a row of links, search, light/dark.

An essay blog names itself at the top of every page, on a phone too; the book
theme shows the name only in its left sidebar (hidden on a phone) and fills
the top with documentation buttons.  Here the theme's own header (the page's
one ``<header>``, a banner landmark) holds ``templates/chapbook-masthead.html``
through pydata-sphinx-theme's public ``navbar_start`` option, and the book
theme's article header (its buttons, the light/dark switch and search) is
emptied: the masthead includes the theme's ``search-button.html`` and
``theme-switcher.html`` components itself.  Every option is the themes'
public one and a key set in conf.py wins; the left sidebar is ``site.sidebar``'s.

Links come from ``chapbook_masthead_links``, checked in ``config``: a site path
is resolved as a post's link is (``collecting.domain.site_target``), so it is
relative to each page and a page that is gone is left out; an address of
another site passed the trust policy's URL check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chapbook.builders import is_site_builder
from chapbook.collecting.domain import site_target
from chapbook.collecting.pages import left_out_of_links
from chapbook.config import user_set
from chapbook.locale import _
from chapbook.trust.policy import url_scheme
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    PathTo = Callable[..., str]

TEMPLATE = "chapbook-masthead.html"
#: The themes' options for the masthead; a key set in conf.py wins.
THEME_OPTIONS: dict[str, Any] = {
    "navbar_start": [TEMPLATE],
    # Not the theme's default ("content": a quarter of the width for the start items).
    "navbar_align": "left",
    # The book theme's search field ("Search... Ctrl+K") across the top: the masthead
    # has a search button.
    "navbar_persistent": [],
    # The book theme's buttons (download, full screen, light/dark, search, contents)
    # above every article: the masthead has search and light/dark.
    "article_header_end": [],
}


def default_theme_options(app: Sphinx, config: Config) -> None:
    """``config-inited``: the masthead in the book theme's header."""
    if config.html_theme == "sphinx_book_theme":
        config.html_theme_options = {**THEME_OPTIONS, **config.html_theme_options}


def add_masthead(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: what the masthead shows on this page.

    URLs come from the page's own ``pathto``, which the 404 page replaces with one
    giving absolute paths (``site.errorpage``, before this handler).
    """
    if not is_site_builder(app.builder):
        return  # the ePub has a theme of its own, without a header
    pathto: PathTo = context["pathto"]
    context["chapbook_masthead"] = {
        "name": context.get("docstitle") or app.config.project,
        "home": pathto(app.config.root_doc),
        "current": pagename == app.config.root_doc,
        "description": app.config.chapbook_description,
        "links": links(app.env, pagename, pathto),
        "label": _("Sections"),
        "search": pathto("search"),
        "search_label": _("Search"),
    }


def links(env: BuildEnvironment, pagename: str, pathto: PathTo) -> list[dict[str, Any]]:
    """The masthead's links on one page; one to a page that is not there is left out."""
    found = []
    for title, address in env.config.chapbook_masthead_links:
        external = url_scheme(address) is not None
        target = None if external else site_target(env, address.partition("#")[0])
        if target is not None and target[0] == "doc" and left_out_of_links(env, target[1]):
            continue
        if external or target is not None:
            url = _url(address, target, pathto)
            found.append({"title": title, "url": url, "current": target == ("doc", pagename)})
    return found


def _url(address: str, target: tuple[str, str] | None, pathto: PathTo) -> str:
    if target is None:  # another site's address, checked in config
        return address
    kind, name = target
    fragment = address.partition("#")[2]
    url = pathto(name, 1) if kind == "file" else pathto(name)
    if not fragment:
        return url
    return f"#{fragment}" if url == "#" else f"{url}#{fragment}"  # "#" is this very page


def check_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: a site path of conf.py's links that names nothing is reported.

    The default links name pages every blog has; a site that moved one of them
    (``chapbook_popular_dir``) loses that link silently, as the sidebar does.
    """
    if is_site_builder(app.builder) and user_set(app.config, "chapbook_masthead_links"):
        for title, address in app.config.chapbook_masthead_links:
            if not url_scheme(address) and site_target(env, address.partition("#")[0]) is None:
                message = f"chapbook_masthead_links: {address!r} ({title}) matches no page"
                warn(f"{message} or file of the site; it is left out", Warn.CONFIG, location=None)
    return []


def setup(app: Sphinx) -> dict[str, bool]:
    # After the theme's defaults (config.site_defaults, 100), as site.sidebar's.
    app.connect("config-inited", default_theme_options, priority=110)
    app.connect("html-page-context", add_masthead)
    # After collecting.refresh (500), which lists the site's files.
    app.connect("env-updated", check_links, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
