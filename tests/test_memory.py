"""The garbage collector's setting during a build (chapbook/memory.py), given back after it."""

from __future__ import annotations

import gc
import shutil
from typing import TYPE_CHECKING

from chapbook import memory
from tests.helpers import ROOTS

if TYPE_CHECKING:
    from pathlib import Path


def test_collections_are_rarer_while_building_and_as_before_after(make_app, tmp_path: Path) -> None:
    before = gc.get_threshold()
    shutil.copytree(ROOTS / "test-sections", tmp_path / "src")
    app = make_app("dirhtml", srcdir=tmp_path / "src", freshenv=True)
    seen: list[tuple[int, int, int]] = []
    app.connect("doctree-read", lambda app, doctree: seen.append(gc.get_threshold()))
    app.connect("html-page-context", lambda app, *args: seen.append(gc.get_threshold()))
    app.build()
    assert seen
    assert set(seen) == {(memory.FIRST_GENERATION, *before[1:])}
    assert gc.get_threshold() == before


def test_a_higher_setting_of_the_process_is_kept() -> None:
    before = gc.get_threshold()
    collector = memory.Collector()
    try:
        gc.set_threshold(memory.FIRST_GENERATION * 2, *before[1:])
        collector.start(None)  # type: ignore[arg-type]
        assert gc.get_threshold()[0] == memory.FIRST_GENERATION * 2
        collector.finish(None, None)  # type: ignore[arg-type]
        assert gc.get_threshold()[0] == memory.FIRST_GENERATION * 2
    finally:
        gc.set_threshold(*before)
