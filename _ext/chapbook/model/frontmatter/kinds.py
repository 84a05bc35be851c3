"""One validator per type of front-matter value, and what each gives the record.

A :class:`Kind` checks the keys of one record attribute (``author`` and
``authors`` share one) and returns the attribute's values; its problems are
added to the front-matter, each at its key's line.  A value that cannot be
used is refused (reported, the key rejected) and the attribute keeps its default.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from chapbook.model.frontmatter.key import Attr, Kind
from chapbook.model.frontmatter.record import UNPUBLISHED_DRAFT
from chapbook.model.names import tag_key
from chapbook.trust.controls import strip_controls

if TYPE_CHECKING:
    from collections.abc import Callable

    from chapbook.model.frontmatter.key import Key
    from chapbook.model.frontmatter.record import Record


def _one(type_: str, default: Any) -> Callable[[str], tuple[Attr, ...]]:
    return lambda name: (Attr(name, type_, default),)


def _single(
    check: Callable[[Record, Key], Any],
) -> Callable[[Record, tuple[Key, ...]], dict[str, Any]]:
    """A validator of one key whose value is its attribute's."""
    return lambda fm, keys: {keys[0].attr: check(fm, keys[0])}


# -- descriptions of a value, in messages ----------------------------------------


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    # YAML's !!omap, !!pairs, !!set and !!binary give tuples, sets and bytes.
    return f"a YAML {type(value).__name__}"


def short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _as_text(raw: Any) -> Any:
    """A number written where text is meant (``tags: [2024]``) is that text."""
    return str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else raw


def _cleaned(fm: Record, key: str, text: str, where: str = "") -> str:
    """``text`` without control characters (reported), on one line."""
    kept = strip_controls(text)
    if kept != text:
        fm.note(key, f":{where}{':' if where else ''} control characters removed")
    return " ".join(kept.split())


# -- text ------------------------------------------------------------------------


def _text(fm: Record, key: Key) -> str | None:
    """One line of text of at most ``key.limit`` characters; a number is text too."""
    value = fm.data.get(key.name)
    if value is None:
        if key.required and key.name in fm.data:
            # ``title:`` with nothing after it: said, as for ``title: ''``, not dropped quietly.
            fm.warn(key.name, ": is empty")
        return None
    value = _as_text(value)
    if not isinstance(value, str):
        fm.warn(key.name, f": expected text, got {kind_of(value)}")
        return None
    value = _cleaned(fm, key.name, value)
    if len(value) > key.limit:
        fm.warn(key.name, f": too long ({len(value)} characters, at most {key.limit})")
        return None
    if key.required and not value:
        fm.warn(key.name, ": is empty")
        return None
    return value


#: Text, ``""`` when not given (``description``).
TEXT = Kind(_single(lambda fm, key: _text(fm, key) or ""), _one("str", ""))
#: Text, ``None`` when not given or empty (``title``, ``series``).
NAME = Kind(_single(lambda fm, key: _text(fm, key) or None), _one("str | None", None))


# -- dates -----------------------------------------------------------------------

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(fm: Record, keys: tuple[Key, ...]) -> dict[str, Any]:
    """The day, and the ISO 8601 text as given (with time and offset when there are any)."""
    key = keys[0]
    names = (key.attr, f"{key.attr}time")
    if key.name not in fm.data:
        return {}
    value = fm.data[key.name]
    if isinstance(value, dt.datetime):
        return dict(zip(names, (value.date(), value.isoformat()), strict=True))
    if isinstance(value, dt.date):
        return dict(zip(names, (value, value.isoformat()), strict=True))
    text = value.strip() if isinstance(value, str) else None
    parsed = _parse_date(text) if text else None
    if parsed is None:
        fm.warn(key.name, f": {short(value)} is not a date (YYYY-MM-DD)")
        return {}
    return dict(zip(names, parsed, strict=True))


def _parse_date(text: str) -> tuple[dt.date, str] | None:
    if not _DATE_RE.match(text):
        return None
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return day, day.isoformat()
        # Any one character may stand between date and time (``2025-01-01 10:00``).
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.date(), moment.isoformat()


#: A day: fills ``<name>`` (a date) and ``<name>time`` (its ISO text): ``date``, ``datetime``.
DATE = Kind(
    _date,
    lambda name: (Attr(name, "dt.date | None", None), Attr(f"{name}time", "str | None", None)),
)


# -- numbers and flags -----------------------------------------------------------


