"""The speed-up layer (chapbook/speedups/): the same pages on and off, each only where verified.

Each speed-up copies or patches another project's behaviour; it runs only with
the versions it names and while conf.py leaves ``chapbook_speedups`` on.  Off,
or outside those versions, the stock path runs and the site is the same, byte
for byte.
"""

from __future__ import annotations

import filecmp
import gc
import importlib
import shutil
import tomllib
from typing import TYPE_CHECKING, Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from chapbook.speedups import SPEEDUPS, guard, memory, pagetoc, preview, sections, sphinxcompat
from tests.book.test_messy import load_generator
from tests.helpers import ROOT, ROOTS, build_site

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

OFF = {"chapbook_speedups": False}


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_messy_blog_is_the_same_byte_for_byte_with_the_speedups_on_and_off(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    load_generator().generate(docs, 30, seed=11, messy=True)
    for name, options in (("on", ()), ("off", ("-D", "chapbook_speedups=0"))):
        result = build_site(docs, tmp_path / name, *options)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "unknown config value" not in result.stderr  # the switch is Chapbook's
    on, off = tmp_path / "on" / "html", tmp_path / "off" / "html"
    assert _files(on) == _files(off)
    assert len(_files(on)) > 100
    differ = [name for name in _files(on) if not filecmp.cmp(on / name, off / name, shallow=False)]
    assert differ == []


class Seen:
    """What a page's context and the collector looked like while pages were written."""

    def __init__(self, app: SphinxTestApp) -> None:
        self.thresholds: set[tuple[int, int, int]] = set()
        self.tocs: set[str] = set()
        self.renders: list[str] = []
        render = app.builder.templates.render
        app.builder.templates.render = lambda name, context: (
            self.renders.append(name) or render(name, context)
        )
        app.connect("html-page-context", self.page, priority=999)

    def page(self, app: SphinxTestApp, *args: Any) -> None:
        context = args[2]
        self.thresholds.add(gc.get_threshold())
        if callable(context.get(pagetoc.TOC)):
            self.tocs.add(context[pagetoc.TOC].__qualname__)

    def tested_never_empty(self) -> bool:
        return bool(sections.NEVER_EMPTY & set(self.renders))


@pytest.fixture
def process_threshold() -> Iterator[tuple[int, int, int]]:
    gc.unfreeze()
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True)
def test_with_the_speedups_on_each_one_runs(app, process_threshold) -> None:
    seen = Seen(app)
    app.build()
    assert not seen.tested_never_empty()  # sections
    assert seen.tocs == {"serialised_once.<locals>.generate_toc_html"}  # pagetoc
    assert seen.thresholds == {(memory.FIRST_GENERATION, *process_threshold[1:])}  # memory


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True, confoverrides=OFF)
def test_the_switch_turns_every_speedup_off(app, process_threshold) -> None:
    seen = Seen(app)
    app.build()
    assert seen.tested_never_empty()  # the theme tests every template of its sections
    assert "serialised_once" not in str(seen.tocs)  # the theme's own function
    assert seen.thresholds == {process_threshold}
    assert not app.warning.getvalue()


def test_a_theme_outside_the_verified_versions_gets_the_stock_path(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, process_threshold
) -> None:
    real = guard.installed
    monkeypatch.setattr(
        guard,
        "installed",
        lambda name: Version("0.21.0") if name == "pydata-sphinx-theme" else real(name),
    )
    srcdir = tmp_path / "src"  # a copy: the build writes beside its sources
    shutil.copytree(ROOTS / "test-sections", srcdir)
    app = make_app("dirhtml", srcdir=srcdir, freshenv=True)
    seen = Seen(app)
    app.build()
    assert seen.tested_never_empty()
    assert "serialised_once" not in str(seen.tocs)
    # Python's collector is no theme's: still set for the build.
    assert seen.thresholds == {(memory.FIRST_GENERATION, *process_threshold[1:])}


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True)
def test_sphinx_internals_outside_the_verified_versions_answer_as_public_apis_would(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.build()
    assert sphinxcompat.user_set(app.config, "html_baseurl")
    assert "html_baseurl" in sphinxcompat.conf_names(app.config)
    assert sphinxcompat.search_word_maps(app.builder.indexer)
    monkeypatch.setattr(guard, "installed", lambda name: Version("9.1.0"))
    assert sphinxcompat.user_set(app.config, "html_baseurl")  # differs from the default
    assert not sphinxcompat.user_set(app.config, "nitpicky")
    assert sphinxcompat.conf_names(app.config) == ()
    assert sphinxcompat.search_word_maps(app.builder.indexer) == []
    assert sphinxcompat.translations_js(app.builder) is None
    assert sphinxcompat.warning_count(app) == 0


def _shortcuts() -> list[guard.Shortcut]:
    modules = [importlib.import_module(name) for name in SPEEDUPS]
    return [module.SPEEDUP for module in modules] + [sphinxcompat.SPHINX, preview.SPEEDUP]


@pytest.mark.parametrize("shortcut", _shortcuts(), ids=lambda shortcut: shortcut.name)
def test_each_shortcut_fits_the_installed_versions(shortcut: guard.Shortcut) -> None:
    """An upgrade out of a verified range fails here: check the shortcut, then widen it."""
    installed = {
        need.distribution: str(guard.installed(need.distribution)) for need in shortcut.verified
    }
    assert shortcut.fits(), (
        f"{shortcut.name} was verified against {shortcut.verified}, not {installed}"
    )


def test_every_project_whose_internals_are_read_is_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {Requirement(line).name for line in project["dependencies"]}
    read = {need.distribution for shortcut in _shortcuts() for need in shortcut.verified}
    assert read <= declared
