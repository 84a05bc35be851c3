"""The rules of what an incremental build writes again (``chapbook.collecting.freshness``).

Each rule is called directly: on a bare ``BuildState`` for what the environment keeps,
on a stand-in application (an output folder, a doctree folder) for the stamps kept
beside the doctrees.  ``test_refresh_units.py`` checks what ``refresh`` feeds them from
a real environment, ``test_output_cleanup.py`` what ``site.output`` does with them.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.environment import CONFIG_CHANGED, CONFIG_OK

from chapbook.collecting import freshness
from chapbook.collecting.state import BuildState, Page

if TYPE_CHECKING:
    from pathlib import Path

    from chapbook.collecting.state import StoredListing

DEFS: dict[str, list[StoredListing]] = {
    "index": [("recent", None)],
    "tags/sea": [("tagged", {"tags": ["sea"]})],
}


def stand_in(tmp_path: Path, outdir: str = "out") -> Any:
    out = tmp_path / outdir
    out.mkdir(parents=True, exist_ok=True)
    (tmp_path / "doctrees").mkdir(exist_ok=True)
    return SimpleNamespace(builder=SimpleNamespace(outdir=out), doctreedir=tmp_path / "doctrees")


class Shown:
    """What each page's listings show (``shown[docname]``), counting the pages derived."""

    def __init__(self, **shown: object) -> None:
        self.shown = dict(shown)
        self.derived: list[str] = []

    def __call__(self, docname: str, found: list[StoredListing]) -> object:
        self.derived.append(docname)
        return (self.shown.get(docname), found)


def noted(
    chapbook: BuildState, inputs: tuple[Any, ...], shown: Shown, defs: Any = None
) -> set[str]:
    return freshness.note_listings(chapbook, inputs, defs or DEFS, shown)


# -- digests and the listings' token ----------------------------------------------------------


def test_a_digest_is_stable_and_tells_values_apart() -> None:
    assert freshness.digest(["a", 1]) == freshness.digest(["a", 1])
    assert freshness.digest(["a", 1]) != freshness.digest(["a", 2])
    assert len(freshness.digest(None)) == 64


def test_the_token_is_kept_with_the_same_inputs_and_renewed_with_others() -> None:
    assert freshness.next_token("abc", same_inputs=True) == "abc"
    renewed = {freshness.next_token("abc", same_inputs=False) for _ in range(3)}
    assert "abc" not in renewed
    assert len(renewed) == 3  # random: never one an earlier build had


# -- listings ---------------------------------------------------------------------------------


def test_a_first_build_signs_every_listing_and_sets_a_token() -> None:
    chapbook = BuildState()
    assert noted(chapbook, ("v1",), Shown(index=1)) == {"index", "tags/sea"}
    assert chapbook.listing_signatures.keys() == {"index", "tags/sea"}
    assert chapbook.listing_token
    assert chapbook.listing_inputs == ("v1",)
    assert chapbook.listing_defs == DEFS


def test_unchanged_inputs_keep_every_signature_and_the_token_without_deriving() -> None:
    chapbook = BuildState()
    noted(chapbook, ("v1",), Shown(index=1))
    token, signatures = chapbook.listing_token, dict(chapbook.listing_signatures)
    again = Shown(index="would differ if derived")
    assert noted(chapbook, ("v1",), again) == set()
    assert again.derived == []
    assert chapbook.listing_token == token
    assert chapbook.listing_signatures == signatures


def test_changed_inputs_renew_the_token_and_name_only_pages_that_show_something_else() -> None:
    chapbook = BuildState()
    noted(chapbook, ("v1",), Shown(index=1))
    token = chapbook.listing_token
    again = Shown(index=2)
    assert noted(chapbook, ("v2",), again) == {"index"}
    assert sorted(again.derived) == ["index", "tags/sea"]
    assert chapbook.listing_token != token


def test_changed_inputs_that_change_no_listing_still_renew_the_token() -> None:
    """The sitemap compares the token: the posts' dates are among the listings' inputs."""
    chapbook = BuildState()
    noted(chapbook, ("v1",), Shown(index=1))
    token = chapbook.listing_token
    assert noted(chapbook, ("v2",), Shown(index=1)) == set()
    assert chapbook.listing_token != token


