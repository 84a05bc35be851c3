"""Which pages an incremental build writes again (``chapbook.collecting.refresh``).

``test_incremental.py`` compares whole output folders after edits; these
call each of refresh's rules on a small environment of plain objects and
pin the exact set of documents it names: listings whose content changed,
pages linking to an address that appeared or vanished, every page when the
sidebar changed, generated pages whose output is missing.  ``update``, which
joins them, runs on a small built site.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook.collecting import freshness, listings, navigation, refresh
from chapbook.collecting.state import BuildState, Page, TagEntry, state
from chapbook.model.post import Post
from chapbook.model.selection import Query
from tests.helpers import ROOTS, warnings_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def post(docname: str, day: str, *, title: str = "") -> Post:
    return Post(
        docname=docname, title=title or docname.capitalize(), date=dt.date.fromisoformat(day),
        datetime=day, description="", excerpt="", order=None, tags=(), popular=False,
        popularity=None,
    )  # fmt: skip


class Domain:
    """The parts of the ``chapbook`` domain refresh reads: link targets and URL lookup."""

    def __init__(self, wanted: dict[str, frozenset[str]], urls: dict[str, str]) -> None:
        self.data = {"wanted": wanted}
        self.urls = urls
        self.looked_up: list[str] = []

    def lookup(self, key: str) -> str | None:
        self.looked_up.append(key)
        return self.urls.get(key)


def environment(
    *posts: Post,
    docs: tuple[str, ...] = (),
    wanted: dict[str, frozenset[str]] | None = None,
    urls: dict[str, str] | None = None,
    nav: tuple[tuple[str, str], ...] = (),
    masthead: tuple[tuple[str, str], ...] = (),
    **tables: Any,
) -> SimpleNamespace:
    """An environment holding ``posts`` and the other documents ``docs``."""
    env = SimpleNamespace(
        chapbook=BuildState(posts={p.docname: p for p in posts}, **tables),
        config=SimpleNamespace(
            root_doc="index", chapbook_nav=list(nav), chapbook_masthead_links=list(masthead)
        ),
        domains={"chapbook": Domain(wanted or {}, urls or {})},
        all_docs=dict.fromkeys([*docs, *(p.docname for p in posts)], 0.0),
    )
    listings.refresh_order(env)  # type: ignore[arg-type]
    navigation.refresh(env)  # type: ignore[arg-type]
    return env


def retitle(env: SimpleNamespace, docname: str, title: str) -> None:
    posts = state(env).posts  # type: ignore[arg-type]
    posts[docname] = replace(posts[docname], title=title)
    listings.refresh_order(env)  # type: ignore[arg-type]
    navigation.refresh(env)  # type: ignore[arg-type]


# -- listings whose content changed ------------------------------------------------------


def listing_env() -> SimpleNamespace:
    """Home shows the newest post only; the tag index and ``a``'s neighbours show titles."""
    return environment(
        post("a", "2020-01-01"),
        post("b", "2021-01-01"),
        post("c", "2022-01-01"),
        listings={
            "index": [("posts", Query(limit=1).as_data())],
            "tags/index": [("tags", None)],
            "a": [("postnav", None)],
        },
    )


def test_every_listing_is_new_in_the_first_build() -> None:
    assert refresh._changed_listings(listing_env()) == {"index", "tags/index", "a"}


def test_listings_that_show_the_same_are_not_rewritten() -> None:
    env = listing_env()
    refresh._changed_listings(env)
    assert refresh._changed_listings(env) == set()


def test_a_retitled_post_rewrites_the_listings_that_show_it() -> None:
    env = listing_env()
    refresh._changed_listings(env)
    retitle(env, "b", "B, renamed")  # a's next post; not on the home page (limit 1)
    assert refresh._changed_listings(env) == {"a"}


def test_a_listing_of_a_page_with_no_listings_any_more_is_forgotten() -> None:
    env = listing_env()
    refresh._changed_listings(env)
    del state(env).listings["tags/index"]  # type: ignore[arg-type]
    assert refresh._changed_listings(env) == set()
    assert state(env).listing_signatures.keys() == {"index", "a"}  # type: ignore[arg-type]


@pytest.fixture
def derived(monkeypatch: pytest.MonkeyPatch) -> tuple[SimpleNamespace, list[str]]:
    """``listing_env`` after one refresh, and the documents whose listings are derived
    from then on, one entry per listing."""
    env = listing_env()
    refresh._changed_listings(env)
    found: list[str] = []
    original = listings.content_of

    def content_of(env: Any, docname: str, kind: str, query: Any) -> Any:
        found.append(docname)
        return original(env, docname, kind, query)

    monkeypatch.setattr(listings, "content_of", content_of)
    return env, found


