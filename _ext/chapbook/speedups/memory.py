"""Python's garbage collector, set for Sphinx's work rather than for a small script.

A build makes millions of small objects that live for a while: docutils trees
(each node holds its parent, so every tree is a reference cycle), Jinja
contexts, the environment's records.  With the default of a collection every
700 new objects, the collector walked them about 8% of a 1,250-post build's
CPU time.  Cycles still go, a little later: peak memory rises (333 to 390 MB
at 1,250 posts), still linear.

The setting is only Sphinx's while Sphinx works, never the process's: raised
while the application loads the last build's environment (``config-inited``
to ``builder-inited``) and while it builds (``env-get-outdated``, the first
step of every build, to ``build-finished``), given back after each.  An
application made and never built (the tests make hundreds), a test runner or
a server around Sphinx keep their own setting.  During the build, what was
alive when it started (the environment, the theme) is frozen: collections
then never walk it again.

No other project's code is copied: it leans on CPython's ``gc`` alone.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from chapbook.speedups.guard import Shortcut, install_when_enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SPEEDUP = Shortcut("memory", ())
#: New objects between two collections of the youngest generation (Python's default: 700).
FIRST_GENERATION = 20_000


class Collector:
    """The threshold in force before Sphinx's work, kept to be given back, and whether it froze."""

    def __init__(self) -> None:
        self.saved: tuple[int, int, int] | None = None
        self.froze = False

    def start(self, *_event: object) -> None:
        """Collections rarer from now on (a process's own higher setting is kept)."""
        if self.saved is None:
            self.saved = gc.get_threshold()
            first, *older = self.saved
            gc.set_threshold(max(first, FIRST_GENERATION), *older)

    def freeze(self, *_event: object) -> list[str]:
        """``env-get-outdated``: the build starts; what is alive now lives to its end.

        Returns no document to read (the event asks its handlers for more).
        """
        self.start()
        if not self.froze and gc.get_freeze_count() == 0:
            gc.freeze()
            self.froze = True
        return []

    def finish(self, *_event: object) -> None:
        """``builder-inited`` (the environment is loaded) and ``build-finished``."""
        if self.froze:
            gc.unfreeze()
            self.froze = False
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None


def install(app: Sphinx) -> None:
    """At ``config-inited``: before Sphinx unpickles the last build's environment."""
    collector = Collector()  # one per application, not per module
    collector.start()
    app.connect("builder-inited", collector.finish, priority=0)
    # First of the build's handlers: the outdated documents are asked for before reading.
    app.connect("env-get-outdated", collector.freeze, priority=0)
    app.connect("build-finished", collector.finish, priority=999)


def setup(app: Sphinx) -> dict[str, bool]:
    install_when_enabled(app, SPEEDUP, install)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
