"""Every file a post names goes through one function: :func:`resolve`.

Posts may come from anywhere, and the build may run where secrets live in the
environment.  A file a post pulls in (an include, a literal include, the
``:file:`` of a raw block or a CSV table, a diagram, an image, a figure, a
download, a cover) must be a published file of the source folder.  So the
path is resolved as the engine that reads it will resolve it (Sphinx's
``relfn2path``, docutils' joining of a path written over several lines, links
followed, ``..`` and ``x://..`` collapsed) and then refused, with the file and
line, when it is:

* outside the source folder (``/etc/passwd``, ``<../../proc/self/environ>``
  from docutils' own include folder, a link leading out, a sibling folder whose
  name starts like the source folder's);
* hidden (a name starting with ``.``: ``.env``, ``.git/config``) or excluded
  from the site (``exclude_patterns``: ``_build``, ``.venv``);
* not a regular file (a FIFO, a device, a folder) or not there;
* unpublished: a draft, a scheduled post, a note, or a file in the folder of
  one (``reading.gate`` took them out of the build before reading).

Nothing of a refused file is read.  Directives that fetch from the network
(``:url:``) are refused by the directive rules (``trust.policy``).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.matching import Matcher

from chapbook.reading import gate
from chapbook.reading.transforms import leave_image_out, located
from chapbook.trust import policy
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


#: Why a file that is not there is refused (a cover waits for it: ``reading.cover``).
MISSING = "is not there"
UNPUBLISHED = "is not published (a draft, a scheduled post or a note)"
IN_DRAFTS = "is in the drafts folder"


def resolve(env: BuildEnvironment, written: str, docname: str) -> tuple[Path | None, str | None]:
    """The file ``written`` names, as its reader will open it, or why it must not be read."""
    # docutils joins a path written over several lines (``directives.path``).
    target = "".join(line.strip() for line in written.splitlines())
    if not target:
        return None, "names no file"
    if target.startswith("<"):
        return None, "is one of docutils' own files, outside the source folder"
    try:
        _, absolute = env.relfn2path(target, docname)
    except (ValueError, OSError):
        return None, "cannot be resolved"
    real = Path(os.path.realpath(absolute))
    srcdir = Path(os.path.realpath(env.srcdir))
    if not real.is_relative_to(srcdir):
        return None, "is outside the source folder"
    problem = _unpublished(env, real.relative_to(srcdir))
    return (None, problem) if problem else (real, None)


def _rechecked(problem: str | None) -> bool:
    return problem in (MISSING, UNPUBLISHED, IN_DRAFTS) or (
        problem is not None and problem.startswith("belongs to ")
    )


def _keep_fresh(env: BuildEnvironment, problem: str | None, post: str | None) -> None:
    """Read the document again when the verdict could change without an edit of its own.

    A file that is not there may appear; a draft, a scheduled post or a note may be
    published (a scheduled post by the date alone, with no file edited): until then
    the document is read again at every build (a dependency that never exists, as
    Sphinx counts a missing one changed).  A file that belongs to a published post is
    read again when that post's source changes (it may become a draft).
    """
    if _rechecked(problem):
        env.note_dependency(Path(env.doctreedir) / "chapbook-unpublished-never-written")
    elif post is not None:
        env.note_dependency(_source(env, post))


def refusal(env: BuildEnvironment, written: str, docname: str) -> str | None:
    """Why the file ``written`` in ``docname`` must not be read; ``None`` if it may."""
    return resolve(env, written, docname)[1]


def _unpublished(env: BuildEnvironment, relative: Path) -> str | None:
    posix = PurePosixPath(relative.as_posix())
    if any(part.startswith(".") for part in posix.parts):
        return "is a hidden file"
    excluded = _excluded(tuple(env.config.exclude_patterns))
    # Sphinx leaves out a matching folder with everything in it: each folder on the way counts.
    if any(excluded(str(path)) for path in (posix, *posix.parents[:-1])):
        return "is excluded from the site (exclude_patterns)"
    path = env.srcdir / relative
    try:
        there, regular = path.exists(), path.is_file()
    except OSError as error:  # a name too long to look up, say
        return f"cannot be looked up ({error.strerror})"
    if not there:
        _keep_fresh(env, MISSING, None)
        return MISSING
    if not regular:
        return "is not a regular file"
    problem, post = _unpublished_document(env, posix)
    _keep_fresh(env, problem, post)
    return problem


@functools.cache
def _excluded(patterns: tuple[str, ...]) -> Matcher:
    """The site's ``exclude_patterns``, compiled once (a pure function of the patterns)."""
    return Matcher(patterns)


