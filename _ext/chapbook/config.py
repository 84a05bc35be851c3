"""Chapbook's settings: each declared once, typed, with its rebuild scope, checked once.

Every option is an :class:`Option` in :data:`OPTIONS` (name, default, rebuild
scope, types, what it does, and how its value is checked).  At
``config-inited`` each value is checked and normalised in place (folder names
lose stray slashes, a time zone is looked up, feed kinds are known): a value
that cannot be used is reported once, as a ``chapbook.config`` warning naming
the setting, and its default is used.  Code elsewhere reads ``config.<name>``
and may trust it.  Normalising is deterministic, so the pickled configuration
an incremental build compares against was normalised the same way.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from string import Formatter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chapbook.locale import N_, _
from chapbook.speedups import sphinxcompat
from chapbook.trust.controls import one_line
from chapbook.trust.policy import POWERS, url_refusal, url_scheme
from chapbook.urls import clean_folder
from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config

FEED_KINDS = ("rss", "atom")
#: The fields of ``chapbook_feed_id`` (a moved blog keeps its old generator's entry ids).
FEED_ID_FIELDS = ("site_url", "base", "path", "slug", "page_url")
#: The fields of ``chapbook_post_footer``, filled from each post (``site.postfooter``).
POST_FOOTER_FIELDS = ("url", "title", "url_encoded", "title_encoded")
#: The values of ``chapbook_reading_face``: a class of the page's ``<body>`` each.
READING_FACES = ("serif", "sans")


class InvalidSettingError(ValueError):
    """A setting's value cannot be used; the message says why."""


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    rebuild: str  # 'env' where the value shapes doctrees, 'html' for output only
    types: tuple[type, ...]
    help: str
    check: Callable[[Any], Any] | None = None  # the normalised value, or raises InvalidSettingError
    #: The default is words in English, read in the site's ``language`` unless conf.py sets it.
    translated: bool = False


def _folder(value: str) -> str:
    folder = clean_folder(value)
    if not folder:
        raise InvalidSettingError("needs a folder name")
    return folder


def _optional_folder(value: str) -> str:
    return clean_folder(value)


def _template(*fields: str) -> Callable[[str], str]:
    sample = dict.fromkeys(fields, 1)

    def check(value: str) -> str:
        try:
            value.format(**sample)
        except (KeyError, IndexError, ValueError) as err:
            names = ", ".join(f"{{{f}}}" for f in fields) or "no fields"
            raise InvalidSettingError(f"is not a template with {names} ({err})") from None
        return value

    return check


def _optional(check: Callable[[str], str]) -> Callable[[str | None], str | None]:
    """``check``, with ``None`` (the language's own default) let through."""
    return lambda value: None if value is None else check(value)


