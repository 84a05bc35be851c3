"""The front-matter model: the one place where a post's YAML is read and checked.

Everything else in Chapbook works from :class:`FrontMatter`; nothing re-parses
``env.metadata`` (where MyST leaves every value as a string).  This module has
no Sphinx dependency so that it can be tested, and reused by the draft filter,
without a build.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

import yaml

from chapbook.model.names import tag_key

if TYPE_CHECKING:
    from collections.abc import Iterable

try:  # libyaml is ~10x faster on large front-matter; PyYAML's pure loader is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Hostile-input limits.  A real post's front-matter is a few hundred bytes.
MAX_BLOCK_BYTES = 64 * 1024
MAX_NODES = 10_000
MAX_DEPTH = 20
MAX_TITLE = 500
MAX_TEXT = 5_000
MAX_TAGS = 100
MAX_AUTHORS = 20

#: Keys with a meaning in the model; every other key is kept in ``extra`` (``series`` and
#: ``series_order`` too: templates written for them before Chapbook read them keep working).
MODEL_KEYS = frozenset(
    {
        "title",
        "date",
        "description",
        "order",
        "tags",
        "draft",
        "popular",
        "popularity",
        "aliases",
        "image",
        "image_alt",
    }
)
#: Keys MyST never sees: it reads ``author`` and ``authors`` as Markdown (roles run, so
#: ``{download}`` in a name copies a file into the site); the parser gives Sphinx's
#: metadata the validated names as text instead.  They stay in ``extra``, as ``series`` does.
NOT_FOR_MYST = frozenset({"author", "authors"})
#: Keys other engines read: MyST's settings (``myst``, and its older top-level
#: spellings), Sphinx's file-wide metadata.
READ_ELSEWHERE = frozenset(
    {"myst", "html_meta", "substitutions", "orphan", "nocomments", "nosearch", "tocdepth"}
)
#: Every key with a meaning; any other is kept for templates, and named unless the
#: site declares it (``chapbook_extra_keys``): a typo (``darft``, ``tag``) is not
#: lost in silence.
KNOWN_KEYS = MODEL_KEYS | NOT_FOR_MYST | READ_ELSEWHERE | {"series", "series_order"}
#: How close an unknown key must be to a known one to be named as what it may mean.
CLOSE = 0.75

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: C0 and C1 control characters but tab and line breaks, lone surrogates and the
#: noncharacters U+FFFE and U+FFFF: invisible, and fatal to LaTeX and XML.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
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
_FENCE_RE = re.compile(r"^---[ \t]*$")
_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class Problem:
    """One content error, with the source line it belongs to."""

    line: int
    message: str


@dataclass
class FrontMatter:
    """A document's front-matter, decoded and validated."""

    #: The mapping as written (safe to hand on: bounded in size and depth).
    data: dict[str, Any] = field(default_factory=dict)
    #: Source line of each top-level key.
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Keys whose value was refused (reported in ``problems``).
    rejected: set[str] = field(default_factory=set)
    present: bool = False
    #: False when a front-matter block is there but cannot be read (YAML error, too
    #: large, not a mapping): such a document is not published (fail closed).
    readable: bool = True
    title: str | None = None
    date: dt.date | None = None
    #: ISO 8601 text of the date as given, with time and offset when there are any.
    datetime: str | None = None
    description: str = ""
    order: int | None = None
    tags: tuple[str, ...] = ()
    #: How many times each of ``tags`` was written, in any case (``[AI, ai]``: 2);
    #: empty when each was written once.  The old site's related post counted each.
    tag_counts: tuple[int, ...] = ()
    draft: bool = False
    popular: bool = False
    popularity: dict[str, Any] | None = None
    #: Old site paths of this post (``/old-slug``), each served as a redirect.
    aliases: tuple[str, ...] = ()
    #: The series the post is a part of, and its place in it (``series_order``).
    series: str | None = None
    series_order: int | None = None
    #: The cover (``image:``): a path as a Markdown image gives it (beside the post, or
    #: ``/`` for the source folder), or an ``https://`` address; its alt text.
    image: str | None = None
    image_alt: str = ""
    #: Who wrote the post: ``author`` then ``authors``, as written, one per person.
    authors: tuple[str, ...] = ()
    #: Values of ``draft`` given before its last one (a key given twice).
    earlier_drafts: list[Any] = field(default_factory=list)
    #: Keys read as ``draft`` that hold the post back (``Draft: true``, ``darft: true``).
    draft_by: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_post(self) -> bool:
        """A post is a document whose front-matter gives a usable title and a date."""
        return self.title is not None and "date" in self.data

    def problem_of(self, key: str) -> Problem | None:
        """The first problem reported about ``key``."""
        prefix = f"front-matter '{key}'"
        return next((p for p in self.problems if p.message.startswith(prefix)), None)

    def warn(self, key: str | None, message: str) -> None:
        # A problem of the whole block (no key) is on the opening fence's line, even
        # when the YAML has a key named "" (whose line ``lines`` holds).
        line = self.lines.get(key, 1) if key else 1
        if key:
            self.rejected.add(key)
        prefix = f"front-matter '{key}'" if key else "front-matter"
        self.problems.append(Problem(line, f"{prefix}{message}"))


