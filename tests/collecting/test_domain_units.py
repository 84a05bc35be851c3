"""Where links written as site paths go (``chapbook.collecting.domain``), one step at a time.

The link and alias tests build blogs; these call the domain directly on a
stand-in environment and builder and pin each answer: which page a URL key
names, what a link that matches nothing or names a missing section becomes in
each builder, which post an old address claimed twice goes to, and the warnings.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from docutils import nodes
from sphinx import addnodes

from chapbook.collecting import domain
from chapbook.collecting.state import BuildState, TagEntry, state
from chapbook.reading.sitelinks import site_xref
from chapbook.warnings_ import Warn

CONFIG = {
    "root_doc": "index",
    "html_baseurl": "",
    "chapbook_feeds": {"rss.xml": "rss", "atom.xml": "atom"},
    "chapbook_redirects_file": False,
    "chapbook_tag_feeds": True,
    "tags_output_dir": "tags",
    "html_extra_path": [],
}


class Env:
    def __init__(self, **config: Any) -> None:
        self.domaindata: dict[str, Any] = {}
        self.config = SimpleNamespace(**{**CONFIG, **config})
        self.chapbook = BuildState()
        self.domains = {"chapbook": domain.ChapbookDomain(self)}  # type: ignore[arg-type]


class Builder:
    def __init__(self, name: str = "dirhtml", fmt: str = "html", baseurl: str = "") -> None:
        self.name = name
        self.format = fmt
        self.config = SimpleNamespace(html_baseurl=baseurl, root_doc="index")

    def get_target_uri(self, docname: str) -> str:
        return "" if docname == "index" else f"{docname.removesuffix('/index')}/"

    def get_relative_uri(self, source: str, target: str) -> str:
        return f"rel({source}->{target})"


@pytest.fixture
def env() -> Env:
    return Env()


@pytest.fixture
def chapbook(env: Env) -> domain.ChapbookDomain:
    return env.domains["chapbook"]  # type: ignore[return-value]


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Warn, object]]:
    warnings: list[tuple[str, Warn, object]] = []

    def record(message: str, subtype: Warn, *, location: object) -> None:
        warnings.append((message, subtype, location))

    monkeypatch.setattr(domain, "warn", record)
    return warnings


def page(*ids: str, links: tuple[str, ...] = (), other: tuple[str, ...] = ()) -> nodes.document:
    document = nodes.document(None, None)  # type: ignore[arg-type]
    section = nodes.section(ids=list(ids))
    for path in links:
        section += site_xref(path, path)
    for target in other:
        section += addnodes.pending_xref(refdomain="py", reftype="site", reftarget=target)
        section += addnodes.pending_xref(refdomain="chapbook", reftype="tag", reftarget=target)
    document += section
    return document


# -- what each document leaves ------------------------------------------------------------


def test_a_document_leaves_its_key_its_anchors_and_the_pages_it_links_to(
    chapbook: domain.ChapbookDomain,
) -> None:
    chapbook.process_doc(None, "Some/Post/index", page("a", "b", links=("/x", "/Y/#s"),  # type: ignore[arg-type]
                                                        other=("z",)))  # fmt: skip
    chapbook.note_document("index", page())
    assert chapbook.data == {
        "urls": {"some/post": "Some/Post/index", "": "index"},
        "anchors": {"Some/Post/index": {"a", "b"}, "index": frozenset()},
        "wanted": {"Some/Post/index": {"x", "y"}, "index": frozenset()},
        "aliases": {},
        "version": chapbook.data_version,
    }


def test_clearing_a_document_forgets_only_what_it_left(chapbook: domain.ChapbookDomain) -> None:
    chapbook.note_document("a/index", page("s", links=("/b",)))
    chapbook.note_aliases("a/index", ("/old/",))
    chapbook.note_document("b", page())
    chapbook.urls["c"] = "c/index"  # a key another document took since
    chapbook.clear_doc("a/index")
    chapbook.clear_doc("c")
    chapbook.clear_doc("never")
    assert chapbook.urls == {"b": "b", "c": "c/index"}
    assert (chapbook.data["anchors"], chapbook.data["wanted"], chapbook.data["aliases"]) == (
        {"b": frozenset()},
        {"b": frozenset()},
        {},
    )


def test_a_parallel_reader_gives_back_only_its_documents(chapbook: domain.ChapbookDomain) -> None:
    other = {
        "urls": {"a": "a/index", "b": "b", "": "index"},
        "anchors": {"a/index": {"s"}, "b": {"t"}},
        "wanted": {"a/index": {"b"}, "index": set()},
        "aliases": {"a/index": {"old"}, "b": {"older"}},
    }
    chapbook.merge_domaindata({"a/index", "index"}, other)
    assert chapbook.urls == {"a": "a/index", "": "index"}
    assert chapbook.data["anchors"] == {"a/index": {"s"}}
    assert chapbook.data["wanted"] == {"a/index": {"b"}, "index": set()}
    assert chapbook.data["aliases"] == {"a/index": {"old"}}


def test_old_addresses_are_kept_as_keys(chapbook: domain.ChapbookDomain) -> None:
    chapbook.note_aliases("a", ())
    assert chapbook.data["aliases"] == {}
    chapbook.note_aliases("a", ("/Old/Post/#s", "/x?y=1"))
    assert chapbook.data["aliases"] == {"a": {"old/post", "x"}}
    # One address however written: case, Unicode form (NFD as macOS writes), escapes.
    chapbook.note_aliases("b", ("/Cafe\u0301/", "/caf%C3%A9/index.html", "/CAF\u00c9"))
    assert chapbook.data["aliases"]["b"] == {"caf\u00e9"}


def test_the_alias_table_lists_claims_by_docname(chapbook: domain.ChapbookDomain) -> None:
    chapbook.note_aliases("z", ("/old", "/z-only"))
    chapbook.note_aliases("b", ("/old",))
    chapbook.note_aliases("m", ("/old",))
    assert chapbook.alias_table() == {"old": ["b", "m", "z"], "z-only": ["z"]}


# -- lookup -----------------------------------------------------------------------------------


def test_a_key_names_a_page_an_old_address_or_a_tag(
    env: Env, chapbook: domain.ChapbookDomain
) -> None:
    chapbook.note_document("post/index", page())
    state(env).aliases = {"old": "post/index", "post": "elsewhere"}  # type: ignore[arg-type]
    state(env).tags = {
        "some tag": TagEntry("some tag", "Some Tag", "some-tag", "tags/some-tag", ())
    }  # type: ignore[arg-type]
    assert chapbook.lookup("post") == "post/index"  # the page wins over an old address
    assert chapbook.lookup("old") == "post/index"
    assert chapbook.lookup("tags/some tag") == "tags/some-tag"
    assert chapbook.lookup("tags/Some  Tag") == "tags/some-tag"
    assert chapbook.lookup("tags/other") is None
    assert chapbook.lookup("some tag") is None  # a tag only under tags/
    assert chapbook.lookup("x") is None


# -- resolving links --------------------------------------------------------------------------


def resolve(
    chapbook: domain.ChapbookDomain, path: str, builder: Builder | None = None, typ: str = "site"
) -> nodes.Element | None:
    xref = site_xref(path, path)
    xref.line = 3
    contnode = nodes.inline("", "text")
    key = xref["reftarget"]
    return chapbook.resolve_xref(chapbook.env, "from/index", builder or Builder(), typ, key, xref,  # type: ignore[arg-type]
                                 contnode)  # fmt: skip


def test_a_link_to_a_page_is_relative(env: Env, chapbook: domain.ChapbookDomain) -> None:
    chapbook.note_document("post/index", page("sec"))
    found = resolve(chapbook, "/post/#sec")
    assert found is not None
    assert (found["refuri"], found.astext(), found["internal"]) == (
        "rel(from/index->post/index)#sec",
        "text",
        True,
    )
    assert resolve(chapbook, "/post/")["refuri"] == "rel(from/index->post/index)"  # type: ignore[index]


def test_a_missing_section_links_to_the_page(
    chapbook: domain.ChapbookDomain, said: list[tuple[str, Warn, object]]
) -> None:
    chapbook.note_document("post/index", page("sec"))
    found = resolve(chapbook, "/post/#gone")
    assert found["refuri"] == "rel(from/index->post/index)"  # type: ignore[index]
    chapbook.data["anchors"].pop("post/index")
    assert resolve(chapbook, "/post/#sec")["refuri"] == "rel(from/index->post/index)"  # type: ignore[index]
    assert [(m, s) for m, s, _ in said] == [
        ("link target '/post/#gone': no section 'gone' on that page; the link goes to the page",
         Warn.LINK),
        ("link target '/post/#sec': no section 'sec' on that page; the link goes to the page",
         Warn.LINK),
    ]  # fmt: skip
    assert said[0][2].line == 3


def test_a_link_to_nothing_stays_a_broken_link_to_its_path(
    chapbook: domain.ChapbookDomain, said: list[tuple[str, Warn, object]]
) -> None:
    found = resolve(chapbook, "/gone/page?x=1#sec")
    assert found is not None
    assert (found["refuri"], found["classes"], found["internal"], found.astext()) == (
        "../gone/page?x=1#sec",
        ["chapbook-broken"],
        False,
        "text",
    )
    assert [(m, s) for m, s, _ in said] == [
        ("link target '/gone/page?x=1#sec' matches no page", Warn.LINK)
    ]
    assert said[0][2].line == 3


def test_a_link_to_a_file_of_the_site_is_no_broken_link(
    env: Env, chapbook: domain.ChapbookDomain, said: list[tuple[str, Warn, object]]
) -> None:
    domain.refresh_site_files(env, None)  # type: ignore[arg-type]
    found = resolve(chapbook, "/rss.xml")
    assert (found["refuri"], found["classes"]) == ("../rss.xml", [])  # type: ignore[index]
    assert said == []


def test_a_broken_link_never_becomes_a_scheme(chapbook: domain.ChapbookDomain) -> None:
    found = chapbook._resolve_site("index", Builder(), "javascript:x", site_xref(
        "/javascript:x", "/javascript:x"), nodes.inline("", "t"))  # fmt: skip
    assert found["refuri"] == "./javascript:x"  # type: ignore[index]
    found = chapbook._resolve_site("index", Builder(), "", site_xref("/", "/"),
                                   nodes.inline("", "t"))  # fmt: skip
    assert found["refuri"] == "./"  # type: ignore[index]


def test_a_broken_link_in_a_book_uses_the_sites_address_or_none(
    chapbook: domain.ChapbookDomain,
) -> None:
    latex = Builder("latex", "latex", baseurl="https://x.org/blog")
    found = resolve(chapbook, "/gone/#s", latex)
    assert (found["refuri"], found["classes"]) == (
        "https://x.org/blog/gone/#s",
        ["chapbook-broken"],
    )  # type: ignore[index]
    epub = Builder("epub", "html")
    found = resolve(chapbook, "/gone/", epub)
    assert isinstance(found, nodes.inline)
    assert found.astext() == "text"


def test_a_link_leaving_the_book_goes_to_the_web_site(
    env: Env, chapbook: domain.ChapbookDomain
) -> None:
    chapbook.note_document("post/index", page("s"))
    chapbook.note_document("inside", page())
    state(env).book = SimpleNamespace(all_docnames=("inside",))  # type: ignore[assignment]
    epub = Builder("epub", "html", baseurl="https://x.org/")
    found = resolve(chapbook, "/post/#s", epub)
    assert (found["refuri"], found["classes"]) == ("https://x.org/post/#s", ["chapbook-web"])  # type: ignore[index]
    found = resolve(chapbook, "/post/", epub)
    assert found["refuri"] == "https://x.org/post/"  # type: ignore[index]
    assert resolve(chapbook, "/inside", epub)["refuri"] == "rel(from/index->inside)"  # type: ignore[index]


def test_tag_references_go_to_the_tag_page_except_in_a_book(
    env: Env, chapbook: domain.ChapbookDomain
) -> None:
    state(env).tags = {"a": TagEntry("a", "A", "a", "tags/a", ())}

    def tag(target: str, builder: Builder) -> nodes.Element | None:
        xref = addnodes.pending_xref(refdomain="chapbook", reftype="tag", reftarget=target)
        return chapbook.resolve_xref(chapbook.env, "from", builder, "tag", target, xref,  # type: ignore[arg-type]
                                     nodes.inline("", "A"))  # fmt: skip

    assert tag("a", Builder())["refuri"] == "rel(from->tags/a)"  # type: ignore[index]
    assert tag("b", Builder()) is None
    assert tag("a", Builder("latex", "latex")) is None
    assert resolve(chapbook, "/a", typ="other") is None
    assert chapbook.resolve_any_xref() == []


# -- the site's own files and old addresses ----------------------------------------------------


def test_the_site_files_are_the_sites_paths_and_each_tags_feed(env: Env, tmp_path: Any) -> None:
    (tmp_path / "CNAME").write_text("x")
    env.config.html_extra_path = ["CNAME"]
    state(env).tags = {"a": TagEntry("a", "A", "a", "tags/A", ())}
    domain.refresh_site_files(env, tmp_path)  # type: ignore[arg-type]
    files = state(env).site_files
    assert {"rss.xml", "atom.xml", "cname", "search", "tags/a/atom.xml", "404"} <= files
    assert "_redirects" not in files
    assert all(key == key.casefold() and not key.startswith("/") for key in files)


def test_what_a_site_path_names(env: Env, chapbook: domain.ChapbookDomain) -> None:
    chapbook.note_document("about/index", page())
    domain.refresh_site_files(env, None)  # type: ignore[arg-type]
    assert domain.site_target(env, "/About/") == ("doc", "about/index")  # type: ignore[arg-type]
    assert domain.site_target(env, "/search/") == ("page", "search")  # type: ignore[arg-type]
    assert domain.site_target(env, "/rss.xml/") == ("file", "rss.xml")  # type: ignore[arg-type]
    assert domain.site_target(env, "/nothing/") is None  # type: ignore[arg-type]
    chapbook.note_document("caf\u00e9", page())  # Sphinx names documents in NFC
    for spelt in ("/Cafe\u0301/", "/cafe%CC%81", "/CAF\u00c9/index.html"):
        assert domain.site_target(env, spelt) == ("doc", "caf\u00e9")  # type: ignore[arg-type]


def dated(day: int, **lines: int) -> SimpleNamespace:
    return SimpleNamespace(lines=lines, date=dt.date(2024, 1, day), datetime=None)


def test_an_old_address_claimed_twice_goes_to_the_post_published_first(
    env: Env, chapbook: domain.ChapbookDomain, said: list[tuple[str, Warn, object]]
) -> None:
    """Not to the first by file name: a post added later cannot take another's old address."""
    chapbook.note_aliases("a-later", ("/taken",))
    chapbook.note_aliases("z-older", ("/taken",))
    state(env).posts = {"a-later": dated(9, aliases=4), "z-older": dated(1)}  # type: ignore[dict-item]
    domain.refresh_aliases(env)  # type: ignore[arg-type]
    assert state(env).aliases == {"taken": "z-older"}
    assert [location for _, _, location in said] == [("a-later", 4)]


