"""How deep a post may nest, so that no post takes the build down with a ``RecursionError``.

Every engine a post passes through recurses once or more per level of nesting:
markdown-it's token tree, MyST's renderer, docutils' reStructuredText parser,
pickling the doctree (about five Python frames a level), the writers.  A
thousand ``>`` or two hundred nested ``*`` reach Python's recursion limit
(1,000 frames) somewhere on the way, and the whole build stops.  So a post's
nesting is bounded where it is made, and what is deeper is left out with a
warning that names the line; the rest of the post is published:

* Markdown blocks: markdown-it stops at ``maxNesting`` (20 in MyST's preset)
  and quietly drops what is deeper, and after a list everything else;
  :func:`keep_what_follows` drops only what is deeper and notes where, for the
  renderer to say so;
* Markdown inline markup: markdown-it bounds links, but not emphasis
  (``*a *a *a ...``); :func:`limit_tokens` keeps the text of what is deeper
  and leaves out its markup;
* everything nested together (quotes in notes in lists, includes, emphasis):
  the renderer counts levels, at most :data:`MAX_DEPTH` (``reading.parser``);
* reStructuredText (files, ``{eval-rst}``): docutils has no limit, so lines
  nested deeper than the budget are left out before it reads them
  (:func:`rst_trim`), counted from indentation and block markers;
* the doctree as parsed: no element deeper than :data:`MAX_DOCTREE_DEPTH`
  (:func:`cut_doctree`), whatever made it.

At these limits the deepest posts the tests know (fences, quotes, lists,
emphasis and ``{eval-rst}`` inside thirty notes) still build with Python's
recursion limit lowered from 1,000 to 700; no prose comes near them
(Markdown's own limit for a block is 20).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token
    from sphinx.application import Sphinx

#: Levels a Markdown post may nest, all kinds together: a quote in a list in a note ...
MAX_DEPTH = 50
#: Elements a doctree may nest (a list and its item are two).
MAX_DOCTREE_DEPTH = 100

#: Token ``meta`` keys set by :func:`limit_tokens`, read by the renderer.
BLOCK_CUT = "chapbook_block_cut"
INLINE_CUT = "chapbook_inline_cut"

#: Kinds of cut, each reported once per post with its lines.
MESSAGES = {
    BLOCK_CUT: "block quotes or lists nested more than {limit} deep (Markdown's limit); "
    "what is deeper is left out",
    INLINE_CUT: "emphasis or links nested more than {limit} deep; the deeper markup is left "
    "out, its text is kept",
    "levels": "nested more than {limit} levels deep (quotes, lists, directives, emphasis "
    "together); what is deeper is left out",
    "doctree": "nested more than {limit} elements deep; what is deeper is left out",
}


# -- Markdown: markdown-it's tokens ---------------------------------------------------


def keep_what_follows(md: MarkdownIt) -> None:
    """markdown-it's limit on blocks, leaving out only what is too deep.

    At ``maxNesting`` markdown-it skips to the end of the lines it was given,
    which for a list item is the end of the post: a list nested too deep
    swallowed everything after it.  Here the content too deep to read ends
    where its container ends (at the first line indented less than it, blank
    lines aside), and the container is noted for the renderer to say so.
    """
    tokenize = md.block.tokenize

    def bounded(state: StateBlock, start: int, end: int, *rest: Any) -> None:
        limit = state.md.options["maxNesting"]
        if state.level < limit:
            tokenize(state, start, end, *rest)
            return
        line = start
        while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
            line += 1
        state.line = line
        if state.tokens and state.tokens[-1].nesting == 1:  # the container just opened
            state.tokens[-1].meta[BLOCK_CUT] = limit

    md.block.tokenize = bounded  # type: ignore[method-assign]  # this parser's only


def limit_tokens(state: StateCore) -> None:
    """A core rule, after markdown-it's own: inline markup nested too deep loses its markup.

    Emphasis is made after tokenizing, from pairs of delimiters: markdown-it's
    ``maxNesting`` does not bound it.
    """
    limit = state.md.options["maxNesting"]
    for token in state.tokens:
        if token.type == "inline" and token.children and clip_inline(token.children, limit):
            token.meta[INLINE_CUT] = limit


def clip_inline(children: list[Token], limit: int, depth: int = 0) -> bool:
    """Leave out the opening and closing tokens nested deeper than ``limit``, in place.

    Their text stays (``*a *a ... x`` loses its emphasis, not its words).  An
    image's alt text is its children, nested one level further.  Returns
    whether anything was left out.
    """
    kept: list[Token] = []
    dropped: list[bool] = []  # per open token: was it left out?
    clipped = False
    for token in children:
        if token.nesting == 1:
            dropped.append(depth >= limit)
            depth += 1
            if dropped[-1]:
                clipped = True
                continue
        elif token.nesting == -1:
            depth -= 1
            if dropped and dropped.pop():
                continue
        if token.children:
            clipped |= clip_inline(token.children, limit, depth + 1)
        kept.append(token)
    children[:] = kept
    return clipped


# -- reStructuredText: docutils reads without a limit ----------------------------------

#: What opens a nested block on the same line in reStructuredText: a bullet, an
#: enumerator, a field name, explicit markup (``..``), a table cell or line block
#: (``|``), a table border.
_RST_MARKER = re.compile(
    r"(?:[-*+\u2022\u2023\u2043]|\(?(?:\d+|#|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)]"
    r"|:[^:\s](?:[^:]|\\:)*:|\.\.|\||\+[-=+]*)(?=\s|$)"
)


def rst_levels(text: str) -> list[int]:
    """How deep each line of reStructuredText may be nested, at most (0: a blank line).

    Every nested block of reStructuredText starts further right: indented, or
    after a marker on its first line (``- - x`` is a list in a list).  The
    columns where the enclosing blocks start, kept as a stack, bound the depth
    from above; an indented code block counts as nesting, which only makes the
    bound safer.
    """
    levels = []
    columns: list[int] = []
    for line in text.expandtabs(8).splitlines():
        body = line.lstrip(" ")
        if not body.strip():
            levels.append(0)
            continue
        column = len(line) - len(body)
        while columns and columns[-1] >= column:
            columns.pop()
        columns.append(column)
        while marker := _RST_MARKER.match(body):
            rest = body[marker.end() :]
            column += marker.end() + len(rest) - len(rest.lstrip())
            body = rest.lstrip()
            columns.append(column)
        levels.append(len(columns))
    return levels


def rst_trim(text: str, budget: int) -> tuple[str, list[int]]:
    """``text`` with every line nested deeper than ``budget`` left out, and those lines
    (numbered from 1).

    They are left blank, so the others keep their numbers; the first of each run
    becomes an ellipsis where it was, so a directive whose content is left out
    still has some (docutils would report it empty) and readers see the gap.
    """
    lines, cut = text.splitlines(), []
    in_run = False  # whether the last line with text was left out
    for index, level in enumerate(rst_levels(text)):
        if level == 0:  # a blank line neither starts nor ends a run
            continue
        if level > budget:
            line = lines[index]
            lines[index] = "" if in_run else line[: len(line) - len(line.lstrip())] + "\u2026"
            cut.append(index + 1)
        in_run = level > budget
    return ("\n".join(lines) + "\n", cut) if cut else (text, [])


def rst_message(budget: int, cut: list[int]) -> str:
    count = f"{len(cut)} line" + ("s" if len(cut) > 1 else "")
    return (
        f"reStructuredText nested more than {budget} deep (indented blocks, lists, directives, "
        f"tables); {count} from line {cut[0]} left out"
    )


def trim_rst_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a reStructuredText file nested too deep loses its deepest lines.

    Docutils recurses several frames a level and has no limit of its own; a
    Markdown post's ``{eval-rst}`` is trimmed the same way by the renderer.
    """
    path = app.env.doc2path(docname)
    if app.config.source_suffix.get(path.suffix) != "restructuredtext":
        return
    source[0], cut = rst_trim(source[0], MAX_DEPTH)
    if cut:
        warn(rst_message(MAX_DEPTH, cut), Warn.NESTING, location=(docname, cut[0]))