def _unpublished_document(
    env: BuildEnvironment, posix: PurePosixPath
) -> tuple[str | None, str | None]:
    """A source the gate took out of the build, or a file in the folder of one; and the
    published post whose folder holds the file, if any."""
    own = _docname_of(env, posix)
    if own is not None and own not in env.project.docnames:
        return UNPUBLISHED, None
    if gate.in_drafts_folder(env, posix.as_posix()) and not env.config.chapbook_show_drafts:
        return IN_DRAFTS, None
    for folder in posix.parents:
        post = (folder / "index").as_posix().removeprefix("./")
        if post in env.project.docnames:
            return None, post  # the folder of a published post
        if _source(env, post).is_file():
            return f"belongs to {post}, which is not published", None
    return None, None


def _docname_of(env: BuildEnvironment, posix: PurePosixPath) -> str | None:
    suffixes = env.config.source_suffix
    for suffix in sorted(suffixes, key=len, reverse=True):
        if posix.name.endswith(suffix):
            return posix.as_posix()[: -len(suffix)]
    return None


def _source(env: BuildEnvironment, docname: str) -> Path:
    """The source file of ``docname`` (where it would be, if it has none)."""
    for suffix in env.config.source_suffix:
        path = env.srcdir / f"{docname}{suffix}"
        if path.is_file():
            return path
    return env.srcdir / docname


def warn_refused(what: str, target: str, problem: str, location: Any) -> None:
    """One warning: ``chapbook.source`` for a file that is not there, else ``chapbook.trust``."""
    subtype = Warn.SOURCE if problem == MISSING else Warn.TRUST
    warn(f"{what} {target!r} {problem}; it is left out", subtype, location=location)


# -- images and downloads ------------------------------------------------------------------


def is_local(uri: str) -> bool:
    """A file of this machine, as Sphinx's collectors tell (``://`` or ``data:``: not)."""
    return bool(uri) and "://" not in uri and not uri.startswith("data:")


def beside_post(env: BuildEnvironment, uri: str, docname: str) -> str | None:
    """``/diagram.png`` as the old blog meant it: the file beside the post, if it is there.

    Sphinx reads a site-root path from the source folder; the old generator read
    it from the post's own folder.  The second wins when only it has the file.
    """
    if not uri.startswith("/") or Path(env.relfn2path(uri, docname)[1]).exists():
        return None
    beside = uri.lstrip("/")
    return beside if Path(env.relfn2path(beside, docname)[1]).is_file() else None


class RefuseUnpublishedFiles(SphinxTransform):
    """Images and downloads: only published files of the source folder, of a safe type.

    A refused or missing image is left out with a warning (its alt text kept), so
    that no output has a broken picture and the PDF does not stop on it; a refused
    download becomes its text.
    """

    default_priority = 10  # before anything reads the images; collectors run after parsing

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if not is_local(uri) or uri.endswith(".*"):
                continue  # a web address (``reading.urls``), or any of several files (below)
            image["uri"] = beside_post(self.env, uri, docname) or uri
            problem = refusal(self.env, image["uri"], docname)
            problem = problem or policy.image_refusal(image["uri"])
            if problem:
                _leave_out(image, uri, problem)
        for link in list(self.document.findall(addnodes.download_reference)):
            target = str(link.get("reftarget", ""))
            if not is_local(target):
                continue
            problem = refusal(self.env, target, docname) or policy.download_refusal(target)
            if problem:
                warn_refused("file", target, problem, link)
                link.replace_self(nodes.inline(link.astext(), link.astext()))


def _leave_out(image: nodes.image, uri: str, problem: str) -> None:
    warn_refused("image", uri, problem, located(image))
    leave_image_out(image)


def check_candidates(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after Sphinx's image collector: the files it chose are checked too.

    For ``pic.png`` Sphinx reads ``pic.en.png`` when there is one (the site's language),
    and for ``pic.*`` every file that matches: each candidate passes the same check as
    the path the post wrote, and an image with a refused one is left out (the builders
    copy only the images of the pages they write).
    """
    env = app.env
    docname = env.current_document.docname
    for image in list(doctree.findall(nodes.image)):
        for path in image.get("candidates", {}).values():
            if not is_local(path):
                continue
            problem = refusal(env, "/" + path, docname) or policy.image_refusal(path)
            if problem:
                _leave_out(image, path, problem)
                break


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_transform(RefuseUnpublishedFiles)
    # The same priority as the collectors: after Sphinx's image collector (registered
    # before any extension), before Chapbook's, which keep a post's images (the reading
    # stage is set up before the collecting stage).
    app.connect("doctree-read", check_candidates, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
