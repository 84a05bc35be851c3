"""A build killed while it reads leaves no saved environment to trust what it half wrote.

Sphinx writes each document's doctree as it reads it, and saves the environment
only once reading is over.  A build killed in between (Ctrl-C, a closed
terminal, CI's time limit) left the last build's environment beside doctrees it
does not describe: after a ``--fresh`` build killed while reading, the next one
trusted a home page made from an empty environment, or stopped on a doctree cut
short.  So a build that is about to read removes the saved environment first;
Sphinx saves it again after reading.  A build killed while reading costs the next
one a full read; one that reads nothing keeps the saved environment.

(Killed while writing is ``freshness.rewrite_after_unfinished``'s: the environment
saved before writing is right, the pages are written again.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.application import ENV_PICKLE_FILENAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def forget_saved_environment(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``, last: documents are about to be read.

    Last, once the gate has withdrawn what it withdraws: a draft is examined, and
    withdrawn, at every build, and a build that then reads nothing saves no
    environment.  ``pages.make_home`` writes a doctree earlier at this event, but
    only into a fresh environment, where every document is read.
    """
    if docnames:
        (app.doctreedir / ENV_PICKLE_FILENAME).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-before-read-docs", forget_saved_environment, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
