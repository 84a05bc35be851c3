"""What static hosts need to serve the blog at its own addresses.

A moved blog keeps its old addresses only where the site is served at the
address its readers know.  Read the Docs puts every project under
``/<language>/<version>/`` unless its versioning scheme is "Single version
without translations"; feeds, aliases and tag redirects then answer under that
prefix and nowhere else, so a build on Read the Docs (``READTHEDOCS=True``)
whose canonical URL has a path warns once, naming the setting to change.  A new
blog has no old addresses, but its feeds' addresses are kept by their
subscribers: the warning says that, before anyone subscribes.

GitHub Pages runs Jekyll on what it serves unless ``.nojekyll`` is there,
and Jekyll drops folders starting with ``_`` (``_static/``, ``_images/``):
every site build writes it.  (``_redirects``, for Netlify and Cloudflare
Pages, is written with the redirect pages, in ``redirects``.)
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from chapbook.builders import is_site_builder
from chapbook.site import output
from chapbook.site.redirects import alias_redirects, tag_redirects
from chapbook.urls import base_path
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The Read the Docs setting that serves a project at the root of its domain.
SINGLE_VERSION = "Single version without translations"


def served_under(app: Sphinx) -> str:
    """The path Read the Docs serves this build under (``/`` at the root)."""
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL") or app.config.html_baseurl
    return base_path(canonical)


def old_addresses(app: Sphinx) -> list[str]:
    """What the site keeps of an old blog's addresses, which a prefix would move:
    nothing on a new blog (no aliases, no tag redirects)."""
    kept = []
    if alias_redirects(app):
        kept.append("aliases")
    if tag_redirects(app):
        kept.append("tag redirects")
    if kept and app.config.chapbook_feeds:
        kept.insert(0, "feeds")  # a moved blog's feeds have their subscribers
    return kept


def on_read_the_docs() -> bool:
    """A build of the blog on Read the Docs; a pull request's preview never had its addresses."""
    return (
        os.environ.get("READTHEDOCS") == "True"
        and os.environ.get("READTHEDOCS_VERSION_TYPE") != "external"
    )


def check_read_the_docs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: warn when Read the Docs would put the blog's addresses under a prefix."""
    if not on_read_the_docs() or not is_site_builder(app.builder):
        return []
    prefix = served_under(app)
    if prefix != "/" and (message := prefix_warning(app, prefix)):
        warn(message, Warn.HOSTING, location=None, once=True)
    return []


def prefix_warning(app: Sphinx, prefix: str) -> str | None:
    """What the prefix costs this blog: a moved blog's old addresses; a new blog's feeds,
    whose addresses its subscribers will keep; nothing to say for a blog with neither."""
    where = f"Read the Docs serves this site under {prefix}, not at the root: "
    setting = (f"set the project's Versioning scheme to \"{SINGLE_VERSION}\" "
               "(Admin > Settings on Read the Docs)")  # fmt: skip
    if kept := old_addresses(app):
        what = ", ".join(kept[:-1]) + " and " + kept[-1] if len(kept) > 1 else kept[0]
        return f"{where}its {what} will not answer at their old addresses; {setting}"
    if app.config.chapbook_feeds:
        return (
            f"{where}its feeds' addresses, which readers subscribe to, will include "
            f"{prefix}; to serve the blog at the root before anyone subscribes, {setting}"
        )
    return None


def write_nojekyll(app: Sphinx, exception: Exception | None) -> None:
    """``.nojekyll``, so that GitHub Pages serves ``_static/`` and ``_images/``."""
    if exception is None and is_site_builder(app.builder):
        output.write_if_changed(app.builder.outdir / ".nojekyll", b"")


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-updated", check_read_the_docs)
    app.connect("build-finished", write_nojekyll)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
