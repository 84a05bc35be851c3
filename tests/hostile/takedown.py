"""Posts that used to take the whole build down, or be lost without a word (issue 26).

Each case is one warning with its file and line while the rest of the site is
built: a page where the site writes a file of its own (``rss.xml.md`` made the
folder ``rss.xml/``, and the feed could not be written), a name too long for the
file system, nesting deep enough to exhaust Python's stack, a file hidden by a
generated page, and two files for one address (Unicode normalisation, case, a
second suffix).  Appended to ``corpus.cases()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# ``corpus`` imports this module when cases are made; its names are looked up then.
from tests.hostile import corpus

if TYPE_CHECKING:
    from tests.hostile.corpus import Case

NFC, NFD = "caf\u00e9", "cafe\u0301"
#: 124 two-byte characters: 248 bytes, one more than a name may have.
WIDE = "\u00e9" * 124
#: The longest name a post may have where names hold 255 bytes: ``.doctree`` is added.
LONGEST = 255 - len(".doctree")
NOT_PUBLISHED = "WARNING: not published: "
EVAL_RST = "WARNING: directive 'eval-rst' is not allowed in posts: it needs chapbook_trust"
AFTER = "\n\nThe end is kept.\n"


def cases() -> list[Case]:
    return (site_files() + long_names() + deep_nesting() + hidden_pages() + twins()
            + newcomers() + names())  # fmt: skip


def case(name: str, klass: str, files: dict[str, str], **expected: Any) -> Case:
    return corpus.Case(name, f"26 {klass}", files, **expected)


def post(title: str, body: str = "Body.\n", extra: str = "") -> str:
    return corpus.post(title, body=body, extra=extra)


def _reserved(name: str, claimed: str) -> Case:
    warning = f"{name}:1: {NOT_PUBLISHED}the site itself writes {claimed} (rename the file)"
    return case(f"site-file-{name}", "site files", {name: post(f"Named {name}")}, warning=warning)


def site_files() -> list[Case]:
    """A page where the site writes a file of its own: not published, the file is written."""
    files = ["rss.xml", "feed.xml", "atom.xml", "sitemap.xml", "robots.txt", "404.html",
             "objects.inv", "searchindex.js", "_redirects"]  # fmt: skip
    return [_reserved(f"{name}.md", f"/{name}") for name in files] + [
        _reserved("tags/news/atom.xml.md", "/tags/news/atom.xml"),
        _reserved("genindex/index.md", "/genindex/"),
        _reserved("Py-ModIndex.md", "/py-modindex/"),  # hosts that ignore case
        _reserved("_book.md", "/_book/"),  # the book's own root
        _reserved("robots.txt/inside.md", "/robots.txt"),
    ]


def long_names() -> list[Case]:
    """At the file system's limit once the builders add ``.doctree``: published up to it."""
    longest, too_long = "k" * LONGEST, "l" * (LONGEST + 1)
    too = f"{NOT_PUBLISHED}its name is too long for the file system"
    return [
        case("name-at-limit", "long names", {f"{longest}.md": post("Longest")}, present=(longest,)),
        case("name-over-limit", "long names", {f"{too_long}.md": post("Too long")},
             warning=f"{too_long}.md:1: {too}: '{too_long[:20]}...' has {LONGEST + 1} bytes, "
                     f"at most {LONGEST}"),
        case("name-over-limit-in-folder", "long names", {f"long/{WIDE}.md": post("Too wide")},
             warning=f"long/{WIDE}.md:1: {too}: '{WIDE[:20]}...' has 248 bytes, at most {LONGEST}"),
    ]  # fmt: skip


def _fences(depth: int) -> str:
    opening = "".join("`" * (3 + depth - i) + "{note}\n" for i in range(depth))
    closing = "".join("`" * (3 + depth - i) + "\n" for i in reversed(range(depth)))
    return opening + "Deepest.\n" + closing


def _quoted_notes(notes: int, quotes: int) -> str:
    """Notes inside block quotes inside notes ...: ``quotes`` quotes around each note."""
    text = "Deepest.\n"
    for level in range(notes):
        fence = "`" * (3 + level)
        text = f"{fence}{{note}}\n{text}{fence}\n"
        text = "".join("> " * quotes + line + "\n" for line in text.splitlines())
    return text


def _rst_quotes(depth: int) -> str:
    return "".join("  " * level + "Level.\n\n" for level in range(depth))


