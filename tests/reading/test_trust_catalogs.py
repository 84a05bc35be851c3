"""Translation catalogs among the posts are never read.

The root's folder of posts holds ``locales/``, Sphinx's default translation
folder: a catalog that swaps a post's paragraph for a script and a download
of ``/etc/passwd``, and catalogs of Sphinx's own words whose "Link to this
heading" is an ``<img onerror>`` (Sphinx writes it into every heading's
``title``).  Each is named once; none reaches any page, in English or French.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import page, warnings_of

CATALOG = ("not read: a translation catalog among the posts ({suffix}); translations come "
           "only from folders outside {srcdir}/ (locale_dirs in conf.py) [chapbook.source]")  # fmt: skip


def expected(app) -> list[str]:
    """One warning per catalog in the folder after the build (Sphinx compiles the
    ``sphinx.po`` of the build's language before any extension runs)."""
    srcdir = Path(app.srcdir)
    found = sorted(p for p in (srcdir / "locales").rglob("*") if p.suffix in (".po", ".mo"))
    return [f"{p.relative_to(srcdir).as_posix()}:1: WARNING: "
            + CATALOG.format(suffix=p.suffix, srcdir=srcdir.name) for p in found]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr"])
def test_catalogs_among_the_posts_are_named_and_not_read(make_app, rootdir, tmp_path, language):
    srcdir = tmp_path / "catalogs"
    shutil.copytree(rootdir / "test-catalogs", srcdir)
    app = make_app("dirhtml", srcdir=srcdir, confoverrides={"language": language},
                   freshenv=True)  # fmt: skip
    app.build()
    assert warnings_of(app) == expected(app)
    assert len(expected(app)) >= 3  # the three catalogs written, and what Sphinx compiled
    html = "".join(p.read_text() for p in Path(app.outdir).rglob("*.html"))
    assert "onerror" not in html and "pwn(" not in html
    assert not list(Path(app.outdir).rglob("passwd"))
    knots = page(app, "knots")
    assert "A loop at the end of a line." in knots.get_text()
    link = knots.select_one("a.headerlink")
    assert link is not None and "<" not in link["title"] and ">" not in link["title"]
    assert app.config.locale_dirs == []