class Block(NamedTuple):
    """A leading front-matter block: its YAML text and where it and the body start."""

    text: str
    first_line: int  # of the YAML text, 1-based
    body_line: int  # the first line after the closing fence, 1-based


def split(source: str) -> Block | None:
    """The leading ``---`` block of a document, or ``None``.

    The block must open on the first line and close with ``---`` or ``...``,
    as MyST (and Jekyll, Hugo) require.  An unclosed block is not front-matter.
    """
    # Files saved with a byte-order mark start with U+FEFF, as MyST reads them.
    head, sep, rest = source.removeprefix("\ufeff").partition("\n")
    if not sep or not _FENCE_RE.match(head):
        return None
    lines = rest.split("\n")
    for index, line in enumerate(lines):
        if _CLOSE_RE.match(line):
            return Block("\n".join(lines[:index]), 2, index + 3)
    return None


def read(source: str) -> FrontMatter:
    """Parse and validate the front-matter of a document's source text.

    Line ends are read as Sphinx reads the file (``\r\n`` and ``\r`` are line ends
    too), so that what is a draft here is a draft to MyST.
    """
    fm = FrontMatter()
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    block = split(source)
    if block is None:
        _misplaced(source, fm)
        return fm
    fm.present = True
    mapping = _load(block.text, block.first_line, fm)
    if mapping is None:
        fm.readable = False
        return fm
    fm.data = mapping
    _validate(fm)
    return fm


#: A front-matter block in TOML (Hugo's ``+++``), which MyST does not read.
_TOML_RE = re.compile(r"^\+\+\+[ \t]*$")


def _misplaced(source: str, fm: FrontMatter) -> None:
    """Front-matter MyST would not read: the post's settings (``draft`` among them) would be
    lost, so the file is not published (fail closed) and the problem is named."""
    lines = source.removeprefix("\ufeff").split("\n")
    if _TOML_RE.match(lines[0]) and any(_TOML_RE.match(line) for line in lines[1:]):
        problem = "front-matter in TOML (between +++ lines) is not read; write it in YAML"
        _unreadable(fm, 1, problem + " between --- lines")
        return
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if first and split("\n".join(lines[first:])) is not None:
        _unreadable(fm, first + 1, "front-matter must start on the first line of the file")


def _unreadable(fm: FrontMatter, line: int, message: str) -> None:
    fm.present, fm.readable = True, False
    fm.problems.append(Problem(line, message))


# -- loading ---------------------------------------------------------------------


def _load(text: str, first_line: int, fm: FrontMatter) -> dict[str, Any] | None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BLOCK_BYTES:
        fm.warn(None, f" is too large ({size} bytes, at most {MAX_BLOCK_BYTES})")
        return None
    text = _without_controls(text, first_line, fm)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        fm.problems.append(_yaml_problem(err, first_line))
        return None
    except (yaml.YAMLError, RecursionError) as err:
        fm.problems.append(Problem(first_line, f"front-matter is not valid YAML: {err}"))
        return None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        fm.problems.append(
            Problem(first_line, f"front-matter is not a mapping of keys to values ({kind})")
        )
        return None
    if not _bounded(root, fm, first_line):
        return None
    return _construct(root, first_line, fm)


def _without_controls(text: str, first_line: int, fm: FrontMatter) -> str:
    """YAML refuses control characters outright; they are removed, and each line named."""
    if not CONTROL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if CONTROL.search(line):
            fm.problems.append(
                Problem(first_line + number, "front-matter: control characters removed")
            )
    return CONTROL.sub("", text)


def _yaml_problem(err: yaml.MarkedYAMLError, first_line: int) -> Problem:
    """Point at the line to fix: where the unclosed construct began, if there is one."""
    problem = err.problem or "cannot be parsed"
    mark = err.problem_mark
    if err.context_mark is not None and err.context:
        mark = err.context_mark
        problem = f"{err.context} on this line, {problem}"
    line = first_line + mark.line if mark is not None else first_line
    return Problem(line, f"front-matter is not valid YAML: {problem}")


