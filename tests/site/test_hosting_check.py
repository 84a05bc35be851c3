"""The deploy check (``chapbook.deploycheck``): every old URL answers, or is reported.

It serves a built site on the loopback interface as a static host does
(``_redirects`` rules first, a folder without its slash redirected, a missing
file a 404), follows meta-refresh pages as a browser does, and prints each old
URL that does not end at a page answering 200.  Tried here on hand-made sites
(each rule on its own), on a generated blog moved from another generator with
99 old URLs of which 3 are gone, on the fixture blog, and on a site built for
a path (``/blog/``), where root addresses fail as they would on the web.
"""

from __future__ import annotations

import http.client
import importlib.util
import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest

from chapbook import deploycheck
from chapbook.deploycheck import check, follow, main, read_list, request_path, serving
from chapbook.model.names import slugify
from tests.helpers import ROOT, build_site, checkout_env

if TYPE_CHECKING:
    from pathlib import Path

OLD = "https://oldblog.example.com"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
REFRESH = '<html><head><meta http-equiv="refresh" content="0; url={}"></head></html>'
RULES = """\
# rules as Netlify and Cloudflare Pages read them
/old/ /page/ 301
/loop-a /loop-b 301
/loop-b /loop-a 301
/away https://elsewhere.example/ 301
/to-missing /gone/ 301
/temporary /page/ 302
/news/* /page/ 301
/caf%C3%A9/ /page/ 301
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A hand-made built site: a page, redirect pages, ``_redirects``."""
    root = tmp_path / "html"
    (root / "page").mkdir(parents=True)
    (root / "index.html").write_text("<html><head></head><body>Home</body></html>")
    (root / "page" / "index.html").write_text("<html><head></head><body>A page</body></html>")
    (root / "moved.html").write_text(REFRESH.format("page/"))
    (root / "refresh-missing.html").write_text(REFRESH.format("gone/"))
    (root / "_redirects").write_text(RULES)
    return root


def get(port: int, path: str) -> tuple[int, str | None]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location")


# -- the local host -------------------------------------------------------------------------


def test_the_host_answers_as_a_static_host(site: Path) -> None:
    with serving(site, "/") as port:
        assert get(port, "/old/") == (301, "/page/")  # a rule, first
        assert get(port, "/temporary") == (302, "/page/")
        assert get(port, "/caf%C3%A9/") == (301, "/page/")  # matched decoded
        assert get(port, "/page") == (301, "/page/")  # a folder without its slash
        assert get(port, "/page/") == (200, None)
        assert get(port, "/news/x") == (404, None)  # splats are not served
        assert get(port, "/nothing/") == (404, None)


def test_a_site_under_a_path_is_served_only_there(site: Path) -> None:
    with serving(site, "/blog/") as port:
        assert get(port, "/blog/page/") == (200, None)
        assert get(port, "/blog") == (301, "/blog/")
        assert get(port, "/page/") == (404, None)
        assert get(port, "/") == (404, None)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/old/", None),
        ("/page", None),
        ("/moved.html", None),
        ("/refresh-missing.html", "meta refresh /gone/ -> 404"),
        ("/to-missing", "301 /gone/ -> 404"),
        ("/loop-a", "301 /loop-b -> 301 /loop-a -> a redirect loop"),
        ("/away", "301 to https://elsewhere.example/, off the site"),
        ("/news/x", "404"),
    ],
)
def test_each_address_is_followed_to_its_end(site: Path, path: str, problem: str | None) -> None:
    with serving(site, "/") as port:
        assert follow(port, path) == problem


@pytest.mark.parametrize(
    ("url", "path"),
    [
        (f"{OLD}/2019/01/post/", "/2019/01/post/"),  # the old domain: only its path
        ("/tags/deep learning/", "/tags/deep%20learning/"),
        ("tags/deep%20learning/", "/tags/deep%20learning/"),  # encoded once, not twice
        (f"{OLD}/café/?page=2", "/caf%C3%A9/?page=2"),
        (OLD, "/"),
    ],
)
def test_an_old_url_is_asked_for_by_its_path(url: str, path: str) -> None:
    assert request_path(url) == path


