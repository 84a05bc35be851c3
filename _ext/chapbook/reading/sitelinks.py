"""Links written as site paths, read as references: ``/slug``, ``/tags/some tag``, full URLs.

The old blog wrote links as site-root paths.  MyST sees those as document
references it cannot find, warns, and renders the text unlinked.  Here the
renderer turns them into ``pending_xref`` nodes of the ``chapbook`` domain,
which resolves them when each page is written (see ``collecting.domain``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from chapbook.model.frontmatter.kinds import short
from chapbook.urls import site_path, split_target
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from markdown_it.rules_inline import StateInline
    from markdown_it.tree import SyntaxTreeNode


#: Somewhere ahead, ``](/path`` with a space or tab before the next ``)``: without one,
#: no link starting here can be such a link, and the label need not be parsed (done for
#: every ``[`` of every post, it was most of this rule's time).
_MAYBE_SPACED = re.compile(r"\]\(\s*/(?!/)[^)\s]*[ \t]")


def spaced_site_link(state: StateInline, silent: bool) -> bool:
    """``[text](/tags/some tag)``: a site-root destination with spaces, as the old blog wrote.

    CommonMark ends a bare destination at the first space, so markdown-it
    leaves such a link as literal text; this rule (run before ``link``) takes
    it as a link.  A space followed by a quote or parenthesis starts a link
    title and is left to the standard rule.
    """
    src = state.src
    if src[state.pos] != "[" or not _MAYBE_SPACED.search(src, state.pos, state.posMax):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, state.pos, True)
    if label_end < 0 or label_end + 1 >= state.posMax or src[label_end + 1] != "(":
        return False
    close = src.find(")", label_end + 2, state.posMax)
    destination = src[label_end + 2 : close].strip() if close > 0 else ""
    if not _spaced_site_path(destination):
        return False
    if not silent:
        maximum = state.posMax
        state.pos, state.posMax = state.pos + 1, label_end
        state.push("link_open", "a", 1).attrs = {"href": state.md.normalizeLink(destination)}
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
        state.posMax = maximum
    state.pos = close + 1
    return True


def _spaced_site_path(destination: str) -> bool:
    if not destination.startswith("/") or destination.startswith("//"):
        return False
    _, space, rest = destination.partition(" ")
    return bool(space) and "\n" not in destination and rest.lstrip()[:1] not in ('"', "'", "(")


def site_xref(href: str, path: str) -> addnodes.pending_xref:
    """The reference the ``chapbook`` domain resolves for a link to a site path."""
    key, anchor = split_target(path)
    return addnodes.pending_xref(
        refdomain="chapbook",
        reftype="site",
        reftarget=key,
        refexplicit=True,
        refwarn=False,
        chapbook_anchor=anchor,
        chapbook_href=href,
        chapbook_path=path,
    )


class SiteLinkMixin:
    """Renderer mixin: site-root links become ``chapbook:site`` references."""

    def render_link(self, token: SyntaxTreeNode) -> None:
        renderer: Any = self  # MyST's renderer, which this is mixed into
        href = str(token.attrGet("href") or "")
        env = renderer.sphinx_env
        path = site_path(href, base_url=env.config.html_baseurl) if env else None
        if path is None:
            parent: Any = super()
            try:
                return parent.render_link(token)
            except OSError as error:  # MyST asks whether the target is a file: too long a name
                return _unlinked(renderer, token, href, error)
        xref = site_xref(href, path)
        renderer.add_line_and_source_path(xref, token)
        inner = nodes.inline("", "", classes=["chapbook-link"])
        renderer.current_node.append(xref)
        xref.append(inner)
        with renderer.current_node_context(inner):
            if token.info == "auto" or not token.children:
                inner.append(nodes.Text(href))
            else:
                renderer.render_children(token)
        return None


def _unlinked(renderer: Any, token: SyntaxTreeNode, href: str, error: OSError) -> None:
    """A link whose target the file system cannot even look up: its text, and a warning."""
    text = nodes.inline()
    renderer.add_line_and_source_path(text, token)  # the line, as MyST gives its own links
    warn(f"link target {short(href)} cannot be looked up ({error.strerror}); shown as text",
         Warn.LINK, location=text)  # fmt: skip
    renderer.current_node.append(text)
    with renderer.current_node_context(text):
        renderer.render_children(token)
