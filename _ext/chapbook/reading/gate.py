"""Which source files are read at all: drafts stay out, and so does anything unsafe.

Whether a file is a draft is in its front-matter, which Sphinx knows only
after reading it; by then it would be written.  So before documents are read
(only those about to be: new or changed ones), each is checked here, and a
file that must not be published is taken out of the build as if it were
absent (and withdrawn, if an earlier build published it):

* drafts (``draft: true``, or a file in ``chapbook_drafts_dir``), quietly;
* scheduled posts (dated after today, see ``model.schedule``), counted in one
  line with the next date.  Like drafts they are never in the environment, so
  every build looks at them again: the first build on or after their date
  reads and publishes them, incremental or not;
* with a warning naming the file: a link to a file outside the source folder
  (``/etc/passwd``), anything that is not a regular file (a FIFO, a device),
  a file that is not UTF-8, front-matter that cannot be read (fail closed: a
  draft with a YAML error must not go out) and a ``draft`` that says neither
  true nor false (``draft: maybe`` may mean true), a name that cannot be a URL
  (``javascript:x.md``, ``a#b.md``), a name too long for the file system, a
  page where the site writes something of its own (``search.md``,
  ``rss.xml.md``), and two files at one address (``x.md`` beside
  ``x/index.md``, ``About.md`` beside ``about.md``): the one published first
  keeps it (see ``addresses``).  That is decided last, among what is left to
  publish (a draft keeps no address), from the dates the files give, read
  again for a document not read now: an incremental build decides as a clean one;
* quietly, but listed in one line: Markdown files without front-matter in a
  post's folder (notes), unless ``chapbook_publish_notes``.

The names of documents found but not read now are checked too: a setting that
is not the environment's (a new feed in ``chapbook_feeds``) can make an old
page's address the site's own, and ``_book.md`` is never read (the book's root
has that name).

Files named like posts that Sphinx never found (``index.MD``, a line break in a
folder's name) are named at the same point, by ``duplicates``, whose walk of the
source folder found them.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from chapbook.model import frontmatter, schedule
from chapbook.reading import addresses, readloop
from chapbook.warnings_ import Warn, notice, warn

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Collection, Iterable, Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from chapbook.model.frontmatter import FrontMatter

#: A post is prose: anything larger is not one (and is not read into memory).
MAX_SOURCE_BYTES = 20 * 1024 * 1024
MARKDOWN = (".md", ".markdown")
#: What a reStructuredText ``:draft:`` field may say for a page that is no draft.
FALSE = ("false", "no", "off", "0")
#: What a field's name may hold besides its words, which Sphinx drops (``:*draft*:`` is
#: ``draft``): inline markup, escapes, spaces.  Taken out, more names read as ``draft``.
_MARKUP = re.compile(r"[*`|_\\\s]")
#: A reStructuredText field at the start of a line: ``:draft: true``.
_FIELD = re.compile(r"^:(?P<name>[^:\s](?:[^:]|\\:)*?):(?:[ \t]+(?P<value>.*))?$")


#: Why a file must not be published, and the line to look at.
Problem = tuple[str, int]


def examine(
    env: BuildEnvironment, docname: str, rules: addresses.Rules
) -> tuple[Problem | None, FrontMatter | None]:
    """Why ``docname`` must not be published (``None`` if it may), and its front-matter.

    The file is read once here; drafts and notes are decided from what was read.
    """
    source = functools.partial(source_suffix, env, docname)
    reason = addresses.problem(docname, rules, source) or _file_problem(env, docname)
    if reason:
        return (reason, 1), None
    return _content(env.doc2path(docname))


def source_suffix(env: BuildEnvironment, docname: str) -> str:
    """The suffix of ``docname``'s file (``.md``, ``.markdown``), as Sphinx found it."""
    return os.fspath(env.doc2path(docname, base=False))[len(docname) :]


def _file_problem(env: BuildEnvironment, docname: str) -> str | None:
    path = env.doc2path(docname)
    real = path.resolve()
    if not real.is_relative_to(env.srcdir.resolve()):
        return "it is a link to a file outside the source folder"
    if not real.is_file():
        return "it is not a regular file"
    if real.stat().st_size > MAX_SOURCE_BYTES:
        return f"it is larger than {MAX_SOURCE_BYTES // 1024 // 1024} MB"
    return None


