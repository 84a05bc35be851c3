"""The PDF's pages: a book's typography rather than a software manual's.

Sphinx's LaTeX is made for manuals: "Chapter 3" and "3.1" on every heading,
blue sans-serif titles, links in two colours, code in grey boxes, two-line
running heads and a folio that collides with long titles in the footer.
Chapbook's defaults follow the book classes (memoir, KOMA-Script) and the
hand-made essay book: black serif headings without numbers, a contents with
dot leaders, the chapter's title on the left-hand page and the part's (or the
book's) on the right, no head or folio on blank, part and chapter-opening
pages, no widows or orphans, code between two hairlines, wrapped at spaces
and punctuation.

Sphinx's own knobs first: ``latex_elements`` keys (``papersize``,
``geometry``, ``fncychap``, ``extraclassoptions``, ``fvset``) and
``sphinxsetup`` keys (``TitleColor``, ``InnerLinkColor``, ``hmargin``,
``verbatimwithframe``, ``pre_border-*-width``, ``verbatimhintsturnover``,
...).  A site's own ``latex_elements`` win key by key; its ``sphinxsetup`` is
read after Chapbook's, so each of its keys wins.  The rest is LaTeX packages'
public commands (titlesec, titletoc, fancyhdr, emptypage, truncate), put at
the start of the preamble, so the site's ``preamble`` comes after it and may
change anything.  One LaTeX internal is wrapped, report.cls's ``\\@part``,
to know the part's title for the right-hand running head.

``chapbook_book_medium`` is "print" (black links and headings, code without
colour, two-sided pages) or "screen" (Sphinx's link colours, one-sided pages
and so no blank ones); ``chapbook_book_page_size`` a trade size;
``chapbook_book_chapters_open`` "right" or "any".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx.highlighting import PygmentsBridge
from sphinx.util.texescape import escape as tex_escape

from chapbook.book import fonts
from chapbook.book.settings import add_preamble
from chapbook.collecting.state import state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class PageSize:
    """A trim size: paper, and margins inside (spine) and outside, at the top and bottom."""

    paper: str  # geometry's options
    inner: str
    outer: str
    top: str
    bottom: str


#: The trade sizes, each with margins for about 65 characters a line at 11 pt.
PAGE_SIZES = {
    "a5": PageSize("paperwidth=148mm, paperheight=210mm", "19mm", "17mm", "21mm", "20mm"),
    "5.5x8.5in": PageSize(
        "paperwidth=5.5in, paperheight=8.5in", "0.75in", "0.6in", "0.8in", "0.75in"
    ),
    "6x9in": PageSize("paperwidth=6in, paperheight=9in", "0.85in", "0.75in", "0.85in", "0.8in"),
}

#: Code as prose's neighbour: between two hairlines, no background or sides, wrapped at
#: spaces and punctuation, a word broken only when it is longer than the line, no
#: "continued on next page"; a black mark where a line goes on.
CODE = (
    "verbatimwithframe=true, pre_border-top-width=0.4pt, pre_border-bottom-width=0.4pt, "
    "pre_border-left-width=0pt, pre_border-right-width=0pt, pre_padding-left=0pt, "
    "pre_padding-right=0pt, pre_border-radius=0pt, VerbatimColor={rgb}{1,1,1}, "
    "VerbatimBorderColor={rgb}{0,0,0}, verbatimvisiblespace={}, "
    "verbatimhintsturnover=false, verbatimforcewraps=true, verbatimmaxoverfull=1, "
    r"verbatimmaxunderfull=100, verbatimcontinued={\makebox[1.2em][r]{\tiny$\hookrightarrow$}}"
)
#: Headings in the body's face and black, in every edition.
HEADINGS = r"TitleColor={rgb}{0,0,0}, HeaderFamily=\rmfamily\bfseries"
#: Links as text, not coloured words, on paper.
BLACK_LINKS = "InnerLinkColor={rgb}{0,0,0}, OuterLinkColor={rgb}{0,0,0}"


def sphinxsetup(config: Config) -> str:
    size = PAGE_SIZES[config.chapbook_book_page_size]
    keys = [
        f"hmargin={{{size.inner},{size.outer}}}, vmargin={{{size.top},{size.bottom}}}",
        HEADINGS,
        CODE,
    ]
    if config.chapbook_book_medium == "print":
        keys.append(BLACK_LINKS)
    return ", ".join(keys)


def class_options(config: Config) -> str:
    options = []
    if config.chapbook_book_medium == "screen":
        options.append("oneside")  # the same margins on every page, no blank ones
    if config.chapbook_book_chapters_open == "any":
        options.append("openany")
    return ",".join(options)


def latex_elements(config: Config) -> dict[str, str]:
    """Chapbook's ``latex_elements`` (the body font is set when the builder starts)."""
    size = PAGE_SIZES[config.chapbook_book_page_size]
    geometry = f"{size.paper}, headheight=14pt, headsep=12pt, footskip=28pt"
    return {
        "papersize": "a5paper" if config.chapbook_book_page_size == "a5" else "letterpaper",
        "pointsize": "11pt",
        "geometry": rf"\usepackage[{geometry}]{{geometry}}",
        "extraclassoptions": class_options(config),
        "printindex": "",
        "tocdepth": r"\setcounter{tocdepth}{0}",  # parts and chapters: one line a post
        "fncychap": "",
        "fvset": r"\fvset{fontsize=\small}",
        "sphinxsetup": sphinxsetup(config),
    }


