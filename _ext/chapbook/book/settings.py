"""Settings for the PDF and the ePub: Chapbook's defaults, and what each book sets.

Defaults (XeLaTeX, no index, an SVG cover, ...) apply unless the site's
configuration sets the value itself (the PDF's page and typography are
``layout``'s); the title, author and file name come
from the book being built (``contents``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sphinx.util.texescape import escape as tex_escape

from chapbook.builders import SITE_ONLY_STATIC
from chapbook.config import user_set
from chapbook.locale import format_date
from chapbook.model import outline as outline_module
from chapbook.model.outline import ROOT

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from chapbook.model.outline import Book


def configure_builder(app: Sphinx, book: Book) -> None:
    config = app.config
    if app.builder.name == "latex":
        if not user_set(config, "latex_documents"):
            # The title alone: running heads print it; the title page is ``frontmatter``'s.
            title = tex_escape(book.title)
            author = tex_escape(book.author)
            config.latex_documents = [(ROOT, f"{book.name}.tex", title, author, "manual", False)]
        if not user_set(config, "latex_toplevel_sectioning"):
            config.latex_toplevel_sectioning = "chapter"  # posts; parts are written by contents
        if book.has_parts:
            add_preamble(app, PARTS_PREAMBLE)
        if book.date:  # the newest post's date, not the build's: the same book twice
            day = dt.date.fromisoformat(book.date)
            shown = format_date(day, config)
            app.builder.context["date"] = tex_escape(shown)  # type: ignore[attr-defined]
    else:
        defaults = {
            "epub_title": book.title,
            "epub_author": book.author,
            "epub_contributor": book.author,
            "epub_description": book.subtitle or book.title,
            "epub_basename": book.name,
        }
        for name, value in defaults.items():
            if not user_set(config, name):
                setattr(config, name, value)


#: The PDF's parts and front matter.  A part's title and introduction share a
#: page (``\@endpart`` no longer ends it; the first chapter does, with a blank
#: page only where a two-sided book needs one to start it on the right).  Sphinx's
#: ``report`` class has no front matter: here posts listed before the first part
#: are chapters without numbers, their sections too (a ``book`` class keeps its own).
PARTS_PREAMBLE = r"""
\makeatletter
\def\@endpart{\par\vskip 2\baselineskip\relax}
\providecommand{\frontmatter}{%
  \xdef\chapbook@secnumdepth{\the\c@secnumdepth}\setcounter{secnumdepth}{-2}}
\providecommand{\mainmatter}{\setcounter{secnumdepth}{\chapbook@secnumdepth}}
\makeatother
"""


def add_preamble(app: Sphinx, code: str) -> None:
    """Add to this build's preamble, whatever the site's ``latex_elements`` say (once)."""
    context = app.builder.context  # type: ignore[attr-defined]
    if code not in context["preamble"]:
        context["preamble"] += code


def book_defaults(app: Sphinx, config: Config) -> None:
    """Defaults for the PDF and ePub, unless the site's configuration sets them."""
    defaults: dict[str, Any] = {
        "latex_engine": "xelatex",  # Unicode text, system fonts
        "version": "1.0",  # EPUB 3 wants one
        "latex_use_xindy": False,
        "latex_show_urls": "no",
        "epub_use_index": False,
        "epub_show_urls": "no",
        "epub_tocdepth": 2,
        "epub_tocdup": False,  # a part's chapters under it in toc.ncx, not the part again
        "epub_language": config.language or "en",
        "epub_publisher": config.author or "",
        "epub_copyright": config.copyright or config.author or config.project,
        "epub_identifier": config.html_baseurl or "",
        "epub_scheme": "URL" if config.html_baseurl else "",
        "epub_cover": ("_static/chapbook-cover.svg", "epub-cover.html"),
        "epub_exclude_files": ["404.html", "search.html", "robots.txt"],
    }
    for name, value in defaults.items():
        if not user_set(config, name):
            setattr(config, name, value)
    # The page and typography are chapbook.book.layout's; the site's keys win one by one.
    config.latex_elements = {**_language_package(config), **config.latex_elements}
    # Whatever else the book leaves out: the site's icon font has no place in it.
    missing = [name for name in SITE_ONLY_STATIC if name not in config.epub_exclude_files]
    config.epub_exclude_files = [*config.epub_exclude_files, *missing]
    patterns = [f"**{outline_module.SUFFIX}", f"*{outline_module.SUFFIX}"]
    config.exclude_patterns = [*config.exclude_patterns, *patterns]


def _language_package(config: Config) -> dict[str, str]:
    """French with polyglossia, as every other language: captions in French with TeX Live's base.

    Sphinx gives XeLaTeX babel for French, which needs ``french.ldf`` (TeX Live's
    ``texlive-lang-french``); without it babel silently falls back to no language
    and the book reads "Contents", "Chapter 1".  Polyglossia's French ships with
    polyglossia itself.
    """
    if (config.language or "")[:2] == "fr" and config.latex_engine == "xelatex":
        return {"polyglossia": r"\usepackage{polyglossia}", "babel": ""}
    return {}


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("config-inited", book_defaults, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