def _whole(fm: Record, key: Key) -> int | None:
    value = fm.data.get(key.name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        fm.warn(key.name, f": {short(value)} is not a whole number")
        return None
    try:
        return int(value)
    except ValueError:
        fm.warn(key.name, f": {short(value)} is not a whole number")
        return None


#: A whole number, ``None`` when not given (``order``, ``series_order``).
WHOLE = Kind(_single(_whole), _one("int | None", None))

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off", ""}


def _flag(fm: Record, key: Key) -> bool:
    value = fm.data.get(key.name)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    fm.warn(key.name, f": expected true or false, got {short(value)}")
    return False


#: True or false (``yes``/``no``, ``on``/``off`` too), false when not given (``popular``).
FLAG = Kind(_single(_flag), _one("bool", False))


def _draft(fm: Record, key: Key) -> bool:
    """Fail closed: a value that is neither true nor false may have meant true, and so
    may ``Draft: true`` or an earlier ``draft: true`` of a key given twice."""
    if key.name in fm.rejected:  # its value could not be read at all
        return True
    others = [name for name in fm.data if name != key.name and _may_be(key.name, name)]
    for name in others:
        lower = name.casefold() == key.name
        why = "keys are lower case" if lower else f"did you mean '{key.name}'?"
        fm.warn(name, f": read as '{key.name}' ({why}), {UNPUBLISHED_DRAFT}")
    fm.draft_by = [name for name in others if _draft_value(fm, key, fm.data[name])]
    values = [*fm.earlier_drafts, fm.data.get(key.name)]
    return bool(fm.draft_by) or any(_draft_value(fm, key, value) for value in values)


def _may_be(meant: str, key: str) -> bool:
    """``Draft``, ``darft``, ``drafts``: a key that may mean ``draft`` is read as it (fail
    closed: publishing a post its author meant to hold back cannot be undone)."""
    folded = key.casefold()
    return folded == meant or bool(difflib.get_close_matches(folded, [meant], cutoff=0.8))


def _draft_value(fm: Record, key: Key, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    fm.warn(key.name, f": expected true or false, got {short(value)}; {UNPUBLISHED_DRAFT}")
    return True


#: ``draft``: a flag that fails closed (also read from keys that may mean it).
DRAFT = Kind(_single(_draft), _one("bool", False))


# -- lists of names --------------------------------------------------------------


def _tags(fm: Record, keys: tuple[Key, ...]) -> dict[str, Any]:
    """Names, a list or one comma-separated string; each counted in any case."""
    key = keys[0]
    value = fm.data.get(key.name)
    if value is None:
        return {}
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        fm.warn(key.name, f": expected a list or a comma-separated string, got {kind_of(value)}")
        return {}
    tags: list[str] = []
    written: dict[str, int] = {}
    for position, raw in enumerate(value, start=1):
        item = _as_text(raw)
        if not isinstance(item, str):
            fm.warn(key.name, f": item {position} is {kind_of(item)}, not text; ignored")
            continue
        name = _cleaned(fm, key.name, item, f" item {position}")
        if len(name) > key.limit:
            fm.warn(key.name, f": item {position} is too long ({len(name)} characters); ignored")
        elif name:
            identity = tag_key(name)
            if identity not in written:
                tags.append(name)
            written[identity] = written.get(identity, 0) + 1
    if len(tags) > key.most:
        fm.warn(key.name, f": {len(tags)} tags, at most {key.most}; the rest are ignored")
    kept = tags[: key.most]
    counts = tuple(written[tag_key(name)] for name in kept)
    return {key.attr: tuple(kept), "tag_counts": counts if any(c > 1 for c in counts) else ()}


#: ``tags``: names, and how many times each was written (``tag_counts``: the old
#: site's related posts counted ``[AI, ai]`` twice; empty when each was written once).
TAGS = Kind(
    _tags,
    lambda name: (Attr(name, "tuple[str, ...]", ()), Attr("tag_counts", "tuple[int, ...]", ())),
)


def _names(fm: Record, keys: tuple[Key, ...]) -> dict[str, Any]:
    """``author: Ada`` and ``authors: [Ada, Bob]``, merged; the same name twice counts once.

    Either key takes one name or a list.  A string is one name, commas and all
    ("Lovelace, Ada"); an item that is not text is reported and skipped.
    """
    names: list[str] = []
    for key in keys:
        value = fm.data.get(key.name)
        items = [value] if isinstance(value, str | int | float) else value
        if value is None or isinstance(value, bool) or not isinstance(items, list):
            if value is not None:
                fm.warn(key.name, f": expected a name or a list of names, got {kind_of(value)}")
            continue
        for position, raw in enumerate(items, start=1):
            name = _name(fm, key, position, raw, single=not isinstance(value, list))
            if name and tag_key(name) not in {tag_key(n) for n in names}:
                names.append(name)
    last = keys[-1]
    if len(names) > last.most:
        name = last.name if last.name in fm.data else keys[0].name
        fm.warn(name, f": {len(names)} authors, at most {last.most}; the rest are ignored")
    return {last.attr: tuple(names[: last.most])}


def _name(fm: Record, key: Key, position: int, raw: Any, *, single: bool) -> str:
    """One name as plain text on one line, or ``""`` (reported) when unusable."""
    item = _as_text(raw)
    where = "" if single else f" item {position}"
    if not isinstance(item, str):
        fm.warn(key.name, f":{where} is {kind_of(item)}, not a name; ignored")
        return ""
    name = _cleaned(fm, key.name, item, where)
    if len(name) > key.limit:
        fm.warn(key.name, f":{where} is too long ({len(name)} characters); ignored")
        return ""
    return name


#: People: one name or a list, under one or more keys merged (``author``, ``authors``).
NAMES = Kind(_names, _one("tuple[str, ...]", ()))


# -- a mapping -------------------------------------------------------------------


def _scored(fm: Record, key: Key) -> dict[str, Any] | None:
    """A mapping whose ``score``, if any, is a number (text that reads as one too)."""
    value = fm.data.get(key.name)
    if value is None:
        return None
    if not isinstance(value, dict):
        fm.warn(key.name, f": expected a mapping (such as 'score: 873'), got {kind_of(value)}")
        return None
    score = value.get("score")
    if score is None:
        return dict(value)
    if isinstance(score, str):
        try:
            score = float(score)
        except ValueError:
            score = None
    if not _finite_number(score):
        fm.warn(key.name, f": 'score' {short(value.get('score'))} is not a number")
        return {k: v for k, v in value.items() if k != "score"}
    return {**value, "score": score}


def _finite_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past float's range, which listings order by
        return False


#: ``popularity``: a mapping with a numeric ``score``.
SCORED = Kind(_single(_scored), _one("dict[str, Any] | None", None))


# -- paths and addresses ---------------------------------------------------------

#: What may never stand in a path: controls, and line and paragraph separators.
_PATH_BREAKERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
#: Longest alias path (bytes, as written) and longest segment of one: file-system limits.
MAX_ALIAS = 400
MAX_SEGMENT = 150
#: A cover (``image:``) on the web: only these schemes (``javascript:``, ``data:`` never).
_WEB_SCHEMES = ("https://", "http://")
#: A scheme (``https:``, ``javascript:``, ``C:`` is too short to be one) or ``//host``.
_SCHEME_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]+:|//|\\\\)")
#: Never in a cover's path or address: quotes, angle brackets, backslashes, spaces in a URL.
_URL_BREAKERS = re.compile(r"[\s\"'<>\\`]")


def _paths(fm: Record, key: Key) -> tuple[str, ...]:
    """Old paths on this site: ``/old-slug``, ``/2019/01/old-slug/``, never outside it."""
    value = fm.data.get(key.name)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        fm.warn(key.name, f": expected a list of paths, got {kind_of(value)}")
        return ()
    paths = []
    for position, item in enumerate(value, start=1):
        path = item.strip() if isinstance(item, str) else None
        if not path or not _safe_path(path):
            fm.warn(key.name, f": item {position} {short(item)} is not a path on this site")
            continue
        paths.append(path)
    return tuple(paths)


def _safe_path(path: str) -> bool:
    """A path on this site: no ``..``, no control character or line break, even encoded."""
    decoded = unquote(path)
    parts = decoded.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0].strip("/").split("/")
    return (
        path.startswith("/")
        and not path.startswith("//")
        and len(path.encode("utf-8", "surrogatepass")) <= MAX_ALIAS
        and all(part not in ("", ".", "..") and "\\" not in part for part in parts)
        and all(len(part.encode("utf-8", "surrogatepass")) <= MAX_SEGMENT for part in parts)
        and not _PATH_BREAKERS.search(path)
        and not _PATH_BREAKERS.search(decoded)
    )


