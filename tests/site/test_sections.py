"""The theme's template sections decided without rendering each template twice (speedups/sections.py).

pydata-sphinx-theme renders every header, sidebar and footer template on every
page to drop the empty ones; Chapbook makes that decision itself, testing only
templates that can be empty. The pages must be the ones the theme writes.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from chapbook.speedups import pagetoc, sections
from tests.helpers import page

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

PAGES = ("index", "first", "second", "about")


def _count_renders(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each template is rendered on its own (the page's includes are not counted)."""
    counts: Counter[str] = Counter()
    render = app.builder.templates.render

    def counted(name: str, context: dict[str, Any]) -> str:
        counts[name] += 1
        return render(name, context)

    monkeypatch.setattr(app.builder.templates, "render", counted)
    return counts


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True)
def test_never_empty_templates_are_not_rendered_to_be_tested(app, monkeypatch) -> None:
    counts = _count_renders(app, monkeypatch)
    app.build()
    written = counts["chapbook-page.html"]
    assert written >= len(PAGES)
    assert {name: counts[name] for name in sections.NEVER_EMPTY} == dict.fromkeys(
        sections.NEVER_EMPTY, 0
    )
    # The site's own templates can be empty: tested once on each page, as the theme does.
    assert counts["only-on-pages.html"] == written
    assert counts["always.html"] == written


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True)
def test_a_template_empty_on_a_page_is_left_out_of_it(app) -> None:
    app.build()
    for docname in PAGES:
        footer = page(app, docname).select_one(".footer-items__start")
        assert footer is not None, docname
        kept = [p["class"][0] for p in footer.select(".footer-item > p")]
        expected = ["only-on-pages", "always"] if docname == "about" else ["always"]
        assert kept == expected, docname
        assert len(footer.select(".footer-item")) == len(expected), docname


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True)
def test_never_empty_templates_render_on_every_page(app) -> None:
    """Were a theme upgrade to make one of them conditional, this fails: leave it to be tested."""
    contexts: dict[str, dict[str, Any]] = {}

    def keep(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
        contexts[pagename] = dict(context)

    app.connect("html-page-context", keep, priority=999)
    app.build()
    assert set(PAGES) <= set(contexts)
    for pagename, context in contexts.items():
        for name in sorted(sections.NEVER_EMPTY):
            assert app.builder.templates.render(name, context).strip(), (pagename, name)


@pytest.mark.sphinx("dirhtml", testroot="sections", freshenv=True)
def test_pages_equal_the_themes_own(app, make_app, tmp_path: Path) -> None:
    app.build()
    theirs = tmp_path / "theirs"
    shutil.copytree(app.srcdir, theirs, ignore=shutil.ignore_patterns("_build"))
    # The theme's own path: every section tested by the theme, its own page contents.
    other = make_app(
        "dirhtml", srcdir=theirs, freshenv=True, confoverrides={"chapbook_speedups": False}
    )
    other.build()
    ours = sorted(p.relative_to(app.outdir) for p in Path(app.outdir).rglob("*.html"))
    assert ours == sorted(p.relative_to(other.outdir) for p in Path(other.outdir).rglob("*.html"))
    assert len(ours) > len(PAGES)
    for name in ours:
        mine = (Path(app.outdir) / name).read_text(encoding="utf-8")
        assert mine == (Path(other.outdir) / name).read_text(encoding="utf-8"), name


def test_sections_read_as_the_theme_reads_them() -> None:
    assert sections.suffixed("a, b.html ,c.txt") == ["a.html", "b.html", "c.txt"]
    assert sections.suffixed(["x", "y.html"]) == ["x.html", "y.html"]


class _Tag:
    """Stands for a Beautiful Soup tag: three children, serialised on demand."""

    serialised = 0

    def __len__(self) -> int:
        return 3

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        _Tag.serialised += 1
        return "<ul><li>a</li></ul>"


def test_the_page_contents_are_made_and_serialised_once_per_kind() -> None:
    calls: list[str] = []

    def make(kind: str = "html") -> object:
        calls.append(kind)
        return "" if kind == "empty" else _Tag()

    toc = pagetoc.serialised_once(make)
    first = toc()
    assert (str(first), len(first), bool(first)) == ("<ul><li>a</li></ul>", 3, True)
    assert toc() is first and toc("html") is first
    assert toc("empty") == "" and not toc("empty")
    assert calls == ["html", "empty"]
    assert _Tag.serialised == 1