def _bounded(root: yaml.Node, fm: FrontMatter, first_line: int) -> bool:
    """Refuse alias bombs and deep nesting before anything expands them.

    Aliases share nodes, so the expanded size is counted per distinct node with
    memoisation: linear in the document, whatever the expansion would be.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise _TooDeepError
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = MAX_NODES + 1  # a cycle counts as unbounded
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        total = min(total, MAX_NODES + 1)
        sizes[id(node)] = total
        return total

    try:
        count = size(root, 0)
    except _TooDeepError:
        fm.problems.append(
            Problem(first_line, f"front-matter is nested too deeply (at most {MAX_DEPTH} levels)")
        )
        return False
    if count > MAX_NODES:
        fm.problems.append(
            Problem(
                first_line,
                f"front-matter expands to more than {MAX_NODES} values "
                "(through aliases?); it is ignored",
            )
        )
        return False
    return True


class _TooDeepError(Exception):
    pass


def _value(loader: Any, node: yaml.Node) -> Any:
    """A value as YAML types it; an impossible one (``2024-02-30``) as the text written.

    PyYAML's timestamp resolver raises ``ValueError`` for a date that does not
    exist; the text is kept so that validation names the key and its line.  In
    a list or mapping (``tags: [2024-02-30]``) there is no one text to keep:
    :class:`_UnreadableValueError` says so, and the key is reported, not dropped quietly.
    """
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError) as err:
        if isinstance(node, yaml.ScalarNode):
            return node.value
        raise _UnreadableValueError(str(err)) from err


class _UnreadableValueError(Exception):
    pass


def _construct(root: yaml.MappingNode, first_line: int, fm: FrontMatter) -> dict[str, Any] | None:
    loader = _Loader("")
    try:
        data: dict[str, Any] = {}
        for key_node, value_node in root.value:
            key = loader.construct_object(key_node, deep=True)
            line = first_line + key_node.start_mark.line
            if not isinstance(key, str):
                fm.problems.append(Problem(line, f"front-matter key {key!r} is not text; ignored"))
                continue
            if key in data:
                if key == "draft":  # the first may have said true: fail closed on either
                    fm.earlier_drafts.append(data[key])
                fm.problems.append(
                    Problem(
                        line,
                        f"front-matter '{key}' is given twice (lines {fm.lines[key]} "
                        f"and {line}); the last one is used",
                    )
                )
            fm.lines[key] = line
            try:
                data[key] = _value(loader, value_node)
            except _UnreadableValueError as err:
                data.pop(key, None)
                fm.rejected.add(key)
                then = UNPUBLISHED_DRAFT if key == "draft" else "ignored"
                message = f"front-matter '{key}': a value in it cannot be read ({err}); {then}"
                fm.problems.append(Problem(line, message))
        return data
    except yaml.MarkedYAMLError as err:
        fm.problems.append(_yaml_problem(err, first_line))
        return None
    except yaml.YAMLError as err:
        fm.problems.append(Problem(first_line, f"front-matter is not valid YAML: {err}"))
        return None
    finally:
        loader.dispose()


# -- validation ------------------------------------------------------------------


def _kind(value: Any) -> str:
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
    return "text"


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _validate(fm: FrontMatter) -> None:
    data = fm.data
    fm.title = _text(fm, "title", MAX_TITLE, required=True)
    _date(fm)
    fm.description = _text(fm, "description", MAX_TEXT) or ""
    fm.order = _order(fm, "order")
    fm.series = _text(fm, "series", MAX_TITLE) or None
    fm.series_order = _order(fm, "series_order")
    fm.tags = _tags(fm)
    fm.authors = _authors(fm)
    fm.draft = _draft(fm)
    fm.popular = _flag(fm, "popular")
    fm.popularity = _popularity(fm)
    fm.aliases = _aliases(fm)
    fm.image = _image(fm)
    fm.image_alt = _text(fm, "image_alt", MAX_TEXT) or ""
    fm.extra = {k: v for k, v in data.items() if k not in MODEL_KEYS}
    if fm.title is None and "date" in data and "title" not in data:
        fm.warn(None, " has a 'date' but no 'title': this page is not published as a post")


def _text(fm: FrontMatter, key: str, limit: int, *, required: bool = False) -> str | None:
    value = fm.data.get(key)
    if value is None:
        if required and key in fm.data:
            # ``title:`` with nothing after it: said, as for ``title: ''``, not dropped quietly.
            fm.warn(key, ": is empty")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        fm.warn(key, f": expected text, got {_kind(value)}")
        return None
    if CONTROL.search(value):
        line = fm.lines.get(key, 1)
        fm.problems.append(Problem(line, f"front-matter '{key}': control characters removed"))
        value = CONTROL.sub("", value)
    value = " ".join(value.split())
    if len(value) > limit:
        fm.warn(key, f": too long ({len(value)} characters, at most {limit})")
        return None
    if required and not value:
        fm.warn(key, ": is empty")
        return None
    return value


def _date(fm: FrontMatter) -> None:
    if "date" not in fm.data:
        return
    value = fm.data["date"]
    if isinstance(value, dt.datetime):
        fm.date, fm.datetime = value.date(), value.isoformat()
        return
    if isinstance(value, dt.date):
        fm.date, fm.datetime = value, value.isoformat()
        return
    text = value.strip() if isinstance(value, str) else None
    parsed = _parse_date(text) if text else None
    if parsed is None:
        fm.warn("date", f": {_short(value)} is not a date (YYYY-MM-DD)")
        return
    fm.date, fm.datetime = parsed


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


def _order(fm: FrontMatter, key: str) -> int | None:
    """A whole number (``order``, ``series_order``)."""
    value = fm.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        fm.warn(key, f": {_short(value)} is not a whole number")
        return None
    try:
        return int(value)
    except ValueError:
        fm.warn(key, f": {_short(value)} is not a whole number")
        return None


def _tags(fm: FrontMatter) -> tuple[str, ...]:
    value = fm.data.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        fm.warn("tags", f": expected a list or a comma-separated string, got {_kind(value)}")
        return ()
    tags: list[str] = []
    written: dict[str, int] = {}
    for position, raw in enumerate(value, start=1):
        item = str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else raw
        if not isinstance(item, str):
            fm.warn("tags", f": item {position} is {_kind(item)}, not text; ignored")
            continue
        if CONTROL.search(item):
            fm.problems.append(
                Problem(fm.lines.get("tags", 1), f"front-matter 'tags': item {position}: "
                        "control characters removed")
            )  # fmt: skip
            item = CONTROL.sub("", item)
        name = " ".join(item.split())
        if len(name) > MAX_TITLE:
            fm.warn("tags", f": item {position} is too long ({len(name)} characters); ignored")
        elif name:
            key = tag_key(name)
            if key not in written:
                tags.append(name)
            written[key] = written.get(key, 0) + 1
    if len(tags) > MAX_TAGS:
        fm.warn("tags", f": {len(tags)} tags, at most {MAX_TAGS}; the rest are ignored")
    kept = tags[:MAX_TAGS]
    counts = tuple(written[tag_key(name)] for name in kept)
    fm.tag_counts = counts if any(count > 1 for count in counts) else ()
    return tuple(kept)


def _authors(fm: FrontMatter) -> tuple[str, ...]:
    """``author: Ada`` and ``authors: [Ada, Bob]``, merged; the same name twice counts once.

    Either key takes one name or a list.  A string is one name, commas and all
    ("Lovelace, Ada"); an item that is not text is reported and skipped.
    """
    names: list[str] = []
    for key in ("author", "authors"):
        value = fm.data.get(key)
        items = [value] if isinstance(value, str | int | float) else value
        if value is None or isinstance(value, bool) or not isinstance(items, list):
            if value is not None:
                fm.warn(key, f": expected a name or a list of names, got {_kind(value)}")
            continue
        for position, raw in enumerate(items, start=1):
            name = _author_name(fm, key, position, raw, single=not isinstance(value, list))
            if name and tag_key(name) not in {tag_key(n) for n in names}:
                names.append(name)
    if len(names) > MAX_AUTHORS:
        key = "authors" if "authors" in fm.data else "author"
        fm.warn(key, f": {len(names)} authors, at most {MAX_AUTHORS}; the rest are ignored")
    return tuple(names[:MAX_AUTHORS])


def _author_name(fm: FrontMatter, key: str, position: int, raw: Any, *, single: bool) -> str:
    """One author's name as plain text on one line, or ``""`` (reported) when unusable."""
    item = str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else raw
    where = "" if single else f" item {position}"
    if not isinstance(item, str):
        fm.warn(key, f":{where} is {_kind(item)}, not a name; ignored")
        return ""
    if CONTROL.search(item):
        fm.problems.append(
            Problem(
                fm.lines.get(key, 1),
                f"front-matter '{key}':{where}{':' if where else ''} control characters removed",
            )
        )
        item = CONTROL.sub("", item)
    name = " ".join(item.split())
    if len(name) > MAX_TITLE:
        fm.warn(key, f":{where} is too long ({len(name)} characters); ignored")
        return ""
    return name