def _choice(*allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise InvalidSettingError(f"must be one of {', '.join(map(repr, allowed))}")
        return value

    return check


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSettingError("is not a known time zone (such as 'Europe/Berlin')") from None
    return value


def _feeds(value: dict[Any, Any]) -> dict[str, str]:
    feeds = {}
    for name, kind in value.items():
        path = clean_folder(str(name))
        if kind not in FEED_KINDS or not path or path != str(name).strip("/"):
            message = f"entry {name!r}: {kind!r} must be 'rss' or 'atom', at a file name"
            raise InvalidSettingError(message)
        feeds[path] = kind
    return feeds


def _count(value: int) -> int:
    if isinstance(value, bool) or value < 0:
        raise InvalidSettingError("must be a whole number, 0 or more")
    return value


def _positive(value: int) -> int:
    if isinstance(value, bool) or value < 1:
        raise InvalidSettingError("must be a whole number, 1 or more")
    return value


def _nav(value: list[Any] | tuple[Any, ...]) -> list[tuple[str, str]]:
    items = []
    for item in value:
        if not (isinstance(item, list | tuple) and len(item) == 2):
            raise InvalidSettingError(f"item {item!r} is not a (title, path) pair")
        items.append((str(item[0]), str(item[1])))
    return items


def _one_line(value: str) -> str:
    """Text shown on one line: line breaks and runs of spaces become one space."""
    return " ".join(value.split())


def _keys(value: list[Any] | tuple[Any, ...]) -> list[str]:
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise InvalidSettingError("must be a list of front-matter key names")
    return list(value)


def _lines(value: str) -> str:
    """Text of a few lines (a dedication, a copyright notice): each line as ``_one_line``."""
    return "\n".join(filter(None, map(_one_line, value.splitlines())))


#: The values of ``chapbook_book_page_size`` (``chapbook.book.layout`` has their margins).
PAGE_SIZES = ("a5", "5.5x8.5in", "6x9in")


def _font(value: str) -> str:
    """One font family name: it goes into the book's LaTeX, so no TeX's special characters."""
    name = _one_line(value)
    if not name or any(char in name for char in "\\{}[]%#$&^_~,=:;"):
        raise InvalidSettingError("must be a font family name such as 'TeX Gyre Termes'")
    return name


def _names(value: list[Any] | tuple[Any, ...]) -> list[str]:
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise InvalidSettingError("must be a list of font family names")
    return list(value)


def _powers(value: list[Any] | tuple[Any, ...]) -> list[str]:
    """``chapbook_trust``: names of :data:`chapbook.trust.policy.POWERS`, each once."""
    unknown = [item for item in value if item not in POWERS]
    if unknown:
        known = ", ".join(repr(name) for name in POWERS)
        raise InvalidSettingError(f"names no power: {unknown!r} (the powers: {known})")
    return sorted(set(value))


def _feed_id(value: str) -> str:
    """An entry-id template; without a per-page field every entry would get the same id."""
    value = _template(*FEED_ID_FIELDS)(value)
    fields = {field for _, field, _, _ in Formatter().parse(value) if field}
    if not fields & {"path", "slug", "page_url"}:
        raise InvalidSettingError("needs {path}, {slug} or {page_url}: ids must differ per post")
    return value


def _outline(value: str) -> str:
    """``essays``, ``essays.book.md`` and ``docs/essays.book.md`` all name one outline."""
    return value.strip().replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".book.md")


#: What a person of ``chapbook_authors`` may have; ``name`` defaults to the key.
AUTHOR_FIELDS = ("name", "url", "avatar")
#: Never part of a URL or a name Chapbook writes into an attribute.
_UNSAFE = frozenset("\"'<>`\\ \t\r\n") | {chr(c) for c in range(32)} | {"\x7f"}


def _authors(value: dict[Any, Any]) -> dict[str, dict[str, str]]:
    """``{"ada": {"name": ..., "url": ..., "avatar": ...}}``; a string value is a name."""
    people: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for key, fields in value.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidSettingError(f"key {key!r} is not a name")
        identity = " ".join(key.casefold().split())
        if identity in seen:
            raise InvalidSettingError(f"keys {seen[identity]!r} and {key!r} name one author")
        seen[identity] = key
        people[key.strip()] = _person(key, {"name": fields} if isinstance(fields, str) else fields)
    return people


def _person(key: str, fields: Any) -> dict[str, str]:
    if not isinstance(fields, dict) or not set(fields) <= set(AUTHOR_FIELDS):
        names = ", ".join(AUTHOR_FIELDS)
        raise InvalidSettingError(f"entry {key!r} must be a name or a mapping of {names}")
    if not all(isinstance(v, str) for v in fields.values()):
        raise InvalidSettingError(f"entry {key!r}: every value must be text")
    # One line of printable text: it goes into pages, feeds and the book's LaTeX.
    written = fields.get("name", "").strip() or key
    name = one_line(written)
    url, avatar = fields.get("url", "").strip(), fields.get("avatar", "").strip()
    if url and not _web_address(url, schemes=("http", "https")):
        raise InvalidSettingError(f"entry {key!r}: url {url!r} is not an http(s) address")
    if avatar and not (_web_address(avatar, schemes=("https",)) or _site_path(avatar)):
        message = f"avatar {avatar!r} is neither an https address nor a site path (/...)"
        raise InvalidSettingError(f"entry {key!r}: {message}")
    return {"name": name, "url": url, "avatar": avatar}


