"""The PDF nests no deeper than TeX can: deeper frames lose their frame, never their text.

A five-deep bulleted list ("Too deeply nested") or a note inside a note that
reaches a page break (ten thousand empty pages, then "TeX capacity exceeded")
stopped the whole PDF.  ``book.frames`` unwraps what is deeper than TeX nests,
for the PDF alone, with one warning a post.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from chapbook.book.frames import LIMITS, flatten
from tests.helpers import require, warnings_of

MESSAGE = (
    "WARNING: a note inside a note, or quotes, lists and notes nested more than 6 deep "
    "(4 for bulleted or numbered lists): more than TeX can typeset; the PDF shows what is "
    "inside without its frame [chapbook.nesting]"
)


def doctree(rst: str) -> nodes.document:
    return publish_doctree(rst, settings_overrides={"report_level": 5})


def paragraphs(tree: nodes.document) -> list[str]:
    """The text of each paragraph, docutils' own messages aside."""
    return [p.astext() for p in tree.findall(nodes.paragraph)
            if not isinstance(p.parent, nodes.system_message)]  # fmt: skip


def deepest(tree: nodes.Node, kind: type[nodes.Element]) -> int:
    return max((len([a for a in _ancestors(n) if isinstance(a, kind)]) + 1
                for n in tree.findall(kind)), default=0)  # fmt: skip


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def bullets(depth: int) -> str:
    return "".join(f"{'  ' * level}- level {level + 1}\n\n" for level in range(depth))


def quotes(depth: int) -> str:
    return "".join(f"{'   ' * level}quote {level}\n\n" for level in range(1, depth + 1))


NOTES = ".. note::\n\n   Outer words.\n\n   .. note::\n\n      Inner words.\n\n   After inner.\n"


def test_within_the_limits_nothing_changes() -> None:
    tree = doctree(bullets(4) + "\nText.\n\n" + quotes(6) + ".. note::\n\n   One note.\n")
    before = tree.pformat()
    assert flatten(tree) == []
    assert tree.pformat() == before


def test_a_fifth_bulleted_list_keeps_its_words_and_its_bullet() -> None:
    tree = doctree(bullets(6))
    assert len(flatten(tree)) == 2  # the fifth, then the sixth that took its place
    assert deepest(tree, nodes.bullet_list) == LIMITS["bullets"]
    texts = paragraphs(tree)
    assert texts == [f"level {n}" for n in range(1, 5)] + ["\N{BULLET} level 5",
                                                            "\N{BULLET} level 6"]  # fmt: skip


def test_a_numbered_list_keeps_its_numbers() -> None:
    deep = "".join(f"{'   ' * level}1. level {level + 1}\n\n" for level in range(4))
    inner = "   " * 4
    tree = doctree(deep + f"{inner}3. third\n{inner}4. fourth\n")
    flatten(tree)
    texts = paragraphs(tree)
    assert texts[-2:] == ["3. third", "4. fourth"]


def test_a_note_inside_a_note_becomes_its_title_and_its_words() -> None:
    tree = doctree(NOTES)
    assert len(flatten(tree)) == 1
    (note,) = tree.findall(nodes.note)
    assert [child.astext() for child in note.children] == [
        "Outer words.", "Note", "Inner words.", "After inner."]  # fmt: skip
    assert isinstance(note.children[1].children[0], nodes.strong)


def test_a_seventh_quote_loses_its_frame_not_its_words() -> None:
    tree = doctree(quotes(8))
    flatten(tree)
    assert deepest(tree, nodes.block_quote) == LIMITS["frames"]
    assert paragraphs(tree) == [
        f"quote {n}" for n in range(1, 9)]  # fmt: skip


def test_definitions_and_fields_become_paragraphs() -> None:
    body = "term\n   its definition\n\n:field: its body\n"
    tree = doctree(quotes(6) + "".join("   " * 6 + line + "\n" for line in body.splitlines()))
    flatten(tree)
    assert not any(tree.findall(nodes.definition_list)) and not any(tree.findall(nodes.field))
    assert paragraphs(tree)[-4:] == [
        "term", "its definition", "field", "its body"]  # fmt: skip


def deep_blog(tmp_path: Path) -> Path:
    """Two posts TeX could not typeset: a long note in a note, a five-deep list."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["chapbook"]\nexclude_patterns = ["_build"]\n')
    (source / "index.md").write_text("# Deep\n\nHome.\n")
    long = "\n\n".join(f"Paragraph {n} of the inner note, long enough." for n in range(40))
    notes = f"````{{note}}\nOuter.\n\n```{{note}}\n{long}\n\nDEEPEST-NOTE\n```\n````\n"
    (source / "notes.md").write_text(f"---\ntitle: Notes\ndate: '2024-05-01'\n---\n\n{notes}")
    lists = bullets(5).replace("level 5", "DEEPEST-ITEM")
    (source / "lists.md").write_text(f"---\ntitle: Lists\ndate: '2024-05-02'\n---\n\n{lists}")
    return source


@pytest.mark.sphinx("latex", freshenv=True)
def test_the_pdf_is_made_with_every_word(make_app, tmp_path: Path) -> None:
    require("xelatex", "latexmk", "pdftotext")
    app = make_app("latex", srcdir=deep_blog(tmp_path), freshenv=True)
    app.build()
    assert warnings_of(app) == [f"lists.md:14: {MESSAGE}", f"notes.md:9: {MESSAGE}"]
    outdir = Path(app.outdir)
    result = subprocess.run(["make", "-C", str(outdir), "all-pdf"], capture_output=True,
                            text=True, check=False, stdin=subprocess.DEVNULL, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = outdir / "project-name-not-set.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "DEEPEST-NOTE" in text and "DEEPEST-ITEM" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert int(pages.stdout.split("Pages:")[1].split()[0]) < 20
