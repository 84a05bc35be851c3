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


class RefuseOutsideFiles(SphinxTransform):
    """Images and download links to files outside the source folder: refused, alt text kept."""

    default_priority = 10  # before anything reads the images; collectors run after parsing

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        for image in list(self.document.findall(nodes.image)):
            problem = refused(self.env, str(image.get("uri", "")), docname)
            if problem:
                warn_refused("image", image["uri"], problem, image)
                alt = str(image.get("alt", ""))
                image.replace_self(nodes.inline(alt, alt) if alt else [])
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
