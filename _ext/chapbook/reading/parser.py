"""MyST, with the front-matter read by Chapbook's model.

MyST on its own makes three mistakes on a real blog's posts: the page title is
the first ``###`` heading (the real title lives in front-matter), every post
warns that its headings start at H3, and invalid YAML is one "Malformed YAML"
line with no detail.  This parser runs the front-matter model first, reports
its problems with their lines, gives MyST only the validated mapping, and
rewrites the token stream so that the front-matter title is the document's H1
and the body headings nest under it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from markdown_it.token import Token
from myst_parser.config.main import merge_file_level
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning

from chapbook.model import frontmatter
from chapbook.reading import files, sitelinks
from chapbook.reading.cover import insert_cover
from chapbook.reading.header import insert_header
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


#: Key under which the parser leaves a document's front-matter in
#: ``env.current_document`` for the posts collector to pick up at ``doctree-read``.
CURRENT_KEY = "chapbook_frontmatter"


class ChapbookRenderer(sitelinks.SiteLinkMixin, SphinxRenderer):
    """MyST's renderer, with site-root links turned into Chapbook references."""

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> list[nodes.Element]:
        # MyST reads ``{include}`` files itself, without running the directive.
        env = self.sphinx_env
        if name == "include" and env is not None:
            problem = files.refused(env, first_line, env.docname)
            if problem:
                files.warn_refused(name, first_line.strip(), problem, (env.docname, position))
                return []
        return super().run_directive(
            name, first_line, content, position, additional_options, **kwargs
        )


class ChapbookParser(MystParser):
    """MyST's Sphinx parser with Chapbook's front-matter handling."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        fm = frontmatter.read(inputstring)
        for problem in sorted(fm.problems, key=lambda p: p.line):
            warn(problem.message, Warn.FRONTMATTER, location=(env.docname, problem.line))
        env.current_document[CURRENT_KEY] = fm

        config = env.myst_config
        data = frontmatter.myst_data(fm)
        if data:
            config = merge_file_level(config, data, _myst_warning(document))
        if not config.heading_anchors:
            # The old blog's /post#section links use GitHub-style heading slugs.
            config = dataclasses.replace(config, heading_anchors=6)
        md = create_md_parser(config, ChapbookRenderer)
        md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
        md.options["document"] = document
        md_env: dict[str, Any] = {}
        tokens = md.parse(inputstring, md_env)
        _replace_front_matter(tokens, data)
        if fm.title is not None:
            _nest_headings(tokens, title=fm.title, line=fm.lines.get("title", 1))
        md.renderer.render(tokens, md.options, md_env)
        if fm.authors:
            _note_authors(env.metadata[env.docname], fm.authors)
        if fm.is_post:
            insert_header(document, fm, env.config, docname=env.docname)
            insert_cover(document, env, env.docname, fm)


def _note_authors(metadata: dict[str, Any], names: tuple[str, ...]) -> None:
    """The authors in Sphinx's metadata as plain text, shaped as docutils' fields are.

    MyST would parse them as Markdown (``frontmatter.NOT_FOR_MYST``); templates
    that read ``meta.author`` get the names as written.
    """
    metadata["author"] = ", ".join(names)
    metadata["authors"] = list(names)


def _myst_warning(document: nodes.document):
    def warning(wtype: Any, msg: str) -> None:
        create_warning(document, msg, wtype, line=1, append_to=document)

    return warning


def _replace_front_matter(tokens: list[Token], data: dict[str, Any]) -> None:
    """Hand MyST the validated mapping instead of YAML text to parse again."""
    if tokens and tokens[0].type == "front_matter":
        tokens[0].content = data  # type: ignore[assignment]  # MyST accepts a dict here


def _nest_headings(tokens: list[Token], *, title: str, line: int) -> None:
    """Make ``title`` the H1 and nest the body's headings beneath it.

    Posts start at ``###`` (sometimes ``##``, rarely ``#``); what matters is
    relative nesting, so each heading goes one level below the nearest
    shallower heading before it.  A jump from ``###`` to ``#####`` nests one
    level, as a reader would see it, instead of warning.
    """
    open_levels: list[int] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        written = int(token.tag[1])
        while open_levels and open_levels[-1] >= written:
            open_levels.pop()
        open_levels.append(written)
        token.tag = f"h{min(len(open_levels) + 1, 9)}"
        _close_for(tokens, index).tag = token.tag
    start = 1 if tokens and tokens[0].type == "front_matter" else 0
    tokens[start:start] = _title_tokens(title, line)


def _close_for(tokens: list[Token], index: int) -> Token:
    for token in tokens[index + 1 :]:
        if token.type == "heading_close":
            return token
    raise AssertionError("markdown-it emits a heading_close for every heading_open")


def _title_tokens(title: str, line: int) -> list[Token]:
    """Tokens for ``# title`` whose text is a plain text token, never Markdown."""
    source_map = [max(line - 1, 0), max(line, 1)]
    opening = Token("heading_open", "h1", 1, map=source_map, markup="#", block=True)
    text = Token("text", "", 0, content=title)
    inline = Token("inline", "", 0, map=source_map, content=title, children=[text], block=True)
    closing = Token("heading_close", "h1", -1, markup="#", block=True)
    return [opening, inline, closing]


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("myst_parser")
    app.add_source_parser(ChapbookParser, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
