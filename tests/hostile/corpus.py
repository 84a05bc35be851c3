"""A hostile blog: what an attacker or a careless import can put in ``docs/``.

Each case is a few files and what the build must say about them (the warning
that names the file and line, or nothing for a good post that must come out
whole, or the draft that must stay out).  Payloads carry the marker ``pwn`` so
that any of them alive in an output file is found by ``scan``; the file
outside ``docs/`` holds ``SENTINEL``, which must never reach the output.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SENTINEL = "SENTINEL-7f3a9c-OUTSIDE"
SECRET_ENV = "CHAPBOOK_TEST_SECRET"
SECRET_VALUE = "SECRET-VALUE-91c2e7"
#: Every power at once: the trusted build of the corpus (``-D chapbook_trust=...``).  But
#: ``remote-images``: with it the book's build would reach the network for a post's
#: images (``tests/book/test_book_images.py`` turns it on, with a server of its own).
ALL_POWERS = "include,eval-rst,raw-latex,substitutions"
OFFLINE_POWERS_LEFT_OUT = frozenset({"remote-images"})
NEEDS_INCLUDE = "it needs chapbook_trust = ['include'] in conf.py"
#: The site's builders (``Case.only``): old addresses (aliases) are the site's alone.
SITE = frozenset({"html", "dirhtml"})


@dataclass(frozen=True)
class Case:
    name: str
    klass: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    #: ``file:line: WARNING: start of message``; empty for a good post or a draft.
    warning: str = ""
    #: Site paths that must be published (a good post) or must not be (a draft).
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)  # name -> target (see ``write``)
    #: The warning when posts are trusted with every power (``chapbook_trust``), if it
    #: differs: the same door, one check further in.
    trusted: str | None = None
    #: The builders whose build gives the warning (``dirhtml``, ``latex``, ``epub``);
    #: empty: every one.
    only: frozenset[str] = frozenset()
    #: The warning of a trusted ePub build, if it differs from ``trusted``: math that
    #: reaches the book as written and that the ePub cannot show as MathML.
    epub_trusted: str | None = None

    def expected(self, builder: str, *, trusted: bool) -> str:
        """The warning's start in a build with ``builder``, trusted or not; "" for none."""
        if self.only and builder not in self.only:
            return ""
        if trusted and builder == "epub" and self.epub_trusted is not None:
            return self.epub_trusted
        return self.trusted if trusted and self.trusted is not None else self.warning


def post(title: str, *, date: str = "2024-05-01", extra: str = "", body: str = "Body.\n") -> str:
    return f"---\ntitle: {title}\ndate: '{date}'\n{extra}---\n\n{body}"


