"""One way to build the tag, series and author tables: group posts, name, slug, warn.

Each table gathers the posts that name one thing (a tag, a series, an author)
by its key (case and spacing aside), shows it in the spelling most of them use
(ties: the first A-Z), and gives it a page at a slug of its key, unique within
its folder: two keys with one slug (``C++`` and ``C#`` are both ``c``) get
``c`` and ``c-2`` (:func:`groups` says which keeps ``c``), and the second is
reported where its first post names it.
What differs is said by the caller: which keys a post names (:func:`groups`)
and the words of the warning (:class:`Kind`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chapbook.model.names import slugify
from chapbook.model.post import day_key
from chapbook.warnings_ import warn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from chapbook.model.post import Post
    from chapbook.warnings_ import Warn


@dataclass(frozen=True)
class Kind:
    """The words and the subtype of one table's warning."""

    noun: str  # "tag"
    subtype: Warn
    pronoun: str = "its"  # "their" for people
    #: Whether the warning names the slug both want (the tag table's did).
    shows_slug: bool = False

    def moved(self, name: str, slug: str, docname: str) -> str:
        """The warning for ``name``, whose page moved from ``slug`` to ``docname``."""
        wanted = f" ({slug!r})" if self.shows_slug else ""
        return (f"{self.noun} {name!r} has the same URL as another {self.noun}{wanted}; "
                f"{self.pronoun} page is at {docname}/")  # fmt: skip


@dataclass(frozen=True)
class Group:
    """The posts naming one key, in docname order, its spelling and its unique slug."""

    key: str
    name: str
    slug: str
    posts: tuple[Post, ...]

    @property
    def docnames(self) -> tuple[str, ...]:
        return tuple(post.docname for post in self.posts)

    @property
    def moved(self) -> bool:
        """Its slug is not its key's: another key had it first."""
        return self.slug != slugify(self.key)


def groups(
    posts: Mapping[str, Post], named: Callable[[Post], Iterable[tuple[str, str]]]
) -> list[Group]:
    """Every key the posts name (``named``: a post's keys, each with the spelling it
    uses), each with a unique slug, in slug order.  Of keys with one slug, a key that is
    its slug (``c``) has it: that was its address on the old blog too, which made its
    URLs from the name lowercased.  Of the others, the one a post named first (by date,
    then key) keeps it: a new post's ``C#`` does not take ``/tags/c/`` and its feed
    from a ``C++`` that had them for years."""
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, list[Post]] = {}
    for _, post in sorted(posts.items()):
        for key, spelling in named(post):
            spellings.setdefault(key, Counter())[spelling] += 1
            members.setdefault(key, []).append(post)
    first = {key: min(day_key(post) for post in found) for key, found in members.items()}
    taken: set[str] = set()
    return [
        Group(key, most_used(spellings[key]), unique(slugify(key), taken), tuple(members[key]))
        for key in sorted(members, key=lambda k: (slugify(k), slugify(k) != k, first[k], k))
    ]


def most_used(spellings: Counter[str]) -> str:
    """The spelling used most (ties: the first A-Z)."""
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` ... if taken; never ``index`` (the folder's own page)."""
    candidate, number = slug, 1
    while candidate in taken or candidate == "index":
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def report(kind: Kind, group: Group, name: str, docname: str, where: tuple[str, int]) -> None:
    """Warn, at ``where``, that ``group`` (shown as ``name``) has its page at ``docname``."""
    if group.moved:
        warn(kind.moved(name, slugify(group.key), docname), kind.subtype, location=where)