def test_listings_with_the_same_inputs_and_definitions_are_not_derived_again(
    derived: tuple[SimpleNamespace, list[str]],
) -> None:
    env, found = derived
    # A post read again into an equal record (a body edit past its excerpt).
    posts = state(env).posts  # type: ignore[arg-type]
    posts["b"] = replace(posts["b"])
    assert refresh._changed_listings(env) == set()
    assert found == []


def test_a_page_whose_listings_changed_is_the_only_one_derived_again(
    derived: tuple[SimpleNamespace, list[str]],
) -> None:
    env, found = derived
    state(env).listings["index"] = [("posts", Query(limit=2).as_data())]  # type: ignore[arg-type]
    assert refresh._changed_listings(env) == {"index"}
    assert found == ["index"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda env: retitle(env, "b", "B, renamed"), id="a post's record"),
        pytest.param(lambda env: setattr(env.config, "root_doc", "home"), id="the root document"),
        pytest.param(
            lambda env: state(env).tags.update(x=TagEntry("x", "X", "x", "tags/x", ("a",))),
            id="the tag table",
        ),
    ],
)
def test_a_change_of_any_input_derives_every_listing_again(
    derived: tuple[SimpleNamespace, list[str]], change: Any
) -> None:
    env, found = derived
    change(env)
    refresh._changed_listings(env)
    assert sorted(found) == ["a", "index", "tags/index"]


# -- generated pages whose output is missing -----------------------------------------------


def app_for(env: SimpleNamespace, builder: str, outdir: Path) -> SimpleNamespace:
    return SimpleNamespace(
        env=env,
        builder=SimpleNamespace(name=builder, get_output_path=lambda d: outdir / d / "index.html"),
    )


def generated(*docnames: str) -> dict[str, Page]:
    return {d: Page(d, d.title(), ()) for d in docnames}


def test_generated_pages_whose_output_is_missing_are_written_again(tmp_path: Path) -> None:
    env = environment(docs=("index", "about"), pages=generated("archive", "tags/sea"))
    for docname in ("archive", "about"):
        (tmp_path / docname).mkdir()
        (tmp_path / docname / "index.html").write_text("written")
    (tmp_path / "tags" / "sea" / "index.html").mkdir(parents=True)  # a folder, not a page
    assert freshness.unwritten_pages(app_for(env, "dirhtml", tmp_path), env) == {"tags/sea"}


def test_a_builder_other_than_the_sites_writes_no_missing_page_again(tmp_path: Path) -> None:
    env = environment(pages=generated("archive"))
    assert freshness.unwritten_pages(app_for(env, "latex", tmp_path), env) == set()


# -- the sidebar -------------------------------------------------------------------------------


NAV = (("About", "/About/"), ("Home", "/"), ("Xmas", "/Xmas/"))
#: The masthead's links: a page, a file of the site, a page that is not there, another site.
MASTHEAD = (
    ("Xmas", "/xmas/#day"),
    ("RSS", "/rss.xml"),
    ("Gone", "/gone/"),
    ("Elsewhere", "https://example.org/about/"),
)


def sidebar_env() -> SimpleNamespace:
    return environment(
        post("a", "2020-01-01"),
        post("b", "2022-01-01"),
        urls={"about": "about", "": "index", "xmas": "xmas"},
        nav=NAV,
        masthead=MASTHEAD,
        site_files=frozenset({"rss.xml"}),
    )


def test_the_first_build_has_no_sidebar_to_compare_with() -> None:
    env = sidebar_env()
    assert refresh._sidebar_changed(env) is False
    assert state(env).sidebar == (  # type: ignore[arg-type]
        (2022, 2020),
        ("about", "index", "xmas"),
        (("doc", "xmas"), ("file", "rss.xml"), None),
        False,  # no post is popular
    )
    assert env.domains["chapbook"].looked_up == ["about", "", "xmas", "xmas", "rss.xml", "gone"]


def test_the_same_years_and_sections_keep_the_sidebar() -> None:
    env = sidebar_env()
    refresh._sidebar_changed(env)
    assert refresh._sidebar_changed(env) is False


def test_a_new_year_changes_the_sidebar() -> None:
    env = sidebar_env()
    refresh._sidebar_changed(env)
    state(env).posts["c"] = post("c", "2019-06-01")  # type: ignore[arg-type]
    assert refresh._sidebar_changed(env) is True


