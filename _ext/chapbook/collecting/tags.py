"""The tag table: every tag across the blog, its name, unique slug, page and posts.

sphinx-tags finds tags by scanning source text for its directive and rewrites
one source file per tag into the source folder at every build (so every tag
page is re-read every time, and live-reload servers loop).  Chapbook keeps
sphinx-tags loaded for its configuration names (``tags_output_dir``,
``tags_page_title``, ``tags_overview_title``, ``tags_intro_text``) and its
``tags`` directive, and keeps its page generator off (``tags_create_tags``,
see ``config``): tags
come from the front-matter model, and tag pages are generated documents
built from the environment (see ``pages``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chapbook.collecting import taxonomy
from chapbook.collecting.state import TagEntry, posts_of, state
from chapbook.model.names import tag_key
from chapbook.warnings_ import Warn

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.model.post import Post


#: A tag's warning names the slug both tags want.
TAG = taxonomy.Kind("tag", Warn.TAGS, shows_slug=True)


def refresh(env: BuildEnvironment) -> dict[str, TagEntry]:
    """Rebuild the tag table: every post's tags grouped by identity, each with a unique
    slug; a tag whose slug another had first is reported."""
    folder = env.config.tags_output_dir  # checked and normalised in ``config``
    table: dict[str, TagEntry] = {}
    for group in taxonomy.groups(posts_of(env), _tags):
        docname = f"{folder}/{group.slug}"
        table[group.key] = TagEntry(group.key, group.name, group.slug, docname, group.docnames)
        taxonomy.report(TAG, group, group.name, docname, _where(group.posts[0]))
    state(env).tags = table
    return table


def _tags(post: Post) -> Iterable[tuple[str, str]]:
    return ((tag_key(name), name) for name in post.tags)


def _where(post: Post) -> tuple[str, int]:
    return (post.docname, post.lines.get("tags", 1))


def setup(app: Sphinx) -> dict[str, bool]:
    # Its settings and ``tags`` directive; its page generator stays off (``config``).
    app.setup_extension("sphinx_tags")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
