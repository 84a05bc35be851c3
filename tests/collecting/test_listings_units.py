"""What a listing shows (``chapbook.collecting.listings``), one function at a time.

The build tests (``test_listings.py``, ``test_incremental.py``) check whole
pages; these call each function on a small environment made of plain
objects (the only parts of Sphinx's environment the module reads), so that
every rule is pinned to an exact result: which posts, in which order, which
fields of each, which pages a listing spreads over.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from docutils.utils import new_document

from chapbook.collecting import listings, navigation
from chapbook.collecting.listings import AuthorCard, Entry, Named, Neighbours, PostList, SeriesParts
from chapbook.collecting.state import (
    AuthorEntry,
    BuildState,
    Row,
    SeriesEntry,
    TagEntry,
    state,
)
from chapbook.model.authors import Author
from chapbook.model.post import Post
from chapbook.model.selection import Query
from chapbook.nodes import listing
from chapbook.warnings_ import Warn

if TYPE_CHECKING:
    from chapbook.collecting.state import StoredListing


def post(docname: str, day: str, **fields: Any) -> Post:
    """A post record with only what listings read; the title is the docname capitalised."""
    base: dict[str, Any] = {"tags": (), "popular": False, "popularity": None, "order": None}
    return Post(
        docname=docname,
        title=fields.pop("title", docname.capitalize()),
        date=dt.date.fromisoformat(day),
        datetime=day,
        description=fields.pop("description", ""),
        excerpt=fields.pop("excerpt", ""),
        **{**base, **fields},
    )


def environment(*posts: Post, root: str = "index", **tables: Any) -> SimpleNamespace:
    """An environment holding ``posts`` (in that order), their ranks, and ``tables``."""
    env = SimpleNamespace(
        chapbook=BuildState(posts={p.docname: p for p in posts}, **tables),
        config=SimpleNamespace(root_doc=root),
    )
    listings.refresh_order(env)  # type: ignore[arg-type]
    return env


def names(chosen: list[Post]) -> list[str]:
    return [p.docname for p in chosen]


# -- the collector --------------------------------------------------------------------


def stored(*kinds: str) -> list[StoredListing]:
    return [(kind, None) for kind in kinds]


def test_clear_doc_forgets_only_that_documents_listings() -> None:
    env = environment(listings={"a": stored("posts"), "b": stored("tags")})
    listings.ListingsCollector().clear_doc(None, env, "a")  # type: ignore[arg-type]
    assert state(env).listings == {"b": stored("tags")}


def test_clear_doc_of_a_document_without_listings_changes_nothing() -> None:
    env = environment(listings={"b": stored("tags")})
    listings.ListingsCollector().clear_doc(None, env, "a")  # type: ignore[arg-type]
    assert state(env).listings == {"b": stored("tags")}


def test_merge_other_takes_the_listings_of_the_documents_the_other_reader_read() -> None:
    env = environment(listings={"a": stored("posts"), "kept": stored("tags")})
    other = environment(
        listings={"a": stored("postnav"), "b": stored("series"), "unread": stored("tags")}
    )
    collector = listings.ListingsCollector()
    collector.merge_other(None, env, {"a", "b", "gone"}, other)  # type: ignore[arg-type]
    assert state(env).listings == {
        "a": stored("postnav"),
        "kept": stored("tags"),
        "b": stored("series"),
    }


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Warn, Any]]:
    """The warnings ``listings`` gives, as (message, subtype, location)."""
    found: list[tuple[str, Warn, Any]] = []

    def record(message: str, subtype: Warn, *, location: Any) -> None:
        found.append((message, subtype, location))

    monkeypatch.setattr(listings, "warn", record)
    return found


def read(*nodes: Any) -> SimpleNamespace:
    """Run the collector on a document ``blog`` holding ``nodes``; return the environment."""
    env = environment()
    env.docname = "blog"
    doctree = new_document("blog")
    for node in nodes:
        doctree += node
    listings.ListingsCollector().process_doc(SimpleNamespace(env=env), doctree)  # type: ignore[arg-type]
    return env


PAGED = Query(paginate=2).as_data()


def test_process_doc_records_each_listing_in_document_order(warnings: list[Any]) -> None:
    env = read(listing("posts", PAGED), listing("postnav"), listing("posts", Query().as_data()))
    assert state(env).listings == {
        "blog": [("posts", PAGED), ("postnav", None), ("posts", Query().as_data())]
    }
    assert warnings == []


def test_process_doc_records_nothing_for_a_document_without_listings() -> None:
    env = read()
    assert state(env).listings == {}


def test_two_paginated_postlists_on_a_page_are_reported_once(warnings: list[Any]) -> None:
    read(listing("posts", PAGED), listing("posts", Query(paginate=5).as_data()))
    assert warnings == [
        (
            "only the first paginated postlist on a page gets pages of its own",
            Warn.POSTLIST,
            "blog",
        )
    ]


def test_only_paginated_postlists_count_towards_the_warning(warnings: list[Any]) -> None:
    """Another kind with a paginate option, a postlist without a query or without
    pagination: none of them competes with the page's one paginated postlist."""
    read(
        listing("posts", PAGED),
        listing("tags", PAGED),
        listing("posts"),
        listing("posts", Query(paginate=None).as_data()),
    )
    assert warnings == []


