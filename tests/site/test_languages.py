"""A site in French or German: Chapbook's words, dates and ``lang`` in the site's language.

The root ``test-lang`` is French (``language = "fr"``); German is the same root
with ``-D language=de``.  English is what every other test builds.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from sphinx.builders.html._assets import _file_checksum_inner

from tests.collecting.test_incremental import assert_same_tree, build, edit, tree
from tests.helpers import ROOT, ROOTS, epubcheck, page, require, warnings_of

# tools/translations.py: the one definition of which words the code uses.
_spec = importlib.util.spec_from_file_location("translations", ROOT / "tools/translations.py")
assert _spec is not None and _spec.loader is not None
translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translations)

LANG = ROOTS / "test-lang"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def text(node) -> str:
    return node.get_text(" ", strip=True).replace("\u00b6", "").replace("#", "").strip()


def heading(app, docname: str) -> str:
    return text(page(app, docname).select_one("article h1"))


def lang(app, docname: str) -> str:
    return page(app, docname).html["lang"]


def file_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


# -- a French site ------------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True)
def test_a_post_reads_french(app) -> None:
    app.build()
    assert warnings_of(app) == []
    soup = page(app, "premier")
    assert soup.html["lang"] == "fr"
    time = soup.select_one(".chapbook-post-meta time")
    assert (time.get_text(), time["datetime"]) == ("10 février 2026", "2026-02-10")
    assert soup.select_one(".chapbook-reading-time").get_text() == "1 min de lecture"
    assert soup.select_one(".chapbook-tags-intro").get_text() == "Étiquettes : "
    nav = soup.select_one("nav.chapbook-postnav")
    assert nav["aria-label"] == "Billets précédent et suivant"
    assert [label.get_text() for label in nav.select(".chapbook-label")] == [
        "Précédent : ",
        "Suivant : ",
    ]
    related = soup.select_one(".chapbook-related")
    assert related.select_one(".chapbook-label").get_text() == "À lire aussi"
    assert related.select_one("time").get_text() == "1 juillet 2025"
    assert related.select_one(".chapbook-continue a").get_text() == "Lire la suite"
    series = soup.select_one(".chapbook-series .chapbook-label")
    assert text(series) == "Série : Tour de France (partie 2 sur 2)"
    assert soup.select_one(".chapbook-current-label").get_text() == " (ce billet)"


@pytest.mark.sphinx(
    "dirhtml", testroot="lang", freshenv=True, confoverrides={"chapbook_sidebar": True}
)
def test_masthead_sidebar_and_footer_read_french(app) -> None:
    app.build()
    soup = page(app, "premier")
    masthead = soup.select_one(".chapbook-masthead")
    # The blog has no about page: the default link to one is left out.
    # Nor Popular: no post of this blog is popular yet.
    titles = [a.get_text() for a in masthead.select("nav a")]
    assert titles == ["Archives", "Étiquettes", "RSS"]
    assert masthead.select_one("nav")["aria-label"] == "Rubriques"
    assert masthead.select_one("noscript a").get_text() == "Rechercher"
    sidebar = soup.select_one("nav.chapbook-nav")
    titles = [a.get_text() for a in sidebar.select(".toctree-l1 > a")]
    assert titles == ["Accueil", "Archives", "Étiquettes"]
    assert soup.select_one(".chapbook-built-with").get_text() == "Fait avec Chapbook"


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True)
def test_generated_pages_read_french(app) -> None:
    app.build()
    expected = {
        "index": "Carnet",
        "archive": "Archives",
        "archive/2026": "Billets de 2026",
        "tags": "Toutes les étiquettes",
        "tags/voyage": "Étiquette : voyage",
        "series/tour-de-france": "Série : Tour de France",
        "popular": "Billets populaires",
        "tous/page/2": "Tous les billets (page 2)",
    }
    for docname, title in expected.items():
        assert (heading(app, docname), lang(app, docname)) == (title, "fr"), docname
    home = page(app, "index")
    assert [text(h) for h in home.select("article h2")] == ["Billets récents"]
    dates = [t.get_text() for t in home.select("article .chapbook-entry time")]
    assert dates == ["5 mars 2026", "10 février 2026", "1 juillet 2025"]
    year = page(app, "archive/2026").select("article .chapbook-entry time")
    assert [t.get_text() for t in year] == ["5 mars 2026", "10 février 2026"]
    empty = page(app, "popular").select_one(".chapbook-empty").get_text()
    assert empty == "Aucun billet pour l'instant."
    pager = page(app, "tous/page/2").select_one(".chapbook-pager")
    assert [a.get_text() for a in pager.select("a")] == [
        "\u2190 Billets plus récents",
        "Billets plus anciens \u2192",
    ]
    assert pager.select_one(".chapbook-page-number").get_text() == "Page 2 sur 3"


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True)
def test_error_and_redirect_pages_read_french(app) -> None:
    app.build()
    out = Path(app.outdir)
    error = file_soup(out / "404.html")
    assert error.html["lang"] == "fr"
    assert error.title.get_text().startswith("Page introuvable")
    assert text(error.select_one("article h1")) == "Page introuvable"
    assert "Désolé, nous n'avons pas trouvé" in error.select_one("article").get_text()
    moved = file_soup(out / "ancien-billet" / "index.html")
    assert moved.html["lang"] == "fr"
    assert moved.title.get_text() == "Déplacé : Premier billet"
    body = moved.select_one("body p")
    assert body.get_text() == "Cette page a été déplacée à l'adresse Premier billet."
    assert body.a["href"] == "../premier/"


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True)
def test_feeds_say_their_language(app) -> None:
    app.build()
    out = Path(app.outdir)
    atom = etree.parse(out / "atom.xml").getroot()
    assert atom.get(XML_LANG) == "fr"
    assert etree.parse(out / "rss.xml").findtext("channel/language") == "fr"
    tag = etree.parse(out / "tags" / "voyage" / "atom.xml").getroot()
    assert (tag.get(XML_LANG), tag.findtext(f"{ATOM}title")) == ("fr", "Carnet : voyage")
    head = page(app, "tags/voyage").select('link[type="application/atom+xml"]')
    assert "Carnet : voyage" in [link["title"] for link in head]


# -- German, English, and a site's own words ------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True, confoverrides={"language": "de"})
def test_a_german_site(app) -> None:
    app.build()
    soup = page(app, "premier")
    assert soup.html["lang"] == "de"
    assert soup.select_one(".chapbook-post-meta time").get_text() == "10. Februar 2026"
    assert soup.select_one(".chapbook-reading-time").get_text() == "1 Min. Lesezeit"
    assert soup.select_one(".chapbook-continue a").get_text() == "Weiterlesen"
    assert heading(app, "archive") == "Archiv"
    assert heading(app, "tags/voyage") == "Schlagwort: voyage"
    assert (
        (Path(app.outdir) / "ancien-billet/index.html")
        .read_text()
        .startswith('<!DOCTYPE html>\n<html lang="de">')
    )


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True, confoverrides={"language": "en"})
def test_english_reads_as_it_always_has(app) -> None:
    app.build()
    soup = page(app, "premier")
    assert soup.html["lang"] == "en"
    assert soup.select_one(".chapbook-post-meta time").get_text() == "February 10, 2026"
    assert soup.select_one(".chapbook-reading-time").get_text() == "1 min read"
    assert heading(app, "archive/2026") == "Posts from 2026"
    assert heading(app, "tags/voyage") == "Tag: voyage"
    moved = file_soup(Path(app.outdir) / "ancien-billet" / "index.html")
    assert moved.title.get_text() == "Moved: Premier billet"


OWN = {
    "chapbook_series_title": "Series: {name}",
    "chapbook_date_format": "%A %-d %B %Y",
    "chapbook_reading_time": "{minutes} min read",
    "chapbook_masthead_links": [("Archive", "/archive/")],
}


@pytest.mark.sphinx("dirhtml", testroot="lang", freshenv=True, confoverrides=OWN)
def test_a_sites_own_words_are_kept_as_written(app) -> None:
    """Only defaults are translated; a format's names (%A, %B) are in the language."""
    app.build()
    soup = page(app, "premier")
    assert soup.select_one(".chapbook-post-meta time").get_text() == "mardi 10 février 2026"
    assert soup.select_one(".chapbook-reading-time").get_text() == "1 min read"
    assert heading(app, "series/tour-de-france") == "Series: Tour de France"
    assert [a.get_text() for a in soup.select(".chapbook-masthead nav a")] == ["Archive"]


