"""The deploy check: do the old site's addresses still answer on the built site?

    python -m chapbook.deploycheck BUILT_SITE URL_LIST [--base /blog/]
    make check-links URLS=old-urls.txt
    chapbook check-links BUILT_SITE URL_LIST     (calls :func:`main`)

serves ``BUILT_SITE`` on the loopback interface, as a static host would, and
requests every URL in ``URL_LIST`` (one URL or site path a line, ``#``
comments; or the old site's ``sitemap.xml`` itself).  An address passes when
it answers ``200``, or redirects, in any number of steps, to a page that does.
Each one that does not is printed with the answers it got; the exit status
is 1 if any failed, 2 if the check could not run.

The server does what the hosts Chapbook's guide names do: a ``_redirects``
rule answers first with its status (Cloudflare Pages always; Netlify with
``!``), a folder asked for without its slash is redirected to it, a missing
file is a ``404``.  A page holding a meta refresh (Chapbook's redirect pages,
which every host serves) counts as the redirect it performs in a browser.
Only the path of each URL is requested: the list may name the old domain.
The site is served under the path of its own address (from its
``sitemap.xml``, or ``--base``), as it will be on the web, so a list of
root addresses against a site built for ``/en/latest/`` fails, as it would
there.  Nothing but the standard library runs, and no request leaves the
machine.  A leaf module: it reads a built site, never Sphinx's environment,
so the command line may import it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import sys
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    from collections.abc import Iterator

REDIRECTS = (301, 302, 303, 307, 308)
#: Redirects followed for one URL before it counts as a loop.
MAX_STEPS = 10
#: Characters a request path keeps as they are (already-encoded ``%XX`` included).
PATH_SAFE = "/%:@!$&'()*+,;=~"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# -- the list of old URLs ---------------------------------------------------------------


def read_list(path: Path) -> list[str]:
    """The URLs of a list file: one a line (``#`` comments), or a sitemap's ``<loc>``s."""
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("<"):
        return [
            loc.text.strip() for loc in ET.fromstring(text).iter(f"{SITEMAP_NS}loc") if loc.text
        ]
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def request_path(url: str) -> str:
    """What is asked of the local server: the URL's path and query, percent-encoded."""
    parts = urlsplit(url if "://" in url else "http://site/" + url.lstrip("/"))
    path = quote(parts.path or "/", safe=PATH_SAFE)
    return path + (f"?{parts.query}" if parts.query else "")


def site_base(site: Path) -> str:
    """The path the site is served under: that of its home page in ``sitemap.xml``, or ``/``."""
    sitemap = site / "sitemap.xml"
    with contextlib.suppress(OSError, ET.ParseError):
        paths = [urlsplit(url).path for url in read_list(sitemap)]
        if paths:
            home = min(paths, key=len)
            return home[: home.rfind("/") + 1] or "/"
    return "/"


# -- the static host ----------------------------------------------------------------------


def read_rules(site: Path) -> dict[str, tuple[int, str]]:
    """``_redirects``: decoded source path -> (status, target); splats and rewrites skipped."""
    path = site / "_redirects"
    rules: dict[str, tuple[int, str]] = {}
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    lines = text.splitlines()
    for line in lines:
        fields = line.split()
        if len(fields) < 2 or fields[0].startswith("#") or "*" in fields[0]:
            continue
        status = fields[2].rstrip("!") if len(fields) > 2 else "301"
        if status.isdigit() and int(status) in REDIRECTS:
            rules.setdefault(unquote(fields[0]), (int(status), fields[1]))
    return rules


class Host(SimpleHTTPRequestHandler):
    """One request to the built site: ``_redirects`` first, then files under the base path."""

    server: Server

    def send_head(self) -> Any:
        rule = self.server.rules.get(unquote(urlsplit(self.path).path))
        if rule is None:
            return super().send_head()
        self.send_response(rule[0])
        self.send_header("Location", rule[1])
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def translate_path(self, path: str) -> str:
        """Files exist only under the base path, as on the web."""
        base = self.server.base
        path = urlsplit(path).path
        if path + "/" == base:  # the site's folder without its slash: redirected to it
            return super().translate_path("/")
        if not path.startswith(base):
            return str(Path(self.directory) / ".chapbook-outside-the-site" / "missing")
        return super().translate_path("/" + path[len(base) :])

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the check reports what failed, not every request."""


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Path, base: str) -> None:
        super().__init__(("127.0.0.1", 0), partial(Host, directory=str(site)))
        self.base = base
        self.rules = read_rules(site)


@contextlib.contextmanager
def serving(site: Path, base: str) -> Iterator[int]:
    """The site served on 127.0.0.1 in a thread, for the ``with`` block; yields the port."""
    server = Server(site, base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- following one address ----------------------------------------------------------------


class _Refresh(HTMLParser):
    """Finds ``<meta http-equiv="refresh" content="0; url=...">``."""

    def __init__(self) -> None:
        super().__init__()
        self.target: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            _, _, rest = values.get("content", "").partition(";")
            name, _, url = rest.strip().partition("=")
            if name.strip().lower() == "url" and self.target is None:
                self.target = url.strip().strip("'\"")


def meta_refresh(body: bytes) -> str | None:
    """The URL a page's meta refresh goes to, or ``None``."""
    head = body[: body.find(b"</head>")] if b"</head>" in body else body[:65536]
    parser = _Refresh()
    parser.feed(head.decode("utf-8", errors="replace"))
    return parser.target


def follow(port: int, path: str) -> str | None:
    """Why ``path`` does not end at a page answering 200 (the answers on the way), or ``None``."""
    steps: list[str] = []
    seen: set[str] = set()
    with contextlib.closing(http.client.HTTPConnection("127.0.0.1", port, timeout=30)) as conn:
        while len(steps) < MAX_STEPS and path not in seen:
            seen.add(path)
            answer, via = _step(conn, path)
            if via is None:
                return None if answer == "200" else " -> ".join([*steps, answer])
            target = _local(urljoin(path, via), port)
            if target is None:
                return " -> ".join([*steps, f"{answer} to {via}, off the site"])
            steps.append(f"{answer} {target}")
            path = target
    why = "a redirect loop" if path in seen else f"more than {MAX_STEPS} redirects"
    return " -> ".join([*steps, why])


def _step(connection: http.client.HTTPConnection, path: str) -> tuple[str, str | None]:
    """One request: its answer (``200``, ``404``, ``301``, ``meta refresh``), and where it
    sends the reader next, if anywhere."""
    status, location, body = _get(connection, path)
    if status in REDIRECTS and location:
        return str(status), location
    refresh = meta_refresh(body) if status == 200 and body else None
    return ("meta refresh", refresh) if refresh else (str(status), None)


def _get(connection: http.client.HTTPConnection, path: str) -> tuple[int, str, bytes]:
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    is_html = "html" in (response.getheader("Content-Type") or "")
    return response.status, response.getheader("Location") or "", body if is_html else b""


def _local(url: str, port: int) -> str | None:
    """A redirect's target as a path on the local server; ``None`` if it leaves the site."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != f"127.0.0.1:{port}":
        return None
    return quote(parts.path or "/", safe=PATH_SAFE) + (f"?{parts.query}" if parts.query else "")


# -- the check ----------------------------------------------------------------------------


def check(site: Path, urls: list[str], *, base: str | None = None) -> list[tuple[str, str]]:
    """``(url, why)`` for each URL of ``urls`` that the built ``site`` does not answer."""
    base = base or site_base(site)
    failures = []
    with serving(site, base) as port:
        for url in urls:
            problem = follow(port, request_path(url))
            if problem is not None:
                failures.append((url, problem))
    return failures


def main(argv: list[str] | None = None) -> int:
    """``python -m chapbook.deploycheck`` / ``make check-links``: 0 all answer, 1 some do not,
    2 no check."""
    return run(_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """The check, from parsed arguments (``chapbook check-links`` parses them itself)."""
    site, listing = Path(args.site), Path(args.urls)
    if not (site / "index.html").is_file():
        print(
            f"check-links: {site} is not a built site (no index.html); run make html",
            file=sys.stderr,
        )
        return 2
    try:
        urls = read_list(listing)
    except (OSError, UnicodeDecodeError, ET.ParseError) as err:
        print(f"check-links: cannot read the list {listing}: {err}", file=sys.stderr)
        return 2
    base = f"/{args.base.strip('/')}/".replace("//", "/") if args.base is not None else None
    failures = check(site, urls, base=base)
    for url, problem in failures:
        print(f"{url}: {problem}")
    answered, verb = len(urls) - len(failures), "does" if len(failures) == 1 else "do"
    print(f"{answered} of {len(urls)} old addresses answer; {len(failures)} {verb} not")
    return 1 if failures else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="check-links", description="Request every old URL of a list from the built site."
    )
    add_arguments(parser)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("site", help="the built site (_build/html)")
    parser.add_argument("urls", help="one old URL or path a line, or the old site's sitemap.xml")
    parser.add_argument(
        "--base", help="the path the site is served under (default: from its sitemap)"
    )


if __name__ == "__main__":
    sys.exit(main())
