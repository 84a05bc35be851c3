"""An independent check of a built site against its posts' front-matter.

Used on the sample blog and on generated corpora: every post page has the
right heading, <title>, description, <time> and tag links; every tag page
lists exactly its posts; every internal link in an article leads to a file.
It reads the YAML itself (not through Chapbook) so that it can disagree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from pathlib import Path

_TYPOGRAPHY = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2014": "-"}
)


def plain(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHY).split()).rstrip("#¶").strip()


def front_matter(path: Path) -> dict | None:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    data = yaml.safe_load(match.group(1)) if match else None
    if not isinstance(data, dict) or not data.get("title") or "date" not in data:
        return None
    if data.get("draft") or path.parts[0] == "drafts":
        return None
    return data


def url_of(rel: Path) -> str:
    parts = rel.with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts)


def tags_of(data: dict) -> list[str]:
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    return [" ".join(str(t).split()) for t in tags if str(t).strip()]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def resolve(page: Path, href: str, outdir: Path) -> Path | None:
    """The file a relative href on ``page`` leads to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("#") or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target


def check_site(srcdir: Path, outdir: Path) -> list[str]:
    problems: list[str] = []
    posts: dict[str, dict] = {}
    for source in sorted(srcdir.rglob("*.md")):
        rel = source.relative_to(srcdir)
        data = front_matter_at(srcdir, rel)
        if data is not None:
            posts[url_of(rel)] = data
    if not posts:
        # Checking nothing is not passing: a wrong folder would otherwise look correct.
        return ["no post found in the source folder"]
    tag_pages: dict[Path, set[str]] = defaultdict(set)
    for url, data in posts.items():
        problems += _check_post(outdir, url, data, tag_pages)
    for tag_page, expected in tag_pages.items():
        listed = {
            _url_from(outdir, tag_page, a["href"])
            for a in soup_of(tag_page).select("ul.chapbook-postlist .chapbook-entry > a")
        }
        if listed != expected:
            problems.append(
                f"{tag_page.relative_to(outdir)}: lists {sorted(listed ^ expected)} wrongly"
            )
    problems += _check_links(outdir)
    return problems


def front_matter_at(srcdir: Path, rel: Path) -> dict | None:
    if rel.parts[0] in ("drafts", "_build"):
        return None
    return front_matter(srcdir / rel) if (srcdir / rel).exists() else None


def _url_from(outdir: Path, page: Path, href: str) -> str:
    target = resolve(page, href, outdir)
    return str(target.parent.relative_to(outdir.resolve())) if target else href


def _check_post(outdir: Path, url: str, data: dict, tag_pages: dict[Path, set[str]]) -> list[str]:
    path = outdir / url / "index.html"
    if not path.exists():
        return [f"{url}: not published"]
    soup = soup_of(path)
    problems = []
    title = plain(str(data["title"]))
    h1s = [plain(h.get_text()) for h in soup.select("article h1, div.body h1")]
    if h1s != [title]:
        problems.append(f"{url}: h1 {h1s!r} instead of {title!r}")
    if not plain(soup.title.get_text()).startswith(title):
        problems.append(f"{url}: <title> {soup.title.get_text()!r}")
    meta = soup.find("meta", attrs={"name": "description"})
    if meta is None or not meta.get("content", "").strip():
        problems.append(f"{url}: no meta description")
    time = soup.select_one(".chapbook-post-meta time")
    if time is None or not time["datetime"].startswith(str(data["date"])[:10]):
        problems.append(f"{url}: <time> {time}")
    links = soup.select(".chapbook-tags a")
    if [plain(a.get_text()) for a in links] != [plain(t) for t in _dedup(tags_of(data))]:
        problems.append(f"{url}: tag links {[a.get_text() for a in links]}")
    for a in links:
        target = resolve(path, a["href"], outdir)
        if target is None or not target.exists():
            problems.append(f"{url}: tag link {a['href']} leads nowhere")
        else:
            tag_pages[target].add(url)
    return problems


def _dedup(tags: list[str]) -> list[str]:
    seen: set[str] = set()
    return [t for t in tags if not (t.casefold() in seen or seen.add(t.casefold()))]


def _check_links(outdir: Path) -> list[str]:
    problems = []
    for page in sorted(outdir.rglob("*.html")):
        if page.relative_to(outdir).parts[0] in ("_static", "_sources", "genindex", "search"):
            continue
        soup = soup_of(page)
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        if refresh is not None:
            problems += _check_redirect(outdir, page, refresh.get("content", ""))
            continue
        body = soup.select_one("article") or soup.select_one("div.body")
        if body is None:
            # Every page of the site has an article; one without was not checked at all.
            problems.append(f"{page.relative_to(outdir)}: no article")
            continue
        for a in body.select("a[href]"):
            if "chapbook-broken" in a.get("class", []):
                continue
            target = resolve(page, a["href"], outdir)
            if target is not None and not target.exists():
                problems.append(f"{page.relative_to(outdir)}: link {a['href']} leads nowhere")
    return problems


def _check_redirect(outdir: Path, page: Path, content: str) -> list[str]:
    """A redirect page (an old address) must lead to a page of the site."""
    _, _, href = content.partition("url=")
    target = resolve(page, href, outdir) if href else None
    if target is None or not target.exists():
        return [f"{page.relative_to(outdir)}: redirect {href!r} leads nowhere"]
    return []