def _content(path: Path) -> tuple[Problem | None, FrontMatter | None]:
    try:
        source = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return (f"it is not UTF-8 text (byte {err.start}); save it as UTF-8", 1), None
    except OSError as err:
        return (f"it cannot be read ({err.strerror})", 1), None
    if path.suffix == ".rst":
        return _rst_draft(source), None
    if path.suffix not in MARKDOWN:
        return None, None
    fm = frontmatter.read(source)
    if not fm.readable:
        first = min(fm.problems, key=lambda p: p.line)
        return (first.message, first.line), fm
    # Fail closed, and say why: ``draft: maybe`` or ``darft: true`` may mean a draft.
    misspelt = next((fm.problem_of(key) for key in fm.draft_by), None)
    unclear = fm.problem_of("draft") if "draft" in fm.rejected else misspelt
    if unclear is None and (undated := fm.problem_of("date")) and "date" in fm.rejected:
        # A date that cannot be read may be one still to come: the post waits for it.
        return (f"{undated.message}; it may be a date still to come", undated.line), fm
    if unclear is not None:
        return (unclear.message, unclear.line), fm
    return None, fm


def _rst_draft(source: str) -> Problem | None:
    """A reStructuredText file with a ``:draft:`` field (Sphinx keeps the field list at
    its top as the page's metadata, and would publish it): not published, unless the
    field says false.

    Any field list's ``:draft:`` counts, at the top or not: reading only the one
    docutils takes for metadata would mean parsing the file here, with directives
    Sphinx has registered and cannot run yet.  A draft marked lower down stays out
    too (fail closed).
    """
    for number, line in enumerate(source.splitlines(), start=1):
        field = _FIELD.match(line)
        if field and _MARKUP.sub("", field["name"]).casefold() == "draft":
            value = (field["value"] or "").strip()
            if value.casefold() not in FALSE:
                return f"its field list says :draft: {value}".rstrip(), number
    return None


def is_draft(env: BuildEnvironment, docname: str, fm: FrontMatter | None) -> bool:
    """In the drafts folder by name or by what it links to, or ``draft: true``.

    ``pub.md`` may be a link to ``drafts/secret.md``: the folder is the file's.
    """
    if in_drafts_folder(env, docname) or (fm is not None and fm.draft):
        return True
    real = env.doc2path(docname).resolve()
    srcdir = Path(env.srcdir).resolve()
    return real.is_relative_to(srcdir) and in_drafts_folder(
        env, real.relative_to(srcdir).as_posix()
    )


def in_drafts_folder(env: BuildEnvironment, path: str) -> bool:
    """``path`` (a docname, or a file's path in the source folder) is in ``chapbook_drafts_dir``."""
    folder = env.config.chapbook_drafts_dir  # normalised in ``config``
    return bool(folder) and (path == folder or path.startswith(folder + "/"))


