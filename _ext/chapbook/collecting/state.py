"""Everything Chapbook keeps between builds, declared in one place.

Two kinds of state live in the build environment (pickled with it):

* per document, filled while a document is read, dropped when it is purged
  and merged back from parallel readers: the post records and the listings
  each page holds (their collectors are in ``posts`` and ``listings``), and
  the link data of the ``chapbook`` domain (``domain``);
* derived, recomputed from the above after every read phase
  (``env-updated``, see ``refresh``): the tag, series and author tables, the neighbour table,
  the generated pages, the book, and the signatures that tell which pages to
  write again.

What must outlive the environment is kept in small files beside the doctrees,
the stamps of ``freshness``, which also owns the rules that read and renew the
fields below that say what to write again (signatures, tokens, kept inputs):
this module holds the data only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from chapbook.model.outline import Book
    from chapbook.model.post import Post

#: A listing as stored: (kind, query data or None).
StoredListing = tuple[str, "dict[str, Any] | None"]
#: What a reference between pages names (``links``): ("doc", docname[, anchor]) or ("label", name).
Target = tuple[str, ...]
#: A listing under an optional heading: (heading, listing node attributes).
Section = tuple[str | None, dict[str, Any]]


@dataclass(frozen=True)
class TagEntry:
    """One tag across the blog, as the tag pages and tag links see it (``tags``)."""

    key: str
    name: str
    slug: str
    docname: str
    posts: tuple[str, ...]


@dataclass(frozen=True)
class SeriesEntry:
    """One series: its name, its page, and its posts in reading order (``series``)."""

    key: str
    name: str
    docname: str
    posts: tuple[str, ...]


@dataclass(frozen=True)
class AuthorEntry:
    """One author across the blog: name, web site, avatar, page and posts (``authors``)."""

    key: str
    name: str
    docname: str
    posts: tuple[str, ...]
    url: str = ""
    avatar: str = ""


class Row(NamedTuple):
    """A post's previous and next post and its related post (``navigation``)."""

    previous: str | None
    next: str | None
    related: str | None


@dataclass(frozen=True)
class Page:
    """A generated page: a title and its listings, each under an optional heading."""

    docname: str
    title: str
    sections: tuple[Section, ...]


@dataclass
class BuildState:
    """Chapbook's part of the build environment: ``env.chapbook``."""

    # -- per document: purged by the collectors, merged after parallel reads --
    posts: dict[str, Post] = field(default_factory=dict)
    listings: dict[str, list[StoredListing]] = field(default_factory=dict)
    #: The targets of each document's references to other pages (``links``).
    xrefs: dict[str, frozenset[Target]] = field(default_factory=dict)
    #: The source files its MyST links name, and whether each was there (``links``).
    link_files: dict[str, frozenset[tuple[str, bool]]] = field(default_factory=dict)

    # -- derived after each read phase, never merged ----------------------------
    #: Each post's place in publication order (``model.post.publication_ranks``), and the
    #: years that have posts, newest first: every listing and every page's sidebar use them.
    ranks: dict[str, int] = field(default_factory=dict)
    years: tuple[int, ...] = ()
    #: Whether any post says ``popular: true``: the home page, the masthead's and the
    #: sidebar's links to the popular page, and the sidebar's signature ask it (``refresh``).
    any_popular: bool = False
    tags: dict[str, TagEntry] = field(default_factory=dict)
    series: dict[str, SeriesEntry] = field(default_factory=dict)
    authors: dict[str, AuthorEntry] = field(default_factory=dict)
    neighbours: dict[str, Row] = field(default_factory=dict)
    #: What ``neighbours`` was computed from: each post's docname, date, tags and their
    #: counts, in publication order.
    neighbours_from: tuple[tuple[str, str | None, tuple[str, ...], tuple[int, ...]], ...] = ()
    pages: dict[str, Page] = field(default_factory=dict)
    #: Generated pages made before the read phase (the home page, ``pages.make_home``),
    #: which ``documents.sync`` names for writing with those it makes.
    made_early: set[str] = field(default_factory=set)
    book: Book | None = None
    # -- what the last read phase saw, compared by ``freshness`` ---------------------
    #: A digest of what each page's listings show, by docname.
    listing_signatures: dict[str, str] = field(default_factory=dict)
    #: What the signatures were derived from (``freshness.listing_inputs``), and each
    #: page's listings then: a listing whose definition and inputs are the same keeps its own.
    listing_inputs: tuple[Any, ...] = ()
    listing_defs: dict[str, list[StoredListing]] = field(default_factory=dict)
    #: A new random token whenever those inputs change: what the tag feeds and the
    #: sitemap, written after the environment is saved, compare with their last one.
    listing_token: str = ""
    #: What the sidebar and the masthead showed (``refresh._sidebar_changed``).
    sidebar: tuple[Any, ...] | None = None
    #: The URL key of every page, tag, old address and site file: what links resolve to.
    url_keys: set[str] = field(default_factory=set)
    #: What resolving each target of ``xrefs`` read (``links.changed``), by target.
    xref_signatures: dict[Target, object] = field(default_factory=dict)
    #: URL keys of files the site writes that are not pages (feeds, sitemap, extras).
    site_files: frozenset[str] = frozenset()
    #: URL key of each old address (front-matter ``aliases``) -> the post it goes to.
    aliases: dict[str, str] = field(default_factory=dict)

    def book_docnames(self) -> frozenset[str]:
        """The documents in this build's book (none outside a book build)."""
        return frozenset(self.book.all_docnames) if self.book else frozenset()


def state(env: BuildEnvironment) -> BuildState:
    """Chapbook's state in ``env``, created on first use (a fresh or an older environment)."""
    found = getattr(env, "chapbook", None)
    if not isinstance(found, BuildState):
        found = BuildState()
        env.chapbook = found  # type: ignore[attr-defined]
    return found


def posts_of(env: BuildEnvironment) -> dict[str, Post]:
    """Every post read, by docname."""
    return state(env).posts
