"""Old URLs keep working: redirect pages for ``aliases`` and for spaced tag URLs.

A post's ``aliases: [/old-slug, /2019/01/old-slug/]`` each become a small HTML
page (meta refresh and canonical link) pointing at the post.  An old address
two posts claim goes where links to it go (``collecting.domain``).  With
``chapbook_tag_space_redirects`` (on by default), ``/tags/deep learning/``
and ``/tags/Deep Learning/`` (as old blogs served tag pages) redirect to
``/tags/deep-learning/``.  Every path stays
inside the output folder; redirect pages no longer wanted are removed.

A redirect page never takes the place of a page or a file of the site, nor of
another redirect page leading elsewhere, under any spelling: ``/About/`` beside
``about/``, ``/INDEX.html`` beside ``index.html``, ``/cafe\u0301/`` (NFD) beside
``café/`` are one file where case and Unicode normalisation are ignored (macOS
and Windows checkouts, some hosts), and the redirect would replace the page.
They are compared as those file systems compare names (``urls.path_key``).

The same redirects also go into ``_redirects`` (with ``chapbook_redirects_file``,
on by default), the file Netlify and Cloudflare Pages read: there an old address
answers with a real ``301``, which search engines and feed readers follow as a
move.  Its lines are those of the redirect pages this build wrote, one each, as
absolute paths under the site's path (``/blog/old/ /blog/new/ 301``).
"""

from __future__ import annotations

import functools
import os
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from sphinx.util.osutil import relative_uri

from chapbook.builders import is_site_builder
from chapbook.collecting.state import posts_of, state
from chapbook.locale import _
from chapbook.reading import sitepaths
from chapbook.site import output
from chapbook.urls import base_path, base_url, page_url, path_key, split_target
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.application import Sphinx