# -- the doctree ----------------------------------------------------------------------


def cut_doctree(document: nodes.document, limit: int = MAX_DOCTREE_DEPTH) -> list[int]:
    """Take out every element nested deeper than ``limit``; return the lines where.

    Walked with a stack, not recursively: the doctree may be as deep as
    whatever made it.
    """
    cut: list[int] = []
    stack: list[tuple[nodes.Element, int, int]] = [(document, 0, 1)]
    while stack:
        node, depth, line = stack.pop()
        for child in list(node.children):
            if not isinstance(child, nodes.Element):
                continue
            if depth + 1 > limit:
                node.remove(child)
                cut.append(child.line or line)
            else:
                stack.append((child, depth + 1, child.line or line))
    return sorted(cut)


def report(docname: str, cuts: dict[str, tuple[int, list[int]]]) -> None:
    """One warning per kind of cut in a post, at its first line (others are counted)."""
    for kind, (limit, lines) in cuts.items():
        if not lines:
            continue
        first, *others = sorted(set(lines))
        more = f" (also at {len(others)} more place" + ("s)" if len(others) > 1 else ")")
        message = MESSAGES[kind].format(limit=limit) + (more if others else "")
        warn(message, Warn.NESTING, location=(docname, first))


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("source-read", trim_rst_source)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
