"""Old URLs keep working: redirect pages for ``aliases`` and for spaced tag URLs.

A post's ``aliases: [/old-slug, /2019/01/old-slug/]`` each become a small HTML
page (meta refresh and canonical link) pointing at the post.  An old address
two posts claim goes where links to it go (``collecting.domain``).  With
``chapbook_tag_space_redirects`` (on by default), ``/tags/deep learning/``
and ``/tags/Deep Learning/`` (as old blogs served tag pages) redirect to
``/tags/deep-learning/``.  Every path stays
inside the output folder; redirect pages no longer wanted are removed.

The same redirects also go into ``_redirects`` (with ``chapbook_redirects_file``,
on by default), the file Netlify and Cloudflare Pages read: there an old address
answers with a real ``301``, which search engines and feed readers follow as a
move.  Its lines are those of the redirect pages this build wrote, one each, as
absolute paths under the site's path (``/blog/old/ /blog/new/ 301``).
"""

from __future__ import annotations

import functools
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
from chapbook.urls import base_path, base_url, page_url, split_target
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Iterable

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
    """Output path (relative, POSIX) -> (docname, title) for every redirect page."""
    return {**tag_redirects(app), **alias_redirects(app)}  # an alias wins a shared path


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
    case is not one: on a file system blind to case it would overwrite the page.
    """
    result: dict[str, tuple[str, str]] = {}
    if not app.config.chapbook_tag_space_redirects:
        return result
    for entry in state(app.env).tags.values():
        slug = entry.docname.rpartition("/")[2]
        old, written = entry.name.lower(), entry.name
        names = [old] if old != slug else []
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


def clash(outdir: Path, relative: str, pages: set[str]) -> str | None:
    """Why a redirect page cannot be written at ``relative``; ``None`` if it can.

    Redirects are written last, so every page and file of this build is
    already there; only a redirect page of an earlier build may be replaced.
    """
    if relative in pages or not _inside(outdir, relative):
        return "would replace a page or leave the site"
    if relative.startswith(("_", ".")):
        return "is in a folder the site writes itself"
    path = outdir / relative
    for parent in path.relative_to(outdir).parents:
        if (outdir / parent).exists() and not (outdir / parent).is_dir():
            return f"would need a folder where the site writes the file {parent.as_posix()!r}"
    if path.exists() and not _is_redirect(path):
        return "would replace a file the site writes"
    return None


def pages_among(app: Sphinx, paths: Iterable[str]) -> set[str]:
    """The ``paths`` (relative, POSIX) where this build writes a page.

    Only the documents that could be written there are asked for their output path
    (``a/index.html``: ``a/index`` or ``a``), not every document of the site.
    """
    builder, docs = app.builder, app.env.all_docs
    found = set()
    for relative in paths:
        stem = relative.removesuffix(builder.out_suffix)
        for docname in {stem, stem.removesuffix("/index")} & docs.keys():
            if builder.get_output_path(docname).relative_to(builder.outdir).as_posix() == relative:
                found.add(relative)
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
    written: dict[str, str] = {}
    for relative, (docname, title) in sorted(redirects.items()):
        post = posts.get(docname)
        location = (docname, post.lines.get("aliases", 1) if post else 1)
        problem = clash(outdir, relative, real) or site_own(paths(), relative)
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
        written[relative] = docname
    # One record for both: a redirect page or ``_redirects`` no longer wanted is removed.
    host_file = {HOST_FILE} if write_host_file(app, written) else set()
    output.replace_files(app, "redirects", set(written) | host_file, ours=_is_ours)


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
