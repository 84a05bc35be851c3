"""Page templates compiled once and reused by later builds (site/jinja.py)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.helpers import ROOTS, page

if TYPE_CHECKING:
    import pytest


def _build(make_app: Any, src: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Counter[str]]:
    """Build ``src`` with a new application, counting each template Jinja compiles."""
    app = make_app("dirhtml", srcdir=src)
    environment = app.builder.templates.environment
    compiled: Counter[str] = Counter()
    compile_ = environment.compile

    def counted(source: str, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled[name or "?"] += 1
        return compile_(source, name, *args, **kwargs)

    monkeypatch.setattr(environment, "compile", counted)
    app.build()
    return app, compiled


def test_a_later_build_compiles_only_changed_templates(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-sections", src)
    first, compiled = _build(make_app, src, monkeypatch)
    assert compiled["layout.html"] >= 1  # the theme's, compiled by the first build
    assert compiled["always.html"] == 1
    cache = Path(first.doctreedir) / "chapbook-jinja"
    assert len(list(cache.iterdir())) == sum(1 for name in compiled if name != "?")

    post = src / "first.md"
    post.write_text(post.read_text() + "\nOne more sentence.\n")
    template = src / "_templates" / "always.html"
    template.write_text('<p class="always">Always here, changed</p>\n')
    second, compiled = _build(make_app, src, monkeypatch)
    assert page(second, "first").select_one("p.always").get_text() == "Always here, changed"
    # Only the changed one; templates made from strings ("?") are never cached.
    assert {name: n for name, n in compiled.items() if name != "?"} == {"always.html": 1}


def test_a_damaged_cache_is_compiled_again(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-sections", src)
    first, _ = _build(make_app, src, monkeypatch)
    for path in (Path(first.doctreedir) / "chapbook-jinja").iterdir():
        path.write_bytes(path.read_bytes()[:20])  # as a build killed while writing might leave it
    (src / "first.md").write_text((src / "first.md").read_text() + "\nMore.\n")
    second, compiled = _build(make_app, src, monkeypatch)
    assert compiled["layout.html"] >= 1
    assert page(second, "first").select_one("p.always").get_text() == "Always here"
