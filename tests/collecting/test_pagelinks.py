"""A page linking to another is written again when what the link resolves to changes.

``a.md`` links to ``b`` every way Sphinx and MyST resolve (``[Bee](b.md)``,
``{doc}``, ``{ref}``, a heading anchor, ``#label``) and to the old address
``/old-x``, which two posts claim.  Each edit below changes what those links
resolve to, and nothing else ``a`` shows (its neighbours stay): the
incremental build must equal a clean one, warnings included.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from chapbook.collecting import links
from chapbook.collecting.state import state
from tests.collecting.test_incremental import assert_same_tree, edit, tree
from tests.helpers import ROOTS, warnings_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

ROOT = ROOTS / "test-pagelinks"


def build(srcdir: Path, builddir: Path, *, fresh: bool = False, parallel: int = 0) -> list[str]:
    """Build; return the warnings, with the source folder left out."""
    app = SphinxTestApp(
        "dirhtml", srcdir=srcdir, builddir=builddir, freshenv=fresh, parallel=parallel
    )
    try:
        app.build()
        return sorted(warnings_of(app))
    finally:
        app.cleanup()


def claim_first(src: Path) -> None:
    (src / "old0.md").write_text(
        "---\ntitle: Earlier claim\ndate: 2024-12-01\naliases: [/old-x]\n---\n\nZero.\n"
    )


EDITS: dict[str, Callable[[Path], object]] = {
    # The old address goes to another post.
    "alias-redate": lambda src: edit(src / "old2.md", "2025-01-04", "2025-01-01"),
    "alias-rename": lambda src: (src / "old1.md").rename(src / "old1b.md"),
    "alias-claim": claim_first,
    # The linked post goes, or shows another title, or loses its label.
    "draft": lambda src: edit(src / "b.md", "title: Linked", "title: Linked\ndraft: true"),
    "delete": lambda src: (src / "b.md").unlink(),
    "retitle": lambda src: edit(src / "b.md", "title: Linked", "title: Linked, renamed"),
    "unlabel": lambda src: edit(src / "b.md", "(b-label)=\n", ""),
    "reheading": lambda src: edit(src / "b.md", "## Part two", "## Part deux"),
}

CONTESTED = (
    "old2.md:4: WARNING: old address '/old-x' is also an alias of 'old1', where it goes; "
    "remove it from one of the two posts [chapbook.alias]"
)
NO_B = [
    "a.md:6: WARNING: 'myst' cross-reference target not found: 'b-label' [myst.xref_missing]",
    "a.md:6: WARNING: undefined label: 'b-label' [ref.ref]",
    "a.md:6: WARNING: unknown document: 'b' [ref.doc]",
    CONTESTED,
]
#: The warnings of a clean build after the edit.
WARNINGS = {
    # The file is there: MyST made ``[Bee](b.md)`` a link to its document, which is gone.
    "draft": [*NO_B, *["a.md:6: WARNING: Unknown source document 'b' [myst.xref_missing]"] * 2],
    # No file: MyST looked for a label of that name.
    "delete": [
        *NO_B,
        "a.md:6: WARNING: 'myst' cross-reference target not found: 'b.md' [myst.xref_missing]",
        "a.md:6: WARNING: 'myst' cross-reference target not found: 'b.md#part-two' "
        "[myst.xref_missing]",
    ],
    "unlabel": [*NO_B[:2], CONTESTED],
    "reheading": [
        "a.md:6: WARNING: local id not found in doc 'b': 'part-two' [myst.xref_missing]",
        CONTESTED,
    ],
    "alias-redate": [CONTESTED.replace("old2", "old1", 1).replace("'old1',", "'old2',")],
    "alias-rename": [CONTESTED.replace("'old1'", "'old1b'")],
    "alias-claim": [
        CONTESTED.replace("old2.md", "old1.md").replace("'old1'", "'old0'"),
        CONTESTED.replace("'old1'", "'old0'"),
    ],
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_a_page_linking_to_a_changed_target_is_written_again(kind: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    assert build(src, tmp_path / "incremental") == [CONTESTED]
    EDITS[kind](src)
    incremental = build(src, tmp_path / "incremental")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(tmp_path / "incremental" / "dirhtml", tmp_path / "clean" / "dirhtml")
    assert clean == sorted(WARNINGS.get(kind, [CONTESTED]))
    assert incremental == clean


def test_a_post_linked_again_rewrites_the_pages_linking_to_it(tmp_path: Path) -> None:
    """Back from draft, or its file back: what MyST made of ``[Bee](b.md)`` is read again."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    saved = (src / "b.md").read_text()
    (src / "b.md").unlink()
    build(src, tmp_path / "incremental")
    (src / "b.md").write_text(saved)
    incremental = build(src, tmp_path / "incremental")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(tmp_path / "incremental" / "dirhtml", tmp_path / "clean" / "dirhtml")
    assert incremental == clean


