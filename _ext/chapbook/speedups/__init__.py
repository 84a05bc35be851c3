"""Speed-ups and reads of other projects' internals, in one guarded layer.

Each module here leans on something another project does not promise: a
theme's templates and page functions, Sphinx's private attributes, CPython's
collector.  Each names the versions it was verified against
(``guard.Verified``) and falls back to the stock path elsewhere; conf.py's
``chapbook_speedups = False`` turns every speed-up off (the pages are the
same, byte for byte, only slower: ``tests/test_speedups.py``).

    memory        the garbage collector's threshold while Sphinx works (CPython)
    sections      the theme's template sections, each template rendered once a page
                  (pydata-sphinx-theme 0.20, sphinx-book-theme 1.4)
    pagetoc       the theme's in-page contents without Beautiful Soup, serialised once
                  (pydata-sphinx-theme 0.20, Sphinx 9.0)
    sphinxcompat  Sphinx's private attributes Chapbook reads (Sphinx 9.0; not a speed-up)
    themeconfig   the values the themes and sphinx-copybutton set as the builder starts,
                  set first, so a rebuild finds the configuration unchanged (exact
                  versions; not a speed-up: the switch leaves it on)
    preview       ``chapbook serve``'s builds pickle the environment in a forked process
                  while they write the pages (Sphinx 9.0; installed by the serve child only)

What each saves is in ``benchmarks/RESULTS.md``; a speed-up worth under 2%
of a 250-post build is not kept.  Nothing here imports a stage: leaves only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SPEEDUPS = (
    "chapbook.speedups.memory",
    "chapbook.speedups.sections",
    "chapbook.speedups.pagetoc",
)


#: Copies of other projects' behaviour that keep output right, not fast: always set up.
COMPAT = ("chapbook.speedups.themeconfig",)


def setup(app: Sphinx) -> dict[str, bool]:
    for speedup in (*SPEEDUPS, *COMPAT):
        app.setup_extension(speedup)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
