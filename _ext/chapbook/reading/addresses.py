"""The address a source would be published at: whether it can be one, and only one.

A file's name becomes its page's address and the name of every file made from
it (``x.doctree``, ``_sources/x.md.txt``, ``x/index.html``).  Before anything
is read, the gate (``reading.gate``) refuses a source whose name

* cannot be part of a web address (``javascript:x.md``, ``a#b.md``);
* would land its page on something the site writes itself (``search.md``,
  ``_static/x.md``, ``rss.xml.md``, which made the folder ``rss.xml/`` where
  the feed goes): ``sitepaths`` says what;
* is longer than the file systems of the doctrees and the output allow once
  ``.doctree`` and the like are added to it (Sphinx stopped the whole build at
  the first file it could not make);

and of two documents at one address it publishes one: ``x.md`` and
``x/index.md`` are both ``/x/``; ``About.md`` and ``about.md`` are one page to
the site's links (``urls.url_key``) and to hosts that ignore case.  The one
published first keeps the address (``same_address``), so a file added later,
imported or contributed, cannot take it from a post by the spelling of its name.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from chapbook.reading import sitepaths
from chapbook.urls import dirhtml_path, doc_key

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: When a document says it was published: its date and the time it gave (ISO text, or
#: ``""``); ``None`` for one without a date (a page).
Day = tuple[dt.date, str] | None

#: Characters that make a file name a broken or dangerous URL (a scheme, a query,
#: a fragment, an escape, quotes, spaces, controls); that no UTF-8 file, feed or sitemap
#: may hold (a byte of a name that is not UTF-8, read as a lone surrogate; U+FFFE, U+FFFF);
#: or that hide or turn round what the address shows (a zero width space, direction marks;
#: not the joiners some scripts and emoji need).
_UNSAFE_NAME = re.compile(
    r"""[\s"'`<>\\#?%:\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"""
    r"""\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"""
)
#: What the builders add to a document's name for the files they make from it: the
#: pickled doctree, the HTML, ePub, JSON and pickle builders' pages (the copy of the
#: source, ``x.md.txt``, is added per source suffix).
DERIVED_SUFFIXES = (".doctree", ".html", ".xhtml", ".fjson", ".fpickle")
#: Where ``os.pathconf`` cannot tell (Windows): the common limits.
NAME_MAX, PATH_MAX = 255, 4096


@dataclass(frozen=True)
class Rules:
    """What names are checked against, derived once per build from its configuration."""

    paths: sitepaths.SitePaths
    #: The longest name (bytes) the file systems of the doctrees and the output allow.
    name_max: int
    #: The longest path (bytes) they allow, and the longest folder of the two.
    path_max: int
    folder: int
    #: What the builders add to a document's name (``.doctree``, ``.md.txt`` ...).
    suffixes: tuple[str, ...]
    #: Each source suffix and the copy of the source made from it (``.md``, ``.md.txt``):
    #: a document's name gets only its own copy's (``x.md`` no ``.markdown.txt``).
    copies: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, app: Sphinx) -> Rules:
        config = app.config
        folders = (Path(app.doctreedir), Path(app.outdir))
        copies = tuple((s, s + config.html_sourcelink_suffix) for s in config.source_suffix)
        return cls(
            paths=sitepaths.of(config, Path(app.confdir)),
            name_max=min(_limit(folder, "PC_NAME_MAX", NAME_MAX) for folder in folders),
            path_max=min(_limit(folder, "PC_PATH_MAX", PATH_MAX) for folder in folders),
            folder=max(len(os.fsencode(folder.resolve())) for folder in folders),
            suffixes=(*DERIVED_SUFFIXES, *(copy for _, copy in copies)),
            copies=copies,
        )


def _limit(folder: Path, name: str, default: int) -> int:
    """A file system's limit where ``folder`` is (or would be, if not made yet)."""
    existing = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    try:
        return os.pathconf(existing or ".", name)
    except (OSError, ValueError, AttributeError):  # no such limit, or no pathconf
        return default


def problem(
    docname: str, rules: Rules, source: str | Callable[[], str] | None = None
) -> str | None:
    """Why a page of ``docname`` cannot be published at its address, or ``None``.

    ``source`` is the suffix of its file (``.md``), or how to find it (asked only of a
    name too long for the copies of every suffix); unknown, every copy counts.
    """
    if _UNSAFE_NAME.search(docname):
        return "its name cannot be part of a web address (rename it: letters, digits, - and _)"
    claimed = sitepaths.claimed(rules.paths, docname)
    if claimed:
        return f"the site itself writes {claimed} (rename the file)"
    return _length_problem(docname, rules, source)


