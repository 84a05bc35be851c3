"""The page templates compiled once, not again by every build.

Sphinx compiles each Jinja template the first time a build renders it: the
book theme's pages are some forty templates, compiled again in every
``sphinx-build`` process, which is most of the template time of a one-post
rebuild (plain Sphinx's basic theme has a handful).  Jinja's own
``FileSystemBytecodeCache`` keeps the compiled code beside the doctrees: a
template is taken from it only when its source is unchanged (Jinja compares a
checksum of the source, and its own version), and written there atomically.
A file damaged anyway (a full disk, a copied cache) is compiled again: Jinja
itself would stop the build on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

from chapbook.builders import is_site_builder
from chapbook.collecting.freshness import stamp

if TYPE_CHECKING:
    from jinja2.bccache import Bucket
    from sphinx.application import Sphinx


class BytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache, where an unreadable file means "not cached"."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # any damage (pickle, marshal, I/O): compile again
            bucket.reset()


def compiled_once(app: Sphinx) -> None:
    """``builder-inited``: the site builder's templates use the bytecode cache."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not is_site_builder(app.builder) or environment is None:
        return  # a template bridge of a site's own has no Jinja environment to give one
    folder = stamp(app, "jinja")
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = BytecodeCache(str(folder))


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("builder-inited", compiled_once)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