#: A redirect page, in the site's language (its words from :func:`page_html`).
TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{moved}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
</head>
<body>
<p>{body}</p>
</body>
</html>
"""
#: How every redirect page Chapbook wrote begins, whatever its language.
HEAD = '<!DOCTYPE html>\n<html lang="'
MARKS = (b'<meta http-equiv="refresh" content="0; url=', b'<meta name="robots" content="noindex">')


def page_html(app: Sphinx, title: str, target: str, canonical: str) -> str:
    """The page: every value escaped, the translated words too (French has apostrophes)."""
    link = f'<a href="{escape(target)}">{escape(title)}</a>'
    return TEMPLATE.format(
        lang=escape(app.config.language or "en"),
        moved=escape(_("Moved: {title}"), quote=False).format(title=escape(title)),
        target=escape(target),
        canonical=escape(canonical),
        body=escape(_("This page has moved to {link}."), quote=False).format(link=link),
    )


def wanted(app: Sphinx) -> dict[str, tuple[str, str]]:
    """Output path (relative, POSIX) -> (docname, title) for every redirect page.

    An alias wins a path it shares with a tag's old address, in any spelling.
    """
    aliases = alias_redirects(app)
    taken = {path_key(relative) for relative in aliases}
    tags = {path: to for path, to in tag_redirects(app).items() if path_key(path) not in taken}
    return {**tags, **aliases}


def alias_redirects(app: Sphinx) -> dict[str, tuple[str, str]]:
    """The redirect pages of posts' ``aliases`` (an alias two posts claim: its owner's)."""
    result: dict[str, tuple[str, str]] = {}
    owners = state(app.env).aliases
    for post in sorted(posts_of(app.env).values(), key=lambda p: p.docname):
        for alias in post.aliases:
            if owners.get(split_target(alias)[0]) == post.docname:
                result.setdefault(_output_path(alias), (post.docname, post.title))
    return result


def tag_redirects(app: Sphinx) -> dict[str, tuple[str, str]]:
    """The redirect pages of the old blog's tag URLs (``chapbook_tag_space_redirects``).

    The old blog's form is the name lowercased, spaces and symbols kept (``/tags/deep
    learning/``, ``/tags/c++/``), redirected wherever it is not the tag's own page; the
    name as written too when it has a space.  A form differing from the page only by
    case or Unicode normalisation is not one: on a file system blind to them it would
    overwrite the page.
    """
    result: dict[str, tuple[str, str]] = {}
    if not app.config.chapbook_tag_space_redirects:
        return result
    for entry in state(app.env).tags.values():
        slug = entry.docname.rpartition("/")[2]
        old, written = entry.name.lower(), entry.name
        names = [old] if path_key(old) != path_key(slug) else []
        names += [written] if " " in written and written != old else []
        for name in names:
            if _folder_name(name):
                path = _output_path(f"/{app.config.tags_output_dir}/{name}")
                result.setdefault(path, (entry.docname, entry.name))
    return result


#: The longest name of a folder on common file systems (bytes of UTF-8); a tag's own page
#: has a shortened slug, its old address would not fit.
NAME_MAX = 255


def _folder_name(name: str) -> bool:
    """A name a browser asks for as a folder of its own (``#``, ``?`` end a path; ``%``
    would be decoded into another one), which a file system can hold."""
    return (
        not name.startswith(".")
        and not any(c in name for c in "/#?%")
        and name.isprintable()
        and len(name.encode()) <= NAME_MAX
    )


def _output_path(alias: str) -> str:
    path = unquote(alias.split("#", maxsplit=1)[0].split("?", maxsplit=1)[0]).strip("/")
    return path if path.endswith((".html", ".htm")) else f"{path}/index.html"


def _inside(outdir: Path, relative: str) -> bool:
    parts = PurePosixPath(relative).parts
    if not parts or any(part in ("..", ".", "") for part in parts):
        return False
    return (outdir / relative).resolve().is_relative_to(outdir.resolve())


#: Why a spelling of a path is the same file: the words of the warnings that say so.
IGNORING = "where case and Unicode normalisation are ignored (macOS, Windows, some hosts)"


def clash(
    outdir: Path, relative: str, pages: Set[str], listing: Listing | None = None
) -> str | None:
    """Why a redirect page cannot be written at ``relative``; ``None`` if it can.

    Redirects are written last, so every page and file of this build is
    already there; only a redirect page of an earlier build may be replaced.
    ``pages`` are the output paths of this build's pages (``pages_among``); a page,
    a file or a folder in the way is found under any spelling of its name.
    """
    if relative in pages or not _inside(outdir, relative):
        return "would replace a page or leave the site"
    if relative.startswith(("_", ".")):
        return "is in a folder the site writes itself"
    key = path_key(relative)
    page = next((page for page in sorted(pages) if path_key(page) == key), None)
    if page is not None:
        return f"would be the page /{page} {IGNORING}"
    return _in_the_way(relative, listing or Listing(outdir))


def _in_the_way(relative: str, listing: Listing) -> str | None:
    """A file where the redirect needs a folder, or any file but a redirect page where it
    goes: the output folder is looked at under every spelling of each name."""
    parts = PurePosixPath(relative).parts
    spellings = [""]  # the paths found so far that are ``relative``'s first parts
    for depth, part in enumerate(parts, start=1):
        spellings = [found for folder in spellings for found in listing.spelt(folder, part)]
        for found in spellings:
            path = listing.outdir / found
            if depth < len(parts) and not path.is_dir():
                return f"would need a folder where the site writes the file {found!r}"
            if depth == len(parts) and not _is_redirect(path):
                return ("would replace a file the site writes" if found == relative
                        else f"would be the file /{found} {IGNORING}")  # fmt: skip
    return None


class Listing:
    """The output folder's names as file systems blind to case and Unicode normalisation
    see them; each folder is listed once (its root holds a folder per post)."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._folders: dict[str, dict[str, list[str]]] = {}

    def spelt(self, folder: str, name: str) -> list[str]:
        """The paths in ``folder`` (relative, ``""`` for the root) that are ``name``."""
        if folder not in self._folders:
            keyed: dict[str, list[str]] = {}
            try:
                entries = sorted(os.listdir(self.outdir / folder))
            except OSError:  # not a folder, or not there: nothing in it
                entries = []
            for entry in entries:
                keyed.setdefault(path_key(entry), []).append(f"{folder}/{entry}".lstrip("/"))
            self._folders[folder] = keyed
        return self._folders[folder].get(path_key(name), [])

    def add(self, relative: str) -> None:
        """``relative`` was written: its folders and itself are in the output now."""
        folder = ""
        for part in PurePosixPath(relative).parts:
            path = f"{folder}/{part}".lstrip("/")
            if folder in self._folders:  # a folder not listed yet will be, when asked
                names = self._folders[folder].setdefault(path_key(part), [])
                names += [] if path in names else [path]
            folder = path


def pages_among(app: Sphinx, paths: Iterable[str]) -> set[str]:
    """The output paths (relative, POSIX) of this build's pages at ``paths``, or at a
    spelling of one of them that differs only in case or Unicode normalisation.

    Only the documents that could be written there are asked for their output path
    (``a/index.html``: ``a/index`` or ``a``, in any spelling), not every document.
    """
    builder = app.builder
    keys = {path_key(relative) for relative in paths}
    stems = {path_key(relative).removesuffix(builder.out_suffix) for relative in paths}
    stems |= {stem.removesuffix("/index") for stem in stems}
    found = set()
    for docname in app.env.all_docs.keys() if keys else ():
        if path_key(docname) in stems:
            written = builder.get_output_path(docname).relative_to(builder.outdir).as_posix()
            if path_key(written) in keys:
                found.add(written)
    return found


