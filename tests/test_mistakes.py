"""Mistakes that used to pass in silence are named, with the file, the line and the
closest known name; none ends the build, and a key that may mean ``draft`` holds the
post back (issue 29)."""

from __future__ import annotations

import pytest

from chapbook.model import frontmatter
from tests.helpers import warnings_of


@pytest.mark.sphinx("dirhtml", testroot="mistakes", freshenv=True)
def test_each_mistake_is_named_with_what_it_may_mean(app) -> None:
    app.build()
    assert warnings_of(app) == [
        "WARNING: chapbook_feed_lenght is not a Chapbook setting, and is ignored; did you "
        "mean chapbook_feed_length? [chapbook.config]",
        "WARNING: chapbook_show_draft is not a Chapbook setting, and is ignored; did you "
        "mean chapbook_show_drafts? [chapbook.config]",
        "WARNING: chapbook_date_format = 42 has the wrong type (expected str or None); "
        "using None [chapbook.config]",
        "WARNING: chapbook_series_title = 'Series: {name' is not a template with {name} "
        "(expected '}' before end of string); using 'Series: {name}' [chapbook.config]",
        "held.md:4: WARNING: not published: front-matter 'darft': read as 'draft' (did you "
        "mean 'draft'?), it may mean true [chapbook.source]",
        "tagged.md:4: WARNING: front-matter 'tag' is not a key Chapbook knows (did you mean "
        "'tags'?); it is kept for templates: list it in chapbook_extra_keys in conf.py if you "
        "meant it [chapbook.frontmatter]",
        "tagged.md:6: WARNING: front-matter 'Draft': read as 'draft' (keys are lower case), "
        "it may mean true [chapbook.frontmatter]",
    ]
    outdir = app.outdir
    assert not (outdir / "held").exists()  # the author meant it to wait
    assert (outdir / "tagged" / "index.html").is_file()  # 'Draft: false' holds nothing back
    assert app.config.chapbook_date_format is None


@pytest.mark.parametrize(
    ("key", "draft"),
    [("draft", False), ("Draft", True), ("darft", True), ("drafts", True), ("draw", False),
     ("crafted", False), ("title_draft", False)],
)  # fmt: skip
def test_a_key_that_may_mean_draft_holds_a_post_back(key: str, draft: bool) -> None:
    fm = frontmatter.read(f"---\ntitle: T\ndate: 2025-01-01\n{key}: true\n---\nText.\n")
    assert fm.draft is (draft or key == "draft")
    assert fm.draft_by == ([key] if draft else [])


def test_declared_keys_are_kept_quietly() -> None:
    fm = frontmatter.read("---\ntitle: T\ndate: 2025-01-01\nslug: t\nmyst: {}\n---\nText.\n")
    assert [p.message for p in frontmatter.unknown_keys(fm)] == [
        "front-matter 'slug' is not a key Chapbook knows; it is kept for templates: list it "
        "in chapbook_extra_keys in conf.py if you meant it"
    ]
    assert frontmatter.unknown_keys(fm, ["slug"]) == []
    assert fm.extra["slug"] == "t"
