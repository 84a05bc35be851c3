"""What a post may read (``chapbook.reading.files``), one function at a time.

``test_trust_files.py`` builds a blog whose post reads every kind of file it
must not get; these call the resolver and the image/download checks directly
on a stand-in environment over real files in the test's own folder (Sphinx's
own ``relfn2path``), and pin the exact verdict, the dependency noted so the
verdict is checked again, and the warning.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.environment import BuildEnvironment

from chapbook.reading import files
from chapbook.warnings_ import Warn

MISSING = "is not there"
UNPUBLISHED = "is not published (a draft, a scheduled post or a note)"
NEVER = "chapbook-unpublished-never-written"


class Env:
    """The parts of Sphinx's ``BuildEnvironment`` the resolver uses, over a real folder."""

    relfn2path = BuildEnvironment.relfn2path

    def __init__(self, srcdir: Path, **config: Any) -> None:
        self.srcdir = srcdir
        self.doctreedir = srcdir.parent / "doctrees"
        # Another document than the one each call names: every call must resolve from its own.
        self.docname = "elsewhere/index"
        self.current_document = SimpleNamespace(docname="post/index")
        self.config = SimpleNamespace(
            exclude_patterns=["_build", "**/.venv"],
            source_suffix={".md": "markdown", ".rst": "restructuredtext"},
            chapbook_show_drafts=False,
            chapbook_drafts_dir="drafts",
            **config,
        )
        self.project = SimpleNamespace(docnames={"index", "post/index"})
        self.dependencies: list[Path] = []

    def doc2path(self, docname: str, base: bool = True) -> Path:
        path = Path(docname + ".md")
        return self.srcdir / path if base else path

    def note_dependency(self, filename: Path) -> None:
        self.dependencies.append(Path(filename))


@pytest.fixture
def env(tmp_path: Path) -> Env:
    src = tmp_path / "blog"
    for name in ("index.md", "post/index.md", "post/pic.png", "post/data.txt", "top.txt",
                 "draft/index.md", "draft/data.txt", "drafts/idea.txt", "note.md",
                 "_build/x.txt", "deep/.venv/x.txt", ".env", ".git/config", "folder/x.txt",
                 "diagram.png", "post/beside.png", "post/notes.md", "post/sub/deep.txt",
                 "both.png", "post/both.png", "post/Xray.png"):  # fmt: skip
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "blog-evil").mkdir()
    (tmp_path / "blog-evil" / "secret.txt").write_text("secret", encoding="utf-8")
    return Env(src)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Warn, object]]:
    warnings: list[tuple[str, Warn, object]] = []

    def record(message: str, subtype: Warn, *, location: object) -> None:
        warnings.append((message, subtype, location))

    monkeypatch.setattr(files, "warn", record)
    return warnings


# -- resolve ---------------------------------------------------------------------------


def test_a_published_file_resolves_to_its_real_path(env: Env) -> None:
    assert files.resolve(env, "data.txt", "post/index") == (env.srcdir / "post/data.txt", None)
    assert files.resolve(env, "/top.txt", "post/index") == (env.srcdir / "top.txt", None)
    assert files.refusal(env, "data.txt", "post/index") is None


def test_a_path_written_over_several_lines_is_joined(env: Env) -> None:
    assert files.resolve(env, "  da\n  ta.txt  \n", "post/index") == (
        env.srcdir / "post/data.txt",
        None,
    )


@pytest.mark.parametrize("written", ["", "  \n \n"])
def test_an_empty_path_names_no_file(env: Env, written: str) -> None:
    assert files.resolve(env, written, "post/index") == (None, "names no file")


def test_docutils_own_files_are_refused(env: Env) -> None:
    assert files.resolve(env, "<../../etc/passwd>", "post/index") == (
        None,
        "is one of docutils' own files, outside the source folder",
    )


