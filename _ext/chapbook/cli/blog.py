"""Where the blog is: the folder whose ``conf.py`` loads Chapbook, searched upward.

``chapbook build``, ``serve`` and ``check-links`` work from any folder inside a
blog, as ``git`` does in a repository. Two layouts are found: ``chapbook new``'s
(``conf.py`` beside ``docs/``, the posts; ``_build/`` beside both, as the
starter's Makefile has it) and Sphinx's own (``conf.py`` inside the folder of
posts, ``_build/`` inside it too, as ``sphinx-quickstart`` writes it). Only
paths are computed here, with :mod:`pathlib`: nothing runs, nothing is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

#: ``"chapbook"`` as a quoted name in ``conf.py``: ``extensions = ["chapbook"]``
#: and ``extensions.append('chapbook')`` both load it; ``chapbook_title = ...`` does not.
_LOADS_CHAPBOOK = re.compile(r"""["']chapbook["']""")
SOURCE = "docs"
BUILD = "_build"
#: The suffixes of Markdown posts, as the build reads them (``reading.gate.MARKDOWN``):
#: ``.markdown`` too, Jekyll's and Hugo's other name.
MARKDOWN = (".md", ".markdown")


def markdown_files(folder: Path) -> Iterator[Path]:
    """The Markdown files under ``folder`` (and folders named like one), in one walk."""
    return (path for path in folder.rglob("*") if path.suffix in MARKDOWN)


class NoBlogError(LookupError):
    """No blog in the folder or above it; the message says what was looked for."""


@dataclass(frozen=True)
class Blog:
    """The folders of one blog, absolute."""

    confdir: Path
    source: Path
    build: Path

    def relative(self, path: Path, to: Path | None = None) -> Path:
        """``path`` from ``to`` (the current folder) when inside it: shorter to read."""
        base = (to or Path.cwd()).resolve()
        return path.relative_to(base) if path.is_relative_to(base) else path


def loads_chapbook(conf: Path) -> bool:
    try:
        return conf.is_file() and bool(_LOADS_CHAPBOOK.search(conf.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def layout(confdir: Path) -> Blog:
    """The blog whose ``conf.py`` is in ``confdir``.

    A ``docs/`` folder beside it is the folder of posts, whatever it holds: a
    ``conf.py`` among the posts (a pull request can bring one) neither moves the
    blog nor is run.
    """
    confdir = confdir.resolve()
    if (confdir / SOURCE).is_dir():
        return Blog(confdir, confdir / SOURCE, confdir / BUILD)
    return Blog(confdir, confdir, confdir / BUILD)


def runs_conf_of(where: Path) -> bool:
    """Whether a build run in ``where`` takes its ``conf.py`` from there (beside ``docs/``,
    as ``chapbook new`` writes it), not from the folder of posts (Sphinx's own layout):
    a ``conf.py`` among the posts is never run when there is one beside them."""
    return (where / "conf.py").is_file()


def find(start: Path | None = None) -> Blog:
    """The blog holding ``start`` (default: the current folder).

    The nearest ``conf.py`` that loads Chapbook, unless it lies among the posts of
    a blog further up: then that blog, whose own ``conf.py`` is the one run.
    """
    here = (start or Path.cwd()).resolve()
    folders = (here, *here.parents)
    found = [layout(folder) for folder in folders if loads_chapbook(folder / "conf.py")]
    if found:
        nearest, *above = found
        outer = (blog for blog in reversed(above) if nearest.confdir.is_relative_to(blog.source))
        return next(outer, nearest)
    conf = next((folder / "conf.py" for folder in folders if (folder / "conf.py").is_file()), None)
    if conf is not None:  # a Sphinx project, or a blog whose extensions say "chapbok"
        raise NoBlogError(
            f"{conf} does not load chapbook: its extensions must name it, spelt so "
            '(extensions = ["chapbook"])'
        )
    raise NoBlogError(
        f"no blog here: neither {here} nor a folder above it has a conf.py that loads "
        'chapbook (extensions = ["chapbook"]); run this inside a blog, or start one '
        "with: chapbook new my-blog"
    )