def _added(rules: Rules, source: str | None) -> tuple[str, ...]:
    """What the builders add to the name of a document whose file ends in ``source``."""
    copies = dict(rules.copies)
    if source not in copies:
        return rules.suffixes
    others = {copy for suffix, copy in copies.items() if suffix != source} - {copies[source]}
    return tuple(suffix for suffix in rules.suffixes if suffix not in others)


def _length_problem(
    docname: str, rules: Rules, source: str | Callable[[], str] | None
) -> str | None:
    """A name the file system refuses once the builders add to it (``x.doctree``).

    Checked before anything is written: Sphinx would stop the whole build at the
    first file it cannot make.  Every suffix's copies counted first: the strictest
    rule, and all that most names need.
    """
    found = _length_problem_for(docname, rules, None)
    if found is None or source is None:
        return found
    return _length_problem_for(docname, rules, source() if callable(source) else source)


def _length_problem_for(docname: str, rules: Rules, source: str | None) -> str | None:
    suffix = max(_added(rules, source), key=lambda s: len(os.fsencode(s)))
    room = rules.name_max - len(os.fsencode(suffix))
    name = docname.rsplit("/", 1)[-1]
    size = len(os.fsencode(name))
    if size > room:
        shown = name if len(name) <= 24 else name[:20] + "..."
        return (f"its name is too long for the file system: '{shown}' has {size} bytes, at "
                f"most {room} ({rules.name_max} less {suffix!r} for the files made from "
                "it); rename it")  # fmt: skip
    # At most as long as ``<output>/_sources/<docname>`` and the longest that is added.
    added = max(len(os.fsencode(suffix)), len("/index.html"))
    longest = rules.folder + len(os.fsencode(f"/_sources/{docname}")) + added
    if longest >= rules.path_max:
        return (f"its path is too long for the file system: the files made from it would "
                f"have {longest} bytes, at most {rules.path_max - 1}; move it up or rename "
                "its folders")  # fmt: skip
    return None


def same_address(
    docnames: Iterable[str], root_doc: str, day: Callable[[str], Day]
) -> dict[str, str]:
    """Each document that shares its address with another -> the one published there.

    ``x.md`` and ``x/index.md`` are both ``/x/``; ``About.md`` and ``about.md`` are
    one page to the site's links (``urls.url_key``) and to hosts that ignore case.
    The address stays with the one published first, as an old address does
    (``collecting.domain.refresh_aliases``): a file added later cannot take it by
    the spelling of its name, and adding one changes nothing for the other.  A
    document without a date (a page: the home page, About) comes before every
    post, as the site's frame that posts are added to; between pages, and posts of
    one day, the folder wins, then the lowercase name, then the first in code-point
    order.  ``day`` is asked only about documents that share an address.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for docname in docnames:
        groups[doc_key(docname, root_doc)].append(docname)
    losers = {}
    for names in groups.values():
        if len(names) > 1:
            days = {name: day(name) for name in names}
            winner = min(names, key=lambda name: (_published(days[name]), _precedence(name)))
            losers.update({name: winner for name in names if name != winner})
    return losers


def _published(day: Day) -> tuple[bool, tuple[dt.date, str]]:
    """Pages (no date) first, then posts by date."""
    return (day is not None, day or (dt.date.min, ""))


def _precedence(docname: str) -> tuple[bool, bool, str]:
    return (not docname.endswith("/index"), docname != docname.casefold(), docname)


def same_address_message(
    env: BuildEnvironment, docname: str, winner: str, day: Callable[[str], Day]
) -> str:
    address = dirhtml_path(winner, env.config.root_doc)
    url = f"/{address}/" if address else "/"
    case = dirhtml_path(docname, env.config.root_doc) != address
    why = " (addresses ignore case)" if case else ""
    first, this = day(winner), day(docname)
    if this is not None and first is None:
        keeps = f"{winner} is a page (no date), which keeps its address before any post"
    elif this is not None and first is not None and first != this:
        keeps = f"{winner} was published first ({_shown(first)}; this file {_shown(this)})"
    else:
        return (f"{docname} and {winner} would both be {url}{why}; {winner} is published, "
                "this file is not")  # fmt: skip
    return f"{docname} and {winner} would both be {url}{why}; {keeps}: this file is not published"


def _shown(day: tuple[dt.date, str]) -> str:
    return day[1] or day[0].isoformat()