@pytest.mark.parametrize("error", [ValueError, OSError])
def test_a_path_that_cannot_be_resolved_is_refused(
    env: Env, monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def broken(*args: object) -> tuple[str, str]:
        raise error("no")

    monkeypatch.setattr(env, "relfn2path", broken, raising=False)
    assert files.resolve(env, "x.txt", "post/index") == (None, "cannot be resolved")


@pytest.mark.parametrize(
    "written", ["../../outside.txt", "/../outside.txt", "../../blog-evil/secret.txt", "link.txt"]
)
def test_a_file_outside_the_source_folder_is_refused(env: Env, written: str) -> None:
    (env.srcdir / "post" / "link.txt").symlink_to(env.srcdir.parent / "outside.txt")
    assert files.resolve(env, written, "post/index") == (None, "is outside the source folder")
    assert env.dependencies == []


def test_a_link_inside_the_folder_resolves_to_its_target(env: Env) -> None:
    (env.srcdir / "post" / "link.txt").symlink_to(env.srcdir / "top.txt")
    assert files.resolve(env, "link.txt", "post/index") == (env.srcdir / "top.txt", None)


def test_a_source_folder_reached_through_a_link_is_itself(env: Env, tmp_path: Path) -> None:
    (tmp_path / "alias").symlink_to(env.srcdir)
    env.srcdir = tmp_path / "alias"
    assert files.resolve(env, "data.txt", "post/index") == (
        Path(os.path.realpath(env.srcdir)) / "post/data.txt",
        None,
    )


# -- what is not published --------------------------------------------------------------


@pytest.mark.parametrize("written", ["/.env", "/.git/config", "../.env"])
def test_hidden_files_are_refused(env: Env, written: str) -> None:
    assert files.refusal(env, written, "post/index") == "is a hidden file"


def test_a_hidden_folder_is_refused_before_the_exclusions(env: Env) -> None:
    assert files.refusal(env, "/deep/.venv/x.txt", "post/index") == "is a hidden file"


def test_a_file_inside_an_excluded_folder_is_refused(env: Env) -> None:
    assert files.refusal(env, "/_build/x.txt", "post/index") == (
        "is excluded from the site (exclude_patterns)"
    )


def test_an_excluded_pattern_without_a_hidden_part(env: Env) -> None:
    env.config.exclude_patterns = ["folder/*"]
    assert files.refusal(env, "/folder/x.txt", "post/index") == (
        "is excluded from the site (exclude_patterns)"
    )
    assert env.dependencies == []


def test_a_missing_file_is_checked_again_at_every_build(env: Env) -> None:
    assert files.refusal(env, "gone.txt", "post/index") == MISSING
    assert env.dependencies == [env.doctreedir / NEVER]


def test_a_folder_is_not_a_regular_file(env: Env) -> None:
    assert files.refusal(env, "/folder", "post/index") == "is not a regular file"
    assert env.dependencies == []


@pytest.mark.parametrize("written", ["/note.md", "/draft/index.md", "notes.md"])
def test_an_unpublished_source_is_refused_and_checked_again(env: Env, written: str) -> None:
    assert files.refusal(env, written, "post/index") == UNPUBLISHED
    assert env.dependencies == [env.doctreedir / NEVER]


def test_a_file_of_an_unpublished_post_is_refused(env: Env) -> None:
    assert files.refusal(env, "/draft/data.txt", "post/index") == (
        "belongs to draft/index, which is not published"
    )
    assert env.dependencies == [env.doctreedir / NEVER]


def test_a_file_in_the_drafts_folder_is_refused_unless_drafts_are_shown(env: Env) -> None:
    assert files.refusal(env, "/drafts/idea.txt", "post/index") == "is in the drafts folder"
    assert env.dependencies == [env.doctreedir / NEVER]
    env.config.chapbook_show_drafts = True
    env.dependencies.clear()
    assert files.refusal(env, "/drafts/idea.txt", "post/index") is None
    assert env.dependencies == [env.srcdir / "index.md"]


def test_a_file_of_a_published_post_depends_on_that_post(env: Env) -> None:
    assert files.refusal(env, "sub/deep.txt", "post/index") is None
    assert env.dependencies == [env.srcdir / "post/index.md"]


def test_a_file_at_the_root_depends_on_the_home_page(env: Env) -> None:
    assert files.refusal(env, "/top.txt", "post/index") is None
    assert env.dependencies == [env.srcdir / "index.md"]


def test_a_file_of_no_post_depends_on_nothing(env: Env) -> None:
    env.project.docnames = {"post/index"}
    (env.srcdir / "index.md").unlink()
    assert files.refusal(env, "/top.txt", "post/index") is None
    assert env.dependencies == []


def test_a_published_source_may_be_read(env: Env) -> None:
    assert files.refusal(env, "/post/index.md", "post/index") is None
    assert env.dependencies == [env.srcdir / "post/index.md"]


def test_the_longest_source_suffix_names_the_document(env: Env) -> None:
    # Not the alphabetical order either: ``.md`` sorts after ``.a.md``.
    env.config.source_suffix = {".md": "markdown", ".a.md": "markdown"}
    (env.srcdir / "x.a.md").write_text("x", encoding="utf-8")
    env.project.docnames.add("x.a")
    assert files.refusal(env, "/x.a.md", "post/index") == UNPUBLISHED
    env.project.docnames.add("x")
    assert files.refusal(env, "/x.a.md", "post/index") is None


def test_a_post_source_is_found_by_any_suffix(env: Env) -> None:
    env.config.source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
    assert files._source(env, "post/index") == env.srcdir / "post/index.md"
    assert files._source(env, "nothing/index") == env.srcdir / "nothing/index"


def test_a_file_of_a_post_written_in_another_suffix_is_refused(env: Env) -> None:
    env.config.source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
    assert files.refusal(env, "/draft/data.txt", "post/index") == (
        "belongs to draft/index, which is not published"
    )


@pytest.mark.parametrize(
    ("problem", "rechecked"),
    [(MISSING, True), (UNPUBLISHED, True), ("is in the drafts folder", True),
     ("belongs to a/index, which is not published", True), (None, False),
     ("is a hidden file", False), ("it belongs to ", False)],
)  # fmt: skip
def test_which_verdicts_are_checked_again(problem: str | None, rechecked: bool) -> None:
    assert files._rechecked(problem) is rechecked


# -- warnings -------------------------------------------------------------------------------


def test_a_missing_file_is_a_source_warning(said: list[tuple[str, Warn, object]]) -> None:
    files.warn_refused("image", "pic.png", MISSING, "here")
    files.warn_refused("file", "x.txt", "is a hidden file", "there")
    assert said == [
        ("image 'pic.png' is not there; it is left out", Warn.SOURCE, "here"),
        ("file 'x.txt' is a hidden file; it is left out", Warn.TRUST, "there"),
    ]


# -- images and downloads --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "local"),
    [("pic.png", True), ("/a/b.png", True), ("", False), ("https://x.org/a.png", False),
     ("data:image/png;base64,AA", False), ("x://y", False), ("a/data:b", True)],
)  # fmt: skip
def test_which_addresses_are_files_of_this_machine(uri: str, local: bool) -> None:
    assert files.is_local(uri) is local