def _is_redirect(path: Path) -> bool:
    head = path.read_bytes()[:8192] if path.is_file() else b""
    return head.startswith(HEAD.encode()) and all(mark in head for mark in MARKS)


def site_own(paths: sitepaths.SitePaths, relative: str) -> str | None:
    """Why a redirect page cannot be written where the site writes something of its own,
    whether or not this build wrote it yet (a feed without ``html_baseurl``)."""
    claimed = sitepaths.at_output(paths, relative)
    return f"would take {claimed}, which the site writes itself" if claimed else None


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_site_builder(app.builder):
        return
    outdir = app.builder.outdir
    redirects = wanted(app)
    real = pages_among(app, redirects)
    posts = posts_of(app.env)
    # Only asked when nothing is in the way yet (a feed is not written without a base URL).
    paths = functools.cache(lambda: sitepaths.of(app.config, Path(app.confdir)))
    listing = Listing(outdir)
    written: dict[str, str] = {}
    targets: dict[str, str] = {}  # key of each path written -> its docname
    for relative, (docname, title) in sorted(redirects.items()):
        post = posts.get(docname)
        location = (docname, post.lines.get("aliases", 1) if post else 1)
        problem = (clash(outdir, relative, real, listing) or site_own(paths(), relative)
                   or _other_redirect(relative, docname, targets))  # fmt: skip
        if problem:
            warn(f"redirect /{relative} {problem}; skipped", Warn.REDIRECT, location=location)
            continue
        target = relative_uri(relative, app.builder.get_target_uri(docname)) or "./"
        canonical = page_url(app.builder, docname) if base_url(app.config) else target
        html = page_html(app, title, target, canonical)
        try:
            output.write_if_changed(outdir / relative, html.encode("utf-8"))
        except OSError as err:  # a name the file system refuses
            warn(f"redirect /{relative} cannot be written ({err.strerror}); skipped",
                 Warn.REDIRECT, location=location)  # fmt: skip
            continue
        written[relative] = targets[path_key(relative)] = docname
        listing.add(relative)
    # One record for both: a redirect page or ``_redirects`` no longer wanted is removed.
    host_file = {HOST_FILE} if write_host_file(app, written) else set()
    output.replace_files(app, "redirects", set(written) | host_file, ours=_is_ours)


def _other_redirect(relative: str, docname: str, targets: dict[str, str]) -> str | None:
    """A redirect page written by this build under another spelling of ``relative``, which
    leads elsewhere (two spellings leading to one page are the same page: both are
    written, for hosts that tell them apart).  ``targets``: key -> docname, as written."""
    other = targets.get(path_key(relative))
    if other is None or other == docname:
        return None
    return f"would be another redirect page (to {other}) {IGNORING}"


def _is_ours(path: Path) -> bool:
    """A redirect page or ``_redirects`` file Chapbook wrote, not a file the site copies there."""
    return _is_redirect(path) or path.read_bytes().startswith(HOST_HEADER.encode())


#: The first line of the ``_redirects`` file Chapbook writes (how it knows the file is its own).
HOST_FILE = sitepaths.HOST_FILE
HOST_HEADER = "# Written by Chapbook from aliases and tag URLs (chapbook_redirects_file).\n"


def write_host_file(app: Sphinx, pages: dict[str, str]) -> bool:
    """``_redirects``: a ``301`` for each redirect page written (``relative -> docname``).

    Returns whether the output keeps a ``_redirects``: a file the site copies itself
    (``html_extra_path``) is kept as it is, with a warning if Chapbook had redirects for it.
    """
    path = app.builder.outdir / HOST_FILE
    lines = [host_rule(app, relative, docname) for relative, docname in sorted(pages.items())]
    enabled = bool(app.config.chapbook_redirects_file and lines)
    if path.is_file() and not path.read_bytes().startswith(HOST_HEADER.encode()):
        if enabled:
            warn(f"{HOST_FILE} in the output is the site's own (html_extra_path): kept, "
                 "without Chapbook's redirects; add them to it, or set "
                 "chapbook_redirects_file = False", Warn.REDIRECT, location=None)  # fmt: skip
        return True
    if enabled:
        output.write_if_changed(path, (HOST_HEADER + "".join(lines)).encode("utf-8"))
    return enabled


def host_rule(app: Sphinx, relative: str, docname: str) -> str:
    """``/old/ /new/ 301``: both absolute under the site's path, percent-encoded (a space
    would split the line)."""
    prefix = base_path(app.config.html_baseurl)
    source = relative.removesuffix("index.html")
    target = app.builder.get_target_uri(docname)
    return f"{quote(prefix + source)} {quote(prefix + target)} 301\n"


def setup(app: Sphinx) -> dict[str, bool]:
    # After every other output (the 404 page at the root too): nothing is replaced.
    app.connect("build-finished", write_redirects, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