def deep_nesting() -> list[Case]:
    """Deeper than the engines follow: the deeper part is left out, the post published."""
    eval_rst = "```{eval-rst}\n" + _rst_quotes(300) + "```\n"
    include = f"WARNING: directive 'include' is not allowed in posts: {corpus.NEEDS_INCLUDE}"
    return [
        case("deep-fences", "recursion", {"n1.md": post("Fences", _fences(110))},
             warning="n1.md:36: WARNING: directive 'note' is nested more than 30 deep",
             present=("n1",)),
        case("deep-quotes", "recursion", {"n2.md": post("Quotes", "> " * 1000 + "x" + AFTER)},
             warning="n2.md:6: WARNING: block quotes or lists nested more than 20 deep",
             present=("n2",)),
        case("deep-list", "recursion", {"n3.md": post("List", "- " * 1000 + "x" + AFTER)},
             warning="n3.md:6: WARNING: block quotes or lists nested more than 20 deep",
             present=("n3",)),
        case("deep-emphasis", "recursion",
             {"n4.md": post("Emphasis", "*a " * 3000 + "x" + " a*" * 3000 + AFTER)},
             warning="n4.md:6: WARNING: emphasis or links nested more than 20 deep",
             present=("n4",)),
        case("deep-links", "recursion",
             {"n5.md": post("Links", "[*a " * 500 + "x" + " a*](https://example.com)" * 500)},
             warning="n5.md:6: WARNING: emphasis or links nested more than 20 deep",
             present=("n5",)),
        case("deep-quotes-in-notes", "recursion",
             {"n6.md": post("Quotes in notes", _quoted_notes(29, 18))},
             warning="n6.md:8: WARNING: nested more than 50 levels deep", present=("n6",)),
        case("deep-eval-rst", "recursion", {"n7.md": post("Eval rst", eval_rst)},
             warning=f"n7.md:6: {EVAL_RST}",
             trusted="n7.md:107: WARNING: reStructuredText nested more than 50 deep",
             present=("n7",)),
        case("deep-rst-file", "recursion",
             {"n8.rst": "Deep file\n=========\n\n" + _rst_quotes(1000)},
             warning="n8.rst:104: WARNING: reStructuredText nested more than 50 deep",
             present=("n8",)),
        case("include-cycle", "recursion",
             {"n9.md": post("Cycle", "```{include} n9-part.txt\n```\n"),
              "n9-part.txt": "Part.\n\n```{include} n9.md\n```\n"},
             warning=f"n9.md:6: {include}",
             # In an included file, the warning names that file and its line.
             trusted="n9-part.txt:3: WARNING: directive 'include': the file 'n9.md' includes "
                     "itself (through n9-part.txt)",
             present=("n9",)),
    ]  # fmt: skip


def hidden_pages() -> list[Case]:
    """A file where the site would put a page it makes: the file wins, and is told."""
    authored = post("Authored page", extra="authors: [Ada Byron]\n")
    found = [
        case(f"generated-{name}", "hidden pages",
             {f"{name}.md": post(f"My {name}"), f"{name}-by.md": authored},
             warning=f"{name}.md:1: WARNING: this file is published at /{name}/, where the site "
                     f"would put its page {title!r}; that page is left out",
             present=(name,))
        for name, title in (("tags", "All tags"), ("authors", "Authors"))
    ]  # fmt: skip
    found.append(
        case("generated-archive-folder", "hidden pages", {"Archive/index.md": post("Mine")},
             warning="Archive/index.md:1: WARNING: this file is published at /Archive/, where "
                     "the site would put its page 'Archive' (/archive/)",
             present=("Archive",))
    )  # fmt: skip
    return found


def twins() -> list[Case]:
    """Two files, one address: one is published, the other named with its path."""
    return [
        case("unicode-twins", "twins", {f"{NFC}.md": post("NFC"), f"{NFD}.md": post("NFD")},
             warning=f"{NFD}.md:1: {NOT_PUBLISHED}{NFD}.md and {NFC}.md would both be /{NFC}/ "
                     "(their names differ only in Unicode normalisation",
             present=(NFC,)),
        case("unicode-nfd-only", "twins", {"nai\u0308ve.md": post("NFD only")},
             warning=f"nai\u0308ve.md:1: {NOT_PUBLISHED}its name is in Unicode NFD"),
        case("case-twins", "twins", {"About.md": post("Upper"), "about.md": post("Lower")},
             warning="About.md:1: WARNING: About and about would both be /about/ (addresses "
                     "ignore case); about is published, this file is not",
             present=("about",)),
        case("suffix-twins", "twins",
             {"twin.md": post("Twin"), "twin.rst": "Twin\n====\n\nThe other.\n"},
             warning=f"twin.rst:1: {NOT_PUBLISHED}twin.rst and twin.md would both be /twin/ "
                     "(the same name with another suffix); twin.md is published",
             present=("twin",)),
    ]  # fmt: skip


def newcomers() -> list[Case]:
    """A contributed post cannot take what an older one has: its address, a page's address."""
    older = post("Older").replace("2024-05-01", "2020-01-01")
    return [
        case("case-twin-later", "addresses",
             {"Old-Post/index.md": older, "old-post/index.md": post("Newer")},
             warning="old-post/index.md:1: WARNING: old-post/index and Old-Post/index would both "
                     "be /Old-Post/ (addresses ignore case); Old-Post/index was published first "
                     "(2020-01-01; this file 2024-05-01): this file is not published",
             present=("Old-Post",), absent=("old-post",)),
        case("alias-onto-a-page-in-another-case", "addresses",
             {"alias-case.md": post("Alias case", extra="aliases: [/Good-One/]\n")},
             warning="alias-case.md:4: WARNING: redirect /Good-One/index.html would be the page "
                     "/good-one/index.html where case and Unicode normalisation are ignored",
             only=corpus.SITE, present=("alias-case",)),
        case("score-past-float", "front-matter",
             {"big-score.md": post("Big score", extra="popularity: {score: 1" + "0" * 400 + "}\n")},
             warning="big-score.md:4: WARNING: front-matter 'popularity': 'score' "
                     "'1000000000000000000000000000000000000...' is not a number",
             present=("big-score",)),
    ]  # fmt: skip


def names() -> list[Case]:
    """Names a log, a feed or an address cannot show as they are: named, escaped."""
    return [
        case("name-turned-round", "names", {"gnp\u202e.md": post("Turned")},
             warning=f"gnp\\u202e.md:1: {NOT_PUBLISHED}its name cannot be part of a web address"),
        case("name-colours-the-log", "names", {"red\x1b[31m.md": post("Red")},
             warning=f"red\\x1b[31m.md:1: {NOT_PUBLISHED}its name cannot be part of a web "
                     "address"),
        case("suffix-in-capitals", "names", {"shouted.MD": post("Shouted")},
             warning="shouted.MD:1: WARNING: not read: '.MD' is not a suffix Sphinx reads"),
    ]  # fmt: skip