def test_an_old_address_claimed_twice_on_one_day_goes_to_the_first_post_by_name(
    env: Env, chapbook: domain.ChapbookDomain, said: list[tuple[str, Warn, object]]
) -> None:
    chapbook.note_aliases("c", ("/old",))
    chapbook.note_aliases("a", ("/old", "/mine"))
    chapbook.note_aliases("b", ("/old",))
    state(env).posts = {"a": dated(1), "b": dated(1, aliases=4), "c": dated(1)}  # type: ignore[dict-item]
    domain.refresh_aliases(env)  # type: ignore[arg-type]
    assert state(env).aliases == {"old": "a", "mine": "a"}
    message = ("old address '/old' is also an alias of 'a', where it goes; "
               "remove it from one of the two posts")  # fmt: skip
    assert said == [(message, Warn.ALIAS, ("b", 4)), (message, Warn.ALIAS, ("c", 1))]
    state(env).posts = {}
    said.clear()
    domain.refresh_aliases(env)  # type: ignore[arg-type]
    assert [location for _, _, location in said] == [("b", 1), ("c", 1)]


def test_setup_adds_the_domain() -> None:
    added: list[object] = []
    app = SimpleNamespace(add_domain=added.append)
    assert domain.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}  # type: ignore[arg-type]
    assert added == [domain.ChapbookDomain]
    assert (domain.ChapbookDomain.name, domain.ChapbookDomain.label) == ("chapbook", "Chapbook")


