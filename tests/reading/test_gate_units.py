"""What is read at all (``chapbook.reading.gate``), one function at a time.

The whole-site tests (``test_drafts.py``, ``test_schedule.py``,
``test_hostile.py``) build blogs; the hostile one builds in a subprocess,
where mutation testing cannot see which function it reached.  These call each
step directly on a stand-in environment over real files in the test's own
folder, and pin its exact result: which names and files are refused and with
which words and line, which drafts, notes and scheduled posts are taken out,
what is withdrawn from an earlier build, and the one line that counts them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from chapbook.model import frontmatter, schedule
from chapbook.reading import addresses, gate
from chapbook.warnings_ import Warn

MB20 = 20 * 1024 * 1024
POST = "---\ntitle: A post\ndate: '2024-05-01'\n---\n\nBody.\n"
DRAFT = "---\ntitle: A draft\ndate: '2024-05-01'\ndraft: true\n---\n\nBody.\n"
FUTURE = "---\ntitle: Later\ndate: '2030-02-01'\n---\n\nBody.\n"
SOONER = "---\ntitle: Sooner\ndate: '2030-01-05'\n---\n\nBody.\n"
NOTE = "Reading notes, no front-matter.\n"
PAGE = "---\ntitle: A page\n---\n\nNot a post: no date.\n"
#: The clock of the builds below: 12:00 UTC on 2029-12-31.
EVE = dt.datetime(2029, 12, 31, 12, tzinfo=dt.UTC)


#: The settings the gate reads besides drafts, as Sphinx and Chapbook default them.
SITE_CONFIG = {
    "root_doc": "index",
    "chapbook_feeds": {"rss.xml": "rss", "feed.xml": "rss", "atom.xml": "atom"},
    "chapbook_redirects_file": True,
    "chapbook_tag_feeds": True,
    "tags_output_dir": "tags",
    "html_extra_path": [],
    "source_suffix": {".rst": "restructuredtext", ".md": "markdown"},
    "html_sourcelink_suffix": ".txt",
}


class Env:
    """The parts of Sphinx's ``BuildEnvironment`` the gate uses, over a real source folder."""

    def __init__(self, srcdir: Path, *, drafts: str = "drafts", **config: Any) -> None:
        self.srcdir = srcdir
        self.config = SimpleNamespace(chapbook_drafts_dir=drafts, **{**SITE_CONFIG, **config})
        self.found_docs: set[str] = set()
        self.all_docs: dict[str, float] = {}
        self.project = SimpleNamespace(docnames=set())
        self.cleared: list[str] = []

    def doc2path(self, docname: str, base: bool = True) -> Path:
        for suffix in (".md", ".markdown", ".rst"):
            if (self.srcdir / (docname + suffix)).exists():
                break
        else:
            suffix = ".md"
        return self.srcdir / (docname + suffix) if base else Path(docname + suffix)

    def clear_doc(self, docname: str) -> None:
        self.cleared.append(docname)


