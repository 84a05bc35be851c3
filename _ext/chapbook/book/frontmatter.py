"""The book's front pages: half-title, title page, copyright page and dedication.

The PDF follows the book classes' conventions (memoir, KOMA-Script): the
half-title, the title alone, on a right-hand page with a blank back; the title
page (title, subtitle, author, and the date only when asked) on the next
right-hand page; the copyright page on its back; a dedication on a right-hand
page of its own.  The contents and the preface (the posts an outline lists
before its first part, see ``contents``) follow.  They replace the manual
class's right-aligned title page through Sphinx's ``maketitle``, unless a
site's ``latex_elements`` sets its own; their layout is macros of the preamble
(``\\chapbookhalftitle``, ``\\chapbooktitlepage``, ``\\chapbookcopyrightpage``,
``\\chapbookdedication``) a site's preamble may ``\\renewcommand``.

The ePub's first page (the book's root document) is the title page; the
copyright page and the dedication start pages of their own (page breaks of
``chapbook.css``).  The root's list of chapters is hidden: it is the reader's
navigation (``nav.xhtml``, ``toc.ncx``), not a page of the book.

The values come from an outline, a contributor's file, or from conf.py: they
reach TeX escaped, and the ePub as text nodes the HTML writer escapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.texescape import escape as tex_escape

from chapbook.book.settings import add_preamble
from chapbook.config import user_set
from chapbook.locale import format_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from chapbook.model.outline import Book


@dataclass(frozen=True)
class FrontPages:
    """What the front pages print, as text: the same for the PDF and the ePub."""

    title: str
    subtitle: str
    #: The author under the title; empty when the title is the author's name.
    byline: str
    #: The date as readers read it ("March 1, 2025"), only when the book asks for it.
    date: str
    #: The copyright page: the notice's lines, then the edition and the ISBN.
    notice: tuple[str, ...]
    details: tuple[str, ...]
    dedication: tuple[str, ...]

    @property
    def title_page(self) -> tuple[str, str, str, str]:
        return (self.title, self.subtitle, self.byline, self.date)


def front_pages(book: Book, config: Config) -> FrontPages:
    imprint = book.imprint
    shown = imprint.show_date and book.date
    date = format_date(dt.date.fromisoformat(book.date), config) if shown else ""
    details = (imprint.edition, f"ISBN {imprint.isbn}" if imprint.isbn else "")
    return FrontPages(
        title=book.title,
        subtitle=book.subtitle,
        byline=book.byline,
        date=date,
        notice=book.copyright,
        details=tuple(filter(None, details)),
        dedication=imprint.dedication,
    )


def configure(app: Sphinx, book: Book) -> None:
    """``env-updated`` (from ``contents``): the front pages of this build's book."""
    if app.builder.name == "latex":
        _configure_latex(app, book)


def hidden_contents(app: Sphinx, config: Config) -> None:
    """``config-inited``: the ePub's navigation includes the root's hidden toctree.

    Set before the environment compares its configuration with the last build's
    (an ``env`` value changed later would make every build read every post again).
    """
    if not user_set(config, "epub_tocscope"):
        config.epub_tocscope = "includehidden"


# -- the PDF ----------------------------------------------------------------------------

#: The front pages' layout: centred and calm, no running head or folio on any of them.
#: ``chapbookfrontpages`` is a group: page anchors off (the pages are counted again
#: from the contents, whose page i must not clash with page 1 here), empty page style
#: for the blank backs ``\cleardoublepage`` adds.  One-sided, no page is left blank.
PREAMBLE = r"""
\makeatletter
\newcommand{\chapbook@unlessempty}[2]{\if\relax\detokenize{#1}\relax\else#2\fi}
\newenvironment{chapbookfrontpages}{%
  \hypersetup{pageanchor=false}\pagestyle{empty}\normalfont}{}
\newcommand{\chapbookhalftitle}[1]{%
  \null\vskip 0.2\textheight
  \begin{center}{\Large #1\par}\end{center}%
  \cleardoublepage}
\newcommand{\chapbooktitlepage}[4]{%
  \null\vskip 0.12\textheight
  \begin{center}%
    {\Huge #1\par}%
    \chapbook@unlessempty{#2}{\vskip 1.5em{\Large\itshape #2\par}}%
  \end{center}%
  \vfill
  \begin{center}%
    \chapbook@unlessempty{#3}{{\Large #3\par}}%
    \chapbook@unlessempty{#4}{\vskip 1em{\large #4\par}}%
  \end{center}%
  \vskip 0.1\textheight
  \clearpage}
\newcommand{\chapbookcopyrightpage}[2]{%
  \null\vfill
  \begin{center}\small
    \chapbook@unlessempty{#1}{#1\par}%
    \chapbook@unlessempty{#2}{\bigskip #2\par}%
  \end{center}%
  \cleardoublepage}
\newcommand{\chapbookdedication}[1]{%
  \null\vskip 0.2\textheight
  \begin{center}\itshape #1\par\end{center}%
  \cleardoublepage}
\makeatother
"""


def _configure_latex(app: Sphinx, book: Book) -> None:
    config = app.config
    add_preamble(app, PREAMBLE)  # a site's own title page may use the macros too
    if user_set(config, "latex_elements") and "maketitle" in config.latex_elements:
        return
    context = app.builder.context  # type: ignore[attr-defined]
    context["maketitle"] = latex_pages(front_pages(book, config), book, config.latex_engine)


#: Lines of a dedication: one paragraph, its lines broken as written.
NEWLINE = "\\\\ "


def latex_pages(pages: FrontPages, book: Book, engine: str) -> str:
    """The TeX of the front pages, every value escaped."""

    def tex(*lines: str, sep: str = r"\par ") -> str:
        return "{" + sep.join(tex_escape(line, engine) for line in lines) + "}"

    code = [
        # The manual class's title page set the PDF's metadata; this one does too.
        rf"\hypersetup{{pdftitle={tex(book.title)}, pdfauthor={tex(book.author)}}}",
        r"\begin{chapbookfrontpages}",
        rf"\chapbookhalftitle{tex(pages.title)}",
        r"\chapbooktitlepage" + "".join(map(tex, pages.title_page)),
    ]
    if pages.notice or pages.details:
        code.append(rf"\chapbookcopyrightpage{tex(*pages.notice)}{tex(*pages.details)}")
    else:
        code.append(r"\cleardoublepage")
    if pages.dedication:
        code.append(r"\chapbookdedication" + tex(*pages.dedication, sep=NEWLINE))
    code.append(r"\end{chapbookfrontpages}")
    return "\n".join(code)


# -- the ePub -------------------------------------------------------------------------------


def epub_pages(pages: FrontPages) -> list[nodes.Node]:
    """After the root's title: the title page's lines, the copyright page, the dedication."""
    lines = {"subtitle": pages.subtitle, "author": pages.byline, "date": pages.date}
    shown: list[nodes.Node] = [
        _paragraph(text, f"chapbook-titlepage-{name}") for name, text in lines.items() if text
    ]
    notice = [_paragraph(line, "chapbook-copyright-notice") for line in pages.notice]
    details = [_paragraph(line, "chapbook-copyright-details") for line in pages.details]
    if notice or details:
        shown.append(nodes.container("", *notice, *details, classes=["chapbook-copyright"]))
    if pages.dedication:
        dedication = [_paragraph(line) for line in pages.dedication]
        shown.append(nodes.container("", *dedication, classes=["chapbook-dedication"]))
    return shown


def _paragraph(text: str, *classes: str) -> nodes.paragraph:
    return nodes.paragraph(text, text, classes=list(classes))


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("config-inited", hidden_contents)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