def test_a_site_root_path_falls_back_to_the_file_beside_the_post(env: Env) -> None:
    assert files.beside_post(env, "/beside.png", "post/index") == "beside.png"
    assert files.beside_post(env, "/diagram.png", "post/index") is None  # at the root
    assert files.beside_post(env, "beside.png", "post/index") is None  # not a site-root path
    assert files.beside_post(env, "/nowhere.png", "post/index") is None
    assert files.beside_post(env, "/sub", "post/index") is None  # a folder
    assert files.beside_post(env, "/both.png", "post/index") is None  # the root's wins
    assert files.beside_post(env, "/Xray.png", "post/index") == "Xray.png"


def document(env: Env, *children: nodes.Node) -> nodes.document:
    settings = get_default_settings(Parser)
    settings.env = env
    env.docname = "post/index"  # the document being read
    doc = new_document("post/index.md", settings)
    paragraph = nodes.paragraph("", "")
    paragraph.line = 7
    paragraph.extend(children)
    doc += paragraph
    return doc


def image(uri: str, **attributes: Any) -> nodes.image:
    return nodes.image(uri=uri, alt=f"alt of {uri}", **attributes)


def test_refused_images_are_left_out_with_their_alt_text(
    env: Env, said: list[tuple[str, Warn, object]]
) -> None:
    doc = document(env, image("https://x.org/a.txt"), nodes.image(), image("pic.png"),
                   image("/beside.png"), image("data.txt"), image("../../outside.png"),
                   image("gone.png"), image("pics.*"))  # fmt: skip
    files.RefuseUnpublishedFiles(doc).apply()
    paragraph = doc[0]
    assert [(type(n).__name__, n.get("uri") or n.astext()) for n in paragraph.children] == [
        ("image", "https://x.org/a.txt"),
        ("image", ""),
        ("image", "pic.png"),
        ("image", "beside.png"),
        ("inline", "alt of data.txt"),
        ("inline", "alt of ../../outside.png"),
        ("inline", "alt of gone.png"),
        ("image", "pics.*"),
    ]
    assert [(m, s) for m, s, _ in said] == [
        ("image 'data.txt' is not an image a page may show (.txt); it is left out", Warn.TRUST),
        ("image '../../outside.png' is outside the source folder; it is left out", Warn.TRUST),
        ("image 'gone.png' is not there; it is left out", Warn.SOURCE),
    ]
    assert all(location is paragraph for _, _, location in said)