# -- edges found by mutation testing ---------------------------------------------------------


def test_the_home_page_is_the_sites_root_whatever_its_name() -> None:
    env = Env(root_doc="home")
    chapbook: domain.ChapbookDomain = env.domains["chapbook"]  # type: ignore[assignment]
    chapbook.note_document("home", page())
    assert chapbook.urls == {"": "home"}
    chapbook.clear_doc("home")
    assert chapbook.urls == {}


def test_text_in_a_page_is_neither_an_anchor_nor_a_link(chapbook: domain.ChapbookDomain) -> None:
    document = page("s", links=("/x",))
    document[0] += nodes.paragraph("", "Some text.")
    chapbook.note_document("a", document)
    assert (chapbook.data["anchors"]["a"], chapbook.data["wanted"]["a"]) == ({"s"}, {"x"})


def test_a_page_under_tags_is_a_page_before_it_is_a_tag(
    env: Env, chapbook: domain.ChapbookDomain
) -> None:
    chapbook.note_document("tags/a", page())
    assert chapbook.lookup("tags/a") == "tags/a"


def test_each_reference_keeps_the_text_it_was_given(
    env: Env, chapbook: domain.ChapbookDomain
) -> None:
    chapbook.note_document("inside", page())
    chapbook.note_document("post", page())
    state(env).book = SimpleNamespace(all_docnames=("inside",))  # type: ignore[assignment]
    state(env).tags = {"a": TagEntry("a", "A", "a", "tags/a", ())}
    domain.refresh_site_files(env, None)  # type: ignore[arg-type]
    epub = Builder("epub", "html", baseurl="https://x.org/")
    found = [resolve(chapbook, "/post/", epub), resolve(chapbook, "/rss.xml"),
             resolve(chapbook, "/gone/"), resolve(chapbook, "/post/")]  # fmt: skip
    xref = addnodes.pending_xref(refdomain="chapbook", reftype="tag", reftarget="a")
    found.append(chapbook.resolve_xref(chapbook.env, "from", Builder(), "tag", "a", xref,  # type: ignore[arg-type]
                                       nodes.inline("", "text")))  # fmt: skip
    assert [(f.astext(), f.rawsource) for f in found] == [("text", "")] * 5  # type: ignore[union-attr]


