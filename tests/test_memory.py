"""The garbage collector during a build (chapbook/memory.py), given back after it."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from chapbook import memory
from tests.helpers import ROOTS, checkout_env

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def nothing_frozen():
    """Each test starts and ends with no frozen object, whatever ran before it."""
    gc.unfreeze()
    before = gc.get_threshold()
    yield before
    gc.unfreeze()
    gc.set_threshold(*before)


def _site(tmp_path: Path) -> Path:
    shutil.copytree(ROOTS / "test-sections", tmp_path / "src")
    return tmp_path / "src"


def test_collections_are_rarer_while_building_and_as_before_after(
    make_app, tmp_path: Path, nothing_frozen: tuple[int, int, int]
) -> None:
    app = make_app("dirhtml", srcdir=_site(tmp_path), freshenv=True)
    seen: list[tuple[int, int, int]] = []
    app.connect("doctree-read", lambda app, doctree: seen.append(gc.get_threshold()))
    app.connect("html-page-context", lambda app, *args: seen.append(gc.get_threshold()))
    app.build()
    assert seen
    assert set(seen) == {(memory.FIRST_GENERATION, *nothing_frozen[1:])}
    assert gc.get_threshold() == nothing_frozen


def test_the_environment_is_loaded_with_the_raised_threshold(
    make_app, tmp_path: Path, nothing_frozen: tuple[int, int, int]
) -> None:
    """Raised at ``config-inited``, before Sphinx unpickles the last build's environment."""
    srcdir = _site(tmp_path)
    make_app("dirhtml", srcdir=srcdir, freshenv=True).build()
    loaded: list[tuple[int, int, int]] = []
    original = memory.Collector.freeze

    def spy(self: memory.Collector, app) -> None:  # builder-inited: after the environment
        loaded.append(gc.get_threshold())
        original(self, app)

    memory.Collector.freeze = spy  # type: ignore[method-assign]
    try:
        app = make_app("dirhtml", srcdir=srcdir)
    finally:
        memory.Collector.freeze = original  # type: ignore[method-assign]
    assert app.env.all_docs  # the second application loaded the first one's environment
    assert loaded == [(memory.FIRST_GENERATION, *nothing_frozen[1:])]
    app.build()
    assert gc.get_threshold() == nothing_frozen


def test_what_lives_when_the_builder_starts_is_frozen_until_the_build_ends(
    make_app, tmp_path: Path, nothing_frozen: tuple[int, int, int]
) -> None:
    app = make_app("dirhtml", srcdir=_site(tmp_path), freshenv=True)
    frozen_while_writing: list[int] = []
    app.connect(
        "html-page-context", lambda app, *a: frozen_while_writing.append(gc.get_freeze_count())
    )
    assert gc.get_freeze_count() > 0  # builder-inited has run
    app.build()
    assert frozen_while_writing and min(frozen_while_writing) > 0
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_objects_keeps_them_and_nothing_more_is_frozen(
    nothing_frozen: tuple[int, int, int],
) -> None:
    kept = [[] for _ in range(10)]  # lists: objects the collector tracks (object() is not)
    gc.freeze()
    frozen = gc.get_freeze_count()
    collector = memory.Collector()
    collector.start(None)  # type: ignore[arg-type]
    made = [[] for _ in range(10)]
    collector.freeze(None)  # type: ignore[arg-type]
    assert gc.get_freeze_count() == frozen
    assert (is_frozen(kept), is_frozen(made)) == (True, False)
    collector.finish(None, None)  # type: ignore[arg-type]
    assert gc.get_freeze_count() == frozen
    assert (is_frozen(kept), is_frozen(made)) == (True, False)


def is_frozen(objects: list[list[object]]) -> bool:
    """Whether every one of ``objects`` is in the permanent generation (``gc.freeze``): tracked,
    yet in none of the generations the collector walks (``gc.get_objects``)."""
    walked = {id(found) for found in gc.get_objects()}
    return all(gc.is_tracked(o) and id(o) not in walked for o in objects)


def test_a_higher_setting_of_the_process_is_kept(nothing_frozen: tuple[int, int, int]) -> None:
    collector = memory.Collector()
    gc.set_threshold(memory.FIRST_GENERATION * 2, *nothing_frozen[1:])
    collector.start(None)  # type: ignore[arg-type]
    assert gc.get_threshold()[0] == memory.FIRST_GENERATION * 2
    collector.finish(None, None)  # type: ignore[arg-type]
    assert gc.get_threshold()[0] == memory.FIRST_GENERATION * 2


def test_starting_twice_keeps_the_first_setting(nothing_frozen: tuple[int, int, int]) -> None:
    """``config-inited`` then ``builder-inited``: the setting given back is the process's own."""
    collector = memory.Collector()
    collector.start(None)  # type: ignore[arg-type]
    collector.freeze(None)  # type: ignore[arg-type]
    collector.finish(None, None)  # type: ignore[arg-type]
    assert gc.get_threshold() == nothing_frozen
    assert gc.get_freeze_count() == 0


#: Builds the root twice in one process, then reports at exit (this handler, registered
#: first, runs last): how often Chapbook's handler froze, and whether objects were frozen.
AT_EXIT = """
import atexit, gc, sys
from sphinx.cmd.build import build_main

calls = []
atexit.register(lambda: print("froze", len(calls), "frozen", gc.get_freeze_count() > 0))
for out in ("a", "b"):
    assert build_main(["-q", "-b", "dirhtml", sys.argv[1], sys.argv[2] + out]) == 0
print("after the builds", gc.get_freeze_count())
freeze = gc.freeze
gc.freeze = lambda: (calls.append(1), freeze())
"""


def test_the_process_exits_with_its_objects_frozen_once(tmp_path: Path) -> None:
    """The interpreter's last collections then walk nothing (timed in the benchmark)."""
    result = subprocess.run(
        [sys.executable, "-c", AT_EXIT, str(_site(tmp_path)), str(tmp_path / "out")],
        capture_output=True, text=True, env=checkout_env(), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["after the builds 0", "froze 1 frozen True"]
