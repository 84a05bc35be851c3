"""Tags: identity, slugs and the tag pages.

sphinx-tags finds tags by scanning source text for its directive and rewrites
one source file per tag into the source folder at every build (so every tag
page is re-read every time, and live-reload servers loop).  Chapbook keeps
sphinx-tags loaded for its configuration names (``tags_output_dir``,
``tags_page_title``, ``tags_page_header``, ``tags_overview_title``,
``tags_index_head``, ``tags_intro_text``) and its ``tags`` directive, but
detaches its page generator: tags come from the front-matter model, and tag
pages are generated documents built from the environment (see ``pages``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chapbook.posts import posts_of
from chapbook.util import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_NOT_ALNUM = re.compile(r"[\W_]+")


def tag_key(name: str) -> str:
    """Tags differing only in case, spacing or Unicode form are one tag."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def slugify(name: str) -> str:
    """Lowercase; each run of characters other than letters and digits becomes ``-``.

    Non-ASCII letters are kept (``Über KI`` -> ``über-ki``).  A tag with no
    letter or digit at all (an emoji) is named by its code points, so it still
    gets a slug of its own: ``🤖`` -> ``u1f916``.
    """
    key = tag_key(name)
    slug = _NOT_ALNUM.sub("-", key).strip("-")
    if slug:
        return slug
    return "u" + "-".join(f"{ord(char):x}" for char in key if not char.isspace())


@dataclass(frozen=True)
class TagEntry:
    """One tag across the blog, as the tag pages and tag links see it."""

    key: str
    name: str
    slug: str
    docname: str
    posts: tuple[str, ...]


def tags_dir(config: Config) -> str:
    """The tag pages' folder: sphinx-tags' ``tags_output_dir``.

    sphinx-tags' default ``_tags`` is taken as ``tags``: the old blog (like
    Hugo and Jekyll) serves tag pages at ``/tags/<slug>/``.
    """
    folder = str(config.tags_output_dir).strip().strip("/") or "tags"
    folder = "/".join(part for part in folder.split("/") if part not in ("", ".", ".."))
    return "tags" if folder in ("", "_tags") else folder


def build_table(env: BuildEnvironment) -> dict[str, TagEntry]:
    """Group every post's tags by identity and give each tag a unique slug."""
    names: dict[str, Counter[str]] = {}
    members: dict[str, list[str]] = {}
    for docname, post in sorted(posts_of(env).items()):
        for name in post.tags:
            key = tag_key(name)
            names.setdefault(key, Counter())[name] += 1
            members.setdefault(key, []).append(docname)
    folder = tags_dir(env.config)
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


def table(env: BuildEnvironment) -> dict[str, TagEntry]:
    """The tag table of the last read phase (rebuilt at every ``env-updated``)."""
    return getattr(env, "chapbook_tags", {})


def refresh(env: BuildEnvironment) -> dict[str, TagEntry]:
    """Rebuild the tag table, reporting slugs that had to be disambiguated."""
    new = build_table(env)
    for entry in new.values():
        base = slugify(entry.key)
        if entry.slug != base:
            first = env.chapbook_posts[entry.posts[0]]
            warn(
                f"tag {entry.name!r} has the same URL as another tag ({base!r}); "
                f"its page is at {entry.docname}/",
                "tags",
                location=(entry.posts[0], first.lines.get("tags", 1)),
            )
    env.chapbook_tags = new
    return new


def detach_sphinx_tags(app: Sphinx) -> None:
    """Keep sphinx-tags' config and directive; drop its source-rewriting hook."""
    from sphinx_tags import update_tags

    for listener in list(app.events.listeners.get("builder-inited", ())):
        if listener.handler is update_tags:
            app.disconnect(listener.id)


def setup_tags(app: Sphinx) -> None:
    app.setup_extension("sphinx_tags")
    detach_sphinx_tags(app)
