"""What a post may use, declared once: powers, directives, roles, MyST settings, URLs, files.

Everything here is an allowlist.  A directive, role, option, MyST setting,
URL scheme or served file type that is not listed is refused, so a new
dependency (a theme's directive, a docutils option) opens no door until
someone lists it here with a test (``tests/reading/test_trust_inventory.py``
fails on anything registered in the finished Sphinx application that is
neither allowed nor refused below).

A *power* is something only a trusted author should have.  A site turns it
on by name in ``conf.py`` (``chapbook_trust = ["include"]``), never a post.
The user guide's page on the trust policy is written from :data:`POWERS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Power:
    """Something a post may do only where the site's ``chapbook_trust`` lists it."""

    name: str
    #: What it turns on.
    grants: str
    #: What a hostile post could do with it: why it is off by default.
    risk: str


POWERS: dict[str, Power] = {
    power.name: power
    for power in (
        Power(
            "include",
            "{include} and {literalinclude}, the :file: option of {raw} and {csv-table}, "
            "and a {mermaid} diagram read from a file",
            "a post can publish the text of any other published file in the source folder "
            "(never a file outside it, a hidden file, a draft or a scheduled post)",
        ),
        Power(
            "eval-rst",
            "{eval-rst}: reStructuredText inside a Markdown post",
            "reStructuredText has its own syntax for links, targets and substitutions; its "
            "directives, roles, files and links pass the same checks as Markdown's",
        ),
        Power(
            "raw-latex",
            "{raw} latex, and any TeX command in math",
            "a post's TeX runs in the book's build: it can change every page of the PDF, stop "
            "its build, and have the PDF driver embed a file of the machine (XeTeX's own "
            "reading stays in the book's folder and it runs no program)",
        ),
        Power(
            "remote-images",
            "the PDF and the ePub fetch a post's images from the web as the book is built",
            "a post makes the build machine request any address, inside its own network too "
            "(a cloud's metadata service hands out credentials there), and prints the answer "
            "in the book",
        ),
        Power(
            "substitutions",
            "MyST substitutions: {{ name }} in posts, and substitutions: in front-matter",
            "a post evaluates Jinja expressions at build time (in Jinja's sandbox, without "
            "access to the build's environment)",
        ),
    )
}


@dataclass(frozen=True)
class Rule:
    """How a post may use one directive."""

    #: The power it needs; ``None``: every post may use it.
    power: str | None = None
    #: The options a post may give it.
    options: frozenset[str] = frozenset()
    #: Its other options, refused (listed so that a new option is noticed by the tests).
    refused: frozenset[str] = frozenset()
    #: Where it names a file it reads: ``"argument"`` or an option's name.  Reading a
    #: file needs the ``include`` power, and the file must pass ``reading.files``.
    reads: tuple[str, ...] = ()


def _rule(
    options: str = "", *, power: str | None = None, refused: str = "", reads: str = ""
) -> Rule:
    return Rule(power, frozenset(options.split()), frozenset(refused.split()),
                tuple(reads.split()))  # fmt: skip


#: The power every file-reading directive or option needs.
READS_FILES = "include"

_ADMONITION = _rule("class collapsible name")
_CODE_BLOCK = _rule("caption class dedent emphasize-lines force lineno-start linenos name")
_SIDE = _rule("class name subtitle")