def test_the_list_is_lines_or_a_sitemap(tmp_path: Path) -> None:
    listing = tmp_path / "old-urls.txt"
    listing.write_text(f"# the old site\n\n{OLD}/a/\n  /b  \n", encoding="utf-8")
    assert read_list(listing) == [f"{OLD}/a/", "/b"]
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{OLD}/a/</loc></url><url><loc> {OLD}/b/ </loc></url></urlset>"
    )
    assert read_list(sitemap) == [f"{OLD}/a/", f"{OLD}/b/"]


# -- the command ----------------------------------------------------------------------------


def test_main_reports_what_does_not_answer(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "old-urls.txt"
    listing.write_text(f"{OLD}/old/\n/moved.html\n/to-missing\n")
    assert main([str(site), str(listing)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "/to-missing: 301 /gone/ -> 404",
        "2 of 3 old addresses answer; 1 does not",
    ]
    listing.write_text("/old/\n")
    assert main([str(site), str(listing)]) == 0
    assert capsys.readouterr().out == "1 of 1 old addresses answer; 0 do not\n"


def test_main_serves_the_site_under_the_path_given(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "old-urls.txt"
    listing.write_text("/blog/page/\n/page/\n")
    assert main([str(site), str(listing), "--base", "blog"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "/page/: 404",
        "1 of 2 old addresses answer; 1 does not",
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            "no-site",
            "check-links: {tmp}/nowhere is not a built site (no index.html); run make html",
        ),
        ("no-list", "check-links: cannot read the list {tmp}/missing.txt: [Errno 2] No such file"),
        ("bad-xml", "check-links: cannot read the list {tmp}/bad.xml: mismatched tag"),
    ],
)
def test_main_explains_why_it_cannot_check(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str, message: str
) -> None:
    (tmp_path / "bad.xml").write_text("<urlset><url></urlset>")
    arguments = {
        "no-site": [str(tmp_path / "nowhere"), str(tmp_path / "bad.xml")],
        "no-list": [str(site), str(tmp_path / "missing.txt")],
        "bad-xml": [str(site), str(tmp_path / "bad.xml")],
    }[make]
    assert main(arguments) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message.format(tmp=tmp_path))
    assert "Traceback" not in captured.err


def test_make_check_links_runs_the_module() -> None:
    result = subprocess.run(
        # No "Entering directory" lines when the suite itself runs under make (make test).
        ["make", "--no-print-directory", "-n", "check-links", "URLS=old-urls.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ".venv/bin/chapbook build html \n" in result.stdout  # built first, as make html
    assert result.stdout.rstrip().endswith(
        ".venv/bin/python -m chapbook.deploycheck _build/html old-urls.txt"
    )
    without = subprocess.run(
        ["make", "--no-print-directory", "-n", "check-links"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert without.returncode == 2 and without.stdout == ""  # nothing is built first
    assert "make check-links needs URLS=old-urls.txt" in without.stderr


# -- a generated blog, moved from another generator -----------------------------------------

#: Addresses the moved blog never had: each must be reported, and nothing else.
MISSING = [
    f"{OLD}/2018/05/a-post-never-moved/",
    "/index.xml",
    f"{OLD}/tags/a tag nobody used/",
]


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def front_matter(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.removeprefix("---\n").partition("\n---\n")
    return head, body


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A 40-post blog from ``generate.py --old-site``, five posts with an old address
    (``aliases``), built as ``make html`` builds; and 96 of the old site's URLs."""
    work = tmp_path_factory.mktemp("moved")
    docs = work / "docs"
    load_generator().generate(docs, 40, seed=7, old_site=True)
    posts = sorted(docs.glob("*/index.md"))
    old: list[str] = []
    for number, path in enumerate(posts):
        slug = path.parent.name
        head, body = front_matter(path)
        if number % 8 == 0:  # the old generator's dated address
            alias = f"/{2015 + number // 8}/0{1 + number % 9}/{slug}.html"
            path.write_text(f"---\naliases: [{alias}]\n{head}\n---\n{body}", encoding="utf-8")
            old.append(OLD + alias)
        # Every post, as the old site's sitemap listed it, half without the slash.
        old.append(f"{OLD}/{slug}/" if number % 2 else f"/{slug}")
        for tag in json.loads(re.search(r"^tags: (.*)$", head, re.M).group(1)):
            # Tag pages, spaces and all; not those whose old address Chapbook does not keep
            # (``C++`` is ``/tags/c/``, ``📚`` is ``/tags/u1f4da/``: the check reports them).
            if " " in tag or slugify(tag) == tag.lower():
                old.append(f"{OLD}/tags/{tag.lower()}/")
    result = build_site(docs, work / "out", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    site = work / "out" / "html"
    old += [f"{OLD}/{name}" for name in ("rss.xml", "feed.xml", "atom.xml", "sitemap.xml")]
    # The old site's /page/N/: 15 posts a page, as Chapbook pages them (2 and 3 of 40 posts).
    old += [f"{OLD}/page/{n}/" for n in (2, 3)] + [f"{OLD}/", f"{OLD}/tags/"]
    old = list(dict.fromkeys(old))
    assert len(old) >= 96, len(old)
    return site, old[:96]


def test_a_moved_blog_reports_exactly_the_missing_addresses(
    moved: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, old = moved
    urls = old[:30] + MISSING[:1] + old[30:60] + MISSING[1:2] + old[60:] + MISSING[2:]
    assert len(urls) == 99
    listing = tmp_path / "old-urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    assert main([str(site), str(listing)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{MISSING[0]}: 404",
        f"{MISSING[1]}: 404",
        f"{MISSING[2]}: 404",
        "96 of 99 old addresses answer; 3 do not",
    ]


def test_the_moved_blogs_redirects_are_real(moved: tuple[Path, list[str]]) -> None:
    """Aliases and spaced tags answer with a 301 from ``_redirects``, not only a meta refresh."""
    site, old = moved
    redirected = [url for url in old if url.endswith(".html") or "%20" in request_path(url)]
    assert len(redirected) >= 10
    with serving(site, "/") as port:
        for url in redirected:
            path = request_path(url)
            status, location = get(port, path)
            assert status == 301, url
            assert get(port, location) == (200, None), url


# -- the fixture blog, and a site under a path ------------------------------------------------


def test_the_blog_answers_its_own_addresses(blog_site: Path, tmp_path: Path) -> None:
    """The fixture blog as ``make html`` builds it: its sitemap, its redirect pages (aliases,
    spaced tags) and feeds answer; three addresses it never had are reported."""
    urls = [loc.text for loc in ET.parse(blog_site / "sitemap.xml").iter(f"{SITEMAP_NS}loc")]
    base = min(urls, key=len)
    redirects = [
        quote(str(path.relative_to(blog_site)).removesuffix("index.html"))
        for path in blog_site.rglob("*.html")
        if "http-equiv" in path.read_text(encoding="utf-8")[:400]
    ]
    assert len(redirects) >= 2  # its aliases
    urls += [base + path for path in redirects] + [base + "rss.xml", base + "atom.xml"]
    missing = [base + "no-such-post/", "/2019/01/old-slug/", base + "tags/no such tag/"]
    listing = tmp_path / "old-urls.txt"
    listing.write_text("\n".join(urls + missing) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "chapbook.deploycheck", str(blog_site), str(listing)],
        capture_output=True,
        text=True,
        check=False,
        env=checkout_env(),
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        *(f"{url}: 404" for url in missing),
        f"{len(urls)} of {len(urls) + 3} old addresses answer; 3 do not",
    ]
    assert result.stderr == ""


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_a_site_under_a_path_answers_only_there(app, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built for ``https://example.org/blog/``: served there, its old addresses answer under
    ``/blog/``; at the root (Read the Docs' prefix the other way round) none does."""
    monkeypatch.delenv("READTHEDOCS", raising=False)
    app.build()
    assert deploycheck.site_base(app.outdir) == "/blog/"
    paths = ["2019/01/first/", "old-first.html", "second", "café/", "tags/deep learning/"]
    assert check(app.outdir, [f"https://example.org/blog/{p}" for p in paths]) == []
    at_root = check(app.outdir, [f"https://example.org/{p}" for p in paths])
    assert [problem for _, problem in at_root] == ["404"] * len(paths)
