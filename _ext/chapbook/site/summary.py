"""One line at the end of every build: what was built, how many warnings, how long."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sphinx.util.console import bold

from chapbook.collecting.state import posts_of, state
from chapbook.speedups import sphinxcompat
from chapbook.warnings_ import logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: When this build started; kept on the application, which lives for one build.
STARTED = "chapbook_started"
#: The line, uncoloured, kept on the application for ``chapbook build``, which runs
#: Sphinx without its status log and prints this line itself.
LINE = "chapbook_summary"


def start_clock(app: Sphinx) -> None:
    setattr(app, STARTED, time.perf_counter())


def report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    env = app.env
    seconds = time.perf_counter() - getattr(app, STARTED, time.perf_counter())
    # No public API counts the warnings; Sphinx prints the same count from it.
    warnings = sphinxcompat.warning_count(app)
    counts = (
        (len(posts_of(env)), "post"),
        (len(state(env).tags), "tag"),
        (len(env.all_docs), "page"),
        (warnings, "warning"),
    )
    line = ", ".join(_counted(number, noun) for number, noun in counts)
    line = f"chapbook: {line}, {seconds:.1f} s ({app.builder.name})"
    setattr(app, LINE, line)
    logger.info(bold(line))


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("builder-inited", start_clock)
    app.connect("build-finished", report, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
