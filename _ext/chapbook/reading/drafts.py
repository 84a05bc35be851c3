"""Drafts: ``draft: true`` posts and the ``drafts/`` folder never reach any output.

Whether a file is a draft is in its front-matter, which Sphinx knows only
after reading it; by then it would be written.  So the front-matter of each
document about to be read (only those: new or changed ones) is checked first,
and drafts are taken out of the build as if the file were absent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chapbook.model import frontmatter

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def is_draft(env: BuildEnvironment, docname: str) -> bool:
    folder = env.config.chapbook_drafts_dir  # normalised in ``config``
    if folder and (docname == folder or docname.startswith(folder + "/")):
        return True
    path = env.doc2path(docname)
    if path.suffix not in (".md", ".markdown"):
        return False
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False  # reading it properly will report the problem
    return frontmatter.read(source).draft


def exclude_drafts(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.config.chapbook_show_drafts:
        return
    for docname in [d for d in docnames if is_draft(env, d)]:
        docnames.remove(docname)
        env.project.docnames.discard(docname)
        if docname in env.all_docs:  # published before: withdraw it now
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-before-read-docs", exclude_drafts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