def test_a_section_that_vanished_changes_the_sidebar() -> None:
    env = sidebar_env()
    refresh._sidebar_changed(env)
    del env.domains["chapbook"].urls["about"]
    assert refresh._sidebar_changed(env) is True


def test_a_page_of_the_masthead_that_appeared_changes_every_page() -> None:
    env = sidebar_env()
    refresh._sidebar_changed(env)
    env.domains["chapbook"].urls["gone"] = "gone"
    assert refresh._sidebar_changed(env) is True


def test_a_file_of_the_masthead_that_vanished_changes_every_page() -> None:
    env = sidebar_env()
    refresh._sidebar_changed(env)
    state(env).site_files = frozenset()  # type: ignore[arg-type]
    assert refresh._sidebar_changed(env) is True


# -- link targets that appeared or vanished ----------------------------------------------


def links_env() -> SimpleNamespace:
    return environment(
        docs=("index", "about/index", "Notes"),
        wanted={
            "index": frozenset({"about", "new"}),
            "about/index": frozenset({"notes", "tags/sea"}),
            "Notes": frozenset({"feed.xml"}),
        },
        tags={"sea": TagEntry("sea", "Sea", "sea", "tags/sea", ())},
        aliases={"old/address": "index"},
        site_files=frozenset({"feed.xml"}),
    )


def test_the_first_build_records_every_address_and_rewrites_nothing() -> None:
    env = links_env()
    assert refresh._changed_link_targets(env) == set()
    assert state(env).url_keys == {  # type: ignore[arg-type]
        "",
        "about",
        "notes",
        freshness.tag_with_page("sea", "tags/sea"),
        freshness.with_page("old/address", "index"),
        "feed.xml",
    }


def test_a_new_tag_rewrites_the_links_to_it_and_to_a_tag_it_moved_only() -> None:
    """Every post links to its tags; a new tag used to rewrite every page that links to any."""
    env = links_env()
    refresh._changed_link_targets(env)
    sea = state(env).tags["sea"]  # type: ignore[index]
    state(env).tags = {"sea": sea, "new": TagEntry("new", "New", "new", "tags/new", ())}  # type: ignore[assignment]
    assert refresh._changed_link_targets(env) == set()  # nothing links to it yet
    moved = TagEntry("sea", "Sea", "sea", "tags/sea-2", ())
    state(env).tags = {"sea": moved, "new": TagEntry("new", "New", "new", "tags/new", ())}  # type: ignore[assignment]
    assert refresh._changed_link_targets(env) == {"about/index"}


def test_the_root_documents_address_is_the_site_root() -> None:
    env = environment(docs=("start", "index", "a"))
    env.config.root_doc = "start"
    refresh._changed_link_targets(env)
    assert state(env).url_keys == {"", "a"}  # type: ignore[arg-type]


def test_the_same_addresses_rewrite_nothing() -> None:
    env = links_env()
    refresh._changed_link_targets(env)
    assert refresh._changed_link_targets(env) == set()


def test_a_new_page_rewrites_the_pages_linking_to_its_address() -> None:
    env = links_env()
    refresh._changed_link_targets(env)
    env.all_docs["new"] = 0.0
    assert refresh._changed_link_targets(env) == {"index"}


def test_a_vanished_page_rewrites_the_pages_linking_to_its_address() -> None:
    env = links_env()
    refresh._changed_link_targets(env)
    del env.all_docs["Notes"]
    assert refresh._changed_link_targets(env) == {"about/index"}


def test_an_old_address_that_moves_rewrites_the_pages_linking_to_it() -> None:
    """Another post claims it first, or the post it goes to is renamed: the key stays."""
    env = links_env()
    env.domains["chapbook"].data["wanted"]["Notes"] = frozenset({"old/address"})
    refresh._changed_link_targets(env)
    state(env).aliases = {"old/address": "about/index"}  # type: ignore[attr-defined]
    assert refresh._changed_link_targets(env) == {"Notes"}


def test_a_vanished_site_file_rewrites_the_pages_linking_to_it() -> None:
    env = links_env()
    refresh._changed_link_targets(env)
    state(env).site_files = frozenset()  # type: ignore[arg-type]
    assert refresh._changed_link_targets(env) == {"Notes"}


