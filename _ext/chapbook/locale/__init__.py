"""Chapbook's words in the site's ``language``: a message catalog and Babel's dates.

Sphinx's own way for extensions (as sphinx-book-theme and sphinx-copybutton do
it): ``get_translation`` reads the ``chapbook`` catalog that ``setup``
registers from ``locale/<language>/LC_MESSAGES/chapbook.mo``.  The ``.po``
files are the source, the ``.mo`` files are compiled from them and committed
(Sphinx compiles no extension's catalogs): ``make translations`` extracts,
updates and compiles them, and a test checks that the two never drift.

Every word a reader sees from Chapbook goes through :func:`_` or
:func:`ngettext`, at build time, never at import (the catalog is only known
once the configuration is read).  A language without a catalog reads English.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import babel
import babel.dates
from sphinx.locale import get_translator, is_translator_registered
from sphinx.util.i18n import date_format_mappings
from sphinx.util.i18n import format_date as sphinx_format_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The catalog's name: ``chapbook.po`` / ``chapbook.mo``.
MESSAGE_CATALOG_NAME = "chapbook"
LOCALE_DIR = Path(__file__).parent
#: The languages Chapbook ships a catalog for (any other reads English).
LANGUAGES = ("de", "fr")


def _(message: str) -> str:
    """``message`` in the site's language (as is before a catalog is registered)."""
    if not is_translator_registered(MESSAGE_CATALOG_NAME):
        return message
    return get_translator(MESSAGE_CATALOG_NAME).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for it
    """Mark ``message`` for the catalog; it is translated later, where it is used."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count``, by the language's plural rules."""
    if not is_translator_registered(MESSAGE_CATALOG_NAME):
        return singular if count == 1 else plural
    return get_translator(MESSAGE_CATALOG_NAME).ngettext(singular, plural, count)


@functools.lru_cache(maxsize=64)
def babel_locale(language: str | None) -> str:
    """The Babel locale of Sphinx's ``language`` (``pt-BR`` -> ``pt_BR``); English if unknown."""
    name = (language or "en").replace("-", "_")
    try:
        babel.Locale.parse(name)
    except (ValueError, babel.UnknownLocaleError):
        return "en"
    return name


def format_date(day: dt.date, config: Config) -> str:
    """A date as readers see it: ``chapbook_date_format``, or the language's long date.

    Unset (``None``), the language's own long form: "February 10, 2026",
    "10 février 2026", "10. Februar 2026".  A format of the site's own is
    ``strftime``'s, its names (``%B``, ``%a``, ...) in the language.
    """
    return _formatted(day, config.chapbook_date_format, babel_locale(config.language))


# Pure, and asked for the same few hundred dates on every listing of a build.
@functools.lru_cache(maxsize=4096)
def _formatted(day: dt.date, fmt: str | None, locale: str) -> str:
    if fmt is None:
        return babel.dates.format_date(day, format="long", locale=locale)
    return _TOKEN.sub(lambda match: _token(day, match.group(0), locale), fmt)


_TOKEN = re.compile(r"%-?[A-Za-z%]")
#: What Sphinx's Babel-based ``format_date`` says in the language: names, and the
#: locale's own forms.  Numbers go through ``strftime``, as they always have (Sphinx
#: reads ``%y`` as a week-based year and knows no ``%e``); ``%-d`` and kin through
#: Sphinx, which gives them on every platform.
_NAMED = frozenset({"%a", "%A", "%b", "%B", "%p", "%c", "%x", "%X"})


def _token(day: dt.date, token: str, locale: str) -> str:
    if token in _NAMED or (token.startswith("%-") and token in date_format_mappings):
        moment = dt.datetime.combine(day, dt.time())
        return sphinx_format_date(token, date=moment, language=locale)
    return day.strftime(token)


def setup(app: Sphinx) -> dict[str, bool]:
    app.add_message_catalog(MESSAGE_CATALOG_NAME, str(LOCALE_DIR))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