# -- what a listing shows -------------------------------------------------------------


def test_refresh_order_stores_publication_ranks_and_years_newest_first() -> None:
    env = environment(
        post("middle", "2023-05-01"), post("new", "2025-01-01"), post("old", "2023-01-01")
    )
    assert state(env).ranks == {"old": 0, "middle": 1, "new": 2}
    assert state(env).years == (2025, 2023)


def test_selected_sorts_by_the_stored_publication_ranks() -> None:
    env = environment(post("a", "2020-01-01"), post("b", "2021-01-01"))
    state(env).ranks = {"a": 1, "b": 0}  # the order rule's ranks, whatever the dates say
    assert names(listings.selected(env, Query())) == ["a", "b"]


def test_selected_ranks_the_posts_again_when_the_stored_ranks_are_for_other_posts() -> None:
    env = environment(post("a", "2020-01-01"), post("b", "2021-01-01"))
    state(env).ranks = {"a": 0}
    assert names(listings.selected(env, Query())) == ["b", "a"]


def test_selected_excludes_posts_by_their_url_key() -> None:
    env = environment(
        post("blog/First", "2020-01-01"),
        post("second/index", "2021-01-01"),
        post("third", "2022-01-01"),
    )
    query = Query(exclude=("blog/first", "second"))
    assert names(listings.selected(env, query)) == ["third"]


def test_selected_excludes_the_root_document_by_the_sites_root_key() -> None:
    env = environment(post("start", "2020-01-01"), post("other", "2021-01-01"), root="start")
    assert names(listings.selected(env, Query(exclude=("",)))) == ["other"]


def test_selected_applies_the_tag_filter_through_the_tag_table() -> None:
    env = environment(
        post("a", "2020-01-01", tags=("Sea",)),
        post("b", "2021-01-01", tags=("land",)),
        post("c", "2022-01-01", tags=("sea", "rope")),
        tags={
            "sea": TagEntry("sea", "Sea", "sea", "tags/sea", ("a", "c")),
            "land": TagEntry("land", "land", "land", "tags/land", ("b",)),
            "rope": TagEntry("rope", "rope", "rope", "tags/rope", ("c",)),
        },
    )
    assert names(listings.selected(env, Query(tags=("SEA",)))) == ["c", "a"]
    assert names(listings.selected(env, Query(tags=("sea", "rope"), match="all"))) == ["c"]


TAGGED = (
    post("d", "2020-01-01", tags=("Sea",)),
    post("b", "2021-01-01", tags=("land",)),
    post("c", "2022-01-01", tags=("rope",)),
    post("a", "2023-01-01", tags=("sea",)),
)
TABLE = {
    "sea": TagEntry("sea", "Sea", "sea", "tags/sea", ("a", "d")),
    "land": TagEntry("land", "land", "land", "tags/land", ("b",)),
    "rope": TagEntry("rope", "rope", "rope", "tags/rope", ("c",)),
}


def candidates(query: Query, table: dict[str, TagEntry]) -> list[str]:
    env = environment(*TAGGED, tags=table)
    return names(list(listings._candidates(env, query, state(env).posts)))


def test_candidates_of_a_tag_query_are_the_tagged_posts_by_docname() -> None:
    assert candidates(Query(tags=("SEA", "Rope")), TABLE) == ["a", "c", "d"]


def test_candidates_skip_a_tag_no_post_carries() -> None:
    assert candidates(Query(tags=("nowhere", "land")), TABLE) == ["b"]


def test_candidates_of_a_query_without_tags_are_all_posts() -> None:
    assert candidates(Query(), TABLE) == ["d", "b", "c", "a"]


