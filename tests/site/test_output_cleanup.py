"""The output folder kept equal to a clean build's (``chapbook.site.output``), step by step.

``tests/collecting/test_interrupted.py`` kills and fails real builds in a
subprocess; these call each step in the test's own process on a stand-in for
the Sphinx application (a builder's output folder, a doctree folder, the
documents), so that every record and every deleted file is checked exactly.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from chapbook.collecting import freshness
from chapbook.site import output


def stand_in(tmp_path: Path, docs: tuple[str, ...] = ("index", "a"), *, outdir: str = "out",
             pages: bool = True, **builder: object) -> SimpleNamespace:  # fmt: skip
    """An application with a ``dirhtml``-like builder (``pages=False``: no page per document)."""
    out = tmp_path / outdir
    out.mkdir(parents=True, exist_ok=True)
    doctrees = tmp_path / "doctrees"
    doctrees.mkdir(exist_ok=True)
    fields: dict[str, object] = {"outdir": out, "format": "html", **builder}
    if pages:
        fields["get_output_path"] = lambda d: out / ("index.html" if d == "index" else f"{d}/index.html")  # fmt: skip
    env = SimpleNamespace(
        all_docs=dict.fromkeys(docs, 0.0), config=SimpleNamespace(root_doc="index"), images={}
    )
    suffixes = {".md": "markdown", ".txt": "restructuredtext"}
    config = SimpleNamespace(source_suffix=suffixes, html_sourcelink_suffix=".txt")
    return SimpleNamespace(
        builder=SimpleNamespace(**fields), doctreedir=doctrees, env=env, config=config
    )


def key(app: SimpleNamespace) -> str:
    return str(app.builder.outdir.resolve())


def record(app: SimpleNamespace, name: str) -> Path:
    return app.doctreedir / f"chapbook-{name}"


def read(app: SimpleNamespace, name: str) -> object:
    return json.loads(record(app, name).read_bytes())


# -- builds that did not finish -------------------------------------------------------------


def test_a_build_notes_it_started_and_finish_forgets_it(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    assert freshness.mark_started(app) is False
    assert read(app, "unfinished.json") == [key(app)]
    assert freshness.mark_started(app) is True  # it never finished
    output.finish(app, None)
    assert not record(app, "unfinished.json").exists()
    output.finish(app, None)  # no record: nothing to forget, no error
    assert not record(app, "unfinished.json").exists()


def test_builds_into_two_output_folders_are_noted_apart(tmp_path: Path) -> None:
    """Builders may share a doctree folder: each output folder has its own note."""
    html = stand_in(tmp_path, outdir="html")
    other = stand_in(tmp_path, outdir="other")
    assert output.begin(html, html.env) == []
    assert output.begin(other, other.env) == []
    assert read(html, "unfinished.json") == sorted([key(html), key(other)])
    output.finish(html, None)
    assert read(html, "unfinished.json") == [key(other)]
    assert output.begin(html, html.env) == []
    assert output.begin(other, other.env) == ["a", "index"]  # the other did not finish


def test_a_failed_build_stays_unfinished(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    output.begin(app, app.env)
    output.finish(app, RuntimeError("a page failed"))
    assert read(app, "unfinished.json") == [key(app)]


def test_after_an_unfinished_build_every_page_is_written_and_leftovers_deleted(
    tmp_path: Path,
) -> None:
    app = stand_in(tmp_path)
    output.begin(app, app.env)
    out, doctrees = app.builder.outdir, app.doctreedir
    leftovers = [
        out / f".rss.xml.123{freshness.TEMPORARY}",
        out / "tags" / "x" / f".atom.xml.45{freshness.TEMPORARY}",
        doctrees / f".chapbook-redirects.json.6{freshness.TEMPORARY}",
    ]
    kept = [out / ".nojekyll", out / "tags" / "x" / "atom.xml", doctrees / ".hidden"]
    for path in leftovers + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    record(app, "feeds.sig").write_text("inputs of feeds never written")
    assert output.begin(app, app.env) == ["a", "index"]
    assert [path for path in leftovers if path.exists()] == []
    assert [path for path in kept if path.exists()] == kept
    assert not record(app, "feeds.sig").exists()
    # Again, with no note of the feeds left: nothing to delete, no error.
    assert output.begin(app, app.env) == ["a", "index"]


def test_forgetting_unfinished_writes_directly(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    freshness.forget_unfinished_writes(app)  # nothing there: no error
    leftover = app.builder.outdir / f".x{freshness.TEMPORARY}"
    leftover.write_text("half")
    record(app, "feeds.sig").write_text("sig")
    freshness.forget_unfinished_writes(app)
    assert not leftover.exists()
    assert not record(app, "feeds.sig").exists()


def test_unfinished_and_a_document_gone(tmp_path: Path) -> None:
    app = stand_in(tmp_path, ("index", "a", "gone"))
    output.begin(app, app.env)  # unfinished from now on, "gone" published
    del app.env.all_docs["gone"]
    assert output.begin(app, app.env) == ["a", "index"]


def test_a_document_gone_names_the_root_document(tmp_path: Path) -> None:
    app = stand_in(tmp_path, ("index", "a", "gone"))
    output.begin(app, app.env)
    output.finish(app, None)
    del app.env.all_docs["gone"]
    assert output.begin(app, app.env) == ["index"]


# -- documents that are gone ----------------------------------------------------------------


@pytest.fixture
def published(tmp_path: Path) -> SimpleNamespace:
    """Five documents published, two of them gone since; ``old-a`` wrote where ``a`` writes."""
    app = stand_in(tmp_path, ("index", "a"))
    out = app.builder.outdir
    mapping = {"old-a": out / "a" / "index.html"}
    plain = app.builder.get_output_path
    app.builder.get_output_path = lambda d: mapping.get(d) or plain(d)
    files = [
        "index.html",
        "a/index.html",
        "gone/deep/index.html",
        "_sources/gone/deep.md.txt",
        "_sources/gone/deep.txt",
        "_sources/gone/deeper.md.txt",  # another document's
        "_sources/gone/deep",  # not a copy: no suffix
        "_sources/old-a.md.txt",
        "_sources/a.md.txt",
    ]
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name)
    (out / "gone" / "deep" / "image.png").write_text("still used")
    other = str((tmp_path / "elsewhere").resolve())
    manifest = {key(app): ["a", "gone/deep", "index", "old-a", 7], other: ["x"]}
    record(app, "published.json").write_bytes(freshness._json(manifest))
    return app


def test_the_output_of_documents_gone_is_removed(published: SimpleNamespace) -> None:
    app, out = published, published.builder.outdir
    assert output.remove_stale_output(app, app.env) == {"gone/deep", "old-a"}
    left = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert left == [
        "_sources/a.md.txt",
        "_sources/gone/deep",
        "_sources/gone/deeper.md.txt",
        "a/index.html",  # old-a's page, and a's
        "gone/deep/image.png",
        "index.html",
    ]
    assert read(app, "published.json") == {
        str((app.builder.outdir.parent / "elsewhere").resolve()): ["x"],
        key(app): ["a", "index"],
    }
    assert output.remove_stale_output(app, app.env) == set()


def test_a_builder_without_pages_removes_nothing(tmp_path: Path) -> None:
    app = stand_in(tmp_path, ("index",), pages=False)
    (app.builder.outdir / "gone").mkdir()
    (app.builder.outdir / "gone" / "index.html").write_text("a page")
    record(app, "published.json").write_bytes(freshness._json({key(app): ["gone", "index"]}))
    assert output.remove_stale_output(app, app.env) == set()
    assert (app.builder.outdir / "gone" / "index.html").is_file()
    assert read(app, "published.json") == {key(app): ["gone", "index"]}
    assert output._current_pages(app) == frozenset()


@pytest.mark.parametrize("before", ["gone", None, {"gone": 1}])
def test_a_manifest_entry_not_a_list_removes_nothing(tmp_path: Path, before: object) -> None:
    app = stand_in(tmp_path, ("index",))
    (app.builder.outdir / "gone").mkdir()
    (app.builder.outdir / "gone" / "index.html").write_text("a page")
    record(app, "published.json").write_bytes(freshness._json({key(app): before}))
    assert output.remove_stale_output(app, app.env) == set()
    assert (app.builder.outdir / "gone" / "index.html").is_file()
    assert read(app, "published.json") == {key(app): ["index"]}


def test_source_copies(tmp_path: Path) -> None:
    sources = tmp_path / "_sources"
    sources.mkdir()
    names = ("post.md.txt", "post.txt", "post", "posts.md.txt", "postmd.txt", "a.txt",
             "post.v2.md.txt", "post.rst.txt")  # fmt: skip
    for name in names:
        (sources / name).write_text(name)
    found = [path.name for path in output._source_copies(sources, "post", (".md", ".txt"), ".txt")]
    assert found == ["post.md.txt", "post.txt"]  # not post.v2's, nor a suffix not read
    assert output._source_copies(sources, "gone", (".md",), ".txt") == []


def test_current_pages(tmp_path: Path) -> None:
    app = stand_in(tmp_path, ("index", "a"))
    out = app.builder.outdir.resolve()
    assert output._current_pages(app) == frozenset({out / "index.html", out / "a" / "index.html"})


def test_emptied_folders_are_removed_up_to_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a" / "b").mkdir(parents=True)
    (out / "a" / "b" / "index.html").write_text("page")
    output._remove_inside(out.resolve(), out / "a" / "b" / "index.html", frozenset())
    assert out.is_dir()
    assert list(out.iterdir()) == []


# -- files Chapbook writes itself ------------------------------------------------------------


def test_a_file_is_written_through_a_temporary_name_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``.<name, cut at 80 characters>.<pid>.chapbook-tmp``: hidden, short enough for any
    file system, and found by the next build if this one is killed."""
    name = "n" * 200
    moves = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (moves.append((a, b)), replace(a, b)))
    output.write_if_changed(tmp_path / name, b"data")
    temporary = tmp_path / f".{'n' * 80}.{os.getpid()}{freshness.TEMPORARY}"
    assert moves == [(temporary, tmp_path / name)]
    assert (tmp_path / name).read_bytes() == b"data"
    output.write_if_changed(tmp_path / name, b"data")  # unchanged: not written again
    assert len(moves) == 1


