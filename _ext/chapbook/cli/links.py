"""``chapbook check-links``: does every address of the site answer, and every old one?

Without arguments: the site is built (``chapbook build html``, quietly), then
every page of its ``sitemap.xml`` and every link between its own pages (``href``
and ``src`` of the built HTML that stay on the site) is requested from the
built site, served on the loopback interface by :mod:`chapbook.deploycheck`.
No request leaves the machine: links to other sites are not checked.

With ``SITE URLS`` (or ``URLS`` alone, for the blog's built site): the deploy
check of the old site's addresses, as before.
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from chapbook import deploycheck
from chapbook.cli import blog as blogs
from chapbook.cli import build

if TYPE_CHECKING:
    from pathlib import Path


class _Links(HTMLParser):
    """``href`` and ``src`` values of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def page_url(site: Path, page: Path, base: str) -> str:
    """The address a built file is served at: ``about/index.html`` is ``/about/``."""
    path = page.relative_to(site).as_posix()
    return base + (path.removesuffix("index.html") if path.endswith("index.html") else path)


def internal_links(site: Path, base: str) -> list[str]:
    """Every link of the built pages that stays on the site, as a path, in order, once each."""
    seen: dict[str, None] = {}
    # _static/ and _sources/ hold the theme's templates and the sources: no pages.
    pages = (p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0][0] != "_")
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        here = "http://site" + page_url(site, page, base)
        for link in parser.found:
            parts = urlsplit(urljoin(here, link))
            if parts.scheme == "http" and parts.netloc == "site":
                seen.setdefault(parts.path + (f"?{parts.query}" if parts.query else ""), None)
    return list(seen)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="[SITE] URLS",
                        help="the old site's addresses, one a line, or its sitemap.xml "
                        "(default: the blog's own pages and links)")  # fmt: skip
    parser.add_argument("--base", help="the path the site is served under (default: its sitemap)")


def own_site(blog: blogs.Blog) -> tuple[Path, int]:
    """The blog built quietly; its site folder and the build's exit status."""
    args = argparse.Namespace(book=None, define=[], drafts=False, future=False, jobs=0,
                              strict=False, verbose=False, fresh=False)  # fmt: skip
    try:
        print(build.build(blog, "html", args).splitlines()[0], flush=True)
    except build.BuildError as error:
        print(f"chapbook check-links: {error}", file=sys.stderr)
        return blog.build / "html", 2
    return blog.build / "html", 0


def run(args: argparse.Namespace) -> int:
    if len(args.paths) == 2:
        return deploycheck.run(argparse.Namespace(site=args.paths[0], urls=args.paths[1],
                                                  base=args.base))  # fmt: skip
    if len(args.paths) > 2:
        print("chapbook check-links: at most two arguments, SITE and URLS", file=sys.stderr)
        return 2
    try:
        blog = blogs.find()
    except blogs.NoBlogError as error:
        print(f"chapbook check-links: {error}", file=sys.stderr)
        return 2
    if args.paths:
        site = blog.build / "html"
        return deploycheck.run(argparse.Namespace(site=site, urls=args.paths[0], base=args.base))
    return check_own(blog, args.base)


def check_own(blog: blogs.Blog, base_option: str | None) -> int:
    site, status = own_site(blog)
    if status:
        return status
    base = f"/{base_option.strip('/')}/".replace("//", "/") if base_option else None
    base = base or deploycheck.site_base(site)
    urls = [*deploycheck.read_list(site / "sitemap.xml"), *internal_links(site, base)]
    failures = deploycheck.check(site, urls, base=base)
    for url, problem in failures:
        print(f"{url}: {problem}")
    print(f"{len(urls) - len(failures)} of {len(urls)} pages and links answer")
    return 1 if failures else 0