def test_a_reference_without_an_anchor_goes_to_the_page(
    chapbook: domain.ChapbookDomain, said: list[tuple[str, Warn, object]]
) -> None:
    chapbook.note_document("post", page())
    xref = addnodes.pending_xref(refdomain="chapbook", reftype="site", reftarget="post",
                                 chapbook_href="/post", chapbook_path="/post")  # fmt: skip
    found = chapbook.resolve_xref(chapbook.env, "from", Builder(), "site", "post", xref,  # type: ignore[arg-type]
                                  nodes.inline("", "t"))  # fmt: skip
    assert (found["refuri"], said) == ("rel(from->post)", [])  # type: ignore[index]


def test_a_broken_link_keeps_every_letter_of_its_path(chapbook: domain.ChapbookDomain) -> None:
    assert resolve(chapbook, "/Xgone/")["refuri"] == "../Xgone/"  # type: ignore[index]


def test_a_renamed_error_page_and_a_file_named_with_x(env: Env, tmp_path: Any) -> None:
    (tmp_path / "Xfile.txt").write_text("x")
    env.config.html_extra_path = ["Xfile.txt"]
    env.config.notfound_pagename = "Missing"
    domain.refresh_site_files(env, tmp_path)  # type: ignore[arg-type]
    assert domain.site_target(env, "/missing/") == ("page", "Missing")  # type: ignore[arg-type]
    assert domain.site_target(env, "/Xfile.txt") == ("file", "Xfile.txt")  # type: ignore[arg-type]