#: Site paths (``aliases``): one or a list, each refused alone.
PATHS = Kind(_single(_paths), _one("tuple[str, ...]", ()))


def _cover(fm: Record, key: Key) -> str | None:
    """A file path or a web address, never a script or an inline payload.

    Whether a path stays inside the source folder and names a file is for the
    reading stage, which knows where the post is; here only its form is checked.
    """
    value = fm.data.get(key.name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        fm.warn(key.name, f": expected a file path or an https:// address, got {kind_of(value)}")
        return None
    text = value.strip()
    remote = text.lower().startswith(_WEB_SCHEMES)
    if (
        not text
        or _PATH_BREAKERS.search(text)
        or len(text.encode("utf-8", "surrogatepass")) > MAX_ALIAS
        or (remote and (_URL_BREAKERS.search(text) or not text.partition("://")[2].strip("/")))
        or (not remote and (_SCHEME_RE.match(text) or "\\" in text))
    ):
        fm.warn(key.name, f": {short(value)} is not a file path or an https:// address")
        return None
    return text


#: An image: a path beside the post (or ``/`` for the source folder), or a web address.
IMAGE = Kind(_single(_cover), _one("str | None", None))

#: A key another engine reads (MyST, Sphinx): no check here, no attribute.
ELSEWHERE = Kind(None)
