"""``chapbook serve``'s builds pickle the environment in a fork while they write.

``chapbook.speedups.preview`` stands in for ``pickle`` in ``sphinx.builders`` in
a serve child only: the environment is written by a forked process, the pages
meanwhile; the child waits for the fork before it reports, and a fork that
failed leaves no part-written environment behind.
"""

from __future__ import annotations

import pickle
import shutil
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
import sphinx.builders
from packaging.version import Version
from sphinx.application import ENV_PICKLE_FILENAME

from chapbook.cli import warm
from chapbook.speedups import guard, preview
from tests.collecting.test_incremental import EDITS, ROOT, assert_same_tree, build

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(not warm.available(), reason="warm builds need os.fork")


def test_the_environment_is_written_whole_by_a_fork(tmp_path: Path) -> None:
    environment = {"posts": list(range(1000)), "title": "Field notes"}
    stand_in = preview.ForkedPickle(environment)
    with (tmp_path / "env.pickle").open("wb") as file:
        stand_in.dump(environment, file, pickle.HIGHEST_PROTOCOL)
    assert len(stand_in.forks) == 1  # written by another process
    assert stand_in.wait()
    assert stand_in.forks == []
    assert pickle.loads((tmp_path / "env.pickle").read_bytes()) == environment


def test_anything_else_is_pickled_here_as_the_module_does(tmp_path: Path) -> None:
    stand_in = preview.ForkedPickle(object())
    with (tmp_path / "doctree.pickle").open("wb") as file:
        stand_in.dump(["a doctree"], file, pickle.HIGHEST_PROTOCOL)
    assert stand_in.forks == []
    assert pickle.loads((tmp_path / "doctree.pickle").read_bytes()) == ["a doctree"]
    assert stand_in.loads(stand_in.dumps({"merged": 1})) == {"merged": 1}


def test_a_fork_that_cannot_write_is_reported(tmp_path: Path) -> None:
    environment = {"unpicklable": lambda: None}
    stand_in = preview.ForkedPickle(environment)
    with (tmp_path / "env.pickle").open("wb") as file:
        stand_in.dump(environment, file)
    assert not stand_in.wait()


def test_a_failed_fork_leaves_no_environment(tmp_path: Path, monkeypatch) -> None:
    saved = tmp_path / ENV_PICKLE_FILENAME
    saved.write_bytes(b"half an environment")
    failed = SimpleNamespace(wait=lambda: False)
    monkeypatch.setattr(preview, "install", lambda app, written: failed)
    settings = warm.Settings(tmp_path, tmp_path, tmp_path / "html", tmp_path)
    warm._build(SimpleNamespace(build=lambda: None), settings, lambda _addresses: None)
    assert not saved.exists()  # the next build starts from a fresh environment


