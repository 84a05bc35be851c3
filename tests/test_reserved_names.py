"""``chapbook post`` and the build keep the same top-level names for the site (issue 30).

One definition (``chapbook.sitenames``) serves both: the build's gate refuses a source
where the builders write (``search``, ``_static``, the 404 page), Chapbook's own pages
give way to a writer's file only with a warning (tags, authors, the archive ...), and the
drafts folder's files are drafts.  A new post must do none of that.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chapbook import cli, sitenames
from chapbook.cli import post
from chapbook.collecting.state import state
from chapbook.model.names import slugify
from chapbook.model.outline import ROOT as BOOK_ROOT
from chapbook.reading import addresses

#: The defaults the sample's conf.py moves away, and names nobody uses.
ELSEWHERE = ("tags", "authors", "archive", "series", "popular", "drafts", "404", "posts")
FREE = ("hello", "weaving", "looms", "notes")


def the_build_s(app, candidates: set[str]) -> set[str]:
    """The candidates a post at ``<name>/index.md`` would not simply be published as."""
    rules = addresses.Rules.of(app)
    refused = {name for name in candidates if addresses.problem(f"{name}/index", rules)}
    filled = {docname.split("/")[0] for docname in state(app.env).pages}
    return {name.casefold() for name in refused | filled | {app.config.chapbook_drafts_dir}}


def chapbook_post_refuses(srcdir: Path, name: str) -> bool:
    """``chapbook post <name>`` in the sample blog: refused, or the post it made removed."""
    if cli.main(["post", name, "--docs", str(srcdir), "--date", "2024-03-01"]) == 1:
        return True
    shutil.rmtree(srcdir / name)
    return False


@pytest.mark.sphinx("dirhtml", testroot="reserved-names", freshenv=True)
def test_chapbook_post_refuses_what_the_build_keeps_for_the_site(app, capsys) -> None:
    app.build()
    own = sitenames.reserved(post.conf_values(Path(app.confdir) / "conf.py"))
    # The names a title can give (``_static`` is never a slug: ``chapbook post`` makes ``static``).
    candidates = {name for name in own | set(ELSEWHERE) | set(FREE) if slugify(name) == name}
    refused = {name for name in candidates if chapbook_post_refuses(Path(app.srcdir), name)}
    assert refused == the_build_s(app, candidates) & candidates
    # The sample's own names: each kind is there, in the sample's spelling.
    assert {"topics", "writers", "history", "sets", "best", "wip", "missing", "page"} <= refused
    assert refused.isdisjoint(ELSEWHERE + FREE)
    assert "which the site itself uses" in capsys.readouterr().err


def test_names_are_the_build_s_after_its_checks() -> None:
    # sphinx-tags' "_tags" is Chapbook's "tags"; a refused value is its default.
    assert "tags" in sitenames.reserved({"tags_output_dir": "_tags"})
    assert "archive" in sitenames.reserved({"chapbook_archive_dir": 42})
    assert "blog" in sitenames.reserved({"tags_output_dir": "/blog/tags/"})


def test_the_book_s_root_is_a_builder_page() -> None:
    assert BOOK_ROOT in sitenames.BUILDER_PAGES