def test_a_failed_write_raises_its_own_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the temporary file could not even be created, its clean-up hides nothing."""

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as raised:
        freshness._write_atomic(tmp_path / "feed.xml", b"data")
    assert raised.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_records_are_utf8_json_one_item_a_line() -> None:
    assert freshness._json(["café", "a\nb"]) == '[\n"café",\n"a\\nb"\n]'.encode()
    assert freshness._json({"k": ["a"]}) == b'{\n"k": [\n"a"\n]\n}'


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b'{"k": ["a"]}', {"k": ["a"]}),
        (b'["a"]', {}),
        (b"[" * 100_000 + b"]" * 100_000, {}),  # too deep to read: as if missing
        (b"\xff", {}),
    ],
    ids=["dict", "list", "deep", "not-utf8"],
)
def test_reading_a_record(tmp_path: Path, content: bytes, found: object) -> None:
    path = tmp_path / "record.json"
    path.write_bytes(content)
    assert freshness._read_json_dict(path) == found


def test_reading_a_record_too_deep_to_read(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert freshness._read_json(path) is None
    assert freshness._read_json(tmp_path / "missing.json") is None


def test_a_record_is_written_as_given_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    freshness.write_record(path, {"k": ["café"]})
    assert path.read_bytes() == '{\n"k": [\n"café"\n]\n}'.encode()
    assert freshness.read_record(path) == {"k": ["café"]}


def test_replace_files_keeps_what_is_written_again(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    out = app.builder.outdir
    for name in ("old/index.html", "kept/index.html"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name)
    output.replace_files(app, "redirects", {"old/index.html", "kept/index.html"})
    output.replace_files(app, "redirects", {"kept/index.html"})
    assert not (out / "old").exists()
    assert (out / "kept" / "index.html").is_file()
    assert read(app, "redirects.json") == ["kept/index.html"]


# -- pruning what Sphinx leaves ---------------------------------------------------------------


def test_the_search_index_loses_its_empty_words(tmp_path: Path) -> None:
    indexer = SimpleNamespace(
        _mapping={"gone": set(), "kept": {"a"}}, _title_mapping={"old": set(), "title": {"a"}}
    )
    app = stand_in(tmp_path, indexer=indexer)
    assert output.prune_search_index(app) == []
    assert indexer._mapping == {"kept": {"a"}}
    assert indexer._title_mapping == {"title": {"a"}}


@pytest.mark.parametrize("indexer", [None, SimpleNamespace()], ids=["no-indexer", "no-maps"])
def test_a_search_index_without_word_maps_is_left_alone(tmp_path: Path, indexer: object) -> None:
    app = stand_in(tmp_path, **({} if indexer is None else {"indexer": indexer}))
    assert output.prune_search_index(app) == []


def images_site(tmp_path: Path, builder_format: str = "html") -> SimpleNamespace:
    app = stand_in(tmp_path, format=builder_format)
    images = app.builder.outdir / "_images"
    (images / "folder").mkdir(parents=True)
    for name in ("used.png", "unused.png"):
        (images / name).write_text(name)
    app.env.images = {"posts/used.png": ({"a"}, "used.png")}
    return app


def test_images_no_document_uses_are_deleted(tmp_path: Path) -> None:
    app = images_site(tmp_path)
    output.prune_images(app, None)
    found = sorted(path.name for path in (app.builder.outdir / "_images").iterdir())
    assert found == ["folder", "used.png"]


def test_the_images_folder_goes_with_its_last_image(tmp_path: Path) -> None:
    app = stand_in(tmp_path)
    images = app.builder.outdir / "_images"
    images.mkdir()
    (images / "unused.png").write_text("unused")
    output.prune_images(app, None)
    assert not images.exists()


@pytest.mark.parametrize(
    ("builder_format", "exception"),
    [("html", RuntimeError("failed")), ("latex", None)],
    ids=["failed-build", "not-html"],
)
def test_images_are_kept_after_a_failed_build_or_another_format(
    tmp_path: Path, builder_format: str, exception: Exception | None
) -> None:
    app = images_site(tmp_path, builder_format)
    output.prune_images(app, exception)
    found = sorted(path.name for path in (app.builder.outdir / "_images").iterdir())
    assert found == ["folder", "unused.png", "used.png"]


def downloads_site(tmp_path: Path, builder_format: str = "html") -> SimpleNamespace:
    app = stand_in(tmp_path, format=builder_format)
    downloads = app.builder.outdir / "_downloads"
    for name in ("abc/plan.svg", "def/profile.svg"):
        (downloads / name).parent.mkdir(parents=True)
        (downloads / name).write_text(name)
    app.env.dlfiles = {Path("plan.svg"): ({"a"}, "abc/plan.svg")}
    return app


def offered(app: SimpleNamespace) -> list[str]:
    downloads = app.builder.outdir / "_downloads"
    return sorted(p.relative_to(downloads).as_posix() for p in downloads.rglob("*"))


def test_downloads_no_document_offers_are_deleted_with_their_folders(tmp_path: Path) -> None:
    app = downloads_site(tmp_path)
    output.prune_downloads(app, None)
    assert offered(app) == ["abc", "abc/plan.svg"]
    app.env.dlfiles = {}
    output.prune_downloads(app, None)
    assert not (app.builder.outdir / "_downloads").exists()  # as a clean build leaves it


@pytest.mark.parametrize(
    ("builder_format", "exception"),
    [("html", RuntimeError("failed")), ("latex", None)],
    ids=["failed-build", "not-html"],
)
def test_downloads_are_kept_after_a_failed_build_or_another_format(
    tmp_path: Path, builder_format: str, exception: Exception | None
) -> None:
    app = downloads_site(tmp_path, builder_format)
    output.prune_downloads(app, exception)
    assert offered(app) == ["abc", "abc/plan.svg", "def", "def/profile.svg"]


def scripts_site(tmp_path: Path, builder_format: str = "html", **builder: object) -> SimpleNamespace:  # fmt: skip
    app = stand_in(tmp_path, format=builder_format, **builder)
    static = app.builder.outdir / "_static"
    static.mkdir()
    for name in ("de-stemmer.js", "fr-stemmer.js", "translations.js", "other.js"):
        (static / name).write_text(name)
    return app


def left(app: SimpleNamespace) -> list[str]:
    return sorted(path.name for path in (app.builder.outdir / "_static").iterdir())


class Indexer:
    def get_js_stemmer_rawcodes(self) -> list[str]:
        return ["/usr/lib/sphinx/search/non-minified-js/fr-stemmer.js"]


def test_scripts_of_a_language_the_site_left_are_deleted(tmp_path: Path) -> None:
    app = scripts_site(tmp_path, indexer=Indexer(), _get_translations_js=lambda: "")
    output.prune_language_scripts(app, None)
    assert left(app) == ["fr-stemmer.js", "other.js"]


def test_translations_the_site_still_uses_are_kept(tmp_path: Path) -> None:
    app = scripts_site(tmp_path, indexer=Indexer(), _get_translations_js=lambda: "/x/fr.js")
    output.prune_language_scripts(app, None)
    assert left(app) == ["fr-stemmer.js", "other.js", "translations.js"]


def test_without_an_indexer_every_stemmer_goes(tmp_path: Path) -> None:
    """English, and a builder that keeps no search index: no stemmer is wanted; a builder
    without Sphinx's translations method keeps ``translations.js``."""
    app = scripts_site(tmp_path)
    output.prune_language_scripts(app, None)
    assert left(app) == ["other.js", "translations.js"]
    app = scripts_site(tmp_path / "2", indexer=SimpleNamespace())  # no stemmer method
    output.prune_language_scripts(app, None)
    assert left(app) == ["other.js", "translations.js"]