_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off", ""}


def _draft(fm: FrontMatter) -> bool:
    """``draft``; fail closed: a value that is neither true nor false may have meant true,
    and so may ``Draft: true`` or an earlier ``draft: true`` of a key given twice."""
    if "draft" in fm.rejected:  # its value could not be read at all
        return True
    others = [key for key in fm.data if key != "draft" and _may_be_draft(key)]
    for key in others:
        why = "keys are lower case" if key.casefold() == "draft" else "did you mean 'draft'?"
        fm.warn(key, f": read as 'draft' ({why}), {UNPUBLISHED_DRAFT}")
    fm.draft_by = [key for key in others if _draft_value(fm, fm.data[key])]
    values = [*fm.earlier_drafts, fm.data.get("draft")]
    return bool(fm.draft_by) or any(_draft_value(fm, value) for value in values)


def _may_be_draft(key: str) -> bool:
    """``Draft``, ``darft``, ``drafts``: a key that may mean ``draft`` is read as it (fail
    closed: publishing a post its author meant to hold back cannot be undone)."""
    folded = key.casefold()
    return folded == "draft" or bool(difflib.get_close_matches(folded, ["draft"], cutoff=0.8))


def unknown_keys(fm: FrontMatter, declared: Iterable[str] = ()) -> list[Problem]:
    """A problem for each key with no meaning that the site has not declared, naming the
    known key it is closest to (``tag`` -> ``tags``), in the order of the keys' lines."""
    known = KNOWN_KEYS | set(declared)
    problems = []
    for key, line in sorted(fm.lines.items(), key=lambda item: item[1]):
        if key in known or key in fm.rejected:  # a refused key is reported already
            continue
        close = difflib.get_close_matches(key.casefold(), sorted(KNOWN_KEYS), n=1, cutoff=CLOSE)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        message = (
            f"front-matter '{key}' is not a key Chapbook knows{hint}; it is kept for "
            "templates: list it in chapbook_extra_keys in conf.py if you meant it"
        )
        problems.append(Problem(line, message))
    return problems