def test_candidates_when_the_tag_table_covers_every_post() -> None:
    table = {"all": TagEntry("all", "all", "all", "tags/all", ("a", "b", "c", "d"))}
    assert candidates(Query(tags=("all",)), table) == ["a", "b", "c", "d"]


def test_candidates_are_every_post_when_the_tag_table_names_a_post_no_longer_there() -> None:
    stale = {**TABLE, "sea": TagEntry("sea", "Sea", "sea", "tags/sea", ("a", "gone"))}
    assert candidates(Query(tags=("sea",)), stale) == ["d", "b", "c", "a"]


# -- content_of: a listing's signature ---------------------------------------------------


FIVE = tuple(post(name, f"202{n}-01-01") for n, name in enumerate("abcde"))


def shown(query: Query) -> tuple[Any, ...]:
    return listings.content_of(environment(*FIVE), "index", "posts", query)


def brief(name: str, day: str) -> Entry:
    """The entry of a FIVE post in the default format (date and tags; it has no tags)."""
    return Entry(name, name.capitalize(), dt.date.fromisoformat(day), day)


def test_a_postlist_shows_its_page_count_and_each_posts_fields() -> None:
    expected = PostList(1, (brief("e", "2024-01-01"), brief("d", "2023-01-01")))
    assert shown(Query(limit=2)) == expected


def test_a_paginated_postlist_shows_its_page_of_posts_and_the_number_of_pages() -> None:
    assert shown(Query(paginate=2).on_page(2)) == PostList(
        3, (brief("c", "2022-01-01"), brief("b", "2021-01-01"))
    )


def test_postnav_shows_the_neighbours_titles() -> None:
    env = environment(*FIVE)
    navigation.refresh(env)  # type: ignore[arg-type]
    assert listings.content_of(env, "c", "postnav", None) == Neighbours(
        Entry("b", "B"), Entry("d", "D"), None
    )


def test_postnav_shows_the_related_posts_date_and_preview() -> None:
    env = environment(*FIVE)
    related = post("a", "2020-01-01", preview=("First lines.",))
    env.chapbook.posts["a"] = related
    env.chapbook.neighbours = {"c": Row("b", "d", "a")}
    assert listings.content_of(env, "c", "postnav", None).related == Entry(
        "a", "A", dt.date(2020, 1, 1), "2020-01-01", preview=("First lines.",)
    )


def test_the_tag_index_shows_each_tags_name_page_and_count_a_to_z() -> None:
    env = environment(
        tags={
            "zen": TagEntry("zen", "Zen", "zen", "tags/zen", ("a",)),
            "apple": TagEntry("apple", "apple", "apple", "tags/apple", ("a", "b")),
            "beta": TagEntry("beta", "Beta", "beta", "tags/beta", ("c",)),
        }
    )
    assert listings.content_of(env, "tags/index", "tags", None) == (
        Named("apple", "tags/apple", 2),
        Named("Beta", "tags/beta", 1),
        Named("Zen", "tags/zen", 1),
    )


def test_sorted_tags_break_equal_names_by_slug() -> None:
    env = environment(
        tags={
            "x1": TagEntry("x1", "Go", "go-2", "tags/go-2", ()),
            "x2": TagEntry("x2", "go", "go", "tags/go", ()),
        }
    )
    assert [e.slug for e in listings.sorted_tags(env)] == ["go", "go-2"]


def test_sorted_tags_put_the_most_used_first_then_go_by_name() -> None:
    env = environment(
        tags={
            "beta": TagEntry("beta", "Beta", "beta", "tags/beta", ("c",)),
            "zen": TagEntry("zen", "Zen", "zen", "tags/zen", ("a", "b", "c")),
            "apple": TagEntry("apple", "apple", "apple", "tags/apple", ("a",)),
        }
    )
    assert [e.name for e in listings.sorted_tags(env)] == ["Zen", "apple", "Beta"]


SERIES = {
    "knots": SeriesEntry("knots", "Knots", "series/knots", ("b", "a", "gone")),
    "sails": SeriesEntry("sails", "Sails", "series/sails", ("c",)),
}


def series_env() -> SimpleNamespace:
    return environment(
        post("a", "2020-01-01", series="knots"),
        post("b", "2021-01-01", series="Knots"),
        post("c", "2022-01-01", series="sails"),
        post("d", "2023-01-01"),
        series=SERIES,
    )


def test_series_entry_of_a_part_and_of_the_series_page() -> None:
    env = series_env()
    assert listings.series_entry(env, "a") == SERIES["knots"]
    assert listings.series_entry(env, "series/sails") == SERIES["sails"]


