"""The garbage collector during Sphinx's work (chapbook/speedups/memory.py), given back after it.

Never the process's: an application made and not built, and the process after
its builds, keep the setting they had, and nothing is left frozen, at exit either.
"""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from chapbook.speedups import memory
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
    """Raised at ``config-inited``, before Sphinx unpickles the last build's environment,
    and given back once it is loaded (``builder-inited``)."""
    srcdir = _site(tmp_path)
    make_app("dirhtml", srcdir=srcdir, freshenv=True).build()
    loaded: list[tuple[int, int, int]] = []
    original = memory.Collector.finish

    def spy(self: memory.Collector, *event: object) -> None:
        loaded.append(gc.get_threshold())
        original(self, *event)

    memory.Collector.finish = spy  # type: ignore[method-assign]
    try:
        app = make_app("dirhtml", srcdir=srcdir)
    finally:
        memory.Collector.finish = original  # type: ignore[method-assign]
    assert app.env.all_docs  # the second application loaded the first one's environment
    assert loaded == [(memory.FIRST_GENERATION, *nothing_frozen[1:])]
    app.build()
    assert gc.get_threshold() == nothing_frozen


def test_an_application_made_and_not_built_leaves_the_process_as_it_was(
    make_app, tmp_path: Path, nothing_frozen: tuple[int, int, int]
) -> None:
    make_app("dirhtml", srcdir=_site(tmp_path), freshenv=True)
    assert gc.get_threshold() == nothing_frozen
    assert gc.get_freeze_count() == 0


def test_what_lives_when_the_build_starts_is_frozen_until_it_ends(
    make_app, tmp_path: Path, nothing_frozen: tuple[int, int, int]
) -> None:
    app = make_app("dirhtml", srcdir=_site(tmp_path), freshenv=True)
    frozen_while_writing: list[int] = []
    app.connect(
        "html-page-context", lambda app, *a: frozen_while_writing.append(gc.get_freeze_count())
    )
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
    collector.start()
    made = [[] for _ in range(10)]
    collector.freeze()
    assert gc.get_freeze_count() == frozen
    assert (is_frozen(kept), is_frozen(made)) == (True, False)
    collector.finish()
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
    collector.start()
    assert gc.get_threshold()[0] == memory.FIRST_GENERATION * 2
    collector.finish()
    assert gc.get_threshold()[0] == memory.FIRST_GENERATION * 2


def test_starting_twice_keeps_the_first_setting(nothing_frozen: tuple[int, int, int]) -> None:
    """Raised twice (the build starting): the setting given back is the process's own."""
    collector = memory.Collector()
    collector.start()
    collector.freeze()
    collector.finish()
    assert gc.get_threshold() == nothing_frozen
    assert gc.get_freeze_count() == 0


#: Builds the root twice in one process, then reports at exit (this handler, registered
#: first, runs last): whether anything froze objects after the builds, at exit included.
AT_EXIT = """
import atexit, gc, sys
from sphinx.cmd.build import build_main

calls = []
atexit.register(lambda: print("froze", len(calls), "frozen", gc.get_freeze_count() > 0))
before = gc.get_threshold()
for out in ("a", "b"):
    assert build_main(["-q", "-b", "dirhtml", sys.argv[1], sys.argv[2] + out]) == 0
print("after the builds", gc.get_freeze_count(), gc.get_threshold() == before)
freeze = gc.freeze
gc.freeze = lambda: (calls.append(1), freeze())
"""


def test_the_process_exits_as_it_would_without_chapbook(tmp_path: Path) -> None:
    """No exit hook: a test runner or a server that builds a site keeps its own collector."""
    result = subprocess.run(
        [sys.executable, "-c", AT_EXIT, str(_site(tmp_path)), str(tmp_path / "out")],
        capture_output=True, text=True, env=checkout_env(), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["after the builds 0 True", "froze 0 frozen False"]