def _web_address(text: str, *, schemes: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in schemes and bool(parts.hostname) and not _UNSAFE & set(text)


def _site_path(text: str) -> bool:
    """A file on this site: ``/avatars/ada.png``, never ``//host`` or ``..``."""
    segments = text.split("/")[1:]
    return (
        text.startswith("/")
        and not text.startswith("//")
        and not _UNSAFE & set(text)
        and all(part not in ("", ".", "..") for part in segments)
    )


def _masthead_links(value: list[Any] | tuple[Any, ...]) -> list[tuple[str, str]]:
    """``chapbook_masthead_links``: (title, address) pairs; a link that cannot be used is
    left out with a warning, and the others kept (the value's shape wrong: the default).

    Addresses pass the policy posts' links pass (``trust.policy.url_refusal``): a
    ``javascript:`` address in conf.py would still run in every reader's browser.
    """
    if isinstance(value, str) or not all(_pair(item) for item in value):
        bad = value if isinstance(value, str) else next(i for i in value if not _pair(i))
        raise InvalidSettingError(f"item {bad!r} is not a (title, address) pair of texts")
    links = []
    for title, address in value:
        link = (" ".join(title.split()), address.strip())
        refusal = _link_refusal(*link)
        if refusal is None:
            links.append(link)
        else:
            warn(f"chapbook_masthead_links: {(title, address)!r} is left out: {refusal}",
                 Warn.CONFIG, location=None)  # fmt: skip
    return links


def _pair(item: Any) -> bool:
    return (
        isinstance(item, list | tuple) and len(item) == 2 and all(isinstance(i, str) for i in item)
    )


def _link_refusal(title: str, address: str) -> str | None:
    """Why the masthead cannot show a link to ``address``; ``None`` if it can."""
    if not title:
        return "it has no title"
    if not address or _UNSAFE & set(address):
        return "its address is empty or holds a space, quote or control character"
    scheme = url_scheme(address)
    if scheme is None:
        return _site_path_refusal(address)
    refusal = url_refusal(address)  # http, https and mailto pass
    if refusal is None and scheme != "mailto" and not _web_address(address, schemes=(scheme,)):
        return "its address names no host"
    return refusal


def _site_path_refusal(path: str) -> str | None:
    if not path.startswith("/") or path.startswith("//"):
        return "a site path starts with one '/' (/about/), another site's address with https://"
    if ".." in path.partition("#")[0].split("/"):
        return "a site path has no '..' in it"
    return None


OPTIONS: tuple[Option, ...] = (
    Option("chapbook_date_format", None, "env", (str, type(None)),
           "strftime format of dates under titles and in listings (%-d: day without zero); "
           "None: the language's long date (February 10, 2026; 10 février 2026)"),
    Option("chapbook_extra_keys", [], "env", (list, tuple),
           "front-matter keys your posts use on purpose besides Chapbook's (kept for "
           "templates): any other unknown key is a warning naming the closest known one",
           _keys),
    Option("chapbook_em_dashes", True, "env", (bool,),
           "a hyphen standing alone between words becomes an em dash"),
    Option("chapbook_reading_time", None, "env", (str, type(None)),
           "text beside the date; {minutes} is words / 230; empty hides it; None: the "
           "language's words ('3 min read')", _optional(_template("minutes"))),
    Option("chapbook_drafts_dir", "drafts", "env", (str,),
           "a folder whose documents are drafts; empty for none", _optional_folder),
    Option("chapbook_publish_notes", False, "env", (bool,),
           "publish Markdown files without front-matter inside a post's folder"),
    Option("chapbook_show_drafts", False, "env", (bool,),
           "build drafts too (a preview; never for publishing)"),
    Option("chapbook_show_future", False, "env", (bool,),
           "build posts dated after today too (a preview; never for publishing)"),
    Option("chapbook_no_posts_text", N_("No posts yet."), "html", (str,),
           "what an empty listing says", translated=True),
    Option("chapbook_archive_dir", "archive", "env", (str,),
           "folder of the archive page and its year pages", _folder),
    Option("chapbook_archive_title", N_("Archive"), "env", (str,), "the archive page's title",
           translated=True),
    Option("chapbook_archive_year_title", N_("Posts from {year}"), "env", (str,),
           "title of a year's archive page", _template("year"), translated=True),
    Option("chapbook_series_dir", "series", "env", (str,),
           "folder of the series pages", _folder),
    Option("chapbook_series_title", N_("Series: {name}"), "env", (str,),
           "title of a series' page", _template("name"), translated=True),
    Option("chapbook_authors", {}, "env", (dict,),
           "key -> the author's name, or {'name': ..., 'url': 'https://...', 'avatar': "
           "'/avatars/a.png' or 'https://...'}; posts name authors by key or name",
           _authors),
    Option("chapbook_authors_dir", "authors", "env", (str,),
           "folder of the author pages and their index", _folder),
    Option("chapbook_author_title", N_("Posts by {name}"), "env", (str,),
           "title of an author's page", _template("name"), translated=True),
    Option("chapbook_authors_title", N_("Authors"), "env", (str,),
           "title of the index of authors", translated=True),
    Option("chapbook_popular_dir", "popular", "env", (str,),
           "folder of the popular-posts page", _folder),
    Option("chapbook_popular_title", N_("Popular posts"), "env", (str,),
           "the popular-posts page's title", translated=True),
    Option("chapbook_page_title", N_("{title} (page {page})"), "env", (str,),
           "title of page 2, 3, ... of a paginated listing", _template("title", "page"),
           translated=True),
    # The old site's numbers: a moved blog's /page/2/ lists what it listed before.
    Option("chapbook_posts_per_page", 15, "env", (int,),
           "posts on each page of the made-up home page's recent posts (/, /page/2/, ...), "
           "and of a postlist whose :paginate: gives no number", _positive),
    Option("chapbook_home_popular", 3, "env", (int,),
           "popular posts on the made-up home page, below the recent ones, with a link to "
           "all of them; 0 for none", _count),
    Option("chapbook_feeds", {"rss.xml": "rss", "feed.xml": "rss", "atom.xml": "atom"},
           "html", (dict,), "feed file -> 'rss' or 'atom', at the site root", _feeds),
    Option("chapbook_feed_length", 30, "html", (int,), "posts in each feed, newest first",
           _count),
    Option("chapbook_feed_description", "", "html", (str,),
           "the feeds' description (default: the site's title)"),
    Option("chapbook_feed_title", "", "html", (str,),
           "the feeds' title (default: html_title, else project)"),
    Option("chapbook_feed_id", "{page_url}", "html", (str,),
           "each feed entry's id: {site_url} (html_baseurl as written), {base} (with one "
           "trailing slash), {path}, {slug}, {page_url}", _feed_id),
    Option("chapbook_tag_feeds", True, "html", (bool,), "an Atom feed per tag page"),
    # 'env': it also decides which scheduled posts are due, so which documents are read.
    Option("chapbook_timezone", "UTC", "env", (str,),
           "time zone of post dates without one (feeds; which day is today for scheduled "
           "posts)", _zone),
    Option("chapbook_default_image", "", "html", (str,),
           "site path of the og:image for pages without an image"),
    Option("chapbook_show_cover", True, "html", (bool,),
           "show a post's cover (front-matter image:) at the top of the post, in the site, "
           "its feeds and the book; og:image and card listings use it either way"),
    Option("chapbook_contents_min_sections", 4, "html", (int,),
           "a page shows its contents column from this many sections (headings under its "
           "title) up, never on a listing page; 0: wherever the theme shows it", _count),
    Option("chapbook_post_footer", "", "html", (str,),
           "HTML after every post (not on pages or listings): a call to action, share "
           "links, a bio; {url} and {title} are the post's, HTML-escaped, {url_encoded} and "
           "{title_encoded} the same URL-encoded (for a share link's query)",
           _template(*POST_FOOTER_FIELDS)),
    Option("chapbook_reading_face", "serif", "html", (str,),
           "the typeface of posts: 'serif' (Georgia) or 'sans' (the system's sans-serif); "
           "fonts already on the reader's device, none downloaded", _choice(*READING_FACES)),
    Option("chapbook_tag_space_redirects", True, "html", (bool,),
           "redirect the old blog's tag addresses (/tags/<name lowercased, spaces and "
           "symbols kept>/) to the tag's page"),
    Option("chapbook_redirects_file", True, "html", (bool,),
           "also write _redirects (Netlify, Cloudflare Pages): a 301 for each redirect page"),
    Option("chapbook_nav",
           [(N_("Home"), "/"), (N_("Popular"), "/popular/"), (N_("Archive"), "/archive/"),
            (N_("Tags"), "/tags/")],
           "html", (list, tuple), "the sidebar: (title, site path) pairs", _nav,
           translated=True),
    Option("chapbook_sidebar", False, "html", (bool,),
           "the left sidebar of sections (chapbook_nav) beside every page, and a menu "
           "button for it on narrow screens; the masthead's links are there either way"),
    Option("chapbook_description", "", "html", (str,),
           "the blog in one line: under its name in the masthead, and the description "
           "search engines and link previews show for its listing pages (home, /page/N/, "
           "tags, archive); empty for none", _one_line),
    Option("chapbook_masthead_links",
           [(N_("About"), "/about/"), (N_("Popular"), "/popular/"), (N_("Archive"), "/archive/"),
            (N_("Tags"), "/tags/"), (N_("RSS"), "/rss.xml")],
           "html", (list, tuple),
           "the masthead's row of links: (title, address) pairs, the address a site path "
           "(/about/, /rss.xml) or an http(s) or mailto address; a default link to a page "
           "the blog lacks is left out", _masthead_links, translated=True),
    Option("chapbook_trust", [], "env", (list, tuple),
           "powers posts are trusted with, by name (see the trust policy): 'include', "
           "'eval-rst', 'raw-latex', 'remote-images', 'substitutions'; none by default", _powers),
    Option("chapbook_book", "", "env", (str,),
           "the book: an outline name (docs/<name>.book.md), or empty for every post",
           _outline),
    Option("chapbook_book_title", "", "env", (str,), "the book's title (default: project)"),
    # The whole-blog book's front pages (an outline book takes its own from its front-matter).
    Option("chapbook_book_subtitle", "", "env", (str,),
           "the whole-blog book's subtitle (default: chapbook_description)", _one_line),
    Option("chapbook_book_copyright", "", "env", (str,),
           "the whole-blog book's copyright page: its first line, or lines "
           "(default: '\u00a9 <the newest post's year> <author>')", _lines),
    Option("chapbook_book_edition", "", "env", (str,),
           "the whole-blog book's edition, on its copyright page ('First edition, 2026')",
           _one_line),
    Option("chapbook_book_isbn", "", "env", (str,),
           "the whole-blog book's ISBN, on its copyright page; none by default", _one_line),
    Option("chapbook_book_dedication", "", "env", (str,),
           "the whole-blog book's dedication, a page of its own; none by default", _lines),
    Option("chapbook_book_show_date", False, "env", (bool,),
           "the whole-blog book's title page shows its date (the newest post's)"),
    Option("chapbook_book_newest_first", False, "env", (bool,),
           "the whole-blog book starts with the newest post"),
    Option("chapbook_book_fallback_fonts", ["Symbola", "DejaVu Sans", "Noto Sans Symbols2"],
           "", (list, tuple), "fonts for characters the PDF's main fonts lack, in order",
           _names),
    # -- speed-ups through other projects' internals (chapbook.speedups) ---------------
    # '' (no rebuild): the pages are the same either way, byte for byte (tests/test_speedups.py).
    Option("chapbook_speedups", True, "", (bool,),
           "Chapbook's shortcuts through the theme's and Python's internals, each used only "
           "with the versions it was checked against; False: the stock path everywhere "
           "(the same pages, built more slowly), to rule them out when a page looks wrong"),
    # -- the PDF's page and typography (chapbook.book.layout) --------------------------
    Option("chapbook_book_medium", "print", "", (str,),
           "'print': every link and heading black; 'screen': links coloured, one-sided pages "
           "(no blank pages)", _choice("print", "screen")),
    Option("chapbook_book_page_size", "a5", "", (str,),
           "the PDF's trim size: 'a5', '5.5x8.5in' or '6x9in'", _choice(*PAGE_SIZES)),
    Option("chapbook_book_chapters_open", "right", "", (str,),
           "where a chapter starts in a printed book: 'right' (after a blank page if "
           "needed) or 'any'", _choice("right", "any")),
    Option("chapbook_book_font", "TeX Gyre Pagella", "", (str,),
           "the PDF's body font, by family name (fc-list : family); FreeSerif if not found",
           _font),
    Option("chapbook_book_chapter_labels", False, "", (bool,),
           "a 'Chapter N' label above each chapter title, and numbers in the contents"),
    Option("chapbook_book_numbered_sections", False, "", (bool,),
           "numbered sections in the PDF (1, 2 ... within a chapter; 3.1 with chapter labels)"),
    Option("chapbook_book_date", False, "", (bool,),
           "the post's date under each chapter title (the book leaves out dates and tags)"),
)  # fmt: skip

#: sphinx-tags' settings that Chapbook reads, and how it checks them.
FOREIGN_CHECKS: dict[str, Callable[[Any], Any]] = {
    "tags_output_dir": lambda value: (
        "tags" if clean_folder(value) in ("", "_tags") else clean_folder(value)
    ),
}


#: sphinx-tags' texts that Chapbook shows, with sphinx-tags' defaults (read in the language).
FOREIGN_TEXTS: dict[str, str] = {
    "tags_overview_title": N_("Tags overview"),
    "tags_page_title": N_("Tag"),  # sphinx-tags says "My tags"
    "tags_intro_text": N_("Tags:"),
}


def default_of(option: Option) -> Any:
    """The option's default, its words in the site's language (see :func:`translate_defaults`)."""
    if not option.translated:
        return option.default
    if isinstance(option.default, list):  # chapbook_nav, chapbook_masthead_links: pairs
        return [(_(title), path) for title, path in option.default]
    return _(option.default)


def translate_defaults(config: Config) -> None:
    """Defaults in English read in ``language``; a value conf.py or ``-D`` sets is kept as is.

    The value stored is the translated one, so a build after a change of
    ``language`` (which re-reads everything) compares what pages really show.
    """
    for option in OPTIONS:
        if option.translated and not user_set(config, option.name):
            config[option.name] = default_of(option)
    for name, text in FOREIGN_TEXTS.items():
        if not user_set(config, name):
            config[name] = _(text)


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: check and normalise every value once, before anything reads it."""
    translate_defaults(config)
    _unknown_settings(config)
    for option in OPTIONS:
        _check(config, option.name, _typed(option), default_of(option))
    for name, check in FOREIGN_CHECKS.items():
        _check(config, name, check, config.values[name].default)
    if not user_set(config, "html_title"):
        # Sphinx's default is "<project> <release> documentation": a blog is its name.
        config.html_title = config.project
    if config.tags_create_tags:
        # sphinx-tags would write tag pages into the source folder at every build
        # (live-reload servers loop); Chapbook makes tag pages from the environment.
        warn("tags_create_tags is ignored: Chapbook makes the tag pages itself",
             Warn.CONFIG, location=None)  # fmt: skip
        config.tags_create_tags = False


def kept(values: Mapping[str, Any], name: str) -> Any:
    """What the build keeps of conf.py's ``values`` for the setting ``name``: checked and
    normalised as at ``config-inited``; its default if unset or refused (the build warns).

    For readers of conf.py outside a build (``chapbook post``), so that they see the
    names the build will use (``tags_output_dir = "_tags"`` is ``tags``).
    """
    option = next((option for option in OPTIONS if option.name == name), None)
    check = FOREIGN_CHECKS[name] if option is None else _typed(option)
    default = FOREIGN_DEFAULTS[name] if option is None else option.default
    try:
        return check(values.get(name, default))
    except (InvalidSettingError, TypeError, AttributeError):
        return check(default)


#: The settings of :data:`FOREIGN_CHECKS` as the build keeps them unset (sphinx-tags'
#: ``_tags`` is ``tags``).
FOREIGN_DEFAULTS = {"tags_output_dir": "tags"}


#: The site's theme, unless conf.py names another.
THEME = "sphinx_book_theme"
#: Never read as documents: tools' folders, a build, hidden folders (``.venv``, ``.git``).
EXCLUDED = (".venv", "venv", "node_modules", "_build", ".*", "**/.*")


def site_defaults(app: Sphinx, config: Config) -> None:
    """``config-inited``: a conf.py with only ``extensions = ["chapbook"]`` is a whole site.

    Values set in conf.py or with ``-D`` win: the theme is set only when unset, the
    light/dark default is merged into ``html_context`` only when absent, and the
    folders never read are added to ``exclude_patterns``.
    """
    if not user_set(config, "html_theme"):
        config.html_theme = THEME
    elif config.html_theme != THEME:
        # sphinx-quickstart writes html_theme = 'alabaster': it would win in silence.
        warn(f"html_theme = {config.html_theme!r} leaves out Chapbook's look (the masthead, "
             f"one column, side notes), which needs {THEME!r}: remove the setting to have it",
             Warn.CONFIG, location=None)  # fmt: skip
    if "default_mode" not in config.html_context:
        # Without a default the theme logs "Got invalid theme mode" on a first visit.
        config.html_context = {**config.html_context, "default_mode": "auto"}
    missing = [p for p in EXCLUDED if p not in config.exclude_patterns]
    if missing:
        config.exclude_patterns = [*config.exclude_patterns, *missing]


def _typed(option: Option) -> Callable[[Any], Any]:
    """The option's check, after its type's: Sphinx only warns of a wrong type and keeps
    the value, which would then fail wherever it is used (a date format of 42)."""

    def check(value: Any) -> Any:
        wrong_bool = isinstance(value, bool) and bool not in option.types
        if wrong_bool or not isinstance(value, option.types):
            names = " or ".join("None" if t is type(None) else t.__name__ for t in option.types)
            raise InvalidSettingError(f"has the wrong type (expected {names})")
        return value if option.check is None else option.check(value)

    return check


def _unknown_settings(config: Config) -> None:
    """A ``chapbook_`` name in conf.py that Chapbook does not declare: a typo, named with
    the setting it is closest to (Sphinx keeps unknown names without a word)."""
    declared = [option.name for option in OPTIONS]
    for name in sorted(sphinxcompat.conf_names(config)):
        if name.startswith("chapbook_") and name not in declared:
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]}?" if close else ""
            warn(f"{name} is not a Chapbook setting, and is ignored{hint}", Warn.CONFIG,
                 location=None)  # fmt: skip


def _check(config: Config, name: str, check: Callable[[Any], Any], default: Any) -> None:
    value = config[name]
    try:
        cleaned = check(value)
    except (InvalidSettingError, TypeError, AttributeError) as err:
        warn(f"{name} = {value!r} {_reason(err)}; using {default!r}", Warn.CONFIG, location=None)
        cleaned = check(default)
    if cleaned != value:
        config[name] = cleaned


def _reason(err: Exception) -> str:
    return str(err) if isinstance(err, InvalidSettingError) else "has the wrong type"


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` set a value, as opposed to its default.

    Sphinx has no public way to ask (comparing with the default would take a
    value set equal to it as unset): ``speedups.sphinxcompat`` reads Sphinx's own record.
    """
    return sphinxcompat.user_set(config, name)


def setup(app: Sphinx) -> dict[str, bool]:
    for option in OPTIONS:
        app.add_config_value(
            option.name, option.default, option.rebuild, types=frozenset(option.types),
            description=option.help,
        )  # fmt: skip
    # Before anything else reads the configuration (Sphinx's own handlers run at 800).
    app.connect("config-inited", check_config, priority=100)
    # Before the theme is loaded (builder-inited) and before the sidebar's default.
    app.connect("config-inited", site_defaults, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
