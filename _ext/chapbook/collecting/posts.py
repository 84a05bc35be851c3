"""The collector of posts: one plain, picklable record per post in the environment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector

from chapbook.collecting.state import posts_of
from chapbook.model.authors import profiles
from chapbook.model.post import COVER, drop_more_markers, record
from chapbook.nodes import listing
from chapbook.reading.parser import CURRENT_KEY

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.model.frontmatter import FrontMatter


class PostsCollector(EnvironmentCollector):
    """Keeps ``state(env).posts``: docname -> :class:`~chapbook.model.post.Post`."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        posts_of(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = posts_of(env), posts_of(other)
        for docname in docnames & theirs.keys():
            mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        # Posts and pages are reached through listings, tag pages, links and
        # Chapbook's sidebar, not a toctree: adding a post is adding a file.
        env.metadata[env.docname]["orphan"] = True
        fm: FrontMatter | None = env.current_document.get(CURRENT_KEY)
        if fm is not None and fm.is_post:
            # Who the authors are depends on chapbook_authors: an 'env' setting, so a
            # change to it reads every post again.
            people = profiles(env.config.chapbook_authors)
            posts_of(env)[env.docname] = record(env.docname, fm, doctree, people=people)
            env.domains["chapbook"].note_aliases(env.docname, fm.aliases)
            if fm.series:
                _insert_series_box(doctree)
            # Previous / next / related, resolved when the page is written.
            doctree += listing("postnav")
        # The excerpt is in the record now; the marker must not reach any output.
        drop_more_markers(doctree)


def _insert_series_box(doctree: nodes.document) -> None:
    """The series box goes under the post's header and cover, where a reader starts."""
    section = doctree.next_node(nodes.section)
    if section is None:
        doctree += listing("series")
        return
    header = [i for i, child in enumerate(section.children) if _is_header(child)]
    section.insert(header[-1] + 1 if header else 1, listing("series"))


def _is_header(node: nodes.Node) -> bool:
    classes = node["classes"] if isinstance(node, nodes.container) else ()
    return "chapbook-post-meta" in classes or COVER in classes


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_env_collector(PostsCollector)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
