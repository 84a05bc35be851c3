"""The ePub's pages: footnotes as EPUB 3 notes, math as MathML.

Reading systems (Apple Books, Kobo, Thorium) show a note in a pop-up when the
link to it says ``epub:type="noteref"`` and the note is an ``<aside>`` that
says ``epub:type="footnote"``, with the link's ``href`` naming the aside's
``id``, as pandoc writes them.  Docutils writes the marker's brackets into the
text (``<span class="fn-bracket">``), and Sphinx's ePub stylesheet adds a pair
of its own to ``a.footnote-reference.brackets``: the marker drops the class
that rule reads, so it shows one pair with or without the stylesheet.

Math is MathML (``book.mathml``), which EPUB 3 reading systems typeset
themselves; a formula that cannot be converted shows its source as code, with
a warning naming the file and line.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from chapbook.book.mathml import to_mathml
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from docutils.nodes import Element

NOTEREF = {"epub:type": "noteref"}
#: The class of code that stands in for math the ePub cannot show as MathML.
SOURCE = "chapbook-math-source"


class BookEpubTranslator(HTML5Translator):
    def visit_footnote_reference(self, node: Element) -> None:
        tag = self.starttag(
            node,
            "a",
            suffix="",
            CLASS="footnote-reference",
            role="doc-noteref",
            href="#" + node["refid"],
            **NOTEREF,
        )
        self.body.append(tag + '<span class="fn-bracket">[</span>')

    def visit_footnote(self, node: Element) -> None:
        super().visit_footnote(node)
        # The note's own tag is the last one docutils wrote (a list's opening comes first).
        self.body[-1] = self.body[-1].replace("<aside ", '<aside epub:type="footnote" ', 1)

    def visit_math(self, node: nodes.math, math_env: str = "") -> None:
        self.body.append(_mathml(node, node.astext(), node.astext(), display=False))
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.math_block, math_env: str = "") -> None:
        self.body.append(self.starttag(node, "div", CLASS="math"))
        if node.get("number"):
            number = get_node_equation_number(self, node)
            self.body.append(f'<span class="eqno">({self.encode(number)})</span>')
        for part, tex in _equations(node):
            self.body.append(_mathml(node, part, tex, display=True))
        self.body.append("</div>\n")
        raise nodes.SkipNode


def _equations(node: nodes.math_block) -> list[tuple[str, str]]:
    """Each formula's source and the TeX converted: one for each part between blank lines,
    as Sphinx's math renderers read them, a part with line breaks a ``split`` (unless it
    opens an environment itself)."""
    if node.get("no-wrap", node.get("nowrap", False)):
        return [(node.astext(), node.astext())]
    parts = [part.strip() for part in node.astext().split("\n\n") if part.strip()]
    return [(part, _split(part)) for part in parts]


def _split(part: str) -> str:
    if r"\\" in part and r"\begin" not in part:
        return rf"\begin{{split}}{part}\end{{split}}"
    return part


def _mathml(node: nodes.Element, source: str, tex: str, *, display: bool) -> str:
    mathml, problem = to_mathml(tex, display=display)
    if mathml is not None:
        return mathml
    warn(
        f"math the ePub cannot show as MathML: {problem}; it is shown as its source",
        Warn.BOOK,
        location=node,
    )
    code = escape(source)
    if display:
        return f'<pre class="{SOURCE}">{code}</pre>'
    return f'<code class="{SOURCE}">{code}</code>'
