"""Chapbook's sidebar, and what else every page's template gets from Chapbook.

Also: the book theme's print header gets its title escaped, and generated
pages get no source link.

The sidebar is a handful of sections (Home, Popular, Archive by year, Tags,
...) instead of a toctree of every post, which made the book theme's sidebar
grow with the blog (252 s against 19 s at 1,000 posts).  It is rendered by
``templates/chapbook-nav.html`` from the entries made here.  A blog has none
unless ``chapbook_sidebar`` asks for it: its masthead (``site.masthead``)
names it and links its sections on every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from chapbook.collecting.documents import is_generated
from chapbook.collecting.pages import left_out_of_links
from chapbook.collecting.state import posts_of, state
from chapbook.config import user_set
from chapbook.locale import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    PathTo = Callable[..., str]

TEMPLATES = str(Path(__file__).parent / "templates")
FOOTER = "chapbook-footer.html"
#: The book theme's sidebar with ``chapbook_sidebar``: Chapbook's sections instead of its
#: toctree.  No name and no search field: the masthead has both on every page and screen.
SIDEBARS = {"**": ["chapbook-nav.html"]}
#: Without it: no sidebar on any page.
NO_SIDEBARS: dict[str, list[str]] = {"**": []}
#: The book theme's buttons made for documentation (download the page's source,
#: full screen), off unless conf.py sets them.
THEME_OPTIONS = {"use_download_button": False, "use_fullscreen_button": False}
#: Without the sidebar, nothing at its foot (pydata's ad slot) and no button to open it
#: (the book theme's, above the article).
NO_SIDEBAR_OPTIONS: dict[str, Any] = {"primary_sidebar_end": [], "article_header_start": []}


def sidebar(app: Sphinx, pagename: str, pathto: PathTo) -> list[dict[str, Any]]:
    """Sidebar entries for one page: a fixed handful, never one per post.

    URLs come from the page's own ``pathto``, which the 404 page replaces with one
    giving absolute paths, so the sidebar works wherever that page is served.
    """
    env = app.env
    domain = env.domains["chapbook"]
    current_year = _year_of(env, pagename)
    items = []
    for title, target in app.config.chapbook_nav:
        docname = domain.lookup(str(target).strip("/").casefold())
        if docname is None or left_out_of_links(env, docname):
            continue
        item: dict[str, Any] = {
            "title": title,
            "url": pathto(docname),
            "current": docname == pagename,
            "children": [],
        }
        if docname == app.config.chapbook_archive_dir:
            item["children"] = _years(app, pathto, current_year)
        items.append(item)
    return items


def _years(app: Sphinx, pathto: PathTo, current: int | None) -> list[dict[str, Any]]:
    folder = app.config.chapbook_archive_dir
    return [
        {
            "title": str(year),
            "url": pathto(f"{folder}/{year}"),
            "current": year == current,
        }
        for year in state(app.env).years
        if f"{folder}/{year}" in app.env.all_docs
    ]


def _year_of(env: BuildEnvironment, pagename: str) -> int | None:
    post = posts_of(env).get(pagename)
    if post is not None and post.date is not None:
        return post.date.year
    folder, _, year = pagename.rpartition("/")
    return int(year) if folder == env.config.chapbook_archive_dir and year.isdigit() else None


def add_sidebar(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["chapbook_nav"] = sidebar(app, pagename, context["pathto"])
    # The templates' own ``_`` reads Sphinx's catalog only: Chapbook's words come translated.
    context["chapbook_nav_label"] = _("Site")


def add_footer(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add the "Built with Chapbook" line to the book theme's footer, unless conf.py chose one.

    Done here so that a site's conf.py needs nothing for it; a new list, since
    the theme's is shared by every page.
    """
    context["chapbook_built_with"] = _("Built with Chapbook")
    items = context.get("theme_footer_content_items")
    if items is None or "footer_content_items" in app.config.html_theme_options:
        return
    names = [i.strip() for i in items.split(",")] if isinstance(items, str) else list(items)
    if FOOTER not in names:
        context["theme_footer_content_items"] = [*names, FOOTER]


def add_templates(app: Sphinx, config: Config) -> None:
    if TEMPLATES not in config.templates_path:
        config.templates_path = [*config.templates_path, TEMPLATES]


def default_sidebars(app: Sphinx, config: Config) -> None:
    """On the book theme, Chapbook's sidebar with ``chapbook_sidebar``, else none at all;
    ``html_sidebars`` set in conf.py or with ``-D`` wins.

    A blog reads as one column under its masthead: the sidebar is off by default.
    Other themes keep their own sidebars.
    """
    if config.html_theme == "sphinx_book_theme" and not user_set(config, "html_sidebars"):
        chosen = SIDEBARS if config.chapbook_sidebar else NO_SIDEBARS
        config.html_sidebars = {key: list(names) for key, names in chosen.items()}


def default_theme_options(app: Sphinx, config: Config) -> None:
    """The book theme without its documentation buttons, and without the sidebar's parts
    when there is none; a key set in conf.py wins."""
    if config.html_theme != "sphinx_book_theme":
        return
    options = dict(THEME_OPTIONS)
    if not _has_sidebar(config):
        options.update(NO_SIDEBAR_OPTIONS)
    config.html_theme_options = {**options, **config.html_theme_options}


def _has_sidebar(config: Config) -> bool:
    return any(config.html_sidebars.values())


def no_source_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Generated pages have no source file to copy or link to."""
    if is_generated(app.env, pagename):
        context["sourcename"] = ""
        context["page_source_suffix"] = ""


def escape_print_title(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """sphinx-book-theme prints ``pagetitle`` (the title's text) unescaped in its print header.

    A post title holding ``<script>`` would run there; the text is escaped once here.
    """
    title = context.get("pagetitle")
    if isinstance(title, str) and not isinstance(title, Markup):
        context["pagetitle"] = Markup.escape(title)


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("config-inited", add_templates)
    # After the theme's default (config.site_defaults, 100).
    app.connect("config-inited", default_sidebars, priority=110)
    app.connect("config-inited", default_theme_options, priority=110)
    app.connect("html-page-context", add_sidebar)
    app.connect("html-page-context", add_footer)
    app.connect("html-page-context", no_source_link)
    # After the book theme's own handler (500, connected when the theme loads).
    app.connect("html-page-context", escape_print_title, priority=510)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
