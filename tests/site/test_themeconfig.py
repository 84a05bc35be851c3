"""A build run again with nothing changed finds the configuration unchanged and reads nothing.

The themes change five settings as they start; Chapbook sets them first
(``speedups/themeconfig.py``), so Sphinx no longer says "The configuration has
changed" and re-reads nothing.
"""

from __future__ import annotations

import shutil
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.testing.util import SphinxTestApp

from chapbook.speedups import themeconfig
from chapbook.speedups.guard import Verified
from tests.helpers import ROOTS

if TYPE_CHECKING:
    from pathlib import Path

#: The theme options a site may have that the themes rework as they start.
REWORKED = {
    "github_url": "https://github.com/someone/blog",
    "repository_url": "https://github.com/someone/blog",
    "theme_logo_link": "https://someone.example.org/",
}


def build(src: Path, builder: str, **overrides: Any) -> tuple[str, list[str], SphinxTestApp]:
    """One build in ``src/_build``: its status log, the documents it read, the application."""
    status = StringIO()
    app = SphinxTestApp(
        builder, srcdir=src, builddir=src / "_build", status=status, confoverrides=overrides
    )
    read: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: read.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return status.getvalue(), read, app


@pytest.mark.parametrize(
    ("builder", "overrides"),
    [
        ("dirhtml", {}),
        ("dirhtml", {"html_theme_options": REWORKED}),
        ("html", {"html_theme": "pydata_sphinx_theme"}),
    ],
    ids=["dirhtml", "theme-options", "pydata"],
)
def test_second_build_finds_the_configuration_unchanged(
    builder: str, overrides: dict[str, Any], tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-bare", src)
    _, first, _ = build(src, builder, **overrides)
    assert first  # the first build reads the posts
    status, read, _ = build(src, builder, **overrides)
    assert "configuration has changed" not in status
    assert "0 added, 0 changed, 0 removed" in status
    assert read == []


def test_theme_shortcut_gives_one_icon_link(tmp_path: Path) -> None:
    """``github_url`` moved into ``icon_links`` by Chapbook: the theme adds no second link."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-bare", src)
    for _ in range(2):
        _, _, app = build(src, "dirhtml", html_theme_options=REWORKED)
        links = app.config.html_theme_options["icon_links"]
        assert [link["url"] for link in links] == [REWORKED["github_url"]]
        assert app.config.html_context["github_user"] == "someone"
        assert app.config.html_theme_options["logo"]["link"] == REWORKED["theme_logo_link"]


def site_files(out: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }


def test_the_copied_values_give_the_pages_the_themes_give_on_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside the verified versions the themes set their values themselves: the same site."""
    built = {}
    for name, verified in (("copied", True), ("stock", False)):
        if not verified:
            monkeypatch.setattr(themeconfig, "verified", lambda module: False)
        src = tmp_path / name
        shutil.copytree(ROOTS / "test-bare", src)
        build(src, "dirhtml", html_theme_options=REWORKED)
        built[name] = site_files(src / "_build" / "dirhtml")
    assert built["copied"].keys() == built["stock"].keys()
    assert [f for f in built["copied"] if built["copied"][f] != built["stock"][f]] == []


def test_an_unverified_theme_keeps_its_own_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        themeconfig.VERIFIED, themeconfig.PYDATA, Verified("pydata-sphinx-theme", "==0.0.1")
    )
    assert not themeconfig.verified(themeconfig.PYDATA)
    assert themeconfig.verified(themeconfig.COPYBUTTON)
