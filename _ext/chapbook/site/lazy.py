"""Modules the theme imports on every build but needs on few pages, loaded when first used.

pydata-sphinx-theme imports Beautiful Soup, which imports soupsieve (its CSS
selectors) at once; soupsieve compiles its patterns as it loads, 35 ms of
every build, an edit's rebuild included.  Chapbook makes the page's contents
without Beautiful Soup (``pagetoc``), so most builds select nothing with CSS.
``defer`` puts a stand-in in ``sys.modules``: ``import soupsieve`` finds it,
and the first name looked up in it imports the real module, which then takes
its place.  The standard library's ``LazyLoader`` cannot do this: the import
statement itself reads the module's ``__spec__``, which makes it load.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

#: Imported with the theme, used by few builds; each defines names and does nothing else
#: when it runs, so running it later changes nothing but when.
DEFERRED = ("soupsieve",)


class Deferred(types.ModuleType):
    """Stands for a module not yet run; any name looked up in it runs it."""

    def __getattr__(self, attr: str) -> Any:  # only names the stand-in does not hold
        # A submodule being imported first (``import soupsieve.util``) asks its package
        # for its siblings (``from . import ...``): the import system finds those itself.
        if importing_within(self.__name__):
            raise AttributeError(attr)
        return getattr(load(self), attr)


def importing_within(package: str) -> bool:
    """Whether a module of ``package`` is being imported right now."""
    prefix = f"{package}."
    return any(
        name.startswith(prefix)
        and getattr(getattr(module, "__spec__", None), "_initializing", False)
        for name, module in list(sys.modules.items())
    )


def load(stand_in: Deferred) -> types.ModuleType:
    """The real module, imported now if it was not; the stand-in takes its names."""
    name = stand_in.__name__
    if sys.modules.get(name) is stand_in:
        del sys.modules[name]
    real = importlib.import_module(name)
    stand_in.__dict__.update(real.__dict__)
    return real


def defer(name: str) -> None:
    """Import ``name`` on its first use (nothing, if it is imported already or not installed)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    # What the import system reads of a module in ``sys.modules`` (``__spec__``,
    # ``__path__``, ...), set as the real import sets it; any other name runs it.
    stand_in = importlib.util.module_from_spec(spec)
    stand_in.__class__ = Deferred
    sys.modules[name] = stand_in
