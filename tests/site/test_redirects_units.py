"""Redirect pages and ``_redirects`` (``chapbook.site.redirects``), one function at a time.

The whole-site tests (``test_hosting.py``, ``test_seo.py``) check that old
addresses answer; these pin each step to its exact result: the page's every
byte, where an alias is written, which paths are refused and with which words,
the line a warning names.  Functions are called directly where they need no
build; the rest run on small roots built in the test's own folder.
"""

from __future__ import annotations

import errno
import shutil
from types import MethodType, SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder

from chapbook.site import output, redirects
from tests.helpers import warnings_of

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.fixture(autouse=True)
def no_rtd(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that is not on Read the Docs, whatever runs the tests."""
    for name in ("READTHEDOCS", "READTHEDOCS_CANONICAL_URL", "READTHEDOCS_VERSION"):
        monkeypatch.delenv(name, raising=False)


def site(language: str | None) -> SimpleNamespace:
    return SimpleNamespace(config=SimpleNamespace(language=language))


def page(title: str, target: str, canonical: str, *, lang: str = "en", moved: str = "Moved: ",
         body: str = "This page has moved to {}.") -> str:  # fmt: skip
    """A redirect page as it must be, every value already escaped."""
    link = f'<a href="{target}">{title}</a>'
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{moved}{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f"<p>{body.format(link)}</p>\n</body>\n</html>\n"
    )


def reset_warnings(app: SphinxTestApp) -> None:
    app.warning.seek(0)
    app.warning.truncate()


# -- the page ----------------------------------------------------------------------------


def test_the_page_escapes_every_value() -> None:
    html = redirects.page_html(site(None), 'Tom & "Jerry" <3', "../a&b/", "https://x.org/a&b/")
    assert html == page(
        "Tom &amp; &quot;Jerry&quot; &lt;3", "../a&amp;b/", "https://x.org/a&amp;b/"
    )


def test_the_page_is_in_the_sites_language() -> None:
    html = redirects.page_html(site("de-CH"), "Post", "../post/", "../post/")
    assert html == page("Post", "../post/", "../post/", lang="de-CH")


def test_translated_words_are_escaped_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translation's apostrophes and quotes stay as written (text, not an attribute);
    its ``&`` and ``<`` are escaped; the title inside it is escaped as everywhere."""
    words = {
        "Moved: {title}": 'Déplacé d\'ici "vite" & <bien> : {title}',
        "This page has moved to {link}.": 'L\'article "{link}" & <co>.',
    }
    monkeypatch.setattr(redirects, "_", words.__getitem__)
    html = redirects.page_html(site("fr"), "L'été", "../ete/", "https://x.org/ete/")
    assert html == page(
        "L&#x27;été",
        "../ete/",
        "https://x.org/ete/",
        lang="fr",
        moved='Déplacé d\'ici "vite" &amp; &lt;bien&gt; : ',
        body='L\'article "{}" &amp; &lt;co&gt;.',
    )


# -- where an alias is written ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "path"),
    [
        ("/2019/01/first/", "2019/01/first/index.html"),
        ("/second", "second/index.html"),
        ("/old-first.html", "old-first.html"),
        ("/old-first.htm", "old-first.htm"),
        ("/caf%C3%A9/", "café/index.html"),
        ("/Xmas/", "Xmas/index.html"),  # only slashes are stripped
        ("/a?b?c", "a/index.html"),  # the query starts at the first "?"
        ("/a#b#c", "a/index.html"),  # the fragment at the first "#"
        ("/a?q=1#frag", "a/index.html"),
        ("/a#frag?q", "a/index.html"),
    ],
)
def test_output_path_of_an_alias(alias: str, path: str) -> None:
    assert redirects._output_path(alias) == path


