"""The reader's side of the site: copy buttons on code, Chapbook's CSS and JS, light pages.

``static/chapbook.css`` keeps prose at a readable measure and images inside
the column, and prints a post like a book page; ``static/chapbook.js`` lets a
reader zoom an image, and on a wide screen shows each footnote as a side note
beside the line that cites it.  The notes are made in the browser, not at build
time: the HTML keeps docutils' footnotes, so phones, print, search, the feeds
and pages read without JavaScript see each note once, whole (the book theme's
``use_sidenotes`` keeps only a note's first paragraph).  Code blocks get
sphinx-copybutton's copy button.

Posts read in a serif face or a sans-serif one (``chapbook_reading_face``), each
a stack of fonts already on the reader's device: a class on each page's
``<body>`` picks one of chapbook.css's stacks, and no font is downloaded.

With the book theme, pages are written with ``templates/chapbook-page.html``:
the theme's page without Font Awesome's script and without the search index
(loaded by the search page only), its icons drawn by a subset of the theme's
icon font (``static/chapbook-icons.css`` and ``.woff2``, made by ``tools/subset_icons.py``).
A post then costs what its words and images cost, whatever the blog's size.
The same template gives a page one ``<h1>`` (the book theme's print-only copy of
the title left out, in the theme versions read) and the home page a ``<title>``
that names the blog once; on the search page, ``static/chapbook-search.js``
makes each result's snippet from the post's article, not the theme's buttons
and columns around it.
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chapbook.builders import is_site_builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = str(Path(__file__).parent / "static")


def add_static(app: Sphinx, config: Config) -> None:
    if STATIC not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, STATIC]


#: Themes whose page template chapbook-page.html knows (pydata-sphinx-theme's blocks).
LIGHT_THEMES = frozenset({"sphinx_book_theme", "pydata_sphinx_theme"})
LIGHT_TEMPLATE = "chapbook-page.html"
#: (sphinx-book-theme, pydata-sphinx-theme) versions whose ``docs_body`` block
#: chapbook-page.html writes without the book theme's print-only header (its second
#: ``<h1>``): read in these; with any other the theme's block is kept as it is.
PRINT_HEADER_READ = frozenset({("1.4.0", "0.20.0")})
#: Sphinx's page templates that keep the layout's ``docs_body`` (``search.html`` has its own).
LAYOUT_BODY = frozenset(
    {"page.html", "genindex.html", "genindex-single.html", "genindex-split.html"}
    | {"domainindex.html"}
)
#: The search page's script: each result's snippet read from the post's article.
SEARCH_SCRIPT = "chapbook-search.js"


def light_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    """``html-page-context``: pages of the book theme leave out what readers never use.

    Every page template (``page.html``, ``search.html``, ``genindex.html``, ...)
    gets the same two blocks replaced; the search page loads its index itself.
    """
    if not _light(app) or templatename == LIGHT_TEMPLATE:
        return None
    context["chapbook_page_template"] = templatename
    context["chapbook_without_print_header"] = without_print_header(app, templatename)
    if templatename == "search.html":  # snippets from each post's article alone
        app.add_js_file(SEARCH_SCRIPT, loading_method="defer")
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return LIGHT_TEMPLATE
    # In place: the list is the builder's, which Sphinx restores after each page.
    if doctree is None:
        scripts[:] = without_diagrams(scripts)
    # The search page runs Sphinx's search tools in its body, which need the head's
    # scripts (doctools' _ready) already run: its scripts keep their order and timing.
    if templatename != "search.html":
        scripts[:] = deferred(scripts)
    return LIGHT_TEMPLATE


def without_print_header(app: Sphinx, templatename: str) -> bool:
    """Whether a page leaves out the book theme's print-only title and contents.

    Only the theme's templates whose ``docs_body`` is the layout's (the search
    page has one of its own).  The header is hidden on paper by chapbook.css
    anyway; on the page it is a second ``<h1>`` for search engines and screen
    readers, and words a search snippet shows.
    """
    return (
        templatename in LAYOUT_BODY
        and app.config.html_theme == "sphinx_book_theme"
        and theme_versions() in PRINT_HEADER_READ
    )


@functools.cache
def theme_versions() -> tuple[str, str]:
    return metadata.version("sphinx-book-theme"), metadata.version("pydata-sphinx-theme")


def without_diagrams(scripts: list[Any]) -> list[Any]:
    """A page with no doctree (search, index, 404) has no Mermaid diagram to draw.

    sphinxcontrib-mermaid adds its script, from a CDN, to every page without a
    doctree, so the search and 404 pages fetched it for nothing.  (Its hook still
    runs there: keeping it to pages with a doctree saved under 1% of a build, not
    worth reaching into Sphinx's event listeners; benchmarks/RESULTS.md.)
    """
    return [s for s in scripts if "mermaid" not in _script_text(s)]


def _script_text(script: Any) -> str:
    attributes = getattr(script, "attributes", None) or {}
    return f"{getattr(script, 'filename', script) or ''} {attributes.get('body', '')}"


def deferred(scripts: list[Any]) -> list[Any]:
    """The head's scripts run after the page is parsed, in the same order; text paints first.

    Sphinx's and the themes' scripts (documentation options, highlighting, copy
    buttons, the book theme's) wait for the document anyway. Files get ``defer``;
    inline scripts that set ``DOCUMENTATION_OPTIONS`` become module scripts,
    which browsers run in the same deferred queue, so each still follows the
    file it needs. A page with any other inline script, or an ``async`` one
    (MathJax), keeps its scripts as they are: their order may matter.
    """
    changed = []
    for script in scripts:
        attributes = dict(getattr(script, "attributes", None) or {})
        if isinstance(script, str) or "async" in attributes:
            return scripts
        if script.filename:
            attributes.setdefault("defer", "defer")
        elif attributes.get("body", "").startswith("DOCUMENTATION_OPTIONS."):
            attributes["type"] = "module"
        else:
            return scripts
        # Sphinx's own asset class (private): a copy with the new attributes.
        changed.append(type(script)(script.filename, priority=script.priority, **attributes))
    return changed


def light_assets(app: Sphinx) -> None:
    """``builder-inited``: the icon font's stylesheet, for the site's light pages only.

    Not for the ePub (HTML too): it has no icons, and epubcheck rejects a
    stylesheet naming a font the book does not hold.
    """
    if _light(app):
        app.add_css_file("chapbook-icons.css")


def reading_face(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the page's typeface, a class of its ``<body>``
    (``chapbook-face-serif`` or ``-sans``, which chapbook.css gives its font stack)."""
    context["chapbook_reading_face"] = app.config.chapbook_reading_face


def _light(app: Sphinx) -> bool:
    """Light pages: the site's builders (the ePub is HTML too, with a theme of its own)
    on a theme whose blocks chapbook-page.html knows."""
    return is_site_builder(app.builder) and app.config.html_theme in LIGHT_THEMES


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("sphinx_copybutton")
    app.connect("config-inited", add_static)
    app.add_css_file("chapbook.css")
    app.add_js_file("chapbook.js", loading_method="defer")
    # After the themes' handlers (500), which add the page's inline scripts.
    app.connect("html-page-context", light_page, priority=900)
    app.connect("html-page-context", reading_face)
    app.connect("builder-inited", light_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