def merge(ours: dict[str, str], theirs: dict[str, Any]) -> dict[str, Any]:
    """The site's keys win; its ``sphinxsetup`` comes after ours (its keys win one by one)."""
    merged = {**ours, **theirs}
    if theirs.get("sphinxsetup") and ours.get("sphinxsetup"):
        merged["sphinxsetup"] = f"{ours['sphinxsetup']}, {theirs['sphinxsetup']}"
    return merged


# -- the preamble ---------------------------------------------------------------------

#: Packages (all in TeX Live's latex-extra, which ``make pdf`` asks for) and the page's
#: colour: paragraphs indented rather than spaced, no widows or orphans.
PACKAGES = r"""
\usepackage{emptypage}% a page \cleardoublepage leaves blank carries no head or folio
\usepackage[breakwords]{truncate}% a running head shortened at a word, never overprinted
\usepackage{titletoc}
\setlength{\parskip}{0pt plus 1pt}
\setlength{\parindent}{1.2em}
\widowpenalty=10000 \clubpenalty=10000 \displaywidowpenalty=10000
\ifdefined\sphinxbreaksafterlist % sphinxlatexliterals.sty, Sphinx 5 to 9.0: where code lines
  % may break; without _ and -, which join the words of one name (snake_case, kebab-case)
  \renewcommand*\sphinxbreaksafterlist{%
    \do\PYGZcb\}\do\PYGZca\^\do\PYGZam\&\do\PYGZgt\>\do\PYGZti\~\do\PYGZbs\\}
\fi
"""

#: Headings (titlesec, which Sphinx loads): the chapter title alone, large and plain.
HEADINGS_TEX = r"""
\titleformat{\chapter}[display]{\normalfont\raggedright}%%
  {%(label)s}{0.6\baselineskip}{\LARGE}
\titleformat{name=\chapter,numberless}[block]{\normalfont\raggedright}{}{0pt}{\LARGE}
\titlespacing*{\chapter}{0pt}{2\baselineskip}{2\baselineskip}
\titleformat{\section}{\normalfont\large\bfseries\raggedright}{\thesection}{0.6em}{}
\titleformat{\subsection}{\normalfont\normalsize\bfseries\raggedright}%%
  {\thesubsection}{0.6em}{}
\titleformat{\subsubsection}{\normalfont\normalsize\itshape\raggedright}%%
  {\thesubsubsection}{0.6em}{}
\setcounter{secnumdepth}{%(secnumdepth)d}
%(thesection)s
\expandafter\def\csname DUrolechapbook-date\endcsname#1{{\itshape #1}}
"""

#: The contents: one line a chapter, dot leaders, room for a three-digit page number.
CONTENTS_TEX = r"""
\renewcommand{\@pnumwidth}{2.2em}
\renewcommand{\@tocrmarg}{3.2em}
\contentsmargin{2.2em}
\titlecontents{chapter}[%(indent)s]{\addvspace{0.3\baselineskip}}%%
  {%(number)s}{}{\titlerule*[0.7em]{.}\contentspage}
"""

