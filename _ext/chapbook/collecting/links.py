"""Links between pages that Sphinx and MyST resolve: what each one names, to rewrite it in time.

``{doc}`b```, ``{ref}`label```, ``[B](b.md)`` and ``[text](#label)`` are
``pending_xref`` nodes, resolved when the linking page is written, from other
documents: whether the target exists, its title (the link's text when none is
written), where a label is and the title of its section.  Sphinx writes a page
again only when its own source changed, so a page linking to a post that
became a draft kept a link to a page that is gone.

The collector records, per document, the targets of those references; after
every read phase ``changed`` names the documents whose targets now resolve
otherwise.  Only what resolving reads is compared (a target's existence and
title, a label's place and section title, the headings of a page linked with
an anchor), so a body edit rewrites no page linking to the edited one.  Links
written as site paths are the ``chapbook`` domain's (``freshness.docs_linking_to``).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import docname_join
from sphinx.util.nodes import clean_astext

from chapbook.collecting import freshness
from chapbook.collecting.state import Target, state

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: A document: ``(DOC, docname)``, or ``(DOC, docname, anchor)`` for a MyST link with one.
DOC = "doc"
#: A label of the ``std`` domain (``(name)=`` or a heading's), lowercased as roles look it up.
LABEL = "label"


class LinksCollector(EnvironmentCollector):
    """Keeps ``state(env).xrefs``: docname -> the targets of its references to other pages."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        state(env).xrefs.pop(docname, None)
        state(env).link_files.pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        for table in ("xrefs", "link_files"):
            mine, theirs = getattr(state(env), table), getattr(state(other), table)
            for docname in docnames & theirs.keys():
                mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.docname
        found = {
            target
            for node in doctree.findall(addnodes.pending_xref)
            for target in targets_of(node, docname)
        }
        if found:
            state(app.env).xrefs[docname] = frozenset(found)
        files = {
            file
            for node in doctree.findall(addnodes.pending_xref)
            if (file := _file(app.env, node))
        }
        if files:
            state(app.env).link_files[docname] = frozenset(files)


def targets_of(node: addnodes.pending_xref, docname: str) -> Iterator[Target]:
    """What a reference may resolve to, as the ``std`` domain and MyST look it up."""
    domain, kind = node.get("refdomain") or "", node.get("reftype")
    target = str(node.get("reftarget", ""))
    refdoc = str(node.get("refdoc", docname))
    if kind == "myst" and domain == "doc":  # [B](b.md): MyST found the file when reading
        anchor = node.get("reftargetid")
        yield (DOC, target, str(anchor)) if anchor else (DOC, target)
    elif domain == "std" and kind == "doc":
        yield (DOC, docname_join(refdoc, target))
    elif domain == "std" and kind == "ref":
        yield (LABEL, target)
    elif (kind == "myst" and not domain) or kind == "any":  # a label, a document, or nothing
        yield (LABEL, target.lower())
        yield (DOC, docname_join(refdoc, target))


def _file(env: BuildEnvironment, node: addnodes.pending_xref) -> tuple[str, bool] | None:
    """The source file a MyST link names, and whether it was there (``[B](b.md)``).

    MyST looks for the file when it reads the link: there, the link names its
    document; not there, a label of that name.  Only a file of the blog's sources
    is noted, so nothing outside ``docs/`` is ever looked at.
    """
    if node.get("reftype") != "myst" or node.get("refdomain") not in {"doc", None, ""}:
        return None
    target = str(node.get("reftarget", ""))
    if node.get("refdomain") == "doc":
        path = PurePosixPath(env.doc2path(target, base=False).as_posix())
    else:
        path = PurePosixPath(env.relfn2path(target.partition("#")[0], env.docname)[0])
    if path.is_absolute() or ".." in path.parts or env.path2doc(str(path)) is None:
        return None
    there = _there(env.srcdir / path)
    return None if there is None else (str(path), there)


def _there(path: Path) -> bool | None:
    """Whether a file is there; ``None`` when that cannot be told (a name too long)."""
    try:
        return path.is_file()
    except OSError:
        return None


def to_read_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: documents with a MyST link to a file that came or went.

    What MyST made of the link depends on the file then, so the document is read
    again, as a clean build would read it (one that cannot be told is read again).
    """
    srcdir = env.srcdir
    return sorted(
        docname
        for docname, files in state(env).link_files.items()
        if docname not in removed
        and any(_there(srcdir / path) is not there for path, there in files)
    )


def changed(env: BuildEnvironment) -> set[str]:
    """Documents whose references resolve otherwise than when they were last written."""
    xrefs = state(env).xrefs
    now = _signatures(env, set().union(*xrefs.values()))
    moved = freshness.note_xref_targets(state(env), now)
    return {docname for docname, targets in xrefs.items() if targets & moved} if moved else set()


def _signatures(env: BuildEnvironment, targets: Set[Target]) -> dict[Target, object]:
    """What resolving each target reads, and nothing else (no line numbers)."""
    std = env.domains["std"]
    labels, anonlabels = std.data["labels"], std.data["anonlabels"]
    by_doc: dict[str, list[tuple[str, tuple[str, ...]]]] | None = None
    found: dict[Target, object] = {}
    for target in targets:
        if target[0] == LABEL:
            found[target] = (labels.get(target[1]), anonlabels.get(target[1]))
            continue
        docname = target[1]
        found[target] = _title(env, docname)
        if len(target) > 2:  # an anchor: MyST looks in the page's headings, then its labels
            if by_doc is None:
                by_doc = _labels_by_doc(labels, anonlabels)
            slugs = env.metadata.get(docname, {}).get("myst_slugs", {})
            headings = sorted((slug, tuple(entry[1:])) for slug, entry in slugs.items())
            found[target] = (found[target], headings, by_doc.get(docname, []))
    return found


def _title(env: BuildEnvironment, docname: str) -> str | None:
    """A document's title as references show it; ``None`` for no document."""
    title = env.titles.get(docname)
    return clean_astext(title) if title is not None and docname in env.all_docs else None


def _labels_by_doc(
    labels: dict[str, tuple[str, ...]], anonlabels: dict[str, tuple[str, ...]]
) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for name, entry in sorted([*labels.items(), *anonlabels.items()]):
        found.setdefault(entry[0], []).append((name, tuple(entry)))
    return found


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_env_collector(LinksCollector)
    app.connect("env-get-outdated", to_read_again)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
