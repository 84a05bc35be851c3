"""The Makefile's book targets are thin wrappers over ``chapbook build`` (make is optional)."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import ROOT


def dry_run(*args: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("book", ["guide", "guide.book.md", "docs/guide.book.md"])
def test_make_pdf_builds_an_outline_with_chapbook_build(book: str) -> None:
    # chapbook build reads each spelling of the outline's name as the same outline.
    assert dry_run("pdf", f"BOOK={book}").split() == [
        ".venv/bin/chapbook", "build", "pdf", "--book", book,
    ]  # fmt: skip


def test_make_epub_builds_every_post_by_default() -> None:
    assert dry_run("epub").split() == [".venv/bin/chapbook", "build", "epub"]


def test_make_passes_sphinx_options_on() -> None:
    out = dry_run("pdf", "SPHINXOPTS=-W -D chapbook_book_medium=screen")
    assert out.split() == [
        ".venv/bin/chapbook", "build", "pdf", "-W", "-D", "chapbook_book_medium=screen",
    ]  # fmt: skip