#: Running heads (fancyhdr, which Sphinx loads): redefining Sphinx's ``normal`` and
#: ``plain`` page styles is what sphinxlatexstylepage.sty invites.  The chapter's title
#: verso, the part's or book's recto, the folio at the outer edge of the head; chapter
#: openings (``plain``) a folio at the foot, part pages (``empty``) nothing.
HEADS_TEX = r"""
\newcommand{\chapbookbooktitle}{}
\newcommand{\chapbook@parttitle}{}
\newcommand{\chapbook@recto}{%%
  \ifx\chapbook@parttitle\@empty\chapbookbooktitle\else\chapbook@parttitle\fi}
\newcommand{\chapbook@head}[1]{%%
  \truncate{\dimexpr\textwidth-8em\relax}{\small\itshape #1}}
\fancypagestyle{normal}{%%
  \fancyhf{}%%
  %(heads)s
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}%%
  \renewcommand{\chaptermark}[1]{\markboth{##1}{##1}}%%
  \renewcommand{\sectionmark}[1]{}}
\fancypagestyle{plain}{%%
  \fancyhf{}\fancyfoot[C]{\small\thepage}%%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\ifdefined\@part %% report.cls (LaTeX 2e, unchanged since 1995): the part's title, no folio
  \let\chapbook@part@orig\@part
  \def\@part[#1]#2{\gdef\chapbook@parttitle{#1}\thispagestyle{empty}%%
    \chapbook@part@orig[#1]{#2}}
\fi
"""
TWO_SIDED = (
    r"\fancyhead[LE,RO]{\small\thepage}"
    r"\fancyhead[CE]{\chapbook@head{\leftmark}}"
    r"\fancyhead[CO]{\chapbook@head{\chapbook@recto}}%"
)
ONE_SIDED = r"\fancyhead[R]{\small\thepage}\fancyhead[L]{\chapbook@head{\leftmark}}%"


def headings_tex(config: Config) -> str:
    labels, numbered = config.chapbook_book_chapter_labels, config.chapbook_book_numbered_sections
    depth = 1 if numbered else (0 if labels else -1)
    label = r"\small\scshape\MakeLowercase{\chaptertitlename}~\thechapter" if labels else ""
    # Sections numbered within an unlabelled chapter read 1, 2, 3, not 4.1, 4.2.
    section = r"\renewcommand{\thesection}{\arabic{section}}" if numbered and not labels else ""
    return HEADINGS_TEX % {"label": label, "secnumdepth": depth, "thesection": section}


def contents_tex(config: Config) -> str:
    if config.chapbook_book_chapter_labels:
        return CONTENTS_TEX % {"indent": "1.8em", "number": r"\contentslabel{1.8em}"}
    return CONTENTS_TEX % {"indent": "0pt", "number": ""}


def layout_tex(config: Config) -> str:
    heads = ONE_SIDED if config.chapbook_book_medium == "screen" else TWO_SIDED
    return "\n".join(
        [
            "\n% Chapbook's book layout (chapbook.book.layout); the site's preamble follows.",
            r"\makeatletter",
            PACKAGES,
            headings_tex(config),
            contents_tex(config),
            HEADS_TEX % {"heads": heads},
            "\\makeatother\n",
        ]
    )


# -- hooks ----------------------------------------------------------------------------


def set_latex_elements(app: Sphinx, config: Config) -> None:
    """``config-inited``: Chapbook's ``latex_elements`` under the site's own."""
    config.latex_elements = merge(latex_elements(config), config.latex_elements)


def start_builder(app: Sphinx) -> None:
    """``builder-inited``: the body font, and the layout before the site's preamble."""
    if app.builder.name != "latex":
        return
    context = app.builder.context  # type: ignore[attr-defined]
    if "fontpkg" not in app.config.latex_elements and app.config.latex_engine == "xelatex":
        context["fontpkg"] = fonts.fontpkg(fonts.body_font(app))
    context["preamble"] = layout_tex(app.config) + context["preamble"]


def name_the_book(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the book's title for the right-hand running heads."""
    book = state(env).book
    if app.builder.name == "latex" and book is not None:
        title = tex_escape(book.title, app.config.latex_engine)
        add_preamble(app, f"\n\\renewcommand{{\\chapbookbooktitle}}{{{title}}}\n")
    return []


def monochrome_code(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the print edition's code in black, bold and italic kept.

    Sphinx writes ``sphinxhighlight.sty`` from ``pygments_style``, the site's colours;
    Pygments' "bw" style gives the same macros without colour.
    """
    if exception is not None or app.builder.name != "latex":
        return
    stylesheet = app.builder.outdir / "sphinxhighlight.sty"
    if app.config.chapbook_book_medium == "print" and stylesheet.is_file():
        head = "\\NeedsTeXFormat{LaTeX2e}[1995/12/01]\n\\ProvidesPackage{sphinxhighlight}\n"
        body = PygmentsBridge("latex", "bw").get_stylesheet()
        stylesheet.write_text(head + "% Chapbook: the print edition's code in black\n" + body,
                              encoding="utf-8")  # fmt: skip


def setup(app: Sphinx) -> dict[str, bool]:
    # After settings.book_defaults (600), which gives the site's other defaults.
    app.connect("config-inited", set_latex_elements, priority=650)
    app.connect("builder-inited", start_builder)
    # After contents.create_root (600), which makes the book.
    app.connect("env-updated", name_the_book, priority=650)
    app.connect("build-finished", monochrome_code)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
