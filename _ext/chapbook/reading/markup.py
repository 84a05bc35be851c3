"""Markup beyond CommonMark, on by default: ``$math$`` and Mermaid diagrams.

* ``$...$`` and ``$$...$$`` are MyST's ``dollarmath``: math nodes that the
  site shows with MathJax and the PDF typesets with LaTeX.  A ``$`` next to a
  digit or a space inside it never opens or closes math (as in Pandoc), so
  prices like "$5 and $10" stay text.
* A ```` ```mermaid ```` code fence is a diagram (sphinxcontrib-mermaid's
  directive, through MyST's ``fence_as_directive``), drawn in the reader's
  browser; the book leaves it out with a warning (``book.diagrams``).

Each default is set only where conf.py (or ``-D``) does not set the value: a
site that lists its own ``myst_enable_extensions`` gets exactly that list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chapbook.config import user_set
from chapbook.trust.policy import needs
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: MyST settings Chapbook gives a value unless the site's conf.py gives one.
DEFAULTS: dict[str, Any] = {
    "myst_enable_extensions": ["dollarmath"],
    "myst_dmath_allow_space": False,
    "myst_dmath_allow_digits": False,
    "myst_fence_as_directive": ["mermaid"],
}


def markup_defaults(app: Sphinx, config: Config) -> None:
    """``config-inited``: the defaults above, where conf.py is silent (deterministic, so an
    incremental build sees the same configuration as the last one)."""
    for name, value in DEFAULTS.items():
        if not user_set(config, name):
            config[name] = value
    _substitutions_need_trust(config)


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