def cases() -> list[Case]:
    c: list[Case] = []
    # 1. Markup in titles and tags is text everywhere (the theme's print header too).
    c.append(Case("title-script", "1 markup", {"t1.md": post("'<script>pwn(1)</script>'",
              extra="tags: [news]\n")}, present=("t1",)))  # fmt: skip
    c.append(Case("title-attr", "1 markup", {"t2.md": post("'\"><img src=x onerror=pwn(2)>'")},
                  present=("t2",)))  # fmt: skip
    c.append(Case("tag-script", "1 markup", {"t3.md": post("Tag three",
              extra="tags: ['<script>pwn(3)</script>', '\"><svg onload=pwn(4)>']\n")},
              present=("t3",)))  # fmt: skip
    c.append(Case("description", "1 markup", {"t4.md": post("Described",
              extra="description: '<b onmouseover=pwn(5)>x</b>'\n")}, present=("t4",)))  # fmt: skip
    c.append(Case("author-script", "1 markup", {"t5.md": post("Authored",
              extra="author: '<script>pwn(14)</script>'\n"
                    "authors: ['\"><img src=x onerror=pwn(15)>', '{download}`t4.md`']\n")},
              present=("t5",)))  # fmt: skip
    # 2. Files from the build machine.
    c.append(
        Case(
            "symlink-post",
            "2 outside",
            links={"s1.md": "secret.md"},
            warning="s1.md:1: WARNING: not published: it is a link to a file outside",
        )
    )
    c.append(
        Case(
            "symlink-environ",
            "2 outside",
            links={"s2.md": "/proc/self/environ"},
            warning="s2.md:1: WARNING: not published: it is a link to a file outside",
        )
    )
    c.append(
        Case(
            "symlink-zero",
            "2 outside",
            links={"s3.md": "/dev/zero"},
            warning="s3.md:1: WARNING: not published: it is a link to a file outside",
        )
    )
    c.append(
        Case(
            "fifo",
            "2 outside",
            {"s4.md": "FIFO"},
            warning="s4.md:1: WARNING: not published: it is not a regular file",
        )
    )
    c.append(Case("include", "2 outside", {"s5.md": post("Inc", body="```{include} ../../outside/secret.txt\n```\n")},
                  warning=f"s5.md:6: WARNING: directive 'include' is not allowed in posts: {NEEDS_INCLUDE}",
                  trusted="s5.md:6: WARNING: directive 'include': the file '../../outside/secret.txt' is outside", present=("s5",)))  # fmt: skip
    c.append(Case("literalinclude", "2 outside", {"s6.md": post("Lit",
              body="```{literalinclude} /../../outside/secret.txt\n```\n")},
              warning=f"s6.md:6: WARNING: directive 'literalinclude' is not allowed in posts: {NEEDS_INCLUDE}",
              trusted="s6.md:6: WARNING: directive 'literalinclude': the file '/../../outside/secret.txt' is outside",
              present=("s6",)))  # fmt: skip
    c.append(Case("image", "2 outside", {"s7.md": post("Img", body="![alt seven](../../outside/secret.png)\n")},
                  warning="s7.md:6: WARNING: image '../../outside/secret.png' is outside", present=("s7",)))  # fmt: skip
    c.append(Case("download", "2 outside", {"s8.md": post("Dl", body="[get it](../../outside/secret.txt)\n")},
                  warning="s8.md:6: WARNING: 'myst' cross-reference target not found", present=("s8",)))  # fmt: skip
    c.append(Case("raw-file", "2 outside", {"s9.md": post("Raw", body="```{raw} html\n:file: ../../outside/secret.txt\n```\n")},
                  warning=f"s9.md:6: WARNING: directive 'raw': its option ':file:' reads a file: {NEEDS_INCLUDE}",
                  trusted="s9.md:6: WARNING: directive 'raw': the file '../../outside/secret.txt' is outside",
                  present=("s9",)))  # fmt: skip
    c.append(Case("image-symlink", "2 outside", {"s10.md": post("Img link", body="![alt ten](pic.png)\n")},
                  links={"pic.png": "secret.png"},
                  warning="s10.md:6: WARNING: image 'pic.png' is outside", present=("s10",)))  # fmt: skip
    # 2b. Covers (front-matter ``image:``): files from outside, scripts, payloads.
    c.append(Case("cover-outside", "2 outside", {"c1.md": post("Cover out",
              extra="image: ../../outside/secret.png\n")},
              warning="c1.md:4: WARNING: cover image '../../outside/secret.png' is outside",
              present=("c1",)))  # fmt: skip
    c.append(Case("cover-symlink", "2 outside", {"c2.md": post("Cover link",
              extra="image: cover.png\n")}, links={"cover.png": "secret.png"},
              warning="c2.md:4: WARNING: cover image 'cover.png' is outside",
              present=("c2",)))  # fmt: skip
    c.append(Case("cover-script", "1 markup", {"c3.md": post("Cover script",
              extra="image: 'javascript:pwn(20)'\n")},
              warning="c3.md:4: WARNING: front-matter 'image': 'javascript:pwn(20)' is not",
              present=("c3",)))  # fmt: skip
    c.append(Case("cover-quote", "1 markup", {"c4.md": post("Cover quote",
              extra="image: 'x.png\" onerror=pwn(21)'\n")},
              warning="c4.md:4: WARNING: cover image 'x.png\" onerror=pwn(21)' is not there",
              present=("c4",)))  # fmt: skip
    c.append(Case("cover-data", "1 markup", {"c5.md": post("Cover data",
              extra="image: 'data:image/svg+xml,<svg onload=pwn(22)>'\n")},
              warning="c5.md:4: WARNING: front-matter 'image': 'data:image/svg+xml,<svg onlo",
              present=("c5",)))  # fmt: skip
    # 3. Aliases that would break the record of written files.
    for i, alias in enumerate(["/x%0Aindex.html", "/a\u2028b", "/nul%00x"], start=1):
        c.append(Case(f"alias-break-{i}", "3 alias", {f"a{i}.md": post(f"Alias {i}",
                  extra=f"aliases: ['{alias}']\n")},
                  warning=f"a{i}.md:4: WARNING: front-matter 'aliases': item 1", present=(f"a{i}",)))  # fmt: skip
    # 4. Aliases that collide with the site's own files (redirect pages: the book has none).
    for i, alias in enumerate(["/rss.xml", "/sitemap.xml", "/.buildinfo", "/_static/pwn.js",
                               "/search/", "/genindex/", "/404/"], start=1):  # fmt: skip
        c.append(Case(f"alias-clash-{i}", "4 alias", {f"b{i}.md": post(f"Clash {i}",
                  extra=f"aliases: ['{alias}']\n")}, warning=f"b{i}.md", present=(f"b{i}",),
                  only=SITE))  # fmt: skip
    c.append(Case("alias-twice", "4 alias", {
        "b8.md": post("First", extra="aliases: [/same-old]\n"),
        "b9.md": post("Second", extra="aliases: [/same-old]\n")},
        warning="b9.md:4: WARNING: old address '/same-old' is also an alias of 'b8'",
        present=("b8", "b9")))  # fmt: skip
    # 6. File names that are not URLs.
    for i, name in enumerate(["javascript:alert(pwn)/a.md", "hash#x.md", "what?x.md",
                              "pct%41.md", "sp ace.md", 'quo"te.md'], start=1):  # fmt: skip
        c.append(
            Case(
                f"name-{i}",
                "6 names",
                {name: post(f"Name {i}")},
                warning=f"{name}:1: WARNING: not published: its name cannot",
            )
        )
    # 7. Drafts, whatever their encoding or errors.
    c.append(Case("draft-bom", "7 drafts", {"d1.md": "\ufeff" + post("Draft bom", extra="draft: true\n")},
                  absent=("d1",)))  # fmt: skip
    c.append(Case("draft-yaml", "7 drafts", {"d2.md": "---\ntitle: [Draft\ndraft: true\n---\nSecret draft.\n"},
                  warning="d2.md:2: WARNING: not published: front-matter is not valid YAML", absent=("d2",)))  # fmt: skip
    c.append(Case("draft-plain", "7 drafts", {"d3.md": post("Draft plain", extra="draft: true\n")},
                  absent=("d3",)))  # fmt: skip
    c.append(
        Case(
            "draft-folder",
            "7 drafts",
            {"drafts/d4.md": post("Draft folder")},
            absent=("drafts/d4",),
        )
    )
    # 8. One bad post must not stop the others.
    c.append(Case("impossible-date", "8 crash", {"e1.md": "---\ntitle: Bad date\ndate: 2024-02-30\n---\n\nBody.\n"},
                  warning="e1.md:3: WARNING: not published: front-matter 'date'",
                  absent=("e1",)))  # fmt: skip
    c.append(Case("control-tag", "8 crash", {"e2.md": post("Ctl", extra="tags: ['a\x10b']\n")},
                  warning="e2.md:4: WARNING: front-matter: control characters removed", present=("e2",)))  # fmt: skip
    c.append(Case("fffe-title", "8 crash", {"e3.md": post("'Odd \ufffe title'")},
                  warning="e3.md:2: WARNING: front-matter: control characters removed", present=("e3",)))  # fmt: skip
    c.append(Case("control-body", "8 crash", {"e4.md": post("Body ctl", body="Text \x08 here.\n")},
                  warning="e4.md:6: WARNING: control character U+0008", present=("e4",)))  # fmt: skip
    c.append(Case("long-tag", "8 crash", {"e5.md": post("Long tag", extra=f"tags: ['{'t' * 300}']\n")},
                  present=("e5",)))  # fmt: skip
    c.append(Case("long-alias", "8 crash", {"e6.md": post("Long alias", extra=f"aliases: ['/{'a' * 300}']\n")},
                  warning="e6.md:4: WARNING: front-matter 'aliases': item 1", present=("e6",)))  # fmt: skip
    c.append(Case("latin1", "8 crash", {"e7.md": post("Caf\u00e9").encode("latin-1")},
                  warning="e7.md:1: WARNING: not published: it is not UTF-8"))  # fmt: skip
    # 9. Two files, one page.
    c.append(Case("shadowed", "9 collisions", {"f1.md": post("Single"), "f1/index.md": post("Folder")},
                  warning="f1.md:1: WARNING: f1 and f1/index would both be /f1/", present=("f1",)))  # fmt: skip
    c.append(Case("builder-page", "9 collisions", {"search.md": post("Not search")},
                  warning="search.md:1: WARNING: not published: the site itself writes /search/"))  # fmt: skip
    c.append(Case("notfound-page", "9 collisions", {"404.md": post("Not 404")},
                  warning="404.md:1: WARNING: not published: the site itself writes /404/"))  # fmt: skip
    for i, name in enumerate(["popular.md", "archive/2024.md", "tags/news.md"], start=1):
        page = name.removesuffix(".md")
        c.append(Case(f"generated-page-{i}", "9 collisions", {name: post(f"Mine {i}")},
                      warning=f"{name}:1: WARNING: this file is published at /{page}/",
                      present=(page,)))  # fmt: skip
    # 11. Raw HTML in bodies: never live in feeds.
    c.append(Case("body-script", "11 raw html", {"g1.md": post("Scripted",
              body="<script>pwn(11)</script>\n\n<img src=x onerror=pwn(12)>\n\n"
                   "<a href=\"javascript:pwn(13)\">x</a>\n")},
              warning="g1.md:6: WARNING: raw HTML that would run was removed", present=("g1",)))  # fmt: skip
    # Raw HTML that Python's parser reads as a comment or as style, and a browser runs.
    c.append(Case("body-parser-differences", "11 raw html", {"g2.md": post("Parsed apart",
              body="<!--><script>pwn(15)</script>-->\n\n<svg><style><img src=x onerror=pwn(16)>"
                   "</style></svg>\n")},
              warning="g2.md:6: WARNING: raw HTML that would run was removed", present=("g2",)))  # fmt: skip
    # A comment in <style> is text up to </style>; a lone < before a removed element.
    c.append(Case("body-text-element-comment", "11 raw html", {"g3.md": post("Apart again",
              body="<style><!--</style><img src=x onerror=pwn(17)>--></style>\n\n"
                   "<div>\n<<script>x</script>img src=x onerror=pwn(18)>\n</div>\n")},
              warning="g3.md:6: WARNING: raw HTML that would run was removed", present=("g3",)))  # fmt: skip
    # Cases that passed before: keep them passing.
    c.append(Case("alias-traversal", "old", {"h1.md": post("Trav", extra="aliases: ['../../../escape']\n")},
                  warning="h1.md:4: WARNING: front-matter 'aliases': item 1", present=("h1",)))  # fmt: skip
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" \
           "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"  # fmt: skip
    c.append(Case("yaml-bomb", "old", {"h2.md": f"---\ntitle: Bomb\ndate: '2024-01-01'\n{bomb}---\nx\n"},
                  warning="h2.md:2: WARNING: not published: front-matter expands"))  # fmt: skip
    c.append(Case("python-object", "old", {"h3.md": "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\nx\n"},
                  warning="h3.md:2: WARNING: not published: front-matter is not valid YAML"))  # fmt: skip
    c.append(Case("tag-collision", "old", {"h4.md": post("Cpp", extra="tags: ['C++', 'C']\n")},
                  warning="h4.md:4: WARNING: tag", present=("h4",)))  # fmt: skip
    c.append(Case("huge-front-matter", "old", {"h5.md": "---\ntitle: Huge\nx: '" + "y" * 70_000 + "'\n---\nx\n"},
                  warning="h5.md:1: WARNING: not published: front-matter is too large"))  # fmt: skip
    return c + more_cases()


