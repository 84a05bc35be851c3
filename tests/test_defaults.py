"""A conf.py with only ``extensions = ["chapbook"]`` and a name is the whole Chapbook site.

The theme, Chapbook's masthead (and no sidebar), the light/dark default and the
folders never read come with the extension; what conf.py (or ``-D``) sets wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chapbook.site.sidebar import NO_SIDEBARS
from tests.helpers import page, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

BOOK_THEME = "div.bd-sidebar-primary"


def _has_book_theme_and_masthead(app: SphinxTestApp, docname: str) -> bool:
    soup = page(app, docname)
    return bool(
        soup.select_one(BOOK_THEME)
        and soup.select_one("header .chapbook-masthead")
        and not soup.select_one("nav.chapbook-nav")
    )


@pytest.mark.sphinx("dirhtml", testroot="bare", freshenv=True)
def test_bare_site_is_the_full_site(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    assert app.config.html_theme == "sphinx_book_theme"
    assert app.config.html_sidebars == NO_SIDEBARS
    assert app.config.html_context["default_mode"] == "auto"
    assert all(_has_book_theme_and_masthead(app, doc) for doc in ("index", "first-post", "404"))


@pytest.mark.sphinx("dirhtml", testroot="bare", freshenv=True)
def test_virtual_environment_in_the_source_is_not_read(app: SphinxTestApp) -> None:
    app.build()
    assert not any(doc.startswith(".venv") for doc in app.env.found_docs)
    assert not (app.outdir / ".venv").exists()
    assert {"first-post", "second-post"} <= app.env.found_docs


@pytest.mark.sphinx("dirhtml", testroot="bare-theme", freshenv=True)
def test_book_theme_without_sidebars_gets_the_masthead(app: SphinxTestApp) -> None:
    app.build()
    assert warnings_of(app) == []
    assert all(_has_book_theme_and_masthead(app, doc) for doc in ("index", "second-post", "404"))


@pytest.mark.sphinx(
    "dirhtml", testroot="bare-theme", freshenv=True, confoverrides={"html_sidebars": {}}
)
def test_theme_default_sidebars_build_the_error_page(app: SphinxTestApp) -> None:
    """sphinx-notfound-page's toctree is None without a toctree: the theme's sidebar took it."""
    app.build()
    assert warnings_of(app) == []
    nav = page(app, "404").select_one(f"{BOOK_THEME} nav.bd-docs-nav")
    assert nav is not None
    assert "chapbook-nav" not in nav["class"]


EXPLICIT = {
    "html_theme": "alabaster",
    "html_context": {"default_mode": "dark"},
    "exclude_patterns": ["old"],
}


@pytest.mark.sphinx("dirhtml", testroot="bare", freshenv=True, confoverrides=EXPLICIT)
def test_explicit_settings_win(app: SphinxTestApp) -> None:
    app.build()
    assert app.config.html_theme == "alabaster"
    assert app.config.html_sidebars == {}
    assert app.config.html_context["default_mode"] == "dark"
    assert app.config.exclude_patterns[:2] == ["old", ".venv"]
    assert page(app, "first-post").select_one(BOOK_THEME) is None
    # A theme set on purpose is used, and the build says what it leaves out.
    assert warnings_of(app) == [
        "WARNING: html_theme = 'alabaster' leaves out Chapbook's look (the masthead, one "
        "column, side notes), which needs 'sphinx_book_theme': remove the setting to have it "
        "[chapbook.config]"
    ]
