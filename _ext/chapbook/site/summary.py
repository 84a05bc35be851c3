"""One line at the end of every build: what was built, how many warnings, how long.

An incremental build prints the warnings of what it read again; the line also
counts those of documents it did not read again (``collecting.problems`` keeps
them) and names the command that shows them: ``sphinx-build -E``, or the one
the application is given in ``FRESH`` (``chapbook build`` gives its own).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sphinx.util.console import bold

from chapbook.collecting.problems import not_shown
from chapbook.collecting.state import posts_of, state
from chapbook.speedups import sphinxcompat
from chapbook.warnings_ import logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: When this build started; kept on the application, which lives for one build.
STARTED = "chapbook_started"
#: The command that builds again from scratch, kept on the application by whoever runs it.
FRESH = "chapbook_fresh_command"
#: The line, uncoloured, kept on the application for ``chapbook build``, which runs
#: Sphinx without its status log and prints this line itself.
LINE = "chapbook_summary"
#: Its part on the warnings of posts not read again, or nothing: ``chapbook build -W`` fails
#: on them, as a clean build would (Sphinx counts only the warnings it printed).
NOT_READ_AGAIN = "chapbook_not_read_again"


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
    hidden = _not_read_again(app)
    setattr(app, NOT_READ_AGAIN, hidden)
    if hidden:
        line = f"{line}, {hidden}"
    line = f"chapbook: {line}, {seconds:.1f} s ({app.builder.name}){_preview(app)}"
    setattr(app, LINE, line)
    logger.info(bold(line))


def _not_read_again(app: Sphinx) -> str:
    """``3 warnings in 2 posts not read again (sphinx-build -E shows them)``, or nothing."""
    hidden = not_shown(app)
    if not hidden:
        return ""
    number = sum(hidden.values())
    posts = posts_of(app.env)
    noun = "post" if all(docname in posts for docname in hidden) else "page"
    command = getattr(app, FRESH, "sphinx-build -E")
    them = "them" if number > 1 else "it"
    return (f"{_counted(number, 'warning')} in {_counted(len(hidden), noun)} not read again "
            f"({command} shows {them})")  # fmt: skip


def _preview(app: Sphinx) -> str:
    """What a preview shows that the site would not, said where the writer looks."""
    shown = [what for what, on in (("drafts", app.config.chapbook_show_drafts),
             ("scheduled posts", app.config.chapbook_show_future)) if on]  # fmt: skip
    return f"; a preview with {' and '.join(shown)}: not for publishing" if shown else ""


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("builder-inited", start_clock)
    app.connect("build-finished", report, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
