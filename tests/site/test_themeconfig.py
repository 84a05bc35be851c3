"""A build run again with nothing changed finds the configuration unchanged and reads nothing.

The themes change five settings as they start; Chapbook sets them first
(``site/themeconfig.py``), so Sphinx no longer says "The configuration has
changed" and re-reads nothing.
"""

from __future__ import annotations

import shutil
from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from sphinx.testing.util import SphinxTestApp

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
