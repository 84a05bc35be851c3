"""Authors in the model: the front-matter keys, matching names to people, and selection."""

from __future__ import annotations

import datetime as dt

import pytest

from chapbook.config import InvalidSettingError, _authors
from chapbook.model import frontmatter
from chapbook.model.authors import Author, Profile, profiles, resolve
from chapbook.model.post import Post
from chapbook.model.selection import Query, select


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\ntitle: A post\ndate: '2024-01-01'\n{yaml_text}\n---\n\nBody.\n")


def test_author_and_authors_are_merged_one_name_once() -> None:
    fm = read("author: '  Ada   Lovelace '\nauthors: [ada lovelace, Bob, 1815]")
    assert fm.authors == ("Ada Lovelace", "Bob", "1815")
    assert fm.problems == []
    # Kept for templates, as written; MyST never sees them (it would read Markdown).
    assert fm.extra["author"] == "  Ada   Lovelace "
    assert "author" not in frontmatter.myst_data(fm)
    assert "authors" not in frontmatter.myst_data(fm)


def test_either_key_takes_a_name_or_a_list() -> None:
    assert read("author: [Ada, Bob]").authors == ("Ada", "Bob")
    assert read("authors: Lovelace, Ada").authors == ("Lovelace, Ada",)
    assert read("title2: x").authors == ()


def test_bad_author_values_are_reported_with_their_line_and_skipped() -> None:
    fm = read("author: {name: Ada}\nauthors: [Bob, [x], true, '', Carl]")
    assert fm.authors == ("Bob", "Carl")
    assert [(p.line, p.message) for p in fm.problems] == [
        (4, "front-matter 'author': expected a name or a list of names, got a mapping"),
        (5, "front-matter 'authors': item 2 is a list, not a name; ignored"),
        (5, "front-matter 'authors': item 3 is true/false, not a name; ignored"),
    ]
    assert read("author: true").problems[0].message == (
        "front-matter 'author': expected a name or a list of names, got true/false"
    )


def test_author_names_lose_control_characters_and_are_bounded() -> None:
    fm = read('authors: ["Ada\\u0007 L", "' + "x" * 501 + '"]')
    assert fm.authors == ("Ada L",)
    assert [p.message for p in fm.problems] == [
        "front-matter 'authors': item 1: control characters removed",
        "front-matter 'authors': item 2 is too long (501 characters); ignored",
    ]
    many = read("authors: [" + ", ".join(f"a{n}" for n in range(25)) + "]")
    assert len(many.authors) == frontmatter.MAX_AUTHORS
    assert many.problems[-1].message == (
        "front-matter 'authors': 25 authors, at most 20; the rest are ignored"
    )


PEOPLE = profiles(
    {
        "ada": {"name": "Ada Lovelace", "url": "https://ada.example.org/", "avatar": ""},
        "Bob": {"name": "Bob Babbage", "url": "", "avatar": ""},
    }
)


def test_names_match_people_by_key_then_by_name() -> None:
    assert PEOPLE["bob"] == Profile("bob", "Bob Babbage")
    found = resolve(["ADA", "Ada  lovelace", "bob", "Charles Babbage", "charles babbage"], PEOPLE)
    assert found == (
        Author("ada", "Ada Lovelace"),
        Author("bob", "Bob Babbage"),
        Author("charles babbage", "Charles Babbage"),
    )
    assert resolve(["Ada"], {}) == (Author("ada", "Ada"),)


def post(docname: str, *names: str) -> Post:
    date = dt.date(2024, 1, 1 + len(docname))
    return Post(
        docname=docname, title=docname, date=date, datetime=date.isoformat(), description="",
        excerpt="", order=None, tags=(), popular=False, popularity=None,
        authors=resolve(names, PEOPLE),
    )  # fmt: skip


def test_a_listing_selects_posts_by_author_key_or_name() -> None:
    posts = [post("a", "ada"), post("bb", "Bob", "Ada Lovelace"), post("ccc"), post("dddd", "Cy")]
    titles = lambda query: [p.docname for p in select(posts, query)]  # noqa: E731
    assert titles(Query(authors=("ada",))) == ["bb", "a"]
    assert titles(Query(authors=("Ada Lovelace",))) == ["bb", "a"]
    assert titles(Query(authors=("cy", "bob"))) == ["dddd", "bb"]
    assert titles(Query()) == ["dddd", "ccc", "bb", "a"]
    assert Query.from_data(Query(authors=("ada",)).as_data()).authors == ("ada",)


def test_the_author_map_is_checked() -> None:
    assert _authors({" ada ": {"name": " Ada\x00  Lovelace", "url": "https://a.example/"}}) == {
        "ada": {"name": "Ada Lovelace", "url": "https://a.example/", "avatar": ""}
    }
    assert _authors({"bob": "Bob"}) == {"bob": {"name": "Bob", "url": "", "avatar": ""}}
    assert _authors({"cy": {"avatar": "/_static/cy.png"}})["cy"]["name"] == "cy"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"a": {"url": "javascript:alert(1)"}}, "entry 'a': url 'javascript:alert(1)' is not an "
         "http(s) address"),
        ({"a": {"url": 'https://x.example/"onload=x'}}, "entry 'a': url "
         "'https://x.example/\"onload=x' is not an http(s) address"),
        ({"a": {"avatar": "http://x.example/a.png"}}, "entry 'a': avatar "
         "'http://x.example/a.png' is neither an https address nor a site path (/...)"),
        ({"a": {"avatar": "/../etc/passwd"}}, "entry 'a': avatar '/../etc/passwd' is neither "
         "an https address nor a site path (/...)"),
        ({"a": {"nick": "x"}}, "entry 'a' must be a name or a mapping of name, url, avatar"),
        ({"a": ["Ada"]}, "entry 'a' must be a name or a mapping of name, url, avatar"),
        ({"a": {"name": 3}}, "entry 'a': every value must be text"),
        ({"Ada": "x", "ada ": "y"}, "keys 'Ada' and 'ada ' name one author"),
        ({"": "x"}, "key '' is not a name"),
    ],
)  # fmt: skip
def test_unusable_author_maps_are_refused(value: dict, message: str) -> None:
    with pytest.raises(InvalidSettingError) as caught:
        _authors(value)
    assert str(caught.value) == message