def test_a_changed_definition_derives_that_page_alone() -> None:
    chapbook = BuildState()
    noted(chapbook, ("v1",), Shown(index=1))
    token = chapbook.listing_token
    defs = {**DEFS, "index": [("recent", {"limit": 3})]}
    again = Shown(index=1)
    assert noted(chapbook, ("v1",), again, defs) == {"index"}
    assert again.derived == ["index"]
    assert chapbook.listing_token == token  # the inputs are the same


def test_a_page_that_gains_a_listing_is_named() -> None:
    chapbook = BuildState()
    noted(chapbook, ("v1",), Shown(), {"index": DEFS["index"]})
    assert noted(chapbook, ("v1",), Shown(), DEFS) == {"tags/sea"}


# -- the sidebar and the site's addresses --------------------------------------------------------


def test_the_sidebar_changes_only_against_an_earlier_build() -> None:
    chapbook = BuildState()
    assert freshness.note_sidebar(chapbook, ((2024,),)) is False  # first build: all written
    assert freshness.note_sidebar(chapbook, ((2024,),)) is False
    assert freshness.note_sidebar(chapbook, ((2025, 2024),)) is True
    assert chapbook.sidebar == ((2025, 2024),)


def test_url_keys_that_appeared_or_vanished() -> None:
    chapbook = BuildState()
    assert freshness.note_url_keys(chapbook, {"", "a", "b"}) == set()  # first build
    assert freshness.note_url_keys(chapbook, {"", "a", "b"}) == set()
    assert freshness.note_url_keys(chapbook, {"", "a", "c"}) == {"b", "c"}
    assert chapbook.url_keys == {"", "a", "c"}


# -- builds that did not finish ------------------------------------------------------------


