"""A post's math, checked once as it is read: what TeX and MathJax may be told.

Math reaches two engines as written: MathJax on the site, XeLaTeX in the book.
Each formula (``$...$``, ``$$...$$``, the ``{math}`` directive and role, MyST's
``amsmath`` blocks) is checked against the allowlist of ``trust.tex``: a
formula that uses anything else (``\\input``, ``\\href``, ``^^5c``, an
environment not listed) is not typeset anywhere.  It becomes code showing its
source, with one warning naming the file and line, in every output, so a
site and its book never disagree about a post.  A site whose ``conf.py``
trusts posts with ``raw-latex`` gets every formula as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from chapbook.reading.transforms import located
from chapbook.trust.policy import needs
from chapbook.trust.tex import math_refusal
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The power that lets a post's math use any TeX command.
POWER = "raw-latex"
#: The class of the code that stands in for a refused formula.
REFUSED = "chapbook-refused-math"


class CheckMath(SphinxTransform):
    """Formulas outside the allowlist become code showing their source."""

    # After control characters are taken out of the text (5), so the code shown and the
    # formula checked are what the other outputs see; before collectors number equations.
    default_priority = 20

    def apply(self, **kwargs: object) -> None:
        if POWER in self.config.chapbook_trust:
            return
        for node in list(self.document.findall(_is_math)):
            source = node.astext()
            problem = math_refusal(source, display=_written_as_is(node))
            if problem:
                warn(f"math is not allowed in posts: {problem} ({needs(POWER)}); it is shown "
                     "as its source", Warn.TRUST, location=located(node))  # fmt: skip
                node.replace_self(_as_code(node, source))


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, nodes.math | nodes.math_block)


def _written_as_is(node: nodes.Element) -> bool:
    """A block TeX gets without a display around it (``:nowrap:``, MyST's ``amsmath``)."""
    return bool(node.get("nowrap") or node.get("no-wrap"))


def _as_code(node: nodes.Element, source: str) -> nodes.Element:
    if isinstance(node, nodes.math):
        return nodes.literal(source, source, classes=[REFUSED])
    # Its ids stay, so a link to the equation still lands on its place.
    block = nodes.literal_block(source, source, ids=node["ids"], classes=[REFUSED])
    block["language"] = "text"
    block.source, block.line = node.source, node.line
    return block


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(CheckMath)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