def _draft_value(fm: FrontMatter, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    fm.warn("draft", f": expected true or false, got {_short(value)}; {UNPUBLISHED_DRAFT}")
    return True


#: Why a post whose ``draft`` says neither true nor false is not published (``reading.gate``).
UNPUBLISHED_DRAFT = "it may mean true"


def _flag(fm: FrontMatter, key: str) -> bool:
    value = fm.data.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    fm.warn(key, f": expected true or false, got {_short(value)}")
    return False


def _popularity(fm: FrontMatter) -> dict[str, Any] | None:
    value = fm.data.get("popularity")
    if value is None:
        return None
    if not isinstance(value, dict):
        fm.warn("popularity", f": expected a mapping (such as 'score: 873'), got {_kind(value)}")
        return None
    score = value.get("score")
    if score is None:
        return dict(value)
    if isinstance(score, str):
        try:
            score = float(score)
        except ValueError:
            score = None
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        fm.warn("popularity", f": 'score' {_short(value.get('score'))} is not a number")
        return {k: v for k, v in value.items() if k != "score"}
    return {**value, "score": score}


def _aliases(fm: FrontMatter) -> tuple[str, ...]:
    """Old paths on this site: ``/old-slug``, ``/2019/01/old-slug/``, never outside it."""
    value = fm.data.get("aliases")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        fm.warn("aliases", f": expected a list of paths, got {_kind(value)}")
        return ()
    aliases = []
    for position, item in enumerate(value, start=1):
        path = item.strip() if isinstance(item, str) else None
        if not path or not _safe_path(path):
            fm.warn("aliases", f": item {position} {_short(item)} is not a path on this site")
            continue
        aliases.append(path)
    return tuple(aliases)


def _image(fm: FrontMatter) -> str | None:
    """The cover: a file path or a web address, never a script or an inline payload.

    Whether a path stays inside the source folder and names a file is for the
    reading stage, which knows where the post is; here only its form is checked.
    """
    value = fm.data.get("image")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        fm.warn("image", f": expected a file path or an https:// address, got {_kind(value)}")
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
        fm.warn("image", f": {_short(value)} is not a file path or an https:// address")
        return None
    return text


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


def myst_data(fm: FrontMatter) -> dict[str, Any]:
    """What MyST may see of the front-matter: the values that passed validation.

    MyST turns these into docinfo fields (and so into ``env.metadata``, where
    templates and other extensions look); refused values never get that far,
    and an empty description does not arrive as the string ``'null'``.
    """
    dropped = set(fm.rejected) | NOT_FOR_MYST
    if not fm.description:
        dropped.add("description")
    return {k: v for k, v in fm.data.items() if k not in dropped}