class Builder:
    """Writes documents in the order it is given them, as Sphinx's serial writer does."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def _write_serial(self, docnames: list[str]) -> None:
        self.written.extend(docnames)

    def get_target_uri(self, docname: str) -> str:
        return f"{docname}/"


def serve_app(switch: bool = True) -> SimpleNamespace:
    """The parts of an application ``install`` uses, with its event handlers kept."""
    handlers: dict[str, list] = {}
    return SimpleNamespace(
        env=object(), config={guard.SWITCH: switch}, builder=Builder(), handlers=handlers,
        connect=lambda event, handler: handlers.setdefault(event, []).append(handler),
    )  # fmt: skip


def test_the_posts_read_are_written_first(monkeypatch) -> None:
    monkeypatch.setattr(sphinx.builders, "pickle", pickle)
    app = serve_app()
    told: list[tuple[list[str], list[str]]] = []  # the addresses, what was written by then
    written = lambda addresses: told.append((addresses, list(app.builder.written)))  # noqa: E731
    assert preview.install(app, written) is not None  # type: ignore[arg-type]
    for handler in app.handlers["env-before-read-docs"]:
        handler(app, app.env, ["posts/saved", "posts/other"])
    app.builder._write_serial(["archive", "index", "posts/other", "posts/saved", "tags/sea"])
    assert app.builder.written == ["posts/other", "posts/saved", "archive", "index", "tags/sea"]
    assert told == [(["posts/other/", "posts/saved/"], ["posts/other", "posts/saved"])]


def test_a_build_that_read_nothing_tells_nobody(monkeypatch) -> None:
    monkeypatch.setattr(sphinx.builders, "pickle", pickle)
    app = serve_app()
    told: list[list[str]] = []
    assert preview.install(app, told.append) is not None  # type: ignore[arg-type]
    app.builder._write_serial(["archive", "index"])
    assert (app.builder.written, told) == (["archive", "index"], [])


def test_installed_only_where_sphinx_is_the_verified_one(monkeypatch) -> None:
    app = serve_app()
    monkeypatch.setattr(sphinx.builders, "pickle", pickle)
    stand_in = preview.install(app)  # type: ignore[arg-type]
    assert isinstance(stand_in, preview.ForkedPickle)
    assert sphinx.builders.pickle is stand_in
    monkeypatch.setattr(sphinx.builders, "pickle", pickle)
    monkeypatch.setattr(guard, "installed", lambda name: Version("9.1.0"))
    assert preview.install(app) is None  # type: ignore[arg-type]
    assert sphinx.builders.pickle is pickle


def test_not_installed_with_the_speed_ups_off(monkeypatch) -> None:
    monkeypatch.setattr(sphinx.builders, "pickle", pickle)
    app = serve_app(switch=False)
    assert preview.install(app) is None  # type: ignore[arg-type]
    assert sphinx.builders.pickle is pickle


def test_after_warm_saves_the_saved_environment_rebuilds_as_a_clean_build(tmp_path: Path) -> None:
    """The environment the fork wrote is the whole one: a later build from it, after
    another edit, equals a clean build's."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    out = tmp_path / "served"
    # The folders SphinxTestApp uses for builddir=out: its build continues this one.
    rebuilder = warm.Rebuilder(warm.Settings(src, src, out / "dirhtml", out / "doctrees"))
    try:
        assert rebuilder.build() == warm.Result(0)
        rebuilder.prepare()
        EDITS["body"](src)
        assert rebuilder.build([src / "third.md"]) == warm.Result(0)
    finally:
        rebuilder.discard()
    with (out / "doctrees" / ENV_PICKLE_FILENAME).open("rb") as file:
        environment = pickle.load(file)
    assert "rewritten" in environment.chapbook.posts["third"].summary
    EDITS["retitle"](src)
    incremental = build(src, out)  # Sphinx's own build, from the fork's environment
    assert_same_tree(incremental, build(src, tmp_path / "clean", fresh=True))


def project_app(folder: Path, switch: bool) -> SimpleNamespace:
    """An application's parts ``discover_ahead`` uses, on a real Sphinx project."""
    from sphinx.project import Project

    project = Project(folder, (".md",))
    env = SimpleNamespace(project=project)
    env.find_files = lambda config, builder: project.discover()
    return SimpleNamespace(env=env, config={guard.SWITCH: switch}, builder=object())


def test_the_prepared_child_walks_the_folder_before_the_save(tmp_path: Path) -> None:
    (tmp_path / "first.md").write_text("# First\n")
    app = project_app(tmp_path, switch=True)
    assert preview.discover_ahead(app)  # type: ignore[arg-type]
    (tmp_path / "later.md").write_text("# Later\n")  # the server drops such a child
    project = app.env.project
    assert project.discover() == {"first"}  # the build's walk: the one made ahead
    assert project.doc2path("first", absolute=False).name == "first.md"
    assert project.discover() == {"first", "later"}  # once: then Sphinx's own


def test_with_the_speed_ups_off_the_build_walks_the_folder(tmp_path: Path) -> None:
    (tmp_path / "first.md").write_text("# First\n")
    app = project_app(tmp_path, switch=False)
    assert not preview.discover_ahead(app)  # type: ignore[arg-type]
    (tmp_path / "later.md").write_text("# Later\n")
    assert app.env.project.discover() == {"first", "later"}
