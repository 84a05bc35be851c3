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

from collections import Counter
from typing import TYPE_CHECKING

from chapbook.collecting.state import TagEntry, posts_of, state
from chapbook.model.names import slugify, tag_key
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def build_table(env: BuildEnvironment) -> dict[str, TagEntry]:
    """Group every post's tags by identity and give each tag a unique slug."""
    names: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    for docname, post in sorted(posts_of(env).items()):
        for name in post.tags:
            key = tag_key(name)
            names.setdefault(key, Counter())[name] += 1
            members.setdefault(key, []).append(docname)
    folder = env.config.tags_output_dir  # checked and normalised in ``config``
    taken: dict[str, str] = {}
    table: dict[str, TagEntry] = {}
    for key in sorted(names, key=lambda k: (slugify(k), k)):
        name = min(names[key].items(), key=lambda item: (-item[1], item[0]))[0]
        slug = _unique(slugify(key), taken, key)
        table[key] = TagEntry(key, name, slug, f"{folder}/{slug}", tuple(members[key]))
    return table


def _unique(slug: str, taken: dict[str, str], key: str) -> str:
    candidate, number = slug, 1
    while candidate in taken or candidate == "index":
        number += 1
        candidate = f"{slug}-{number}"
    taken[candidate] = key
    return candidate


def refresh(env: BuildEnvironment) -> dict[str, TagEntry]:
    """Rebuild the tag table, reporting slugs that had to be disambiguated."""
    new = build_table(env)
    for entry in new.values():
        base = slugify(entry.key)
        if entry.slug != base:
            first = posts_of(env)[entry.posts[0]]
            warn(
                f"tag {entry.name!r} has the same URL as another tag ({base!r}); "
                f"its page is at {entry.docname}/",
                Warn.TAGS,
                location=(entry.posts[0], first.lines.get("tags", 1)),
            )
    state(env).tags = new
    return new


def setup(app: Sphinx) -> dict[str, bool]:
    # Its settings and ``tags`` directive; its page generator stays off (``config``).
    app.setup_extension("sphinx_tags")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