def test_a_refused_image_with_a_class_or_an_id_and_no_alt_text_is_left_out(
    env: Env, said: list[tuple[str, Warn, object]]
) -> None:
    """docutils refuses to put nothing in the place of a node with classes or ids."""
    doc = document(env, nodes.image(uri="gone.png", classes=["wide"]),
                   nodes.image(uri="lost.png", ids=["plan"], names=["plan"], classes=["wide"]),
                   nodes.Text("after"))  # fmt: skip
    files.RefuseUnpublishedFiles(doc).apply()
    paragraph = doc[0]
    assert [(type(n).__name__, n.astext()) for n in paragraph.children] == [
        ("inline", ""),
        ("Text", "after"),
    ]
    assert paragraph[0]["ids"] == ["plan"] and paragraph[0]["classes"] == []  # a link lands
    assert [m for m, _, _ in said] == [
        "image 'gone.png' is not there; it is left out",
        "image 'lost.png' is not there; it is left out",
    ]


def test_refused_downloads_become_their_text(
    env: Env, said: list[tuple[str, Warn, object]]
) -> None:
    (env.srcdir / "post" / "page.html").write_text("<script>", encoding="utf-8")

    def download(target: str) -> addnodes.download_reference:
        link = addnodes.download_reference("", "", reftarget=target)
        link += nodes.literal(f"get {target}", f"get {target}")
        return link

    bare = addnodes.download_reference("", "")
    bare += nodes.literal("no target", "no target")
    doc = document(env, download("https://x.org/page.html"), bare, download("data.txt"),
                   download("../../outside.txt"), download("page.html"))  # fmt: skip
    files.RefuseUnpublishedFiles(doc).apply()
    paragraph = doc[0]
    assert [(type(n).__name__, n.astext()) for n in paragraph.children] == [
        ("download_reference", "get https://x.org/page.html"),
        ("download_reference", "no target"),
        ("download_reference", "get data.txt"),
        ("inline", "get ../../outside.txt"),
        ("inline", "get page.html"),
    ]
    assert [(m, s) for m, s, _ in said] == [
        ("file '../../outside.txt' is outside the source folder; it is left out", Warn.TRUST),
        ("file 'page.html' is a .html file, which a browser or web server would run on the "
         "site's own address; it is left out", Warn.TRUST),
    ]  # fmt: skip
    assert said[0][2].astext() == "get ../../outside.txt"
    assert paragraph[3].rawsource == "get ../../outside.txt"


def test_the_candidates_sphinx_chose_are_checked_too(
    env: Env, said: list[tuple[str, Warn, object]]
) -> None:
    (env.srcdir / "post" / "pic.en.txt").write_text("x", encoding="utf-8")
    chosen = image("pic.png", candidates={"image/png": "post/pic.png"})
    other = image("pic.*", candidates={"text/plain": "post/pic.en.txt",
                                       "image/png": "post/pic.png"})  # fmt: skip
    away = image("x.png", candidates={"image/png": "../outside.png", "?": "post/gone.png"})
    web = image("https://x.org/a.png", candidates={"?": "https://x.org/a.png"})
    mixed = image("b.png", candidates={"?": "https://x.org/b.png", "image/png": "post/b.txt"})
    doc = document(env, image("none.png"), chosen, other, away, web, mixed)
    files.check_candidates(SimpleNamespace(env=env), doc)
    paragraph = doc[0]
    assert [type(n).__name__ for n in paragraph.children] == ["image", "image", "inline",
                                                               "inline", "image", "inline"]  # fmt: skip
    assert [(m, s) for m, s, _ in said] == [
        ("image 'post/pic.en.txt' is not an image a page may show (.txt); it is left out",
         Warn.TRUST),
        ("image '../outside.png' is outside the source folder; it is left out", Warn.TRUST),
        ("image 'post/b.txt' is not there; it is left out", Warn.SOURCE),
    ]  # fmt: skip


def test_setup_registers_the_transform_and_the_check() -> None:
    calls: list[tuple[object, ...]] = []
    app = SimpleNamespace(
        add_transform=lambda t: calls.append(("transform", t)),
        connect=lambda event, f, priority: calls.append((event, f, priority)),
    )
    assert files.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}
    assert calls == [
        ("transform", files.RefuseUnpublishedFiles),
        ("doctree-read", files.check_candidates, 500),
    ]
    assert files.RefuseUnpublishedFiles.default_priority == 10
