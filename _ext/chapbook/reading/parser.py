"""MyST, with the front-matter read by Chapbook's model.

MyST on its own makes three mistakes on a real blog's posts: the page title is
the first ``###`` heading (the real title lives in front-matter), every post
warns that its headings start at H3, and invalid YAML is one "Malformed YAML"
line with no detail.  This parser runs the front-matter model first, reports
its problems with their lines, gives MyST only the validated mapping, and
rewrites the token stream so that the front-matter title is the document's H1
and the body headings nest under it.

MyST reads ``.md``; Chapbook adds ``.markdown`` (``gate.MARKDOWN``), the other
name Jekyll and Hugo read as Markdown: a moved blog's ``x.markdown`` is a post at
``/x/``, as ``x.md`` would be.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2.nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.directives.misc import Include
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown_it.token import Token
from myst_parser.config.main import merge_file_level
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import create_warning
from sphinx.errors import ExtensionError
from sphinx.parsers import RSTParser

from chapbook.model import frontmatter
from chapbook.reading import depth, files, gate, guard, sitelinks, urls
from chapbook.reading.cover import insert_cover
from chapbook.reading.header import insert_header
from chapbook.trust import policy
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from docutils import nodes
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.config.main import MdParserConfig
    from sphinx.application import Sphinx


#: Key under which the parser leaves a document's front-matter in
#: ``env.current_document`` for the posts collector to pick up at ``doctree-read``.
CURRENT_KEY = "chapbook_frontmatter"


#: How deep directives may nest (a note in a note ...), and includes include: deeper,
#: the engines recurse until Python stops the whole build.
MAX_NESTING = 30
MAX_INCLUDES = 8


class ChapbookRenderer(sitelinks.SiteLinkMixin, SphinxRenderer):
    """MyST's renderer, with site-root links turned into Chapbook references.

    It also holds the trust policy where MyST acts on its own: MyST reads
    ``{include}`` files itself (the directive's ``run`` never runs), renders
    ``{eval-rst}`` without a directive, and evaluates substitutions with Jinja.
    """

    def setup_render(self, options: dict[str, Any], env: Any) -> None:
        super().setup_render(options, env)
        self._chapbook_depth = 0
        self._chapbook_includes = [Path(self.document["source"]).resolve()]
        self._chapbook_substituting: set[str] = set()
        #: Lines of the ``{include}`` directives being rendered, outermost first.
        self._chapbook_include_lines: list[int] = []
        #: Levels of nesting being rendered, all kinds together (``depth.MAX_DEPTH``).
        self._chapbook_level = 0
        #: What was left out for being nested too deep: kind -> (limit, lines).
        self.chapbook_cuts: dict[str, tuple[int, list[int]]] = {}

    def render_children(self, token: SyntaxTreeNode) -> None:
        """The children of ``token`` one level deeper, while levels remain.

        Every container (a quote, a list, emphasis, a directive's content) renders
        its children here; MyST recurses a few frames a level, so the levels of a
        post are counted here across nested parses and includes.
        """
        meta = token.meta if (token.token or token.nester_tokens) else {}
        for kind in (depth.BLOCK_CUT, depth.INLINE_CUT):
            if kind in meta:
                self._note_cut(kind, meta[kind], token_line(token, 1))
        if self._chapbook_level >= depth.MAX_DEPTH:
            self._note_cut("levels", depth.MAX_DEPTH, token_line(token, 1))
            return
        self._chapbook_level += 1
        try:
            super().render_children(token)
        finally:
            self._chapbook_level -= 1

    def _note_cut(self, kind: str, limit: int, line: int) -> None:
        """Remember a cut, at the line of the outermost include if inside one."""
        line = self._chapbook_include_lines[0] if self._chapbook_include_lines else line
        self.chapbook_cuts.setdefault(kind, (limit, []))[1].append(line)

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> list[nodes.Element]:
        env = self.sphinx_env
        if self._chapbook_depth >= MAX_NESTING:
            warn(f"directive {name!r} is nested more than {MAX_NESTING} deep; it is left out",
                 Warn.NESTING, location=guard.where(self.document, position))  # fmt: skip
            return []
        found = directives.directive(name, self.language_module_rst, self.document)[0]
        include = found is not None and not guard.is_refused(found) and issubclass(found, Include)
        path = self._include_target(found, name, first_line, content, position) if include else None
        if include and path is None:
            return []
        if self._chapbook_level >= depth.MAX_DEPTH:
            self._note_cut("levels", depth.MAX_DEPTH, position)
            return []
        if path is not None:  # MyST opens what it is given: exactly the file checked
            first_line = "/" + path.relative_to(Path(os.path.realpath(env.srcdir))).as_posix()
        self._chapbook_depth += 1
        self._chapbook_level += 1
        if path is not None:
            self._chapbook_includes.append(path)
            self._chapbook_include_lines.append(position)
        try:
            return super().run_directive(
                name, first_line, content, position, additional_options, **kwargs
            )
        finally:
            self._chapbook_depth -= 1
            self._chapbook_level -= 1
            if path is not None:
                self._chapbook_includes.pop()
                self._chapbook_include_lines.pop()

    def _include_target(
        self, found: Any, name: str, first_line: str, content: str, position: int
    ) -> Path | None:
        """The file an ``{include}`` reads, or ``None`` with a warning.

        MyST reads the file itself, ignoring options it does not know: a refused one
        (``:parser:``) is reported here, from the options as MyST will parse them.
        """
        env = self.sphinx_env
        options = parse_directive_text(found, first_line, content, line=position).options
        refused = guard.option_problem(options, guard.rule_of(found))
        if refused:
            guard.warn_left_out(name, refused, guard.where(self.document, position))
            return None
        path, problem = files.resolve(env, first_line, env.docname)
        if path is not None and path in self._chapbook_includes:
            problem = "includes itself" + self._include_chain(path)
        elif len(self._chapbook_includes) > MAX_INCLUDES:
            problem = f"is included more than {MAX_INCLUDES} deep"
        if problem:
            shown = f"the file {first_line.strip()!r} {problem}"
            guard.warn_left_out(name, shown, guard.where(self.document, position))
            return None
        return path

    def render_link(self, token: SyntaxTreeNode) -> None:
        """A Markdown link whose scheme the policy refuses is its text, with a warning.

        A bare address linkify found is text the writer wrote, not a link: one the
        policy refuses (``ftp://...``), or one GitHub would not link, stays that text,
        without a warning.
        """
        href = str(token.attrGet("href") or "")
        problem = policy.url_refusal(href)
        if token.markup == "linkify" and (problem or not _github_links(token)):
            self.render_children(token)
            return
        if problem is None:
            super().render_link(token)
            return
        location = guard.where(self.document, token_line(token, 1))
        urls.warn_refused("link", href, problem, "it is kept as text", location)
        self.render_children(token)

    def _include_chain(self, path: Path) -> str:
        """`` (through b.md)``: the files between ``path`` and its include again, if any."""
        chain = self._chapbook_includes[self._chapbook_includes.index(path) + 1 :]
        srcdir = Path(self.sphinx_env.srcdir).resolve()
        names = [p.relative_to(srcdir).as_posix() if p.is_relative_to(srcdir) else p.name
                 for p in chain]  # fmt: skip
        return f" (through {', '.join(names)})" if names else ""

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        powers = guard.table_of(self.sphinx_env).powers
        if "eval-rst" in powers:
            self._render_rst_within_levels(token)
            return
        location = guard.where(self.document, token_line(token, 1))
        warn(f"directive 'eval-rst' is not allowed in posts: {policy.needs('eval-rst')}; "
             "it is left out", Warn.TRUST, location=location)  # fmt: skip

    def _render_rst_within_levels(self, token: SyntaxTreeNode) -> None:
        """``{eval-rst}`` with the levels left: docutils has no limit of its own.

        Lines nested deeper are left out before docutils reads them
        (``depth.rst_trim``).  Should docutils still exhaust Python's stack, the
        block is left out: the last resort, as the estimate only counts what
        reStructuredText writes at the start of a line.
        """
        budget = depth.MAX_DEPTH - self._chapbook_level
        first = token_line(token, 0)
        text, cut = depth.rst_trim(token.content, budget)
        if cut and token.token is not None:
            token.token.content = text
            lines = [first + number for number in cut]  # the post's lines, not the block's
            warn(depth.rst_message(budget, lines), Warn.NESTING,
                 location=(self.sphinx_env.docname, lines[0]))  # fmt: skip
        try:
            super().render_restructuredtext(token)
        except RecursionError:  # MyST adds the parsed nodes only once parsing succeeded
            warn("directive 'eval-rst': nested too deep for Python to read; it is left out",
                 Warn.NESTING, location=(self.sphinx_env.docname, first))  # fmt: skip

    def render_substitution(self, token: SyntaxTreeNode, inline: bool) -> None:
        """``{{ ... }}``, rendered in Jinja's sandbox, never by MyST's own Jinja.

        MyST evaluates the expression with an ordinary Jinja environment and the
        build's environment in its context; checking it in the sandbox first is not
        enough (an ``is defined`` test can take one branch there and another outside).
        So the sandbox's result is what is shown, parsed as MyST parses its own.
        """
        line = token_line(token, 1)
        shown = "{{" + token.content.strip() + "}}"
        rendered, references, problem = _sandboxed(token.content, self.md_config.substitutions)
        if problem is None and references & self._chapbook_substituting:
            problem = "refers to itself"
        if problem:
            warn(f"substitution {shown!r} {problem}; it is left out", Warn.TRUST,
                 location=guard.where(self.document, line))  # fmt: skip
            return
        self._chapbook_substituting |= references
        try:
            block = not inline or _DIRECTIVE_START.match(rendered)
            self.nested_render_text(rendered, line, inline=not block)
        finally:
            self._chapbook_substituting -= references


#: A rendered substitution that starts a directive is parsed as a block (as MyST does).
_DIRECTIVE_START = re.compile(r"^[\s]{0,3}([`]{3,10}|[~]{3,10}|[:]{3,10})\{")


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` kept from making values of any size."""

    intercepted_binops = frozenset({"*", "**"})
    LIMIT = 10_000

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sizes = [len(v) if isinstance(v, str | list | tuple) else abs(v) for v in (left, right)
                 if isinstance(v, str | list | tuple | int | float)]  # fmt: skip
        if operator == "**" or (sizes and min(sizes) * max(sizes) > self.LIMIT):
            raise SecurityError(f"the operator {operator!r} is limited in substitutions")
        return super().call_binop(context, operator, left, right)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        # The sandbox answers an unsafe attribute with an undefined value, which a test
        # (``is defined``) would read: here it stops the expression instead.
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} "
                            "object is unsafe")  # fmt: skip


def _sandboxed(expression: str, values: dict[str, Any]) -> tuple[str, set[str], str | None]:
    """``{{ expression }}`` rendered in Jinja's sandbox from the substitutions alone (not
    the build's environment), the names it refers to, and why it cannot be, if not."""
    content = expression.strip()
    if content in values:  # a key that is not a Jinja name (``foo-bar``) is looked up as is
        return str(values[content]), {content}, None
    sandbox = _Sandbox(undefined=StrictUndefined)
    try:
        source = f"{{{{{expression}}}}}"
        names = {n.name for n in sandbox.parse(source).find_all(jinja2.nodes.Name)}
        return sandbox.from_string(source).render(values), names, None
    except SecurityError as error:
        return "", set(), f"reaches outside Jinja's sandbox ({error})"
    except Exception as error:  # Jinja raises many kinds; each is the post's
        problem = f"cannot be rendered from the substitutions alone ({error.__class__.__name__})"
        return "", set(), problem


def markdown_parser(config: MdParserConfig, document: nodes.document) -> MarkdownIt:
    """MyST's Markdown parser, rendering into ``document`` with Chapbook's renderer."""
    md = create_md_parser(config, ChapbookRenderer)
    # markdown-it keeps javascript:, vbscript:, file: and data: links as plain text
    # without a word; the renderer refuses them (and any other scheme) with the
    # policy's warning instead, as every other syntax's links are.
    md.validateLink = _any_link
    if md.linkify is not None:
        md.linkify.pretest = _quick_pretest(md.linkify.pretest)
    md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
    md.core.ruler.push("chapbook_depth", depth.limit_tokens)
    depth.keep_what_follows(md)
    md.options["document"] = document
    return md


def _any_link(url: str) -> bool:
    return True


#: What every address GitHub links holds (:func:`_github_links`): a scheme's ``://``,
#: ``www.``, or an e-mail address's ``@`` (``mailto:`` too).
_MAY_LINK = re.compile(r"://|www\.|@", re.IGNORECASE)


def _quick_pretest(pretest: Callable[[str], bool]) -> Callable[[str], bool]:
    """linkify's own first test, after a much quicker one: linkify-it's runs a large
    regular expression over each paragraph, 5 ms a post that holds no address at all."""
    return lambda text: _MAY_LINK.search(text) is not None and pretest(text)


def _github_links(token: SyntaxTreeNode) -> bool:
    """Whether GitHub-flavoured Markdown links this bare text too: an address with its
    scheme, one starting ``www.``, or an e-mail address.  linkify also takes any name
    ending in a country's domain for an address: ``setup.py`` and ``README.md`` stay text."""
    text = "".join(child.content for child in token.children)
    return policy.url_scheme(text) is not None or text[:4].lower() == "www." or "@" in text


class ChapbookParser(MystParser):
    """MyST's Sphinx parser with Chapbook's front-matter handling."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        fm = frontmatter.read(inputstring)
        unknown = frontmatter.unknown_keys(fm, env.config.chapbook_extra_keys)
        for problem in sorted([*fm.problems, *unknown], key=lambda p: p.line):
            warn(problem.message, Warn.FRONTMATTER, location=(env.docname, problem.line))
        env.current_document[CURRENT_KEY] = fm

        config = env.myst_config
        data = _allowed_settings(fm, guard.table_of(env).powers, env.docname)
        if data:
            config = merge_file_level(config, data, _myst_warning(document))
        if not config.heading_anchors:
            # The old blog's /post#section links use GitHub-style heading slugs.
            config = dataclasses.replace(config, heading_anchors=6)
        md = markdown_parser(config, document)
        md_env: dict[str, Any] = {}
        with guard.Guard(env):
            try:
                tokens = md.parse(inputstring, md_env)
                _replace_front_matter(tokens, data)
                if fm.title is not None:
                    _nest_headings(tokens, title=fm.title, line=fm.lines.get("title", 1))
                md.renderer.render(tokens, md.options, md_env)
            except RecursionError:  # the last resort: every known way is limited (``depth``)
                _body_left_out(document, md, fm, data)
        # Whatever made the doctree, nothing deeper than the writers and pickle can follow.
        cut = (depth.MAX_DOCTREE_DEPTH, depth.cut_doctree(document))
        depth.report(env.docname, {**md.renderer.chapbook_cuts, "doctree": cut})
        if fm.authors:
            _note_authors(env.metadata[env.docname], fm.authors)
        if fm.is_post:
            insert_header(document, fm, env.config, docname=env.docname)
            insert_cover(document, env, env.docname, fm)


def _body_left_out(
    document: nodes.document, md: Any, fm: frontmatter.FrontMatter, data: dict[str, Any]
) -> None:
    """After a ``RecursionError``: the post with its title and without its body, and why."""
    del document[:]
    warn("nested too deep for Python to read; the post's body is left out", Warn.NESTING,
         location=(document.settings.env.docname, 1))  # fmt: skip
    tokens = [Token("front_matter", "", 0, content=data)] if data else []  # type: ignore[arg-type]
    if fm.title is not None:
        tokens += _title_tokens(fm.title, fm.lines.get("title", 1))
    md.renderer.render(tokens, md.options, {})


def _allowed_settings(
    fm: frontmatter.FrontMatter, powers: frozenset[str], docname: str
) -> dict[str, Any]:
    """What MyST may see of the front-matter: valid values, and the MyST settings a post may set."""
    data, refused = policy.myst_settings(frontmatter.myst_data(fm), powers)
    for key, setting, reason in refused:
        shown = key if key == setting else f"{key}: {setting}"
        warn(f"front-matter {shown!r}: {reason}; it is ignored", Warn.TRUST,
             location=(docname, fm.lines.get(key, 1)))  # fmt: skip
    return data


class GuardedRSTParser(RSTParser):
    """Sphinx's reStructuredText parser, with the same trust policy as Markdown posts."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        with guard.Guard(document.settings.env):
            super().parse(inputstring, document)


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
    for suffix in gate.MARKDOWN:
        # ``.md`` is MyST's; a suffix another extension registered first stays theirs.
        with contextlib.suppress(ExtensionError):
            app.add_source_suffix(suffix, "markdown")
    app.add_source_parser(ChapbookParser, override=True)
    app.add_source_parser(GuardedRSTParser, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
