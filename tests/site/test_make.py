"""The Makefile's book targets are thin wrappers over Sphinx's own modes."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import ROOT


def dry_run(*args: str) -> str:
    result = subprocess.run(
        ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.parametrize("book", ["guide", "guide.book.md", "docs/guide.book.md"])
def test_make_pdf_builds_an_outline_with_sphinx_latexpdf(book: str) -> None:
    out = dry_run("pdf", f"BOOK={book}")
    assert "sphinx-build -M latexpdf docs _build/book/guide -c . -D chapbook_book=guide" in out
    assert 'cp "${tex%.tex}.pdf" _build/pdf/' in out


def test_make_epub_builds_every_post_by_default() -> None:
    out = dry_run("epub")
    assert "sphinx-build -M epub docs _build/book/all-posts -c . " in out
    assert "chapbook_book" not in out
    assert "cp _build/book/all-posts/epub/*.epub _build/epub/" in out
