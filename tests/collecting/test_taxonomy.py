"""The one table builder behind tags, series and authors (``collecting.taxonomy``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from chapbook.collecting import taxonomy
from chapbook.model.names import tag_key
from chapbook.warnings_ import Warn


def posts(**tags: list[str]) -> dict[str, SimpleNamespace]:
    return {docname: post(docname, names) for docname, names in tags.items()}


def post(docname: str, tags: list[str], date: dt.date = dt.date(2025, 1, 1)) -> SimpleNamespace:
    return SimpleNamespace(docname=docname, tags=tags, date=date, datetime="")


def by_tag(post: SimpleNamespace) -> list[tuple[str, str]]:
    return [(tag_key(name), name) for name in post.tags]


def test_keys_share_a_slug_in_key_order_and_index_is_never_one() -> None:
    found = taxonomy.groups(posts(a=["C++", "Index"], b=["C#"]), by_tag)  # type: ignore[arg-type]
    assert [(g.key, g.slug, g.moved) for g in found] == [
        ("c#", "c", False), ("c++", "c-2", True), ("index", "index-2", True),
    ]  # fmt: skip


def older_and_newer(older: str, newer: str) -> list[tuple[str, str, bool]]:
    posts = {
        "z-old": post("z-old", [older], dt.date(2020, 1, 1)),
        "a-new": post("a-new", [newer], dt.date(2026, 1, 1)),
    }
    return [(g.key, g.slug, g.moved) for g in taxonomy.groups(posts, by_tag)]  # type: ignore[arg-type]


def test_of_keys_with_one_slug_the_one_named_first_keeps_it() -> None:
    """A new post's ``C#`` does not take ``/tags/c/`` (and its feed) from an older ``C++``."""
    assert older_and_newer("C++", "C#") == [("c++", "c", False), ("c#", "c-2", True)]


def test_a_key_that_is_its_slug_has_it_as_on_the_old_blog() -> None:
    """``C`` was at ``/tags/c/`` on the old blog (the name lowercased): it stays there."""
    assert older_and_newer("C++", "C") == [("c", "c", False), ("c++", "c-2", True)]


def test_the_spelling_most_posts_use_wins_ties_a_to_z() -> None:
    found = taxonomy.groups(posts(a=["AI"], b=["ai"], c=["Ai"], d=["ai"]), by_tag)  # type: ignore[arg-type]
    assert [(g.name, g.docnames) for g in found] == [("ai", ("a", "b", "c", "d"))]
    (tie,) = taxonomy.groups(posts(a=["Go"], b=["GO"]), by_tag)  # type: ignore[arg-type]
    assert tie.name == "GO"


def test_each_kind_keeps_its_words() -> None:
    assert taxonomy.Kind("tag", Warn.TAGS, shows_slug=True).moved("C++", "c", "tags/c-2") == (
        "tag 'C++' has the same URL as another tag ('c'); its page is at tags/c-2/"
    )
    assert taxonomy.Kind("author", Warn.AUTHORS, pronoun="their").moved("Bo", "bo", "a/bo-2") == (
        "author 'Bo' has the same URL as another author; their page is at a/bo-2/"
    )