def write(env: Env, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = env.srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        docname = name.rsplit(".", 1)[0]
        env.found_docs.add(docname)
        env.project.docnames.add(docname)


@pytest.fixture
def env(tmp_path: Path) -> Env:
    (tmp_path / "src").mkdir()
    return Env(tmp_path / "src")


def rules_of(env: Env) -> addresses.Rules:
    """The gate's rules for ``env``, as a build into ``<tmp>/out`` derives them."""
    return addresses.Rules.of(stand_in_app(env))  # type: ignore[arg-type]


@pytest.fixture
def rules(env: Env) -> addresses.Rules:
    return rules_of(env)


# -- names ---------------------------------------------------------------------------

UNSAFE = "its name cannot be part of a web address (rename it: letters, digits, - and _)"


@pytest.mark.parametrize(
    "docname",
    ["sp ace", "tab\tx", 'quo"te', "it's", "back`tick", "a<b", "a>b", "back\\slash",
     "hash#x", "what?x", "pct%41", "javascript:x", "nul\x00x", "bell\x07", "unit\x1f",
     "del\x7f", "c1\x85", "c1\x9f", "line\u2028x", "para\u2029x", "nb\u00a0sp",
     "bad\udcffname", "x\uffff", "x\ufffe", "zero\u200bwidth", "v\u202e", "w\u2066x",
     "joiner\u2060x", "bom\ufeffx", "rtl\u200fmark"],
)  # fmt: skip
def test_a_name_that_cannot_be_an_address_is_refused(
    env: Env, rules: addresses.Rules, docname: str
) -> None:
    assert addresses.problem(docname, rules) == UNSAFE
    assert gate.examine(env, docname, rules) == ((UNSAFE, 1), None)


@pytest.mark.parametrize("docname", ["posts/my-post_2", "caf\u00e9", "a.b", "x"])
def test_an_ordinary_name_is_no_problem(rules: addresses.Rules, docname: str) -> None:
    assert addresses.problem(docname, rules) is None


@pytest.mark.parametrize(
    "docname",
    ["_static/x", "_images/a/b", "_sources/x", "_downloads/x", "_modules/x", "search",
     "genindex", "py-modindex", "404"],
)  # fmt: skip
def test_a_name_the_site_writes_itself_is_refused(rules: addresses.Rules, docname: str) -> None:
    # The configuration has no notfound_pagename: "404" is the default.
    what = docname.split("/", 1)[0]
    assert addresses.problem(docname, rules) == f"the site itself writes /{what}/ (rename the file)"


@pytest.mark.parametrize("docname", ["posts/search", "search/x", "static/x", "x/_static",
                                     "genindex2", "_staticx/y", "404/x"])  # fmt: skip
def test_names_like_the_sites_own_are_no_problem(rules: addresses.Rules, docname: str) -> None:
    assert addresses.problem(docname, rules) is None


def test_the_not_found_page_is_the_configured_one(env: Env) -> None:
    env.config.notfound_pagename = "missing"
    rules = rules_of(env)
    assert (
        addresses.problem("missing", rules) == "the site itself writes /missing/ (rename the file)"
    )
    assert addresses.problem("404", rules) is None
    assert addresses.problem("404.html", rules) is None
    assert addresses.problem("missing.html", rules) == (
        "the site itself writes /missing.html (rename the file)"
    )


def small_rules(rules: addresses.Rules, **limits: int) -> addresses.Rules:
    """``rules`` on a file system of other limits: names of 20 bytes, paths of 80."""
    settings = {"name_max": 20, "path_max": 80, "folder": 30, **limits}
    return dataclasses.replace(rules, suffixes=(".doctree", ".md.txt"), **settings)


@pytest.mark.parametrize(
    ("docname", "problem"),
    [
        ("a" * 12, None),  # 12 + ".doctree": 20 bytes
        ("folder/" + "a" * 12, None),
        ("a" * 20 + "/b", None),  # a folder's name gets nothing added
        ("a" * 13, "its name is too long for the file system: 'aaaaaaaaaaaaa' has 13 bytes, "
                   "at most 12 (20 less '.doctree' for the files made from it); rename it"),
        ("\u00e9" * 7, "its name is too long for the file system: '\u00e9\u00e9\u00e9\u00e9\u00e9"
                        "\u00e9\u00e9' has 14 bytes, at most 12 (20 less '.doctree' for the files "
                        "made from it); rename it"),
        ("b" * 30, "its name is too long for the file system: 'bbbbbbbbbbbbbbbbbbbb...' has 30 "
                   "bytes, at most 12 (20 less '.doctree' for the files made from it); rename it"),
        # 30 (the folder) + "/_sources/" + the name + "/index.html": at most 79.
        ("x/" * 13 + "yz", None),
        ("x/" * 14 + "y", "its path is too long for the file system: the files made from it "
                          "would have 80 bytes, at most 79; move it up or rename its folders"),
    ],
)  # fmt: skip
def test_a_name_is_at_most_what_the_file_system_allows_once_suffixed(
    rules: addresses.Rules, docname: str, problem: str | None
) -> None:
    assert addresses.problem(docname, small_rules(rules)) == problem


def test_a_name_gets_only_the_copy_of_its_own_source_suffix(env: Env) -> None:
    """``x.md``'s copy is ``x.md.txt``: a longer source suffix beside it (``.markdown``)
    takes no room from its name, only from names of its own suffix."""
    env.config.source_suffix = {".md": "markdown", ".markdown": "markdown"}
    rules = dataclasses.replace(rules_of(env), name_max=20, path_max=4096, folder=30)
    assert rules.copies == ((".md", ".md.txt"), (".markdown", ".markdown.txt"))
    assert addresses.problem("a" * 12, rules, ".md") is None  # 12 + ".doctree": 20 bytes
    too_long = ("its name is too long for the file system: 'aaaaaaaaaaaa' has 12 bytes, at "
                "most 7 (20 less '.markdown.txt' for the files made from it); rename it")  # fmt: skip
    assert addresses.problem("a" * 12, rules, ".markdown") == too_long
    assert addresses.problem("a" * 12, rules) == too_long  # suffix unknown: every copy counts
    write(env, {"b.markdown": POST})
    assert gate.source_suffix(env, "b") == ".markdown"


def test_the_limits_are_those_of_the_doctree_and_output_folders(env: Env) -> None:
    rules = rules_of(env)  # neither folder exists yet: their parent's file system
    assert (rules.name_max, rules.path_max) == (
        os.pathconf(env.srcdir, "PC_NAME_MAX"),
        os.pathconf(env.srcdir, "PC_PATH_MAX"),
    )
    assert rules.suffixes == (*addresses.DERIVED_SUFFIXES, ".rst.txt", ".md.txt")


# -- files ---------------------------------------------------------------------------


def test_a_link_to_a_file_outside_the_source_folder_is_refused(env: Env, tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text(POST)
    (env.srcdir / "s.md").symlink_to(tmp_path / "secret.md")
    reason = "it is a link to a file outside the source folder"
    assert gate._file_problem(env, "s") == reason
    assert gate.examine(env, "s", rules_of(env)) == ((reason, 1), None)


def test_a_link_inside_the_source_folder_is_read(env: Env) -> None:
    write(env, {"real.md": POST})
    (env.srcdir / "alias.md").symlink_to(env.srcdir / "real.md")
    assert gate._file_problem(env, "alias") is None
    problem, fm = gate.examine(env, "alias", rules_of(env))
    assert problem is None
    assert fm is not None and fm.title == "A post"


def test_what_is_not_a_regular_file_is_refused(env: Env) -> None:
    os.mkfifo(env.srcdir / "fifo.md")
    (env.srcdir / "folder.md").mkdir()
    for docname in ("fifo", "folder"):
        assert gate._file_problem(env, docname) == "it is not a regular file"
        assert gate.examine(env, docname, rules_of(env)) == (("it is not a regular file", 1), None)


def test_a_file_up_to_20_mb_is_read_and_a_larger_one_is_not(env: Env) -> None:
    with (env.srcdir / "big.md").open("wb") as file:
        file.truncate(MB20)  # sparse: no 20 MB written
    assert gate._file_problem(env, "big") is None
    with (env.srcdir / "big.md").open("r+b") as file:
        file.truncate(MB20 + 1)
    assert gate._file_problem(env, "big") == "it is larger than 20 MB"
    assert gate.examine(env, "big", rules_of(env)) == (("it is larger than 20 MB", 1), None)


# -- content -------------------------------------------------------------------------


def test_a_file_that_is_not_utf8_is_refused_with_the_first_bad_byte(env: Env) -> None:
    write(env, {"latin.md": POST.replace("A post", "Caf\u00e9").encode("latin-1")})
    reason = ("it is not UTF-8 text (byte 14); save it as UTF-8", 1)
    assert gate._content(env.srcdir / "latin.md") == (reason, None)
    assert gate.examine(env, "latin", rules_of(env)) == (reason, None)


def test_a_file_that_cannot_be_read_is_refused_with_the_systems_words(env: Env) -> None:
    (env.srcdir / "folder.md").mkdir()
    assert gate._content(env.srcdir / "folder.md") == (
        ("it cannot be read (Is a directory)", 1),
        None,
    )


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_markdown_is_read_with_a_byte_order_mark(env: Env, suffix: str) -> None:
    write(env, {f"post{suffix}": "\ufeff" + POST})
    problem, fm = gate._content(env.srcdir / f"post{suffix}")
    assert problem is None
    assert fm is not None and (fm.title, fm.date) == ("A post", dt.date(2024, 5, 1))


def test_other_sources_have_no_front_matter_read(env: Env) -> None:
    write(env, {"page.rst": "---\ntitle: [broken\n---\n"})
    assert gate._content(env.srcdir / "page.rst") == (None, None)
    assert gate.examine(env, "page", rules_of(env)) == (None, None)


def test_unreadable_front_matter_is_refused_at_its_first_problems_line(env: Env) -> None:
    # The control character (line 3) is reported first; the YAML error is at line 2.
    write(env, {"bad.md": "---\ntitle: [x\nfoo: a\x01b\n---\n\nBody.\n"})
    problem, fm = gate._content(env.srcdir / "bad.md")
    assert problem == (
        "front-matter is not valid YAML: while parsing a flow sequence on this line, "
        "did not find expected ',' or ']'",
        2,
    )
    assert fm is not None and fm.readable is False
    assert gate.examine(env, "bad", rules_of(env)) == (problem, fm)


def test_readable_front_matter_with_problems_is_published(env: Env) -> None:
    write(env, {"ctl.md": "---\ntitle: A\x01 post\ndate: '2024-05-01'\n---\n"})
    problem, fm = gate.examine(env, "ctl", rules_of(env))
    assert problem is None
    assert fm is not None and fm.title == "A post"


# -- drafts and notes ----------------------------------------------------------------


def test_drafts_by_folder_and_by_front_matter(env: Env) -> None:
    draft, post = frontmatter.read(DRAFT), frontmatter.read(POST)
    assert gate.is_draft(env, "drafts", None) is True
    assert gate.is_draft(env, "drafts/idea", post) is True
    assert gate.is_draft(env, "drafts/a/b", None) is True
    assert gate.is_draft(env, "drafts-old/idea", None) is False
    assert gate.is_draft(env, "draftsx", None) is False
    assert gate.is_draft(env, "posts/drafts", None) is False
    assert gate.is_draft(env, "published", post) is False
    assert gate.is_draft(env, "published", None) is False
    assert gate.is_draft(env, "wip", draft) is True


def test_no_drafts_folder_leaves_the_front_matter(tmp_path: Path) -> None:
    env = Env(tmp_path, drafts="")
    assert gate.is_draft(env, "drafts/idea", None) is False
    assert gate.is_draft(env, "/x", None) is False
    assert gate.is_draft(env, "", None) is False
    assert gate.is_draft(env, "wip", frontmatter.read(DRAFT)) is True


def test_a_file_without_front_matter_beside_a_post_is_a_note(env: Env) -> None:
    write(env, {"post/index.md": POST, "post/notes.md": NOTE, "a/b/index.md": POST,
                "a/b/todo.md": NOTE})  # fmt: skip
    assert gate.is_note(env, "post/notes", frontmatter.read(NOTE)) is True
    assert gate.is_note(env, "a/b/todo", frontmatter.read(NOTE)) is True


def test_what_is_not_a_note(env: Env) -> None:
    note = frontmatter.read(NOTE)
    write(env, {"post/index.md": POST, "page/index.md": PAGE, "rst/index.rst": "Title\n=====\n",
                "latin/index.md": POST.encode("utf-16"), "notes.md": NOTE,
                "index.md": NOTE})  # fmt: skip
    (env.srcdir / "gone").mkdir()
    env.found_docs.add("gone/index")  # found, then removed: cannot be read
    assert gate.is_note(env, "post/x", None) is False  # not Markdown
    assert gate.is_note(env, "post/x", frontmatter.read(PAGE)) is False  # a page of its own
    assert gate.is_note(env, "notes", note) is False  # no folder
    assert gate.is_note(env, "post/index", note) is False  # the post itself
    assert gate.is_note(env, "other/x", note) is False  # no post beside it
    assert gate.is_note(env, "page/x", note) is False  # beside a page, not a post
    assert gate.is_note(env, "rst/x", note) is False  # beside a reStructuredText file
    assert gate.is_note(env, "latin/x", note) is False  # beside a file that is not UTF-8
    assert gate.is_note(env, "gone/x", note) is False  # beside a file gone since


def test_a_link_into_the_drafts_folder_is_a_draft(env: Env, tmp_path: Path) -> None:
    write(env, {"drafts/secret.md": POST, "elsewhere.md": POST})
    (env.srcdir / "pub.md").symlink_to("drafts/secret.md")
    (env.srcdir / "plain.md").symlink_to("elsewhere.md")
    (tmp_path / "outside.md").write_text(POST, encoding="utf-8")
    (env.srcdir / "out.md").symlink_to(tmp_path / "outside.md")
    post = frontmatter.read(POST)
    assert gate.is_draft(env, "pub", post) is True
    assert gate.is_draft(env, "plain", post) is False
    assert gate.is_draft(env, "out", post) is False  # refused before: outside the folder


def test_notes_beside_a_post_withdrawn_or_unreadable_are_notes(env: Env) -> None:
    note = frontmatter.read(NOTE)
    write(env, {"wip/index.md": DRAFT, "wip/notes.md": NOTE, "bad/index.md": "---\nt: [x\n---\n",
                "bad/notes.md": NOTE})  # fmt: skip
    found = frozenset(env.found_docs)
    env.found_docs.discard("wip/index")  # withdrawn as a draft, before its notes are looked at
    assert gate.is_note(env, "wip/notes", note) is False  # what made the notes published
    assert gate.is_note(env, "wip/notes", note, found) is True
    assert gate.is_note(env, "bad/notes", note) is True


def test_a_note_needs_the_post_in_its_own_folder(env: Env) -> None:
    write(env, {"a/index.md": POST})
    assert gate.is_note(env, "a/b/x", frontmatter.read(NOTE)) is False
    write(env, {"a/b/index.md": PAGE})
    assert gate.is_note(env, "a/b/x", frontmatter.read(NOTE)) is False


def undated(docname: str) -> None:
    """No document has a date (pages): the names alone decide."""


def test_shadowed_pages_are_the_files_beside_a_folder_of_the_same_name() -> None:
    found = {"x", "x/index", "y/index", "z", "a/b", "a/b/index", "index", "c/index/d",
             "c/index", "cindex", "c"}  # fmt: skip
    assert addresses.same_address(found, "index", undated) == {
        "x": "x/index", "a/b": "a/b/index", "c": "c/index",
    }  # fmt: skip


def test_names_that_differ_only_in_case_are_one_address_the_lowercase_one_wins(env: Env) -> None:
    found = {"About", "about", "ABOUT", "News/index", "news", "Mixed", "MIXED", "index", "Index"}
    assert addresses.same_address(found, "index", undated) == {
        "ABOUT": "about", "About": "about", "news": "News/index", "Mixed": "MIXED",
    }  # fmt: skip
    message = functools.partial(addresses.same_address_message, env, day=undated)
    assert message("About", "about") == (  # type: ignore[arg-type]
        "About and about would both be /about/ (addresses ignore case); about is published, "
        "this file is not"
    )
    assert message("x", "x/index") == (  # type: ignore[arg-type]
        "x and x/index would both be /x/; x/index is published, this file is not"
    )


DAYS: dict[str, addresses.Day] = {
    "My-Post/index": (dt.date(2020, 1, 1), ""),
    "my-post/index": (dt.date(2026, 12, 1), ""),
    "my-post": (dt.date(2019, 6, 1), "2019-06-01T09:30:00"),
    "Early/index": (dt.date(2021, 3, 4), "2021-03-04T08:00:00+01:00"),
    "early": (dt.date(2021, 3, 4), "2021-03-04T09:00:00+01:00"),
    "Tie": (dt.date(2022, 2, 2), ""),
    "tie": (dt.date(2022, 2, 2), ""),
    "about/index": (dt.date(2026, 12, 1), ""),
}


def test_the_document_published_first_keeps_the_address_whatever_its_name(env: Env) -> None:
    """A post added later (a contributed one) cannot take an address by the spelling of its
    name; a page (no date) keeps its own before any post; one day: the names decide."""
    found = {"My-Post/index", "my-post/index", "Early/index", "early", "Tie", "tie",
             "About", "about/index"}  # fmt: skip
    assert addresses.same_address(found, "index", DAYS.get) == {
        "my-post/index": "My-Post/index", "early": "Early/index", "Tie": "tie",
        "about/index": "About",
    }  # fmt: skip
    # A third file, older still, takes the address from both.
    assert addresses.same_address([*found, "my-post"], "index", DAYS.get) == {
        "my-post/index": "my-post", "My-Post/index": "my-post", "early": "Early/index",
        "Tie": "tie", "about/index": "About",
    }  # fmt: skip
    message = functools.partial(addresses.same_address_message, env, day=DAYS.get)
    assert message("my-post/index", "My-Post/index") == (  # type: ignore[arg-type]
        "my-post/index and My-Post/index would both be /My-Post/ (addresses ignore case); "
        "My-Post/index was published first (2020-01-01; this file 2026-12-01): this file is "
        "not published"
    )
    assert message("early", "Early/index") == (  # type: ignore[arg-type]
        "early and Early/index would both be /Early/ (addresses ignore case); Early/index was "
        "published first (2021-03-04T08:00:00+01:00; this file 2021-03-04T09:00:00+01:00): "
        "this file is not published"
    )
    assert message("about/index", "About") == (  # type: ignore[arg-type]
        "about/index and About would both be /About/ (addresses ignore case); About is a page "
        "(no date), which keeps its address before any post: this file is not published"
    )
    assert message("Tie", "tie") == (  # type: ignore[arg-type]
        "Tie and tie would both be /tie/ (addresses ignore case); tie is published, this file "
        "is not"
    )


def test_only_documents_sharing_an_address_are_asked_their_date() -> None:
    asked: list[str] = []

    def day(docname: str) -> addresses.Day:
        asked.append(docname)
        return None

    assert addresses.same_address(["a", "b/index", "B", "c/d"], "index", day) == {"B": "b/index"}
    assert sorted(asked) == ["B", "b/index"]


# -- admit: the whole gate on a set of documents --------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.warnings: list[tuple[str, Warn, object]] = []
        self.infos: list[str] = []

    def warn(self, message: str, subtype: Warn, *, location: object) -> None:
        self.warnings.append((message, subtype, location))

    def notice(self, app: Any, message: str) -> None:
        self.infos.append(message)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(gate, "warn", recorder.warn)
    monkeypatch.setattr(gate, "notice", recorder.notice)
    monkeypatch.setattr(schedule, "clock", lambda: EVE)
    return recorder


def stand_in_app(env: Env, **config: Any) -> SimpleNamespace:
    settings = {"chapbook_timezone": "UTC", "chapbook_show_drafts": False,
                "chapbook_show_future": False, "chapbook_publish_notes": False,
                **vars(env.config), **config}  # fmt: skip
    emitted: list[tuple[Any, ...]] = []
    events = SimpleNamespace(emit=lambda *args: emitted.append(args), emitted=emitted)
    folders = {name: env.srcdir.parent / name for name in ("doctrees", "out")}
    return SimpleNamespace(config=SimpleNamespace(**settings), events=events,
                           confdir=env.srcdir, doctreedir=folders["doctrees"],
                           outdir=folders["out"])  # fmt: skip


NOTES_LINE = (
    "chapbook: not published, notes beside posts (chapbook_publish_notes = True publishes them): %s"
)
SCHEDULED_LINE = (
    "chapbook: %s held back until their date, the next on %s "
    "(chapbook_show_future = True previews them)"
)

BLOG = {
    "good.md": POST,
    "wip.md": DRAFT,
    "drafts/idea.md": POST,
    "later.md": FUTURE,
    "sooner/index.md": SOONER,
    "post/index.md": POST,
    "post/zz.md": NOTE,
    "post/notes.md": NOTE,
    "sooner/notes.md": NOTE,
    "wipdir/index.md": DRAFT,
    "wipdir/notes.md": NOTE,
    "bad.md": "---\ntitle: [x\n---\n",
    "sp ace.md": POST,
    "x.md": POST,
    "x/index.md": POST,
    "a.md": POST,
    "a/index.md": POST,
}


def test_admit_takes_out_what_must_not_be_published(env: Env, said: Recorder) -> None:
    write(env, BLOG)
    app = stand_in_app(env)
    docnames = sorted(env.found_docs)
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert docnames == ["a/index", "good", "post/index", "x/index"]
    assert env.project.docnames == set(docnames)
    yaml = ("front-matter is not valid YAML: while parsing a flow sequence on this line, "
            "did not find expected ',' or ']'")  # fmt: skip
    assert said.warnings == [
        (f"not published: {yaml}", Warn.SOURCE, ("bad", 2)),
        (f"not published: {UNSAFE}", Warn.SOURCE, ("sp ace", 1)),
        ("a and a/index would both be /a/; a/index is published, this file is not",
         Warn.SOURCE, ("a", 1)),
        ("x and x/index would both be /x/; x/index is published, this file is not",
         Warn.SOURCE, ("x", 1)),
    ]  # fmt: skip
    assert said.infos == [
        SCHEDULED_LINE % ("2 scheduled posts", "2030-01-05"),
        NOTES_LINE % ("post/notes.md, post/zz.md, sooner/notes.md, wipdir/notes.md"),
    ]
    assert app.events.emitted == []  # nothing was published before
    assert env.cleared == []


def test_admit_with_every_preview_on_takes_out_only_the_unsafe(env: Env, said: Recorder) -> None:
    write(env, BLOG)
    app = stand_in_app(env, chapbook_show_drafts=True, chapbook_show_future=True,
                       chapbook_publish_notes=True)  # fmt: skip
    docnames = sorted(env.found_docs)
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert docnames == ["a/index", "drafts/idea", "good", "later", "post/index", "post/notes",
                        "post/zz", "sooner/index", "sooner/notes", "wip", "wipdir/index",
                        "wipdir/notes", "x/index"]  # fmt: skip
    assert [w[2] for w in said.warnings] == [("bad", 2), ("sp ace", 1), ("a", 1), ("x", 1)]
    assert said.infos == []


def test_admit_looks_only_at_the_documents_to_read(env: Env, said: Recorder) -> None:
    write(env, BLOG)
    app = stand_in_app(env)
    docnames = ["good", "later"]
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert docnames == ["good"]
    # Two files at one address, and names, are checked among all documents; what is in the
    # files (a YAML error in ``bad``, drafts, dates) only among those to read.
    assert [w[2] for w in said.warnings] == [("sp ace", 1), ("a", 1), ("x", 1)]
    assert said.infos == [SCHEDULED_LINE % ("1 scheduled post", "2030-02-01")]
    assert env.project.docnames == set(env.found_docs) - {"a", "x", "later", "sp ace"}


def test_admit_checks_the_names_of_documents_not_read_again(env: Env, said: Recorder) -> None:
    """A feed added in conf.py takes the address of a page published before."""
    write(env, {"news.xml.md": POST, "good.md": POST})
    env.all_docs = {"news.xml": 1.0, "good": 1.0}
    app = stand_in_app(env, chapbook_feeds={"news.xml": "atom"})
    docnames: list[str] = []
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert said.warnings == [
        ("not published: the site itself writes /news.xml (rename the file)", Warn.SOURCE,
         ("news.xml", 1)),
    ]  # fmt: skip
    assert env.cleared == ["news.xml"]
    assert app.events.emitted == [("env-purge-doc", env, "news.xml")]


def test_admit_withdraws_what_an_earlier_build_published(env: Env, said: Recorder) -> None:
    write(env, {"good.md": POST, "wip.md": DRAFT, "later.md": FUTURE, "post/index.md": POST,
                "post/notes.md": NOTE, "x.md": POST, "x/index.md": POST,
                "sp ace.md": POST})  # fmt: skip
    env.all_docs = dict.fromkeys(["good", "wip", "later", "post/notes", "x", "sp ace"], 1.0)
    app = stand_in_app(env)
    docnames = ["good", "wip", "later", "post/notes", "sp ace"]
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert docnames == ["good"]
    withdrawn = ["wip", "later", "post/notes", "sp ace", "x"]  # in order, then shadowed
    assert app.events.emitted == [("env-purge-doc", env, docname) for docname in withdrawn]
    assert env.cleared == withdrawn
    assert env.project.docnames == {"good", "post/index", "x/index"}


OLD = "---\ntitle: Mine\ndate: 2020-01-01\n---\n\nOriginal.\n"
NEW = "---\ntitle: Theirs\ndate: 2026-12-01\n---\n\nContributed.\n"
KEPT = (
    "my-post/index and My-Post/index would both be /My-Post/ (addresses ignore case); "
    "My-Post/index was published first (2020-01-01; this file 2026-12-01): this file is not "
    "published"
)


def test_admit_a_later_post_at_an_address_changes_nothing_for_the_first(
    env: Env, said: Recorder
) -> None:
    """``My-Post`` was published by an earlier build (not read again); ``my-post`` is added."""
    write(env, {"My-Post/index.md": OLD, "my-post/index.md": NEW})
    env.all_docs = {"My-Post/index": 1.0}
    app = stand_in_app(env)
    docnames = ["my-post/index"]
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert docnames == []
    assert said.warnings == [(KEPT, Warn.SOURCE, ("my-post/index", 1))]
    assert (app.events.emitted, env.cleared) == ([], [])  # the first is not touched
    assert env.project.docnames == {"My-Post/index"}


def test_admit_the_first_post_takes_its_address_back(env: Env, said: Recorder) -> None:
    """An earlier build published ``my-post`` (``My-Post`` was a draft); published now, the
    post dated first has the address and the other is withdrawn from the site."""
    write(env, {"My-Post/index.md": OLD, "my-post/index.md": NEW})
    env.all_docs = {"my-post/index": 1.0}
    app = stand_in_app(env)
    docnames = ["My-Post/index"]
    gate.admit(app, env, docnames)  # type: ignore[arg-type]
    assert docnames == ["My-Post/index"]
    assert said.warnings == [(KEPT, Warn.SOURCE, ("my-post/index", 1))]
    assert app.events.emitted == [("env-purge-doc", env, "my-post/index")]


def test_admit_a_draft_or_a_scheduled_post_keeps_no_address(env: Env, said: Recorder) -> None:
    """Only what is published competes: the other post is published, without a word."""
    draft = OLD.replace("---\n\n", "draft: true\n---\n\n")
    write(env, {"My-Post/index.md": draft, "my-post/index.md": NEW,
                "Later/index.md": FUTURE, "later.md": POST})  # fmt: skip
    docnames = sorted(env.found_docs)
    gate.admit(stand_in_app(env), env, docnames)  # type: ignore[arg-type]
    assert docnames == ["later", "my-post/index"]
    assert said.warnings == []


def test_admit_says_nothing_when_all_is_published(env: Env, said: Recorder) -> None:
    write(env, {"good.md": POST, "post/index.md": POST})
    docnames = ["good", "post/index"]
    gate.admit(stand_in_app(env), env, docnames)  # type: ignore[arg-type]
    assert docnames == ["good", "post/index"]
    assert (said.warnings, said.infos) == ([], [])


def test_the_build_moment_is_in_the_sites_time_zone(env: Env, said: Recorder) -> None:
    # 12:00 UTC on Dec 31 is already Jan 1 in Kiritimati (UTC+14): the post is due there.
    write(env, {"new-year.md": "---\ntitle: New year\ndate: '2030-01-01'\n---\n"})
    docnames = ["new-year"]
    gate.admit(stand_in_app(env, chapbook_timezone="Pacific/Kiritimati"), env, docnames)  # type: ignore[arg-type]
    assert docnames == ["new-year"]
    gate.admit(stand_in_app(env), env, docnames)  # type: ignore[arg-type]
    assert docnames == []
    assert said.infos == [SCHEDULED_LINE % ("1 scheduled post", "2030-01-01")]


def test_held_back_only_future_posts_unless_previewed(env: Env) -> None:
    hidden, shown = stand_in_app(env), stand_in_app(env, chapbook_show_future=True)
    future, past = frontmatter.read(FUTURE), frontmatter.read(POST)
    assert gate._held_back(hidden, future, EVE) is True  # type: ignore[arg-type]
    assert gate._held_back(hidden, past, EVE) is False  # type: ignore[arg-type]
    assert gate._held_back(hidden, None, EVE) is False  # type: ignore[arg-type]
    assert gate._held_back(shown, future, EVE) is False  # type: ignore[arg-type]
    assert gate._held_back(shown, None, EVE) is False  # type: ignore[arg-type]


def test_the_scheduled_line_counts_and_names_the_next_date(said: Recorder) -> None:
    gate._report_scheduled(None, [])
    assert said.infos == []
    gate._report_scheduled(None, [dt.date(2030, 3, 1)])
    gate._report_scheduled(None, [dt.date(2030, 3, 1), dt.date(2030, 1, 2)])
    gate._report_scheduled(None, [dt.date(2031, 1, 1)] * 3)
    assert said.infos == [
        SCHEDULED_LINE % ("1 scheduled post", "2030-03-01"),
        SCHEDULED_LINE % ("2 scheduled posts", "2030-01-02"),
        SCHEDULED_LINE % ("3 scheduled posts", "2031-01-01"),
    ]


def test_withdraw_takes_a_document_out_of_the_build_and_the_site(env: Env) -> None:
    app = stand_in_app(env)
    env.project.docnames = {"a", "b", "c"}
    env.all_docs = {"b": 1.0, "c": 1.0}
    docnames = ["a", "b", "d"]
    gate._withdraw(app, env, docnames, "a")  # type: ignore[arg-type]
    assert (docnames, env.project.docnames, app.events.emitted, env.cleared) == (
        ["b", "d"], {"b", "c"}, [], [])  # fmt: skip
    gate._withdraw(app, env, docnames, "c")  # type: ignore[arg-type]  # published, not to read
    assert (docnames, env.project.docnames, env.cleared) == (["b", "d"], {"b"}, ["c"])
    assert app.events.emitted == [("env-purge-doc", env, "c")]
    gate._withdraw(app, env, docnames, "e")  # type: ignore[arg-type]  # nowhere: no error
    assert (docnames, env.project.docnames, env.cleared) == (["b", "d"], {"b"}, ["c"])


def test_setup_runs_the_gate_before_documents_are_read() -> None:
    connected: list[tuple[str, object]] = []
    app = SimpleNamespace(connect=lambda event, listener: connected.append((event, listener)))
    assert gate.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}  # type: ignore[arg-type]
    assert connected == [("env-before-read-docs", gate.admit)]


def test_the_notes_line_names_the_notes_sorted(env: Env, said: Recorder) -> None:
    write(env, {"post/index.md": POST, "post/zz.md": NOTE, "post/notes.md": NOTE})
    docnames = ["post/zz", "post/index", "post/notes"]
    gate.admit(stand_in_app(env), env, docnames)  # type: ignore[arg-type]
    assert docnames == ["post/index"]
    assert said.infos == [NOTES_LINE % ("post/notes.md, post/zz.md")]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (":title: T\n:date: 2024-05-01\n:draft: true\n\nBody.\n",
         ("its field list says :draft: true", 3)),
        ("Title\n=====\n\n:Draft: yes\n\nBody.\n", ("its field list says :draft: yes", 4)),
        (":draft:\n\nBody.\n", ("its field list says :draft:", 1)),
        (":*draft*: true\n", ("its field list says :draft: true", 1)),
        (":`draft`: true\n", ("its field list says :draft: true", 1)),
        (":draft: false\n\nBody.\n", None),
        (":draft: No\n", None),
        ("Body.\n\n   :draft: true (a quoted field list, not the page's)\n", None),
        (".. include:: /etc/passwd\n\n:draft: true\n", ("its field list says :draft: true", 3)),
    ],
)  # fmt: skip
def test_a_restructuredtext_draft_is_found_by_its_field(
    source: str, problem: tuple[str, int] | None
) -> None:
    assert gate._rst_draft(source) == problem
