"""A generated blog in the real posts' format builds correctly, end to end."""

from __future__ import annotations

import importlib.util
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

import feedparser
from bs4 import BeautifulSoup

from tests.helpers import ROOT, build_site
from tests.sitecheck import check_site

if TYPE_CHECKING:
    from pathlib import Path

BASE = "https://chapbook.example.org/"  # html_baseurl of the site's conf.py


def load_generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_blog_builds_with_only_its_own_content_warnings(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    load_generator().generate(docs, 60, seed=7, broken=True)
    result = build_site(docs, tmp_path)
    out = tmp_path / "html"
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    # The generator plants a few links to a page that never existed; nothing else warns.
    assert warnings
    for line in warnings:
        assert re.fullmatch(
            r".*\.md:\d+: WARNING: link target '/never-existed' matches no page \[chapbook\.link\]",
            line,
        ), line
    assert check_site(docs, out) == []
    tag_pages = list((out / "tags").glob("*/index.html"))
    assert len(tag_pages) >= 30
    check_feeds(out)


def built_file(out: Path, url: str) -> Path:
    path = out / unquote(url[len(BASE) :].split("#", maxsplit=1)[0])
    return path / "index.html" if path.is_dir() else path


def check_feeds(out: Path) -> None:
    """The three feeds of the old blog: 30 newest posts in full, every URL a built file."""
    for name, version in (("rss.xml", "rss20"), ("feed.xml", "rss20"), ("atom.xml", "atom10")):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo and feed.version == version, name
        assert len(feed.entries) == 30
        dates = [entry.published_parsed for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)
        for entry in feed.entries:
            assert built_file(out, entry.link).is_file(), entry.link
            body = BeautifulSoup(entry.content[0].value, "lxml")
            assert len(body.get_text().split()) > 500  # the full post, not a summary
            # Links the build reported as broken are the blog's own problem; all
            # others must reach a built file.
            links = body.select("a[href]:not(.chapbook-broken)")
            urls = [a["href"] for a in links] + [img["src"] for img in body.find_all("img")]
            for url in urls:
                assert url.startswith(("http", "mailto:")), url  # no relative URL in a feed
                if url.startswith(BASE):
                    assert built_file(out, url).is_file(), url
