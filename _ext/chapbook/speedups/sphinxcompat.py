"""What Sphinx knows but says through no public API: the one place that reads its internals.

Every read names the private attribute and falls back to what a public API
gives when Sphinx is not a verified version (``SPHINX``).  These are not
speed-ups: they keep pages right, so ``chapbook_speedups = False`` leaves
them on.  ``tests/test_architecture.py`` fails when a module outside
``chapbook/speedups/`` touches a private attribute of Sphinx, docutils or a
theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chapbook.speedups.guard import Shortcut, Verified

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

SPHINX = Shortcut("sphinx internals", (Verified("sphinx", ">=9.0,<9.1"),))


def conf_names(config: Config) -> Collection[str]:
    """The names conf.py assigns (``Config._raw_config``); none known elsewhere."""
    return getattr(config, "_raw_config", {}) if SPHINX.fits() else ()


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` set a value, as opposed to its default.

    Elsewhere, a value that differs from its default (one set equal to it counts as unset).
    """
    if name in config.overrides:
        return True
    if SPHINX.fits():
        return name in conf_names(config)
    return name in config.values and config[name] != _default(config, name)


def _default(config: Config, name: str) -> Any:
    default = config.values[name].default
    return default(config) if callable(default) else default


def warning_count(app: Sphinx) -> int:
    """The warnings this build logged (``Sphinx._warncount``, which Sphinx prints); 0 elsewhere."""
    return getattr(app, "_warncount", 0) if SPHINX.fits() else 0


def search_word_maps(indexer: object) -> list[dict[str, set[str]]]:
    """The search index's word -> documents maps (``IndexBuilder._mapping``, ``_title_mapping``).

    Elsewhere none: emptied words then stay in the index, as in plain Sphinx.
    """
    if not SPHINX.fits() or indexer is None:
        return []
    return [getattr(indexer, "_mapping", {}), getattr(indexer, "_title_mapping", {})]


def translations_js(builder: Builder) -> Callable[[], Any] | None:
    """The HTML builder's ``_get_translations_js`` (the script's path, or None for none).

    Elsewhere None: a translations script left by another language stays, as in plain Sphinx.
    """
    return getattr(builder, "_get_translations_js", None) if SPHINX.fits() else None