#: Directives a post may use, by canonical name (``domain:name`` for a domain's).
DIRECTIVES: dict[str, Rule] = {
    **dict.fromkeys(
        ("admonition", "attention", "caution", "danger", "error", "hint", "important",
         "note", "tip", "warning", "seealso"),
        _ADMONITION,
    ),
    "figure": _rule("align alt class figclass figname figwidth height name scale target width",
                    refused="loading"),
    "image": _rule("align alt class height name scale target width", refused="loading"),
    "figure-md": _rule("align class name width"),
    "code": _rule("class force name number-lines"),
    "code-block": _CODE_BLOCK,
    "sourcecode": _CODE_BLOCK,
    "math": _rule("class label name no-wrap nowrap"),
    "epigraph": _rule(),
    "pull-quote": _rule(),
    "highlights": _rule(),
    "compound": _rule("class name"),
    "container": _rule("name"),
    "rubric": _rule("class heading-level name"),
    "topic": _rule("class name"),
    "sidebar": _SIDE,
    "margin": _SIDE,
    "line-block": _rule("class name"),
    "parsed-literal": _rule("class name"),
    "table": _rule("align class name width widths"),
    "list-table": _rule("align class header-rows name stub-columns width widths"),
    "csv-table": _rule("align class delim encoding escape header header-rows keepspace name "
                       "quote stub-columns width widths", refused="url", reads="file"),
    "raw": _rule("class encoding", refused="url", reads="file"),
    "include": _rule("class code encoding end-before end-line literal name number-lines "
                     "start-after start-line tab-width", power=READS_FILES,
                     refused="parser", reads="argument"),
    "literalinclude": _rule("append caption class dedent emphasize-lines encoding end-at "
                            "end-before force language lineno-match lineno-start linenos "
                            "lines name prepend pyobject start-after start-at tab-width",
                            power=READS_FILES, reads="argument diff"),
    "mermaid": _rule("align alt caption name title zoom", refused="config", reads="argument"),
    "postlist": _rule("authors exclude exclude-tags format limit match paginate popular "
                      "reverse sort tags year"),
    "toctree": _rule("caption class glob hidden includehidden maxdepth name numbered "
                     "reversed titlesonly"),
    "only": _rule(),
}  # fmt: skip

#: Options whose numbers size what the engine builds (``:emphasize-lines: 1-400000000``
#: makes a list of 400 million line numbers, ``:tab-width:`` a line that wide): the
#: largest number each may hold.
BOUNDED_OPTIONS: dict[str, int] = {"emphasize-lines": 100_000, "lines": 100_000,
                                   "tab-width": 64}  # fmt: skip
#: Options whose value is one line: sphinxcontrib-mermaid writes ``title`` into the
#: diagram's YAML header, where a second line would be Mermaid's ``config:``.
ONE_LINE_OPTIONS = frozenset({"title"})
#: What YAML (and so Mermaid's header) reads as the end of a line.
LINE_BREAKS = "\n\r\x85\u2028\u2029"

#: ``{raw}`` formats a post may write, and the power each needs (HTML is filtered as it is
#: read, ``reading.sanitize``).
RAW_FORMATS: dict[str, str | None] = {"html": None, "latex": "raw-latex"}

_FURNITURE = "documentation furniture, not part of an essay"
_SUBSTITUTION = "a reStructuredText substitution definition"

#: Directives refused to posts, and why (shown in the warning).
REFUSED_DIRECTIVES: dict[str, str] = {
    "meta": "it writes <meta> elements (a redirect, a referrer policy) into the page's head",
    "title": "it changes the page's title behind the front-matter's back",
    "role": "it defines new roles, a raw-HTML role among them",
    "default-role": "it changes what `text` means for the rest of the post",
    "default-domain": _FURNITURE,
    "class": "it gives the next element classes of the theme's",
    "rst-class": "it gives the next element classes of the theme's",
    "cssclass": "it gives the next element classes of the theme's",
    "sectnum": "it changes the whole document's structure",
    "contents": "it changes the whole document's structure",
    "header": "it writes into every page's frame",
    "footer": "it writes into every page's frame",
    "target-notes": "it changes the whole document's structure",
    "unicode": _SUBSTITUTION,
    "replace": _SUBSTITUTION,
    "date": _SUBSTITUTION,
    "restructuredtext-test-directive": "a docutils test directive",
    "autoclasstree": "it imports Python modules by name to draw them",
    "tags": "a post's tags are the tags: of its front-matter",
    "highlight": "it changes the language of every later code block",
    **dict.fromkeys(
        ("index", "glossary", "productionlist", "tabularcolumns", "acks", "hlist",
         "centered", "codeauthor", "moduleauthor", "sectionauthor", "describe", "object",
         "deprecated", "versionadded", "versionchanged", "versionremoved", "version-added",
         "version-changed", "version-deprecated", "version-removed"),
        _FURNITURE,
    ),
}  # fmt: skip

#: Roles a post may use, by canonical name, and the power each needs.
ROLES: dict[str, str | None] = dict.fromkeys(
    ("emphasis", "strong", "literal", "code", "math", "subscript", "superscript", "abbr",
     "abbreviation", "acronym", "title-reference", "kbd", "guilabel", "menuselection",
     "file", "samp", "command", "dfn", "download", "eq", "std:ref", "std:doc",
     "std:numref"),
)  # fmt: skip

_NOT_IMPLEMENTED = "docutils does not implement it"

