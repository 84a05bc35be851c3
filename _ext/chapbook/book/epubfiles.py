"""What the ePub packs and how its manifest describes it.

Sphinx packs every file of the output folder: the basic theme's ``file.png``,
``plus.png`` and ``minus.png`` (for the search page and collapsible lists a
book has not), ``basic.css`` (which ``epub.css`` does not import), the site's
favicon and copy-button icons.  Here the book keeps the files its pages refer
to, through their stylesheets and pictures, and leaves out the rest; the
stylesheet's rules for the search page go first, so the icon they name goes
too.  Sphinx writes no ``properties`` on the manifest's items; EPUB 3 wants
``mathml`` on a page with MathML and ``svg`` on one with SVG in it.

Files and text only: no Sphinx.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Chapbook's stylesheet for the ePub (``static/``), copied into ``_static/``.
STYLESHEET = "chapbook-epub.css"
_HERE = Path(__file__).parent / "static"
#: What Sphinx writes to describe the package, not content a page refers to.
_PACKAGE = frozenset({"mimetype", "content.opf", "toc.ncx", "nav.xhtml", ".buildinfo"})
_REFERENCE = re.compile(
    r"""\b(?:href|src|xlink:href|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)|@import\s+["']([^"']+)""")
#: Sphinx's basic theme styles its search page (``ul.search``) with ``file.png`` (read in
#: Sphinx 9.0's ``epub.css``; where the rules differ, they and the icon stay, as before).
_SEARCH_RULE = re.compile(r"^ul\.search[^{]*\{[^}]*\}\s*", re.MULTILINE)
#: A page's item as Sphinx 9.0's ``content.opf.jinja`` writes it (elsewhere no item
#: matches and the manifest stays as Sphinx wrote it; epubcheck's test says so).
_ITEM = re.compile(r'<item id="[^"]*" href="([^"]*)" media-type="application/xhtml\+xml" />')


def copy_stylesheet(static: Path) -> None:
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_HERE / STYLESHEET, static / STYLESHEET)


def drop_search_rules(static: Path) -> None:
    """A book has no search page: its rules (and the icon they name) go."""
    for css in static.glob("*.css"):
        text = css.read_text(encoding="utf-8")
        kept = _SEARCH_RULE.sub("", text)
        if kept != text:
            css.write_text(kept, encoding="utf-8")


def unused(outdir: Path, *, keep: set[str]) -> list[str]:
    """Files of ``outdir`` (relative, ``/``-separated) that no page refers to, however far."""
    files = {_relative(path, outdir) for path in outdir.rglob("*") if path.is_file()}
    pages = {name for name in files if name.endswith(".xhtml")}
    used = _reachable(outdir, pages | (keep & files), files)
    return sorted(
        name
        for name in files - used
        if name not in _PACKAGE and not name.startswith("META-INF/") and "/." not in f"/{name}"
    )


def _reachable(outdir: Path, start: set[str], files: set[str]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        name = todo.pop()
        for found in _references(outdir, name):
            if found in files and found not in seen:
                seen.add(found)
                todo.append(found)
    return seen


def _references(outdir: Path, name: str) -> list[str]:
    """The files a page, stylesheet or SVG refers to, relative to ``outdir``."""
    if not name.endswith((".xhtml", ".html", ".css", ".svg")):
        return []
    text = (outdir / name).read_text(encoding="utf-8", errors="replace")
    pattern = _CSS_URL if name.endswith(".css") else _REFERENCE
    base = Path(name).parent
    found = []
    for match in pattern.finditer(text):
        url = html.unescape(next(group for group in match.groups() if group is not None))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        found.append(_normal(base / unquote(parts.path)))
    return found


def _normal(path: Path) -> str:
    parts: list[str] = []
    for part in path.as_posix().split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in {"", "."}:
            parts.append(part)
    return "/".join(parts)


def _relative(path: Path, outdir: Path) -> str:
    return path.relative_to(outdir).as_posix()


def mark_properties(outdir: Path) -> None:
    """Add ``mathml`` and ``svg`` to the manifest's pages that hold them."""
    opf = outdir / "content.opf"
    text = opf.read_text(encoding="utf-8")
    marked = _ITEM.sub(lambda match: _with_properties(outdir, match), text)
    if marked != text:
        opf.write_text(marked, encoding="utf-8")


def _with_properties(outdir: Path, match: re.Match[str]) -> str:
    page = outdir / unquote(html.unescape(match[1]))
    text = page.read_text(encoding="utf-8") if page.is_file() else ""
    found = [name for name, tag in (("mathml", "<math"), ("svg", "<svg")) if tag in text]
    if not found:
        return match[0]
    return match[0].replace(" />", f' properties="{" ".join(found)}" />')