def test_an_interrupted_build_makes_the_next_one_write_everything(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    assert freshness.mark_started(app) is False
    freshness.mark_finished(app)
    assert freshness.mark_started(app) is False  # the last one finished
    # ... killed here: never finished
    assert freshness.mark_started(app) is True
    assert freshness.mark_started(app) is True  # until one finishes
    freshness.mark_finished(app)
    assert freshness.mark_started(app) is False


def test_after_an_interrupted_build_every_document_is_written_again(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    env = SimpleNamespace(all_docs=dict.fromkeys(("index", "a"), 0.0))
    feeds = freshness.stamp(app, "feeds.sig")
    assert freshness.rewrite_after_unfinished(app, env) == set()  # no build before
    freshness.mark_finished(app)
    assert freshness.rewrite_after_unfinished(app, env) == set()
    feeds.write_text("noted, then killed before the feeds were written")
    assert freshness.rewrite_after_unfinished(app, env) == {"index", "a"}
    assert not feeds.exists()


def test_a_generated_page_is_made_again_only_when_stale() -> None:
    page = Page("tags/sea", "Posts tagged sea", ())
    env = SimpleNamespace(config_status=CONFIG_OK, all_docs={"tags/sea": 0.0})
    assert freshness.stale_page(env, page, page) is False
    assert freshness.stale_page(env, None, page) is True  # new
    assert freshness.stale_page(env, Page("tags/sea", "Sea", ()), page) is True  # redefined
    assert freshness.stale_page(SimpleNamespace(**{**vars(env), "all_docs": {}}), page, page)
    assert freshness.stale_page(
        SimpleNamespace(**{**vars(env), "config_status": CONFIG_CHANGED}), page, page
    )


def test_each_output_folder_finishes_on_its_own(tmp_path: Path) -> None:
    html, other = stand_in(tmp_path, "html"), stand_in(tmp_path, "other")
    freshness.mark_started(html)
    freshness.mark_started(other)
    freshness.mark_finished(html)
    assert freshness.mark_started(html) is False
    assert freshness.mark_started(other) is True


def test_after_an_interrupted_build_every_digest_is_forgotten(tmp_path: Path) -> None:
    """A digest noted before its outputs were written describes outputs never written:
    the sitemap's too (its note is taken before ``sitemap.xml`` is written)."""
    app = stand_in(tmp_path)
    for name in freshness.STAMPS - {"jinja"}:
        freshness.stamp(app, name).write_text("noted")
    freshness.forget_unfinished_writes(app)
    left = {name for name in freshness.STAMPS if freshness.stamp(app, name).exists()}
    kept = {"feeds.json", "sitemap.json", "tag-feeds.json", "redirects.json", "unfinished.json", "published.json",
            "warned.json"}  # fmt: skip
    assert left == kept


def test_a_forgotten_digest_makes_its_outputs_again(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    sitemap = app.builder.outdir / "sitemap.xml"
    sitemap.write_text("old")
    record = freshness.stamp(app, "sitemap.sig")
    assert freshness.inputs_unchanged(record, "new", [sitemap]) is False  # noted, then killed
    freshness.forget_unfinished_writes(app)
    assert freshness.inputs_unchanged(record, "new", [sitemap]) is False


def test_stamps_are_named_and_kept_beside_the_doctrees(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    assert freshness.stamp(app, "feeds.sig") == tmp_path / "doctrees" / "chapbook-feeds.sig"
    with pytest.raises(AssertionError):
        freshness.stamp(app, "undeclared.json")


# -- documents and files that are gone ---------------------------------------------------------


def test_documents_published_before_and_gone(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    assert freshness.gone_documents(app, {"index"}) == set()  # nothing published yet
    freshness.note_published(app, ["index", "a", "b"])
    assert freshness.gone_documents(app, {"index", "a", "b"}) == set()
    assert freshness.gone_documents(app, {"index", "c"}) == {"a", "b"}
    # Asking does not forget: a build killed while deleting leaves them to the next.
    assert freshness.gone_documents(app, {"index"}) == {"a", "b"}
    freshness.note_published(app, ["index"])
    assert freshness.gone_documents(app, {"index"}) == set()


def test_published_documents_are_kept_per_output_folder(tmp_path: Path) -> None:
    html, other = stand_in(tmp_path, "html"), stand_in(tmp_path, "other")
    freshness.note_published(html, ["index", "a"])
    freshness.note_published(other, ["index"])
    assert freshness.gone_documents(html, {"index"}) == {"a"}
    assert freshness.gone_documents(other, {"index"}) == set()


def test_files_written_before(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    assert freshness.written_before(app, "redirects") == set()
    freshness.note_written(app, "redirects", {"b/index.html", "a\nindex.html"})
    assert freshness.written_before(app, "redirects") == {"b/index.html", "a\nindex.html"}
    assert freshness.written_before(app, "tag-feeds") == set()


# -- a digest per output --------------------------------------------------------------------


def test_outputs_made_from_the_same_inputs_are_fresh(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    (app.builder.outdir / "a.xml").write_text("made")
    first = freshness.Digests.read(app, "tag-feeds.sig", "whole")
    assert first.all_fresh() is False  # no record
    assert first.fresh("a.xml", "1") is False
    first.save()
    again = freshness.Digests.read(app, "tag-feeds.sig", "whole")
    assert again.all_fresh() is True
    assert again.fresh("a.xml", "1") is True
    assert again.fresh("a.xml", "2") is False  # its own inputs changed


def test_another_whole_digest_or_a_missing_file_is_not_fresh(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    made = app.builder.outdir / "a.xml"
    made.write_text("made")
    digests = freshness.Digests.read(app, "tag-feeds.sig", "whole")
    digests.fresh("a.xml", "1")
    digests.save()
    assert freshness.Digests.read(app, "tag-feeds.sig", "other").all_fresh() is False
    made.unlink()
    missing = freshness.Digests.read(app, "tag-feeds.sig", "whole")
    assert missing.all_fresh() is False
    assert missing.fresh("a.xml", "1") is False


def test_a_record_that_cannot_be_read_makes_everything_again(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    (app.builder.outdir / "a.xml").write_text("made")
    freshness.stamp(app, "tag-feeds.sig").write_bytes(b"\xff{")
    digests = freshness.Digests.read(app, "tag-feeds.sig", "whole")
    assert digests.all_fresh() is False
    assert digests.fresh("a.xml", "1") is False


def test_only_the_outputs_noted_this_time_are_saved(tmp_path: Path) -> None:
    """A tag gone from the blog leaves the record: the next build does not ask its file."""
    app = stand_in(tmp_path)
    first = freshness.Digests.read(app, "tag-feeds.sig", "w1")
    first.fresh("a.xml", "1")
    first.fresh("gone.xml", "2")
    first.save()
    second = freshness.Digests.read(app, "tag-feeds.sig", "w2")
    second.fresh("a.xml", "1")
    second.save()
    assert freshness.read_record(freshness.stamp(app, "tag-feeds.sig")) == {
        freshness.WHOLE: "w2",
        "a.xml": "1",
    }