def more_cases() -> list[Case]:
    """The cases of each class kept in a module of its own (they import this one)."""
    from tests.hostile import policy, served, takedown, tex

    return [*policy.cases(), *tex.cases(), *served.cases(), *takedown.cases()]


GOOD = {
    "index.md": "# Hostile blog\n\nHome.\n",
    "good-one.md": post("A good post", date="2024-03-01", extra="tags: [news]\n"),
    "good-two/index.md": post("Another good post", date="2023-03-01", extra="tags: [news]\n"),
}


def write(root: Path) -> tuple[Path, list[Case]]:
    """Write the hostile blog under ``root/docs`` and the secrets beside it; return docs."""
    docs, outside = root / "docs", root / "outside"
    docs.mkdir(parents=True)
    outside.mkdir()
    for name in ("secret.md", "secret.txt"):
        (outside / name).write_text(
            f"---\ntitle: {SENTINEL}\ndate: '2024-01-01'\n---\n{SENTINEL}\n"
        )
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SENTINEL.encode())
    for name, text in GOOD.items():
        _put(docs / name, text)
    all_cases = cases()
    for case in all_cases:
        for name, content in case.files.items():
            _put(docs / name, content)
        for name, target in case.links.items():
            # "/..." is absolute, "./..." is inside docs (from the link's folder), else outside.
            source = Path(target) if target.startswith(("/", "./")) else outside / target
            (docs / name).symlink_to(source)
    return docs, all_cases


def _put(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if content == "FIFO":
        os.mkfifo(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