#: Roles refused to posts, and why.
REFUSED_ROLES: dict[str, str] = {
    "raw": "it writes raw markup",
    "sub-ref": "it shows values of the build",
    **dict.fromkeys(
        ("any", "index", "pep", "pep-reference", "rfc", "rfc-reference", "cve", "cwe",
         "manpage", "mimetype", "newsgroup", "program", "regexp", "makevar", "mailheader"),
        _FURNITURE,
    ),
    **dict.fromkeys(
        ("anonymous-reference", "citation-reference", "footnote-reference",
         "named-reference", "substitution-reference", "target", "uri-reference",
         "restructuredtext-unimplemented-role"),
        _NOT_IMPLEMENTED,
    ),
}  # fmt: skip

#: Domains whose directives and roles posts may not use (but those listed above).
REFUSED_DOMAINS: dict[str, str] = {
    **dict.fromkeys(("c", "cpp", "js", "py", "rst"), "code documentation, not part of an essay"),
    **dict.fromkeys(("std", "math", "index", "citation", "changeset", "chapbook"), _FURNITURE),
}


def domain_refusal(name: str) -> str | None:
    """Why ``domain:name`` is refused, if its domain is."""
    domain, colon, _ = name.partition(":")
    return REFUSED_DOMAINS.get(domain) if colon else None


# -- MyST settings from front-matter ------------------------------------------------------

#: Keys of a post's front-matter ``myst:`` mapping a post may set: how its own text
#: reads, never which syntax runs, what a link may be or what the page's head holds.
MYST_KEYS = frozenset(
    {"heading_anchors", "heading_anchors_html_ids", "footnote_sort", "footnote_transition",
     "number_code_blocks", "dmath_allow_labels", "dmath_allow_space", "dmath_allow_digits",
     "dmath_double_inline", "enable_checkboxes", "strikethrough_single_tilde",
     "colon_fence_exact_match", "highlight_code_blocks", "links_external_new_tab",
     "linkify_fuzzy_links"}
)  # fmt: skip
#: MyST keys a post may set with a power.
MYST_POWER_KEYS: dict[str, str] = {"substitutions": "substitutions",
                                   "sub_delimiters": "substitutions"}  # fmt: skip
#: Top-level front-matter keys MyST reads as settings (``html_meta`` and
#: ``substitutions`` are its older spellings of ``myst.html_meta`` and ``myst.substitutions``).
MYST_TOP_LEVEL = ("myst", "html_meta", "substitutions")


def myst_key_refusal(key: str, powers: frozenset[str]) -> str | None:
    """Why a post may not set MyST's ``key``; ``None`` if it may."""
    if key in MYST_KEYS:
        return None
    power = MYST_POWER_KEYS.get(key)
    if power is None:
        return "a post may not set it (only conf.py may)"
    return None if power in powers else needs(power)


def needs(power: str) -> str:
    return f"it needs chapbook_trust = [{power!r}] in conf.py"


# -- URLs -------------------------------------------------------------------------------