@pytest.mark.parametrize(
    ("builder_format", "exception"),
    [("html", RuntimeError("failed")), ("latex", None)],
    ids=["failed-build", "not-html"],
)
def test_scripts_are_kept_after_a_failed_build_or_another_format(
    tmp_path: Path, builder_format: str, exception: Exception | None
) -> None:
    app = scripts_site(tmp_path, builder_format, _get_translations_js=lambda: "")
    output.prune_language_scripts(app, exception)
    assert left(app) == ["de-stemmer.js", "fr-stemmer.js", "other.js", "translations.js"]


def test_no_static_folder_no_error(tmp_path: Path) -> None:
    app = stand_in(tmp_path, _get_translations_js=lambda: "")
    output.prune_language_scripts(app, None)
    output.prune_images(app, None)
    assert list(app.builder.outdir.iterdir()) == []


def test_setup_order() -> None:
    """``begin`` after ``collecting.refresh`` (500) at ``env-updated``; ``finish`` last of
    every ``build-finished`` listener (redirects are at 600)."""
    calls = []
    app = SimpleNamespace(connect=lambda *args, **kwargs: calls.append((args, kwargs)))
    assert output.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}
    assert calls == [
        (("env-updated", output.begin), {"priority": 550}),
        (("html-collect-pages", output.prune_search_index), {}),
        (("build-finished", output.prune_images), {}),
        (("build-finished", output.prune_downloads), {}),
        (("build-finished", output.prune_language_scripts), {}),
        (("build-finished", output.remove_build_info_backup), {}),
        (("build-finished", output.finish), {"priority": 990}),
    ]