def is_note(
    env: BuildEnvironment, docname: str, fm: FrontMatter | None, found: Collection[str] = ()
) -> bool:
    """A Markdown file without front-matter in a post's folder: the author's notes.

    The old generator published only each folder's ``index.md``; reading notes
    kept beside a post were never meant for readers, least of all beside a draft
    or a scheduled post, which is no longer among the documents found once it is
    withdrawn: ``found`` holds the documents found before any was.  A post whose
    front-matter cannot be read is a post too (it is not published either).
    """
    folder, _, name = docname.rpartition("/")
    post = f"{folder}/index"
    if fm is None or fm.present or not folder or name == "index":
        return False  # not Markdown, or a page of its own (front-matter)
    if post not in found and post not in env.found_docs:
        return False  # no post beside it
    index = env.doc2path(post)
    if index.suffix not in MARKDOWN:
        return False
    try:
        beside = frontmatter.read(index.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return False
    return beside.is_post or not beside.readable


def admit(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: take out of the build what must not be published."""
    rules = addresses.Rules.of(app)
    notes: list[str] = []
    scheduled: list[dt.date] = []
    moment = schedule.now(app.config.chapbook_timezone)
    to_read = set(docnames)
    found = frozenset(env.found_docs)  # before a draft or a scheduled post is withdrawn
    read: dict[str, FrontMatter | None] = {}  # what was read of each document to read
    withdrawn: set[str] = set()
    for docname in [*docnames, *sorted(_not_read(env, to_read))]:
        if docname in to_read:
            problem, fm = examine(env, docname, rules)
            read[docname] = fm
        else:  # not read again: only its name can have become wrong
            source = functools.partial(source_suffix, env, docname)
            reason, fm = addresses.problem(docname, rules, source), None
            problem = (reason, 1) if reason else None
        if problem is not None:
            message, line = problem
            warn(f"not published: {message}", Warn.SOURCE, location=(docname, line))
        elif docname not in to_read:
            continue
        elif not app.config.chapbook_show_drafts and is_draft(env, docname, fm):
            pass  # a draft: withdrawn without a word
        elif _held_back(app, fm, moment):
            scheduled.append(fm.date)  # type: ignore[union-attr,arg-type]  # a post has a date
        elif not app.config.chapbook_publish_notes and is_note(env, docname, fm, found):
            notes.append(docname)
        else:
            continue
        withdrawn.add(docname)
        _withdraw(app, env, docnames, docname)
    withdrawn |= _one_per_address(app, env, docnames, found - withdrawn, _days(env, rules, read))
    _note_withdrawn(env, found, read.keys(), withdrawn)
    _report_scheduled(app, scheduled)
    if notes:
        files = ", ".join(str(env.doc2path(d, base=False)) for d in sorted(notes))
        notice(app, "chapbook: not published, notes beside posts (chapbook_publish_notes = "
                    f"True publishes them): {files}")  # fmt: skip


def _one_per_address(
    app: Sphinx,
    env: BuildEnvironment,
    docnames: list[str],
    published: Iterable[str],
    day: Callable[[str], addresses.Day],
) -> set[str]:
    """Of the documents to be published, one per address: the one published first;
    return the others.

    Decided after drafts and scheduled posts are out, from what the files say (never
    from what an earlier build did), so an incremental build decides as a clean one.
    """
    losers = addresses.same_address(published, env.config.root_doc, day)
    for docname, winner in sorted(losers.items()):
        message = addresses.same_address_message(env, docname, winner, day)
        warn(message, Warn.SOURCE, location=(docname, 1))
        _withdraw(app, env, docnames, docname)
    return set(losers)


#: The environment's attribute holding the documents withdrawn (:func:`withdrawn_from`).
WITHDRAWN = "chapbook_withdrawn"


def _note_withdrawn(
    env: BuildEnvironment, found: Set[str], looked_at: Iterable[str], withdrawn: Set[str]
) -> None:
    """Keep the files withdrawn, as last looked at, for ``documents.has_source``: a
    draft ``index.md`` leaves the address to the made-up home page (a build stopped
    with no root document), and a file not read again keeps its last verdict."""
    before = withdrawn_from(env)
    setattr(env, WITHDRAWN, (before & found) - set(looked_at) | set(withdrawn))


def withdrawn_from(env: BuildEnvironment) -> set[str]:
    """The documents whose files the gate kept out when it last looked at them (drafts,
    scheduled posts, files it refused), kept with the environment."""
    found = getattr(env, WITHDRAWN, None)
    return found if isinstance(found, set) else set()


def _days(
    env: BuildEnvironment, rules: addresses.Rules, read: dict[str, FrontMatter | None]
) -> Callable[[str], addresses.Day]:
    """When each document says it was published, from its front-matter: as read now,
    or, for one not read again (unchanged since it was), read from its file."""

    @functools.cache
    def day(docname: str) -> addresses.Day:
        fm = read[docname] if docname in read else examine(env, docname, rules)[1]
        return None if fm is None or fm.date is None else (fm.date, fm.datetime or "")

    return day


def _not_read(env: BuildEnvironment, to_read: Iterable[str]) -> set[str]:
    """The documents found that are not read now: published before and unchanged, or
    made by Chapbook itself (the book's root) when a file has its name."""
    return set(env.found_docs) - set(to_read)


def _held_back(app: Sphinx, fm: FrontMatter | None, moment: dt.datetime) -> bool:
    """A post dated after ``moment``, unless the build previews them."""
    show = app.config.chapbook_show_future
    return fm is not None and not show and schedule.is_scheduled(fm, moment)


def _report_scheduled(app: Sphinx, dates: list[dt.date]) -> None:
    """One line: how many posts wait for their date, and when the next goes out."""
    first = schedule.next_due(dates)
    if first is None:
        return
    count = f"{len(dates)} scheduled post" + ("s" if len(dates) > 1 else "")
    notice(app, f"chapbook: {count} held back until their date, the next on "
                f"{first.isoformat()} (chapbook_show_future = True previews them)")  # fmt: skip


def _withdraw(app: Sphinx, env: BuildEnvironment, docnames: list[str], docname: str) -> None:
    """As if the file were absent: not read now, and gone from the site if it was on it."""
    if docname in docnames:
        docnames.remove(docname)
    readloop.drop(app, docname, only_if_read=True, env=env)  # published before: withdraw it now


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("env-before-read-docs", admit)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