@pytest.mark.parametrize(
    ("relative", "inside"),
    [
        ("a/index.html", True),
        ("", False),
        ("a/../b/index.html", False),  # inside once resolved, refused all the same
        ("../x/index.html", False),
        ("link/index.html", False),  # a symbolic link out of the folder
        ("XX.XX/XXXX/index.html", True),  # any other name (mutation testing's too)
    ],
)
def test_only_paths_inside_the_output_folder(tmp_path: Path, relative: str, inside: bool) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (outdir / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert redirects._inside(outdir, relative) is inside


# -- what a redirect page may not replace ------------------------------------------------------


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """An output folder with a page, a file, a folder named like a page, and a redirect page."""
    out = tmp_path / "out"
    (out / "about").mkdir(parents=True)
    (out / "about" / "index.html").write_text("<!DOCTYPE html>\n<html>a page</html>\n")
    (out / "feed").write_text("a file")
    (out / "folder.html").mkdir()
    (out / "old").mkdir()
    html = redirects.page_html(site(None), "Post", "../post/", "../post/")
    (out / "old" / "index.html").write_text(html)
    return out


@pytest.mark.parametrize(
    ("relative", "problem"),
    [
        ("new/index.html", "would replace a page or leave the site"),  # a page of this build
        ("../x/index.html", "would replace a page or leave the site"),
        ("_static/x/index.html", "is in a folder the site writes itself"),
        (".well-known/index.html", "is in a folder the site writes itself"),
        ("feed/index.html", "would need a folder where the site writes the file 'feed'"),
        ("about/index.html", "would replace a file the site writes"),
        ("folder.html", "would replace a file the site writes"),
        ("old/index.html", None),  # an earlier build's redirect page
        ("other/index.html", None),
    ],
)
def test_clash(outdir: Path, relative: str, problem: str | None) -> None:
    assert redirects.clash(outdir, relative, {"new/index.html"}) == problem


IGNORING = "where case and Unicode normalisation are ignored (macOS, Windows, some hosts)"


@pytest.mark.parametrize(
    ("relative", "problem"),
    [
        ("NEW/index.html", f"would be the page /new/index.html {IGNORING}"),
        ("new/INDEX.HTML", f"would be the page /new/index.html {IGNORING}"),
        ("cafe\u0301/index.html", f"would be the page /caf\u00e9/index.html {IGNORING}"),
        ("About/index.html", f"would be the file /about/index.html {IGNORING}"),
        ("Folder.HTML", f"would be the file /folder.html {IGNORING}"),
        ("FEED/index.html", "would need a folder where the site writes the file 'feed'"),
        ("About/index.html/x/index.html",
         "would need a folder where the site writes the file 'about/index.html'"),
        ("OLD/index.html", None),  # an earlier build's redirect page, in another spelling
        ("About/older/index.html", None),  # inside the page's folder, beside it: no page
        ("news/index.html", None),
    ],
)  # fmt: skip
def test_clash_in_another_spelling(outdir: Path, relative: str, problem: str | None) -> None:
    """What is in the way is found under any spelling of its name, folder by folder."""
    (outdir / "caf\u00e9").mkdir()
    (outdir / "caf\u00e9" / "index.html").write_text("a page")
    pages = {"new/index.html", "caf\u00e9/index.html"}
    assert redirects.clash(outdir, relative, pages) == problem


def test_the_listing_learns_what_is_written(outdir: Path) -> None:
    listing = redirects.Listing(outdir)
    assert listing.spelt("", "OLD") == ["old"]
    assert listing.spelt("", "Later") == []
    (outdir / "later").mkdir()
    (outdir / "later" / "index.html").write_text("a redirect page")
    listing.add("later/index.html")
    assert listing.spelt("", "LATER") == ["later"]
    assert listing.spelt("later", "INDEX.html") == ["later/index.html"]
    listing.add("later/index.html")  # written twice (two spellings, one file): listed once
    assert listing.spelt("", "later") == ["later"]
    assert listing.spelt("missing", "x") == []


def test_two_spellings_of_one_redirect_must_lead_to_one_page() -> None:
    targets = {"old/index.html": "moved", "tags/deep learning/index.html": "tags/deep-learning"}
    assert redirects._other_redirect("Old/index.html", "moved", targets) is None
    assert redirects._other_redirect("OLD/Index.html", "other", targets) == (
        f"would be another redirect page (to moved) {IGNORING}"
    )
    assert redirects._other_redirect("new/index.html", "other", targets) is None


DOCS = ("index", "a", "b/index", "c/d", "c/d/index", "e/index/f", "index/g")


@pytest.mark.parametrize("builder_class", [StandaloneHTMLBuilder, DirectoryHTMLBuilder])
def test_pages_among_paths_are_those_the_builder_writes_a_document_at(
    tmp_path: Path, builder_class: type
) -> None:
    builder = SimpleNamespace(outdir=tmp_path, out_suffix=".html")
    builder.get_output_path = MethodType(builder_class.get_output_path, builder)
    app = SimpleNamespace(builder=builder, env=SimpleNamespace(all_docs=dict.fromkeys(DOCS)))
    pages = {builder.get_output_path(d).relative_to(tmp_path).as_posix() for d in DOCS}
    others = {"x/index.html", "a/index/index.html", "c.html", "index/index.html", "d/index.htm"}
    others |= {"b.html", "b/index/index.html", "c/d.htm", "e/index.html", "index/g.html"}
    assert redirects.pages_among(app, pages | others) == pages  # type: ignore[arg-type]
    assert redirects.pages_among(app, others - pages) == set()  # type: ignore[arg-type]
    # Any spelling of a page's path finds the page, by the path it is written at.
    spelt = {path.upper() for path in pages}
    assert redirects.pages_among(app, spelt) == pages  # type: ignore[arg-type]
    assert redirects.pages_among(app, set()) == set()  # type: ignore[arg-type]
    app.env.all_docs = {"caf\u00e9": None, "Na\u00efve/index": None}
    nfd = {"cafe\u0301/index.html", "cafe\u0301.html", "nai\u0308ve/index.html", "NA\u00cfVE.html"}
    expected = {
        builder.get_output_path(d).relative_to(tmp_path).as_posix() for d in app.env.all_docs
    }
    assert redirects.pages_among(app, nfd) == expected  # type: ignore[arg-type]


def test_a_redirect_page_is_known_by_its_first_8_kib(tmp_path: Path) -> None:
    head = redirects.HEAD.encode() + b'en">\n'
    marks = redirects.MARKS[0] + b'../x/">\n' + redirects.MARKS[1]
    path = tmp_path / "page.html"
    path.write_bytes(head + b" " * (8192 - len(head) - len(marks)) + marks + b"\n</html>")
    assert redirects._is_redirect(path) is True
    path.write_bytes(head + b" " * (8193 - len(head) - len(marks)) + marks + b"\n</html>")
    assert redirects._is_redirect(path) is False


@pytest.mark.parametrize(
    "content",
    [
        redirects.HEAD.encode() + b'en">\n<body>A page of the site.</body></html>',
        b"<!DOCTYPE html>\n<html>" + redirects.MARKS[0] + b'x">' + redirects.MARKS[1],
    ],
    ids=["head-only", "marks-only"],
)
def test_a_file_is_a_redirect_page_only_with_its_head_and_marks(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    assert redirects._is_redirect(path) is False
    assert redirects._is_redirect(tmp_path) is False  # a folder
    assert redirects._is_redirect(tmp_path / "missing.html") is False


# -- spaced tag URLs ---------------------------------------------------------------------------


def test_tag_redirects_skip_names_that_cannot_be_a_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    tags = {
        "deep-learning": SimpleNamespace(name="Deep Learning", docname="tags/deep-learning"),
        "a-b-c": SimpleNamespace(name="a/b c", docname="tags/a-b-c"),
        "hidden-tag": SimpleNamespace(name=".hidden tag", docname="tags/hidden-tag"),
        "plain": SimpleNamespace(name="plain", docname="tags/plain"),
        "ai": SimpleNamespace(name="AI", docname="tags/ai"),  # only the case differs: none
        # Only the Unicode form differs (NFD, as macOS may write it), or both: none.
        "caf\u00e9": SimpleNamespace(name="cafe\u0301", docname="tags/caf\u00e9"),
        "\u00fcber": SimpleNamespace(name="U\u0308ber", docname="tags/\u00fcber"),
        "c++": SimpleNamespace(name="C++", docname="tags/c"),
        "c#": SimpleNamespace(name="C#", docname="tags/c-2"),  # "#" ends the path: none
        "long": SimpleNamespace(name="t" * 256, docname="tags/ttt"),  # no such folder: none
    }
    monkeypatch.setattr(redirects, "state", lambda env: SimpleNamespace(tags=tags))
    config = SimpleNamespace(chapbook_tag_space_redirects=True, tags_output_dir="topics")
    app = SimpleNamespace(env=None, config=config)
    assert redirects.tag_redirects(app) == {
        "topics/deep learning/index.html": ("tags/deep-learning", "Deep Learning"),
        "topics/Deep Learning/index.html": ("tags/deep-learning", "Deep Learning"),
        "topics/c++/index.html": ("tags/c", "C++"),  # the old blog's address, symbols kept
    }
    config.chapbook_tag_space_redirects = False
    assert redirects.tag_redirects(app) == {}


def test_an_alias_wins_a_tags_old_address_in_any_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    tags = {
        "tags/deep learning/index.html": ("tags/deep-learning", "Deep Learning"),
        "tags/Deep Learning/index.html": ("tags/deep-learning", "Deep Learning"),
        "tags/c++/index.html": ("tags/c", "C++"),
    }
    aliases = {"TAGS/DEEP LEARNING/index.html": ("moved", "Moved")}
    monkeypatch.setattr(redirects, "tag_redirects", lambda app: tags)
    monkeypatch.setattr(redirects, "alias_redirects", lambda app: aliases)
    assert redirects.wanted(None) == {  # type: ignore[arg-type]
        "tags/c++/index.html": ("tags/c", "C++"),
        "TAGS/DEEP LEARNING/index.html": ("moved", "Moved"),
    }


# -- writing them, on small built sites -------------------------------------------------------

GUARDED = "moved.md:4: WARNING: redirect /{} would replace a page or leave the site; skipped [chapbook.redirect]"


@pytest.mark.sphinx("dirhtml", testroot="aliasclash", freshenv=True)
def test_each_refused_alias_warns_at_its_line_and_the_next_is_written(app) -> None:
    """Two refused aliases (a page of the site, a path leaving it), sorted before the
    harmless one: both warn at the line of ``aliases``, and the third is still written."""
    app.build()
    assert warnings_of(app) == [
        GUARDED.format("a?/../../escape/index.html"),
        GUARDED.format("about/index.html"),
    ]
    assert "http-equiv" not in (app.outdir / "about" / "index.html").read_text()
    assert (app.outdir / "old-moved" / "index.html").read_text() == page(
        "Moved post", "../moved/", "https://blog.example.com/moved/"
    )
    assert (app.outdir / "_redirects").read_text() == (
        redirects.HOST_HEADER + "/old-moved/ /moved/ 301\n"
    )


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True,
                    confoverrides={"html_baseurl": ""})  # fmt: skip
def test_without_a_base_url_the_canonical_link_is_the_relative_target(app) -> None:
    app.build()
    assert (app.outdir / "second" / "index.html").read_text() == page(
        "Second &amp; last", "../posts/second/", "../posts/second/"
    )


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_a_failed_build_writes_no_redirect(app) -> None:
    app.build()
    (app.outdir / "second" / "index.html").unlink()
    (app.outdir / "_redirects").unlink()
    redirects.write_redirects(app, RuntimeError("the build failed"))
    assert not (app.outdir / "second" / "index.html").exists()
    assert not (app.outdir / "_redirects").exists()


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_a_tag_redirect_that_clashes_warns_at_the_tag_page(app) -> None:
    app.build()
    (app.outdir / "tags" / "deep learning" / "index.html").write_text("the site's own")
    reset_warnings(app)
    redirects.write_redirects(app, None)
    assert warnings_of(app) == [
        "tags/deep-learning.rst:1: WARNING: redirect /tags/deep learning/index.html would "
        "replace a file the site writes; skipped [chapbook.redirect]"
    ]


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_a_redirect_the_file_system_refuses_warns_and_the_rest_are_written(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.build()
    shutil.rmtree(app.outdir / "2019")
    (app.outdir / "second" / "index.html").unlink()
    write = output.write_if_changed

    def refusing(path: Path, data: bytes) -> None:
        if "2019" in str(path):
            raise OSError(errno.ENAMETOOLONG, "File name too long")
        write(path, data)

    monkeypatch.setattr(output, "write_if_changed", refusing)
    reset_warnings(app)
    redirects.write_redirects(app, None)
    assert warnings_of(app) == [
        "posts/first.md:5: WARNING: redirect /2019/01/first/index.html cannot be written "
        "(File name too long); skipped [chapbook.redirect]"
    ]
    assert not (app.outdir / "2019").exists()
    # Written after the refused one (sorted), and absent from _redirects only that one.
    assert (app.outdir / "second" / "index.html").is_file()
    rules = (app.outdir / "_redirects").read_text().splitlines()[1:]
    assert [rule.split()[0] for rule in rules] == [
        "/blog/caf%C3%A9/",
        "/blog/old-first.html",
        "/blog/second/",
        "/blog/tags/Tech%20Companies/",
        "/blog/tags/deep%20learning/",
        "/blog/tags/tech%20companies/",
    ]


@pytest.mark.sphinx("dirhtml", testroot="hosting", freshenv=True)
def test_the_sites_own_redirects_file_replacing_chapbooks_is_kept(app) -> None:
    """An earlier build wrote Chapbook's ``_redirects``; now the site copies its own there:
    it is neither replaced nor deleted as a file Chapbook no longer writes."""
    app.build()
    own = "/news/* /blog/:splat 301\n"
    (app.outdir / "_redirects").write_text(own)
    reset_warnings(app)
    redirects.write_redirects(app, None)
    assert (app.outdir / "_redirects").read_text() == own
    assert warnings_of(app) == [
        "WARNING: _redirects in the output is the site's own (html_extra_path): kept, without "
        "Chapbook's redirects; add them to it, or set chapbook_redirects_file = False "
        "[chapbook.redirect]"
    ]


def test_a_refused_redirect_of_a_post_without_an_aliases_line_warns_at_line_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A refused redirect to a post that has no ``aliases`` line (here a tag redirect,
    the post standing in for the tag page) warns at the post's first line."""
    said: list[tuple[str, object]] = []
    monkeypatch.setattr(redirects, "is_site_builder", lambda builder: True)
    monkeypatch.setattr(redirects, "wanted", lambda app: {
        "tags/deep learning/index.html": ("tags/deep-learning", "deep learning")})  # fmt: skip
    monkeypatch.setattr(redirects, "posts_of", lambda env: {
        "tags/deep-learning": SimpleNamespace(lines={"title": 2})})  # fmt: skip
    monkeypatch.setattr(
        redirects, "clash", lambda outdir, relative, pages, listing: "is in the way"
    )
    monkeypatch.setattr(redirects, "warn", lambda message, subtype, location: said.append(
        (message, location)))  # fmt: skip
    monkeypatch.setattr(redirects, "write_host_file", lambda app, pages: False)
    monkeypatch.setattr(output, "replace_files", lambda *args, **kwargs: None)
    app = SimpleNamespace(
        builder=SimpleNamespace(outdir=tmp_path, out_suffix=".html"),
        env=SimpleNamespace(all_docs={}),
    )
    redirects.write_redirects(app, None)  # type: ignore[arg-type]
    assert said == [("redirect /tags/deep learning/index.html is in the way; skipped",
                     ("tags/deep-learning", 1))]  # fmt: skip


def test_the_sites_own_redirects_file_counts_as_kept(tmp_path: Path) -> None:
    """Without redirects to add, the site's own ``_redirects`` stays: the output keeps one."""
    own = "/news/* /blog/:splat 301\n"
    (tmp_path / "_redirects").write_text(own)
    app = SimpleNamespace(builder=SimpleNamespace(outdir=tmp_path),
                          config=SimpleNamespace(chapbook_redirects_file=True))  # fmt: skip
    assert redirects.write_host_file(app, {}) is True  # type: ignore[arg-type]
    assert (tmp_path / "_redirects").read_text() == own


def test_setup_writes_redirects_after_every_other_output() -> None:
    """At ``build-finished``, priority 600: after the pages, feeds and 404 page (500),
    before the output record is closed (``output.finish``, 990)."""
    calls = []
    app = SimpleNamespace(connect=lambda *args, **kwargs: calls.append((args, kwargs)))
    assert redirects.setup(app) == {"parallel_read_safe": True, "parallel_write_safe": True}
    assert calls == [(("build-finished", redirects.write_redirects), {"priority": 600})]
