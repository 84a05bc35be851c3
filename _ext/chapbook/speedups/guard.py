"""Which versions of another project a shortcut was checked against, and whether it may run.

A speed-up copies or patches another project's behaviour (a theme's page
function, Sphinx's events); a reader of Sphinx's internals reads what no
public API says.  Each names the distributions it leans on and the versions
it was verified against (``Verified``).  Outside them, or with
``chapbook_speedups = False`` in conf.py, the stock path runs: the page is
the theme's own, slower; a reader of internals answers as a public API
would.  ``tests/test_speedups.py`` builds a varied blog with the speed-ups on
and off and compares every file byte for byte.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config

#: conf.py's switch for every speed-up (declared in ``chapbook.config``).
SWITCH = "chapbook_speedups"


@dataclass(frozen=True)
class Verified:
    """A distribution (as pip names it) and the versions a shortcut was checked against."""

    distribution: str
    versions: str  # a PEP 440 specifier: ">=0.20,<0.21"

    def holds(self) -> bool:
        found = installed(self.distribution)
        return found is not None and _allows(self.versions, found)


@dataclass(frozen=True)
class Shortcut:
    """A named shortcut through other projects' internals, and what it was verified against."""

    name: str
    verified: tuple[Verified, ...]

    def fits(self) -> bool:
        """Whether every distribution it leans on is installed in a verified version."""
        return all(need.holds() for need in self.verified)


@functools.cache
def _allows(versions: str, found: Version) -> bool:
    """Cached: readers of Sphinx's internals ask on every page, and parsing a specifier
    costs more than what they read."""
    return SpecifierSet(versions).contains(found, prereleases=True)


@functools.cache
def installed(distribution: str) -> Version | None:
    try:
        return Version(metadata.version(distribution))
    except (metadata.PackageNotFoundError, InvalidVersion):
        return None


def enabled(config: Config, shortcut: Shortcut) -> bool:
    """A speed-up runs when conf.py leaves the switch on and its versions fit."""
    return bool(config[SWITCH]) and shortcut.fits()


def install_when_enabled(
    app: Sphinx, shortcut: Shortcut, install: Callable[[Sphinx], None]
) -> None:
    """``install(app)`` at ``config-inited``, once conf.py's switch is read and checked
    (``chapbook.config`` checks it at 100), if the speed-up may run."""

    def decide(app: Sphinx, config: Config) -> None:
        if enabled(config, shortcut):
            install(app)

    app.connect("config-inited", decide, priority=900)
