"""Files a post names (includes, images, downloads): only from inside the source folder.

Posts may come from anywhere, and the build may run where secrets live in the
environment.  A file a post pulls in must not be ``/etc/passwd``,
``/proc/self/environ``, a link leading out of ``docs/``, or a device or FIFO
(which would hang the build): such a reference is refused with a warning
naming the file and line, and nothing of the file is read or published.
Directives that fetch from the network (``:url:``) are refused too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.transforms import SphinxTransform

from chapbook.reading.transforms import located
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def refused(env: BuildEnvironment, target: str, docname: str) -> str | None:
    """Why the file ``target`` (as a document names it) must not be read; ``None`` if it may."""
    target = target.strip()
    if not target or "://" in target or target.startswith(("data:", "mailto:", "<")):
        return None  # not a file on this machine (``<...>``: docutils' own includes)
    try:
        _, absolute = env.relfn2path(target, docname)
    except (ValueError, OSError):
        return "cannot be resolved"
    path = Path(absolute)  # resolved: links are followed
    if not path.is_relative_to(env.srcdir.resolve()):
        return "is outside the source folder"
    if path.exists() and not path.is_file():
        return "is not a regular file"
    return None


def warn_refused(what: str, target: str, problem: str, location: Any) -> None:
    warn(f"{what} {target!r} {problem}; it is left out", Warn.SOURCE, location=location)


class _Guarded:
    """Directive mixin: check the file a directive reads before it reads it."""

    def _target(self) -> str | None:
        return None

    def run(self) -> list[nodes.Node]:
        directive: Any = self
        location = (directive.env.docname, directive.lineno)
        if "url" in directive.options:
            warn_refused(directive.name, directive.options["url"], "is on the network", location)
            return []
        target = self._target()
        problem = refused(directive.env, target, directive.env.docname) if target else None
        if target and problem:
            warn_refused(directive.name, target, problem, location)
            return []
        return super().run()  # type: ignore[misc]


class GuardedInclude(_Guarded, Include):
    def _target(self) -> str | None:
        return self.arguments[0]


class GuardedLiteralInclude(_Guarded, LiteralInclude):
    def _target(self) -> str | None:
        return self.arguments[0]


class GuardedRaw(_Guarded, Raw):
    @property
    def env(self) -> BuildEnvironment:
        return self.state.document.settings.env

    def _target(self) -> str | None:
        return self.options.get("file")


class GuardedCSVTable(_Guarded, CSVTable):
    @property
    def env(self) -> BuildEnvironment:
        return self.state.document.settings.env

    def _target(self) -> str | None:
        return self.options.get("file")


def _local(uri: str) -> bool:
    return bool(uri) and "://" not in uri and not uri.startswith("data:") and "*" not in uri


def beside_post(env: BuildEnvironment, uri: str, docname: str) -> str | None:
    """``/diagram.png`` as the old blog meant it: the file beside the post, if it is there.

    Sphinx reads a site-root path from the source folder; the old generator read
    it from the post's own folder.  The second wins when only it has the file.
    """
    if not uri.startswith("/") or Path(env.relfn2path(uri, docname)[1]).exists():
        return None
    beside = uri.lstrip("/")
    return beside if Path(env.relfn2path(beside, docname)[1]).is_file() else None


class RefuseOutsideFiles(SphinxTransform):
    """Images and download links: only existing files from inside the source folder.

    A missing image is left out with a warning (its alt text kept), so that no
    output has a broken picture and the PDF does not stop on it.
    """

    default_priority = 10  # before anything reads the images; collectors run after parsing

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if _local(uri):
                image["uri"] = beside_post(self.env, uri, docname) or uri
            problem = refused(self.env, str(image["uri"]), docname)
            if problem is None and _local(uri) and not self._exists(image["uri"], docname):
                problem = "is not there"
            if problem:
                warn_refused("image", uri, problem, located(image))
                alt = str(image.get("alt", ""))
                image.replace_self(nodes.inline(alt, alt) if alt else [])
        self._downloads(docname)

    def _exists(self, uri: str, docname: str) -> bool:
        return Path(self.env.relfn2path(uri, docname)[1]).is_file()

    def _downloads(self, docname: str) -> None:
        for link in list(self.document.findall(addnodes.download_reference)):
            problem = refused(self.env, str(link.get("reftarget", "")), docname)
            if problem:
                warn_refused("file", link["reftarget"], problem, link)
                link.replace_self(nodes.inline(link.astext(), link.astext()))


def setup(app: Sphinx) -> dict[str, bool]:
    for name, directive in (
        ("include", GuardedInclude),
        ("literalinclude", GuardedLiteralInclude),
        ("raw", GuardedRaw),
        ("csv-table", GuardedCSVTable),
    ):
        app.add_directive(name, directive, override=True)
    app.add_transform(RefuseOutsideFiles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