# -- changing the language: the next build is a clean build's ----------------------------


def build_anew(src: Path, builddir: Path, *, fresh: bool = False) -> Path:
    """``build``, as in a process of its own: Sphinx caches each static file's checksum
    (the ``?v=`` of ``documentation_options.js``, which holds the language) per process."""
    _file_checksum_inner.cache_clear()
    return build(src, builddir, fresh=fresh)


@pytest.mark.parametrize(("before", "after"), [("fr", "de"), ("en", "fr"), ("fr", "en")])
def test_changing_language_rebuilds_everything(before: str, after: str, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(LANG, src)
    edit(src / "conf.py", 'language = "fr"', f'language = "{before}"')
    first = tree(build_anew(src, tmp_path / "incremental"))
    edit(src / "conf.py", f'language = "{before}"', f'language = "{after}"')
    incremental = build_anew(src, tmp_path / "incremental")
    assert_same_tree(incremental, build_anew(src, tmp_path / "clean", fresh=True))
    # Every output in the language is written again: pages, feeds, redirect pages.
    changed = {name for name, data in tree(incremental).items() if first.get(name) != data}
    for name in ("premier/index.html", "atom.xml", "rss.xml", "ancien-billet/index.html"):
        assert name in changed


def test_parallel_build_reads_french_too(tmp_path: Path) -> None:
    """Worker processes translate as the main one does (the catalog is loaded before they fork)."""
    src = tmp_path / "src"
    shutil.copytree(LANG, src)
    serial = build_anew(src, tmp_path / "serial", fresh=True)
    parallel = build(src, tmp_path / "parallel", parallel=2, fresh=True)
    assert_same_tree(parallel, serial)
    assert "10 février 2026" in (parallel / "premier" / "index.html").read_text()


# -- the catalogs -------------------------------------------------------------------------


@pytest.mark.parametrize("po", translations.po_files(), ids=lambda p: p.parent.parent.name)
def test_compiled_catalog_is_the_po_compiled(po: Path) -> None:
    """The committed .mo is what ``tools/translations.py compile`` makes of the .po."""
    assert po.with_suffix(".mo").read_bytes() == translations.compiled(po)


def test_french_and_german_catalogs_are_shipped() -> None:
    found = {po.parent.parent.name for po in translations.po_files()}
    assert found >= {"fr", "de"}


@pytest.mark.parametrize("po", translations.po_files(), ids=lambda p: p.parent.parent.name)
def test_every_word_of_the_code_is_translated(po: Path) -> None:
    assert translations.missing(po) == []


PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.mark.parametrize("po", translations.po_files(), ids=lambda p: p.parent.parent.name)
def test_translations_keep_their_placeholders(po: Path) -> None:
    """A translation naming a field the code does not pass would stop the build."""
    for message in translations.read(po):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (message.id, string)


def test_the_extractor_finds_every_call() -> None:
    """Every ``_``/``ngettext`` call with a literal is seen by the extractor (one AST walk)."""
    found: set[str] = set()
    for path in (ROOT / "_ext" / "chapbook").rglob("*.py"):
        if "cli" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_", "N_", "ngettext"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in translations.extracted()}
    assert found - extracted == set()
    assert len(found) > 30


# -- the book ---------------------------------------------------------------------------------

#: What a book leaves out by default, asked for: the words of both are the language's.
BOOK_EXTRAS = {"chapbook_book_date": True, "chapbook_book_chapter_labels": True}


# The date under each title and "Chapitre" labels, asked for: both in French.
@pytest.mark.sphinx("latex", testroot="lang", freshenv=True, confoverrides=BOOK_EXTRAS)
def test_french_latex(app) -> None:
    app.build()
    source = (Path(app.outdir) / "carnet.tex").read_text(encoding="utf-8")
    # Polyglossia's French: "Table des matières", "Chapitre", with TeX Live's base packages.
    assert r"\usepackage{polyglossia}" in source and r"\setmainlanguage{french}" in source
    assert r"\usepackage{babel}" not in source
    assert r"\date{5 mars 2026}" in source
    assert r"\DUrole{chapbook-date}{10 février 2026}" in source
    assert "Détails" in source
    assert "Un diagramme figure ici sur le site web" in source


# The date under each title and "Chapitre" labels, asked for: both in French.
@pytest.mark.sphinx("latex", testroot="lang", freshenv=True, confoverrides=BOOK_EXTRAS)
def test_french_pdf_compiles(app) -> None:
    require("xelatex", "latexmk", "pdftotext")
    app.build()
    outdir = Path(app.outdir)
    result = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = subprocess.run(
        ["pdftotext", str(outdir / "carnet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("10 février 2026", "Détails", "Table des matières", "chapitre 1"):
        assert words in pdf


@pytest.mark.sphinx("epub", testroot="lang", freshenv=True, confoverrides=BOOK_EXTRAS)
def test_french_epub(app) -> None:
    app.build()
    path = Path(app.outdir) / "carnet.epub"
    with zipfile.ZipFile(path) as archive:
        opf = archive.read("content.opf").decode()
        post = archive.read("premier.xhtml").decode()
    assert "<dc:language>fr</dc:language>" in opf
    assert 'lang="fr"' in post and "10 février 2026" in post and "Détails" in post
    result = epubcheck(path)
    assert result.returncode == 0, result.stdout + result.stderr
