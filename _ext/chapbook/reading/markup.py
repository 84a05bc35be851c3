"""Markup beyond CommonMark, on by default: ``$math$``, Mermaid diagrams, bare links.

* ``$...$`` and ``$$...$$`` are MyST's ``dollarmath``: math nodes that the
  site shows with MathJax and the PDF typesets with LaTeX.  A ``$`` next to a
  digit or a space inside it never opens or closes math (as in Pandoc), so
  prices like "$5 and $10" stay text.
* A ```` ```mermaid ```` code fence is a diagram (sphinxcontrib-mermaid's
  directive, through MyST's ``fence_as_directive``), drawn in the reader's
  browser; the book leaves it out with a warning (``book.diagrams``).
* A bare address in prose (``https://x.y/z``, ``www.example.com``, an e-mail
  address) is a link, as GitHub-flavoured Markdown makes it (MyST's
  ``linkify``, with linkify-it-py): a moved blog's old generator linked them.
  Such links pass the trust policy as every link does; one it refuses
  (``ftp://``), and a name GitHub would not link (``setup.py``), stays the text
  it was, without a warning, since the writer wrote no link (``reading.parser``).
* A code block without a language is plain text (``highlight_language``):
  Sphinx's default reads it as Python, which colours a shell prompt's words.

Each default is set only where conf.py (or ``-D``) does not set the value: a
site that lists its own ``myst_enable_extensions`` gets exactly that list.

MathJax is configured for untrusted posts too (:data:`MATHJAX`, unless conf.py
configures MathJax itself).  It typesets any ``\\(...\\)`` in a page's text
outside an element it is told to ignore; MyST marks each post's own section so,
but a post's title is also printed outside it (the links to the previous and
next post, the sidebar), where ``\\(\\href{javascript:...}{x}\\)`` became a
live link on every page with math.  The check of formulas as they are read
(``reading.mathcheck``) never sees a title.  So MathJax ignores every element
but the ones that hold math (MyST's ``myst_mathjax_classes``: Sphinx's ``math``),
and its ``ui/safe`` filter drops ``javascript:`` links, classes, ids and styles
from whatever it typesets (raw HTML may write ``class="math"``; a site may trust
its authors' math with ``raw-latex``).  Verified with MathJax 4.1.3 on a built
page (its ``tex`` input, with the ``html`` package ``autoload`` brings in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chapbook.config import user_set
from chapbook.trust.policy import needs
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Settings Chapbook gives a value unless the site's conf.py gives one.
DEFAULTS: dict[str, Any] = {
    "myst_enable_extensions": ["dollarmath", "linkify"],
    "myst_dmath_allow_space": False,
    "myst_dmath_allow_digits": False,
    "myst_fence_as_directive": ["mermaid"],
    "highlight_language": "none",
}


#: Sphinx's ``mathjax4_config`` (written into each page with math as ``window.MathJax``;
#: MathJax 3 reads the same keys).  ``ignoreHtmlClass`` matches every element, and
#: ``processHtmlClass`` (MyST's classes, set in :func:`mathjax_config`) lets MathJax into
#: the ones that hold math.
MATHJAX: dict[str, Any] = {"loader": {"load": ["ui/safe"]}, "options": {"ignoreHtmlClass": ".*"}}
#: Settings through which conf.py configures MathJax itself: then Chapbook does not.
MATHJAX_SETTINGS = ("mathjax_config", "mathjax2_config", "mathjax3_config", "mathjax4_config",
                    "mathjax_config_path")  # fmt: skip


def markup_defaults(app: Sphinx, config: Config) -> None:
    """``config-inited``: the defaults above, where conf.py is silent (deterministic, so an
    incremental build sees the same configuration as the last one)."""
    for name, value in DEFAULTS.items():
        if not user_set(config, name):
            config[name] = value
    if not any(user_set(config, name) for name in MATHJAX_SETTINGS):
        config.mathjax4_config = mathjax_config(config)
    _substitutions_need_trust(config)


def mathjax_config(config: Config) -> dict[str, Any]:
    """:data:`MATHJAX`, processing MyST's math classes (MyST writes the same value in
    when ``dollarmath`` is on, and warns when it finds another)."""
    options = {**MATHJAX["options"], "processHtmlClass": config.myst_mathjax_classes}
    return {**MATHJAX, "options": options}


def _substitutions_need_trust(config: Config) -> None:
    """MyST's substitutions evaluate Jinja written in posts: only with the power."""
    extensions = list(config.myst_enable_extensions)
    if "substitution" in extensions and "substitutions" not in config.chapbook_trust:
        warn("myst_enable_extensions: 'substitution' evaluates Jinja written in posts; "
             f"{needs('substitutions')}, and is left out until then", Warn.CONFIG,
             location=None)  # fmt: skip
        config.myst_enable_extensions = [e for e in extensions if e != "substitution"]


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("sphinxcontrib.mermaid")
    # Before MyST builds its configuration at builder-inited.
    app.connect("config-inited", markup_defaults, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
