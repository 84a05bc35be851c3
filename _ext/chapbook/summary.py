"""One line at the end of every build: what was built, how many warnings, how long.

For the LaTeX builder it also says what comes next (XeLaTeX typesetting),
which is the long step of ``make pdf``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.console import bold

from chapbook import tags
from chapbook.posts import posts_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger("chapbook")


def start_clock(app: Sphinx) -> None:
    app.chapbook_started = time.perf_counter()  # type: ignore[attr-defined]


def report(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    env = app.env
    seconds = time.perf_counter() - getattr(app, "chapbook_started", time.perf_counter())
    warnings = getattr(app, "_warncount", 0)
    line = (
        f"chapbook: {len(posts_of(env))} posts, {len(tags.table(env))} tags, "
        f"{len(env.all_docs)} pages, {warnings} warning{'s' * (warnings != 1)}, "
        f"{seconds:.1f} s ({app.builder.name})"
    )
    logger.info(bold(line))
    if app.builder.name == "latex":
        logger.info(
            "chapbook: LaTeX source written to %s; next, XeLaTeX typesets the PDF "
            "(latexmk, two or three passes)",
            app.builder.outdir,
        )


def setup_summary(app: Sphinx) -> None:
    app.connect("builder-inited", start_clock)
    app.connect("build-finished", report, priority=900)