WANTED = {
    "a": frozenset({"x", "tags/foo"}),
    "b": frozenset({"tags/bar"}),
    "c": frozenset({"y"}),
    "d": frozenset(),
}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"x"}, {"a"}),
        ({"y", "z"}, {"c"}),
        # A tag that came, went or moved (its key noted with its page): its links only.
        ({freshness.tag_with_page("new", "tags/new")}, set()),
        ({freshness.tag_with_page("bar", "tags/bar-2")}, {"b"}),
        ({"y", freshness.tag_with_page("foo", "tags/foo")}, {"a", "c"}),
        ({"z", "tagsy"}, set()),
        (set(), set()),
    ],
)
def test_docs_linking_to(keys: set[str], expected: set[str]) -> None:
    env = environment(wanted=WANTED)
    assert freshness.docs_linking_to(env, keys) == expected  # type: ignore[arg-type]


def test_docs_with_links_elsewhere_than_tags_stay_when_a_tag_changes() -> None:
    env = environment(wanted={"a": frozenset({"tagsx", "x/tags/y"}), "b": frozenset({"tags/q"})})
    moved = {freshness.tag_with_page("q", "tags/q")}
    assert freshness.docs_linking_to(env, moved) == {"b"}  # type: ignore[arg-type]


def test_a_link_names_a_tag_by_any_spelling() -> None:
    """The domain resolves ``tags/Some  Tag`` by the tag's key: so does the rewrite."""
    env = environment(wanted={"a": frozenset({"tags/Some  Tag"}), "b": frozenset({"tags/other"})})
    moved = {freshness.tag_with_page("some tag", "tags/some-tag-2")}
    assert freshness.docs_linking_to(env, moved) == {"a"}  # type: ignore[arg-type]


# -- update: the rules together, on a built site ----------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Iterator[SphinxTestApp]:
    """The incremental root, built once, and the application that built it (still usable)."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-incremental", src)
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "out")
    app.build()
    yield app
    app.cleanup()


def test_update_after_a_build_with_nothing_changed_rewrites_nothing(built: SphinxTestApp) -> None:
    assert refresh.update(built, built.env) == []


def test_update_rewrites_a_generated_page_whose_output_is_missing(built: SphinxTestApp) -> None:
    built.builder.get_output_path("tags/alpha").unlink()
    assert refresh.update(built, built.env) == ["tags/alpha"]


def test_update_rewrites_every_page_when_the_sidebar_changed(built: SphinxTestApp) -> None:
    state(built.env).sidebar = ((1999,), ())
    assert refresh.update(built, built.env) == sorted(built.env.all_docs)


def test_update_rewrites_the_pages_whose_listing_changed(built: SphinxTestApp) -> None:
    signatures = state(built.env).listing_signatures
    signatures["popular"] = "stale"
    state(built.env).listing_inputs = ()  # as if the posts had changed: derived again
    assert refresh.update(built, built.env) == ["popular"]


def test_update_keeps_a_signature_whose_listing_and_inputs_are_the_same(
    built: SphinxTestApp,
) -> None:
    state(built.env).listing_signatures["popular"] = "kept"
    assert refresh.update(built, built.env) == []
    assert state(built.env).listing_signatures["popular"] == "kept"


def test_update_rewrites_the_pages_linking_to_a_new_address(built: SphinxTestApp) -> None:
    state(built.env).url_keys.discard("first")  # as if ``first`` were new in this build
    assert refresh.update(built, built.env) == ["index", "second"]  # /first, /first#top


def test_update_finds_site_files_in_the_sites_folder(built: SphinxTestApp) -> None:
    (built.srcdir / "extra").mkdir()
    (built.srcdir / "extra" / "manifest.json").write_text("{}")
    built.config.html_extra_path = ["extra"]
    before = state(built.env).site_files
    refresh.update(built, built.env)
    assert state(built.env).site_files - before == {"manifest.json"}


def test_update_finds_author_avatars_in_the_sites_folder(built: SphinxTestApp) -> None:
    (built.srcdir / "_static").mkdir()
    (built.srcdir / "_static" / "ada.png").write_bytes(b"")
    built.config.html_static_path = ["_static"]
    built.config.chapbook_authors = {"ada": {"avatar": "/_static/ada.png"}}
    built.warning.seek(0)
    built.warning.truncate()  # the build's own warnings (a link to a future post)
    refresh.update(built, built.env)
    assert warnings_of(built) == []


def test_setup_connects_update_after_every_read_phase() -> None:
    connected: list[tuple[str, Any]] = []
    app = SimpleNamespace(connect=lambda event, handler: connected.append((event, handler)))
    assert refresh.setup(app) == {  # type: ignore[arg-type]
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
    assert connected == [("env-updated", refresh.update)]
