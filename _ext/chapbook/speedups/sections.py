"""The theme's template sections, without rendering each template twice per page.

pydata-sphinx-theme (``html-page-context``, priority 500) renders every
template of every section (header, sidebars, footer, ...) on every page only to
drop those that render empty, then the page renders the kept ones again: six
extra renders per page of Chapbook's site, 2.5 s of a 39 s build at 1,250 posts.

The templates in ``NEVER_EMPTY`` write an element whatever the page, so they
need no test; any other template is tested on each page exactly as the theme
does.  The sections are taken out of the page's context before the theme's
handler, which then finds them empty and skips its test, and put back after
it, decided.
The page is the same: the same templates, in the same order.

Verified against pydata-sphinx-theme 0.20 and sphinx-book-theme 1.4 (their
templates and ``update_and_remove_templates``); with any other version, or
``chapbook_speedups = False``, the theme tests its sections itself.
"""

from __future__ import annotations

import copy
import os.path
from typing import TYPE_CHECKING, Any

from chapbook.builders import is_site_builder
from chapbook.speedups.guard import Shortcut, Verified, install_when_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SPEEDUP = Shortcut(
    "sections",
    (Verified("pydata-sphinx-theme", ">=0.20,<0.21"), Verified("sphinx-book-theme", ">=1.4,<1.5")),
)

#: The sections pydata-sphinx-theme tests (its ``update_and_remove_templates``).
SECTIONS = (
    "theme_navbar_start",
    "theme_navbar_center",
    "theme_navbar_persistent",
    "theme_navbar_end",
    "theme_article_header_start",
    "theme_article_header_end",
    "theme_article_footer_items",
    "theme_content_footer_items",
    "theme_footer_start",
    "theme_footer_center",
    "theme_footer_end",
    "theme_primary_sidebar_end",
    "sidebars",
)
#: Templates the theme itself never tests (slow to render, never empty).
THEME_SKIPS = ("sidebar-nav-bs.html", "navbar-nav.html")
#: Templates whose first line is an element written unconditionally (read in
#: pydata-sphinx-theme 0.16-0.20 and sphinx-book-theme 1.1-1.4; a test renders
#: each on a real page and fails if one ever renders empty).
NEVER_EMPTY = frozenset(
    {
        "article-header-buttons.html",
        "chapbook-masthead.html",
        "chapbook-nav.html",
        "navbar-logo.html",
        "search-button-field.html",
        "search-button.html",
        "sidebar-ethical-ads.html",
        "theme-switcher.html",
        "toggle-primary-sidebar.html",
    }
)
#: The secondary sidebar's section (the theme's ``set_secondary_sidebar_items``).
SECONDARY = "theme_secondary_sidebar_items"
#: Where the sections wait while the theme's handlers run.
WAITING = "chapbook_waiting_sections"
THEMES = frozenset({"sphinx_book_theme", "pydata_sphinx_theme"})


def decide(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Before the theme's test (499): its sections emptied, so that it skips them."""
    if not is_site_builder(app.builder) or app.config.html_theme not in THEMES:
        return
    waiting = {}
    for section in SECTIONS:
        if context.get(section):
            waiting[section] = suffixed(context[section])
            context[section] = []
    # The secondary sidebar: the theme tests it when the key is there at all.  Per-page
    # patterns (a dict) are the theme's to match: left to it.
    if not isinstance(context.get(SECONDARY, {}), dict):
        waiting[SECONDARY] = suffixed(context.pop(SECONDARY))
    context[WAITING] = waiting


def restore(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """After the theme's handlers (502): each section back, its empty templates left out.

    Tested here, not at 499: a template may call the theme's page functions
    (``generate_toc_html``, ...), which its handlers add at 500 (and
    ``speedups.pagetoc`` replaces at 501).
    """
    waiting = context.pop(WAITING, None)
    if waiting is None:
        return
    for section, names in waiting.items():
        if section == SECONDARY:
            # The theme's own section name, and no template spared its test there.
            context[SECONDARY] = names
            context["secondary_sidebar_items"] = _kept(app, context, section, names, skips=())
        else:
            context[section] = _kept(app, context, section, names)


def suffixed(templates: list[str] | str) -> list[str]:
    """The theme's reading of a section: a list or a comma-separated string, ``.html`` added."""
    if isinstance(templates, str):
        templates = [name.strip() for name in templates.split(",")]
    return [name if os.path.splitext(name)[1] else f"{name}.html" for name in templates]


def _kept(
    app: Sphinx,
    context: dict[str, Any],
    section: str,
    names: list[str],
    skips: tuple[str, ...] = THEME_SKIPS,
) -> list[str]:
    page = copy.copy(context)
    page[section] = names
    return [name for name in names if not _empty(app, page, name, skips)]


def _empty(app: Sphinx, context: dict[str, Any], name: str, skips: tuple[str, ...]) -> bool:
    if name in NEVER_EMPTY or (skips and name.endswith(skips)):
        return False
    return not app.builder.templates.render(name, context).strip()


def install(app: Sphinx) -> None:
    # Around pydata-sphinx-theme's own handler (500, connected when the theme loads).
    app.connect("html-page-context", decide, priority=499)
    app.connect("html-page-context", restore, priority=502)


def setup(app: Sphinx) -> dict[str, bool]:
    install_when_enabled(app, SPEEDUP, install)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