def test_series_entry_of_a_page_outside_every_series_is_none() -> None:
    assert listings.series_entry(series_env(), "d") is None


@pytest.mark.parametrize("kind", ["series", "series-page"])
def test_a_series_box_or_page_shows_the_parts_still_there(kind: str) -> None:
    assert listings.content_of(series_env(), "a", kind, None) == SeriesParts(
        "Knots",
        "series/knots",
        (brief("b", "2021-01-01"), brief("a", "2020-01-01")),
    )


def test_a_series_box_of_a_post_outside_every_series_shows_nothing() -> None:
    assert listings.content_of(series_env(), "d", "series", None) is None


ADA = AuthorEntry("ada", "Ada Lovelace", "authors/ada", ("a", "b"), "https://ada.org", "/a.png")
BOB = AuthorEntry("bob", "bob", "authors/bob", ("b",))
#: Capitals sort before lower case by code point: "Carl" would come before "bob".
CARL = AuthorEntry("carl", "Carl Zeiss", "authors/carl", ("a",))


def authors_env() -> SimpleNamespace:
    return environment(
        post("a", "2020-01-01", authors=(Author("ada", "Ada"),)),
        post("b", "2021-01-01", authors=(Author("zed", "Zed"), Author("ada", "Ada L."))),
        authors={"carl": CARL, "bob": BOB, "ada": ADA},
    )


def test_a_byline_shows_each_author_as_the_post_names_them_with_their_page() -> None:
    assert listings.content_of(authors_env(), "b", "byline", None) == (
        Named("Zed", None),
        Named("Ada L.", "authors/ada"),
    )


def test_an_author_card_shows_the_authors_name_site_and_avatar() -> None:
    env = authors_env()
    assert listings.content_of(env, "authors/ada", "author-card", None) == AuthorCard(
        "Ada Lovelace", "https://ada.org", "/a.png"
    )
    assert listings.content_of(env, "a", "author-card", None) is None


def test_the_index_of_authors_shows_each_name_page_and_count_a_to_z() -> None:
    """A to Z whatever the case: a name written in lower case is not sorted last."""
    assert listings.content_of(authors_env(), "authors/index", "authors", None) == (
        Named("Ada Lovelace", "authors/ada", 2),
        Named("bob", "authors/bob", 1),
        Named("Carl Zeiss", "authors/carl", 1),
    )


DAY = dt.date(2024, 3, 1)
TAG_PAGES = (("x", "tags/x-2"), ("y", None))
COVERED = post(
    "p",
    "2024-03-01",
    title="Cover",
    description="About it.",
    tags=("x", "y"),
    cover="img/c.png",
    cover_size=(640, 480),
)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("title", Entry("p", "Cover")),
        ("title-date-tags", Entry("p", "Cover", DAY, "2024-03-01", tags=TAG_PAGES)),
        ("title-date-description", Entry("p", "Cover", DAY, "2024-03-01", "About it.")),
        (
            "title-date-description-tags",
            Entry("p", "Cover", DAY, "2024-03-01", "About it.", TAG_PAGES),
        ),
        (
            "cards",
            Entry("p", "Cover", DAY, "2024-03-01", "About it.", (), "img/c.png", (640, 480)),
        ),
    ],
)
def test_each_format_shows_its_fields(fmt: str, expected: Entry) -> None:
    # Each tag with its page, so that a tag page moving (a new slug) rewrites the lists.
    env = environment(COVERED, tags={"x": TagEntry("x", "x", "x-2", "tags/x-2", ("p",))})
    assert listings.entry(env, COVERED, fmt) == expected  # type: ignore[arg-type]


def test_every_kind_of_listing_is_drawn_and_every_drawing_has_a_kind() -> None:
    from chapbook.site.listings import RENDERERS

    assert RENDERERS.keys() == listings.KINDS.keys()


@pytest.mark.parametrize(
    ("host", "number", "root", "expected"),
    [
        ("blog", 1, "index", "blog"),
        ("blog", 2, "index", "blog/page/2"),
        ("News/index", 3, "index", "news/page/3"),
        ("index", 2, "index", "page/2"),
        ("start", 4, "start", "page/4"),
    ],
)
def test_page_docname(host: str, number: int, root: str, expected: str) -> None:
    assert listings.page_docname(host, number, root) == expected


def test_setup_registers_the_collector() -> None:
    added: list[type] = []
    app = SimpleNamespace(add_env_collector=added.append)
    assert listings.setup(app) == {  # type: ignore[arg-type]
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
    assert added == [listings.ListingsCollector]