#: The schemes a link, image or download in a post may use; an address without a scheme
#: (``/tags/x/``, ``../a.png``, ``#note``) is relative and always allowed.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: A browser drops leading and trailing controls and spaces and every tab and line break
#: before it reads a scheme (WHATWG URL parser); older parsers dropped more.  Every ASCII
#: control and space goes before the scheme is read here: ``java\x01script:`` counts as
#: ``javascript:``, which refuses a little more than a browser would run, never less.
_URL_DROP = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads in ``url`` (lower case), or ``None`` for a relative one."""
    match = _SCHEME.match(_URL_DROP.sub("", url))
    return match.group(1).lower() if match else None


#: Pictures a post may embed as ``data:`` addresses, in an image: raster images run
#: nothing (an SVG does, in an ``<iframe>`` or opened as a document).
_DATA_PICTURE = re.compile(r"^data:image/(?:png|jpeg|gif|webp|avif)[;,]", re.IGNORECASE)


def data_picture(url: str) -> bool:
    """A raster picture written as a ``data:`` address (allowed where an image is shown)."""
    return bool(_DATA_PICTURE.match(_URL_DROP.sub("", url)))


def url_refusal(url: str) -> str | None:
    """Why a post may not use ``url``; ``None`` if it may."""
    scheme = url_scheme(url)
    if scheme is None or scheme in URL_SCHEMES:
        return None
    allowed = ", ".join(sorted(URL_SCHEMES))
    return f"its scheme {scheme + ':'!r} is not one posts may use ({allowed} or a relative address)"


# -- files served beside the pages -------------------------------------------------------

#: What an image may be: a browser shows these, and none of them runs script when
#: opened from the site (SVG is cleaned first: ``site.served``).
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".tif", ".tiff",
     ".svg", ".pdf", ".mp4", ".webm", ".ogg", ".ogv"}
)  # fmt: skip
#: Files a browser opens as a document that runs script when served from the site, or a
#: server runs: never offered as a download (SVG only when it holds script: ``site.served``).
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".shtml", ".xhtml", ".xht", ".xml", ".xsl", ".xslt", ".js", ".mjs",
     ".svgz", ".mht", ".mhtml", ".rss", ".atom", ".rdf", ".swf",
     # and what a web server runs itself, where it runs them (shared hosting)
     ".php", ".php3", ".php4", ".php5", ".php7", ".phtml", ".phar", ".cgi", ".asp",
     ".aspx", ".jsp", ".jspx"}
)  # fmt: skip


def image_refusal(path: str) -> str | None:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return None
    return f"is not an image a page may show ({suffix or 'no suffix'})"


#: What a post may offer as a download: what it may show as an image, and documents,
#: data, code to read, archives, more pictures, sound, video and fonts, which no browser
#: runs as a page of the site.  Any other kind may be one a host serves as XML or HTML
#: (``.xsd``, ``.rng``, ``.gpx``), where a browser runs the script it holds: zipped, it
#: is an archive.
DOWNLOAD_SUFFIXES = IMAGE_SUFFIXES | frozenset(
    {".epub", ".mobi", ".azw3", ".txt", ".md", ".markdown", ".rst", ".tex", ".bib",
     ".ris", ".rtf", ".odt", ".ods", ".odp", ".odg", ".doc", ".docx", ".xls", ".xlsx",
     ".ppt", ".pptx", ".csv", ".tsv", ".json", ".jsonl", ".geojson", ".yaml", ".yml",
     ".toml", ".ini", ".cfg", ".sql", ".sqlite", ".db", ".parquet", ".ipynb", ".ics",
     ".vcf", ".pgn", ".srt", ".vtt", ".py", ".r", ".jl", ".c", ".h", ".cpp", ".hpp", ".cc",
     ".rs", ".go", ".java", ".kt", ".swift", ".rb", ".pl", ".lua", ".sh", ".m", ".hs",
     ".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".zst",
     ".heic", ".psd", ".xcf", ".dng", ".stl", ".3mf", ".obj",
     ".mp3", ".m4a", ".aac", ".oga", ".opus", ".flac", ".wav", ".mid", ".midi",
     ".m4v", ".mov", ".mkv",
     ".ttf", ".otf", ".woff", ".woff2"}
)  # fmt: skip


def download_refusal(path: str) -> str | None:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return (f"is a {suffix} file, which a browser or web server would run on the "
                "site's own address")  # fmt: skip
    if suffix not in DOWNLOAD_SUFFIXES:
        shown = f"a {suffix} file" if suffix else "a file without a suffix"
        return (f"is {shown}, not a kind a post may offer as a download (documents, data, "
                "archives, pictures, sound, video); a host may serve it as a page that "
                "runs script: zip it")  # fmt: skip
    return None


def myst_settings(
    data: dict[str, object], powers: frozenset[str]
) -> tuple[dict[str, object], list[tuple[str, str, str]]]:
    """A front-matter mapping with only the MyST settings a post may set.

    Returns the mapping to hand MyST and, for each setting refused, the front-matter
    key it was under, the setting's name and why.
    """
    kept = {key: value for key, value in data.items() if key not in MYST_TOP_LEVEL}
    refused: list[tuple[str, str, str]] = []
    settings: dict[str, object] = {}
    mapping = data.get("myst")
    if "myst" in data and not isinstance(mapping, dict):
        refused.append(("myst", "myst", "it is not a mapping of MyST settings"))
    for key, value in (mapping if isinstance(mapping, dict) else {}).items():
        reason = myst_key_refusal(str(key), powers)
        if reason:
            refused.append(("myst", str(key), reason))
        else:
            settings[str(key)] = value
    for key in MYST_TOP_LEVEL[1:]:
        if key in data:
            reason = myst_key_refusal(key, powers)
            if reason:
                refused.append((key, key, reason))
            else:
                settings[key] = data[key]
    if settings:
        kept["myst"] = settings
    return kept, refused