@pytest.mark.parametrize(
    ("record", "outputs", "unchanged"),
    [
        pytest.param(b"digest", ["a.xml", "b.txt"], True, id="same digest, outputs there"),
        pytest.param(b"other", ["a.xml", "b.txt"], False, id="another digest"),
        pytest.param(b"digest", ["a.xml"], False, id="an output missing"),
        pytest.param(None, ["a.xml", "b.txt"], False, id="no record"),
        pytest.param(b"\xff\xfe", ["a.xml", "b.txt"], False, id="a record that is not text"),
    ],
)
def test_inputs_unchanged(
    tmp_path: Path, record: bytes | None, outputs: list[str], unchanged: bool
) -> None:
    stamp = tmp_path / "x.sig"
    if record is not None:
        stamp.write_bytes(record)
    for name in outputs:
        (tmp_path / name).write_text("made")
    paths = [tmp_path / "a.xml", tmp_path / "b.txt"]
    assert freshness.inputs_unchanged(stamp, "digest", paths) is unchanged
    assert stamp.read_text() == "digest"  # written when the outputs are made again


@pytest.mark.parametrize(("exception", "format_", "kept"), [
    (None, "html", False), (ValueError("failed"), "html", True), (None, "latex", True)
])  # fmt: skip
def test_the_build_info_backup_is_deleted_after_an_html_build(
    tmp_path: Path, exception: Exception | None, format_: str, kept: bool
) -> None:
    app = stand_in(tmp_path, format=format_)
    (app.builder.outdir / ".buildinfo.bak").write_text("old")
    output.remove_build_info_backup(app, exception)
    assert (app.builder.outdir / ".buildinfo.bak").exists() is kept
