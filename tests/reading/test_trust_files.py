"""One resolver for every file a post reads: only published files of the source folder.

The root's post reads files every way a post can (include, literalinclude, the
``:file:`` of a CSV table and a raw block, an image, a download) and names
every kind of file it must not get: outside the folder by ``..``, by a
site-root path, through ``x://..`` (which Sphinx collapses), through docutils'
own include folder, through a link, in a sibling folder whose name starts like
the source folder's; hidden; a draft, a file in the drafts folder, a
scheduled post, a note, a file in an unpublished post's folder; missing, a
folder, a FIFO (which would hang the build).  Each is one warning with the
line; no byte of any of them reaches the site.
"""

from __future__ import annotations

import os

import pytest

from tests.helpers import article, page, warnings_of

SECRETS = ("OUTSIDE-SECRET", "SIBLING-SECRET", "HIDDEN-SECRET", "DRAFT-FOLDER-SECRET",
           "DRAFT-POST-SECRET", "SCHEDULED-SECRET", "NOTES-SECRET", "DRAFT-ASSET-SECRET")  # fmt: skip
OUTSIDE = "is outside the source folder"
UNPUBLISHED = "is not published (a draft, a scheduled post or a note)"
#: The source folder's name as the post knows it: its sibling ``test-trust-files-evil``
#: shares its prefix (Sphinx names the copy after the root without ``test-`` otherwise).
SRCDIR = "test-trust-files"
IN_SECRET_POST = "belongs to secret-post/index, which is not published"


def include(line: int, target: str, problem: str, subtype: str = "trust") -> str:
    return (f"reader.md:{line}: WARNING: directive 'include': the file {target!r} {problem}; "
            f"it is left out [chapbook.{subtype}]")  # fmt: skip


EXPECTED = [
    include(6, "../outside.txt", OUTSIDE),
    include(9, "/../outside.txt", OUTSIDE),
    include(12, "../x://../outside.txt", OUTSIDE),
    include(15, "<../../../../../../../../../../../etc/hostname>",
            "is one of docutils' own files, outside the source folder"),
    include(18, "link.txt", OUTSIDE),
    include(21, "../test-trust-files-evil/secret.txt", OUTSIDE),
    include(24, ".env", "is a hidden file"),
    include(27, "drafts/idea.md", UNPUBLISHED),
    include(30, "draft-post.md", UNPUBLISHED),
    include(33, "future.md", UNPUBLISHED),
    include(36, "post/notes.md", UNPUBLISHED),
    include(39, "secret-post/data.txt", IN_SECRET_POST),
    include(42, "missing.txt", "is not there", "source"),
    include(45, "folder", "is not a regular file"),
    include(48, "fifo", "is not a regular file"),
    "reader.md:54: WARNING: directive 'literalinclude': the file '../outside.txt' "
    f"{OUTSIDE}; it is left out [chapbook.trust]",
    "reader.md:57: WARNING: directive 'csv-table': the file 'secret-post/data.txt' "
    f"{IN_SECRET_POST}; it is left out [chapbook.trust]",
    f"reader.md:61: WARNING: directive 'raw': the file 'link.txt' {OUTSIDE}; it is left out "
    "[chapbook.trust]",
    f"reader.md:65: WARNING: image '../outside.png' {OUTSIDE}; it is left out [chapbook.trust]",
    "reader.md:69: WARNING: image 'page.html' is not an image a page may show (.html); it is "
    "left out [chapbook.trust]",
    f"reader.md:73: WARNING: image '../outside.png' {OUTSIDE}; it is left out [chapbook.trust]",
    f"reader.md:67: WARNING: file 'draft-post.md' {UNPUBLISHED}; it is left out [chapbook.trust]",
    "reader.md:67: WARNING: file 'page.html' is a .html file, which a browser or web server "
    "would run on the site's own address; it is left out [chapbook.trust]",
]  # fmt: skip


@pytest.fixture
def outside(app):
    """Files beside the source folder, a link out of it and a FIFO in it (not in git)."""
    around = app.srcdir.parent
    (around / "outside.txt").write_text("OUTSIDE-SECRET\n")
    (around / "outside.png").write_text("OUTSIDE-SECRET\n")
    sibling = around / f"{app.srcdir.name}-evil"
    sibling.mkdir()
    (sibling / "secret.txt").write_text("SIBLING-SECRET\n")
    # The post names this very folder: a folder it does not name would test nothing.
    assert (app.srcdir / "../test-trust-files-evil").resolve() == sibling.resolve()
    (app.srcdir / "link.txt").symlink_to(around / "outside.txt")
    os.mkfifo(app.srcdir / "fifo")
    return app


@pytest.mark.sphinx("dirhtml", testroot="trust-files", srcdir=SRCDIR, freshenv=True)
def test_each_refused_file_is_one_warning_with_its_line(outside) -> None:
    outside.build()
    assert warnings_of(outside) == EXPECTED


@pytest.mark.sphinx("dirhtml", testroot="trust-files", srcdir=SRCDIR, freshenv=True)
def test_no_byte_of_a_refused_file_is_published(outside) -> None:
    outside.build()
    for path in outside.outdir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert [s for s in SECRETS if s.encode() in data] == [], path


@pytest.mark.sphinx("dirhtml", testroot="trust-files", srcdir=SRCDIR, freshenv=True)
def test_a_published_file_is_read(outside) -> None:
    outside.build()
    text = article(page(outside, "reader")).get_text()
    assert "The allowed file." in text
    assert "an outside picture" in text  # the refused image's alt text stands in
    # A figure whose picture is refused keeps its caption, and is no figure without one.
    assert "Its caption stays." in text
    assert article(page(outside, "reader")).select("figure, figcaption") == []
    assert not (outside.outdir / "_downloads").exists()


@pytest.mark.sphinx(
    "dirhtml", testroot="trust-files", srcdir=SRCDIR, freshenv=True,
    confoverrides={"chapbook_show_drafts": True, "chapbook_show_future": True},
)  # fmt: skip
def test_a_preview_of_drafts_reads_them_as_it_publishes_them(outside) -> None:
    outside.build()
    text = article(page(outside, "reader")).get_text()
    assert "DRAFT-POST-SECRET" in text
    assert "DRAFT-FOLDER-SECRET" in text
    assert "SCHEDULED-SECRET" in text
    assert "OUTSIDE-SECRET" not in text


def _edit(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.mark.sphinx("dirhtml", testroot="trust-files", srcdir=SRCDIR, freshenv=True)
def test_a_verdict_follows_the_publication_of_the_file_it_names(outside) -> None:
    """Incremental equals clean: a draft published later is included without an edit of
    the post that includes it, and a file appears without one either."""
    outside.build()
    assert "DRAFT-POST-SECRET" not in article(page(outside, "reader")).get_text()
    draft = outside.srcdir / "draft-post.md"
    _edit(draft, draft.read_text().replace("draft: true\n", ""))
    _edit(outside.srcdir / "missing.txt", "MISSING-NO-MORE\n")
    outside.build()
    text = article(page(outside, "reader")).get_text()
    assert "DRAFT-POST-SECRET" in text
    assert "MISSING-NO-MORE" in text
