"""Every front-matter key Chapbook reads, declared once: :data:`KEYS`.

A row names the key, its type (a :class:`~.kinds.Kind`: the validator, and the
attributes it fills), its limits, whether it is required, kept in ``extra``
for templates, handed to MyST, copied onto the post record, and a line of help.
From the table come :class:`FrontMatter`'s attributes, the validation order,
:data:`KNOWN_KEYS` (unknown-key warnings) and :data:`MODEL_KEYS`.  Adding a key
is adding a row (see CONTRIBUTING.md).
"""

from __future__ import annotations

import functools
from dataclasses import field, make_dataclass
from typing import TYPE_CHECKING

from chapbook.model.frontmatter import kinds
from chapbook.model.frontmatter.key import Key
from chapbook.model.frontmatter.record import Record

if TYPE_CHECKING:
    from chapbook.model.frontmatter.key import Attr

#: Limits of a value (characters) and of a list (items).
MAX_TITLE = 500
MAX_TEXT = 5_000
MAX_TAGS = 100
MAX_AUTHORS = 20


#: In validation order (problems are reported in it).
# fmt: off
KEYS: tuple[Key, ...] = (
    Key("title", kinds.NAME, "one line of text, the post's heading", MAX_TITLE, required=True),
    Key("date", kinds.DATE, "YYYY-MM-DD, optionally with a time and an offset"),
    Key("description", kinds.TEXT, "text for search engines and previews", MAX_TEXT),
    Key("order", kinds.WHOLE, "a whole number: the writer's reading order"),
    Key("series", kinds.NAME, "the series' name", MAX_TITLE, extra=True),
    Key("series_order", kinds.WHOLE, "the post's place in its series", extra=True),
    Key("tags", kinds.TAGS, "a list or a comma-separated string", MAX_TITLE, MAX_TAGS),
    Key("author", kinds.NAMES, "a name or a list of names", MAX_TITLE, MAX_AUTHORS,
        extra=True, myst=False, post=False, attr="authors"),
    Key("authors", kinds.NAMES, "a name or a list of names", MAX_TITLE, MAX_AUTHORS,
        extra=True, myst=False, post=False),
    Key("draft", kinds.DRAFT, "true keeps the post out of every output", post=False),
    Key("popular", kinds.FLAG, "true lists the post among the popular ones"),
    Key("popularity", kinds.SCORED, "a mapping; its score orders popular posts"),
    Key("aliases", kinds.PATHS, "old paths of the post on this site, each redirected"),
    Key("image", kinds.IMAGE, "the cover: a path beside the post or an https:// address",
        post=False),
    Key("image_alt", kinds.TEXT, "the cover's alt text", MAX_TEXT, post=False),
    # Read by other engines: MyST's settings (``myst``, and its older top-level
    # spellings), Sphinx's file-wide metadata.
    Key("myst", kinds.ELSEWHERE, "MyST's settings for this file", extra=True),
    Key("html_meta", kinds.ELSEWHERE, "MyST: <meta> tags of the page", extra=True),
    Key("substitutions", kinds.ELSEWHERE, "MyST: substitutions", extra=True),
    Key("orphan", kinds.ELSEWHERE, "Sphinx: in no table of contents", extra=True),
    Key("nocomments", kinds.ELSEWHERE, "Sphinx: no comments", extra=True),
    Key("nosearch", kinds.ELSEWHERE, "Sphinx: not in the search index", extra=True),
    Key("tocdepth", kinds.ELSEWHERE, "Sphinx: depth of the page's contents", extra=True),
)
# fmt: on

#: Keys with a meaning in the model; every other key is kept in ``extra``.
MODEL_KEYS = frozenset(key.name for key in KEYS if not key.extra)
#: Keys MyST never sees: it reads ``author`` and ``authors`` as Markdown (roles run, so
#: ``{download}`` in a name copies a file into the site); the parser gives Sphinx's
#: metadata the validated names as text instead.
NOT_FOR_MYST = frozenset(key.name for key in KEYS if not key.myst)
#: Keys other engines read.
READ_ELSEWHERE = frozenset(key.name for key in KEYS if key.kind is kinds.ELSEWHERE)
#: Every key with a meaning; any other is kept for templates, and named unless the
#: site declares it (``chapbook_extra_keys``): a typo (``darft``, ``tag``) is not
#: lost in silence.
KNOWN_KEYS = frozenset(key.name for key in KEYS)


@functools.cache  # asked for each document: the table does not change
def groups(keys: tuple[Key, ...] = KEYS) -> dict[str, tuple[Key, ...]]:
    """The rows of each attribute, in table order (``author`` and ``authors``: one)."""
    found: dict[str, tuple[Key, ...]] = {}
    for key in keys:
        if key.kind.check is not None:
            found[key.attr] = (*found.get(key.attr, ()), key)
    return found


def attributes(keys: tuple[Key, ...] = KEYS) -> tuple[Attr, ...]:
    """Every attribute the keys fill, in table order."""
    return tuple(
        attr for rows in groups(keys).values() for attr in rows[0].kind.attrs(rows[0].attr)
    )


def record_class(keys: tuple[Key, ...] = KEYS) -> type[Record]:
    """A front-matter record with one attribute (and its default) for each value of ``keys``."""
    made = make_dataclass(
        "FrontMatter",
        [(a.name, a.type, field(default=a.default)) for a in attributes(keys)],
        bases=(Record,),
    )
    # Where callers import it from (``make_dataclass`` takes ``module=`` only from Python 3.12).
    made.__module__ = "chapbook.model.frontmatter"
    made.__doc__ = "A document's front-matter, decoded and validated."
    return made


#: A document's front-matter, decoded and validated: :class:`Record` and one
#: attribute for each value of :data:`KEYS` (``title``, ``date``, ``tags``...).
FrontMatter = record_class()
#: Attributes copied onto the post record (``model.post.record``).
POST_ATTRS = tuple(
    attr.name
    for rows in groups().values()
    if rows[0].post
    for attr in rows[0].kind.attrs(rows[0].attr)
)


#: Keys only a post has a use for: a page that has one is a post without its date.
POST_ONLY = ("tags", "order", "popular", "popularity")


def validate(fm: FrontMatter, keys: tuple[Key, ...] = KEYS) -> None:
    """Check each key in table order; keep every key the model does not consume in ``extra``."""
    for rows in groups(keys).values():
        assert rows[0].kind.check is not None
        for name, value in rows[0].kind.check(fm, rows).items():
            setattr(fm, name, value)
    consumed = {key.name for key in keys if not key.extra}
    fm.extra = {k: v for k, v in fm.data.items() if k not in consumed}
    if fm.title is None and "date" in fm.data and "title" not in fm.data:
        fm.warn(None, " has a 'date' but no 'title': this page is not published as a post")
    if "date" not in fm.data and (key := next((k for k in POST_ONLY if k in fm.data), None)):
        # A moved post that lost its date would leave every listing without a word.
        fm.note(key, " without a 'date': this page is not published as a "
                "post (no listing, tag page or feed shows it)")  # fmt: skip
