"""Who wrote a post: front-matter names matched to the site's people (``chapbook_authors``).

A post names its authors as written (``author: ada``, ``authors: [Ada, Bob]``);
``chapbook_authors`` maps a key to a person's name, web site and avatar.  A
name matches a person by key or by that person's name, as tags match (case and
spacing aside), so ``ada``, ``ADA`` and ``Ada Lovelace`` are one author.  A
name that matches nobody is an author of its own, shown as written, with no
web site.  One author's posts are found by the key, so renaming a person in
the map moves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from chapbook.model.names import tag_key

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class Author(NamedTuple):
    """One author of one post: who (``key``) and the name the post shows."""

    key: str
    name: str


@dataclass(frozen=True)
class Profile:
    """A person of ``chapbook_authors``: name, web site and avatar (empty when not given)."""

    key: str
    name: str
    url: str = ""
    avatar: str = ""


def profiles(mapping: Mapping[str, Mapping[str, Any]]) -> dict[str, Profile]:
    """The people of ``chapbook_authors`` (checked in ``config``), by key identity."""
    table: dict[str, Profile] = {}
    for written, fields in sorted(mapping.items()):
        key = tag_key(written)
        if key and key not in table:
            name = str(fields.get("name") or written)
            table[key] = Profile(
                key, name, str(fields.get("url", "")), str(fields.get("avatar", ""))
            )
    return table


def resolve(names: Iterable[str], people: Mapping[str, Profile]) -> tuple[Author, ...]:
    """Each name as an author: a known person by key, else by name, else as written."""
    by_name: dict[str, Profile] = {}
    for profile in people.values():
        by_name.setdefault(tag_key(profile.name), profile)
    found: dict[str, Author] = {}
    for name in names:
        key = tag_key(name)
        profile = people.get(key) or by_name.get(key)
        author = Author(profile.key, profile.name) if profile else Author(key, name)
        found.setdefault(author.key, author)
    return tuple(found.values())