def test_parallel_incremental_build_rewrites_the_linking_page(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "parallel", parallel=2)
    EDITS["draft"](src)
    EDITS["alias-redate"](src)
    incremental = build(src, tmp_path / "parallel", parallel=2)
    clean = build(src, tmp_path / "clean", fresh=True)
    assert_same_tree(tmp_path / "parallel" / "dirhtml", tmp_path / "clean" / "dirhtml")
    assert incremental == clean


def rewritten_by(src: Path, out: Path, change: Callable[[Path], object]) -> set[str]:
    pages = {name: (out / name).stat().st_mtime_ns for name in tree(out) if name.endswith(".html")}
    change(src)
    build(src, out.parent)
    return {name for name, mtime in pages.items() if (out / name).stat().st_mtime_ns != mtime}


def test_a_body_edit_does_not_rewrite_the_pages_linking_to_the_post(tmp_path: Path) -> None:
    """A title or a label changed rewrites the linking page; words of the body do not."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    build(src, tmp_path / "out")
    out = tmp_path / "out" / "dirhtml"
    body = rewritten_by(src, out, lambda src: edit(src / "b.md", "More of it.", "More, edited."))
    assert body == {
        "b/index.html",
        # Sphinx writes its additional pages on every build.
        "search/index.html",
        "genindex/index.html",
        "404/index.html",
    }
    assert "a/index.html" in rewritten_by(src, out, EDITS["retitle"])


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        # {doc}`b` and {doc}`/b` from a document in a folder: docnames as Sphinx joins them.
        ({"refdomain": "std", "reftype": "doc", "reftarget": "b"}, {("doc", "posts/b")}),
        ({"refdomain": "std", "reftype": "doc", "reftarget": "/b"}, {("doc", "b")}),
        # {ref}: the label, lowercased by the role already.
        ({"refdomain": "std", "reftype": "ref", "reftarget": "b-label"}, {("label", "b-label")}),
        # [B](b.md), [x](b.md#part-two): MyST found the document when reading.
        ({"refdomain": "doc", "reftype": "myst", "reftarget": "b"}, {("doc", "b")}),
        (
            {"refdomain": "doc", "reftype": "myst", "reftarget": "b", "reftargetid": "part"},
            {("doc", "b", "part")},
        ),
        # [x](#B-Label) and {any}: a label, or a document of that name.
        (
            {"refdomain": None, "reftype": "myst", "reftarget": "B-Label"},
            {("label", "b-label"), ("doc", "posts/B-Label")},
        ),
        (
            {"refdomain": "", "reftype": "any", "reftarget": "x"},
            {("label", "x"), ("doc", "posts/x")},
        ),
        # Links written as site paths are the chapbook domain's.
        ({"refdomain": "chapbook", "reftype": "site", "reftarget": "b"}, set()),
    ],
)
def test_targets_of(attributes: dict[str, object], expected: set[tuple[str, ...]]) -> None:
    node = addnodes.pending_xref("", refdoc="posts/a", **attributes)
    assert set(links.targets_of(node, "posts/a")) == expected


def test_only_files_of_the_sources_are_noted(tmp_path: Path) -> None:
    """A link out of the sources is never looked at again; a missing source file is."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "e.md").write_text("# E\n\n[out](../../outside.md), [later](later.md) and [B](b.md).\n")
    app = SphinxTestApp("dirhtml", srcdir=src, builddir=tmp_path / "out", freshenv=True)
    try:
        app.build()
        noted = state(app.env).link_files
    finally:
        app.cleanup()
    assert noted["e"] == {("later.md", False), ("b.md", True)}
    assert noted["a"] == {("b.md", True)}
