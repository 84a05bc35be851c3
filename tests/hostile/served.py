"""Hostile files served beside the pages: scripted SVG images and downloads, active files, a video.

Each SVG image below runs its payload when opened from the site as written
(``_images/x.svg``); the site serves, and the ePub packs, a cleaned copy
(``trust.svg``), and the build names what was removed.  A file the cleaner
cannot check (not XML, an external entity) is left out with its alt text;
an SVG download holding script, and ``.html``, ``.js`` and ``.xhtml``
downloads, are not offered.  The video's alt text is what docutils before
0.23.1 wrote unescaped inside ``<video>`` (CVE-2026-144966).
"""

from __future__ import annotations

from tests.hostile import corpus  # which imports this module: its names are read when called

XMLNS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
BOX = '<rect width="40" height="20" fill="#369"/>'


def svg(inner: str, root: str = "", prolog: str = "") -> str:
    return f'{prolog}<svg {XMLNS} width="40" height="20"{root}>{BOX}{inner}</svg>\n'


def drawio(html: str) -> str:
    """A draw.io label: HTML in a ``<foreignObject>``, and its fallback text."""
    return (
        '<switch><foreignObject width="100%" height="100%" '
        'requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility">'
        f'<div xmlns="http://www.w3.org/1999/xhtml">{html}</div></foreignObject>'
        '<text x="20" y="14" text-anchor="middle">Text is not SVG - cannot display</text>'
        "</switch>"
    )


def case(
    name: str, files: dict[str, str], warning: str = "", *, only: frozenset[str] = frozenset()
) -> corpus.Case:
    """A case of this class: its posts are published, whatever their files are."""
    posts = tuple(sorted(file.removesuffix(".md") for file in files if file.endswith(".md")))
    return corpus.Case(name, "12 served", files, warning=warning, present=posts, only=only)


def pictured(n: int, svg_text: str) -> dict[str, str]:
    """A post showing one SVG image on its line 6."""
    body = f"![drawing {n}](sv{n}.svg)\n"
    return {f"sv{n}.md": corpus.post(f"Served {n}", body=body), f"sv{n}.svg": svg_text}


def removed(n: int, what: str) -> str:
    return f"sv{n}.md:6: WARNING: SVG image sv{n}.svg: what could run was removed: {what}"


def offered(n: int, name: str, content: str) -> dict[str, str]:
    """A post offering one file as a download on its line 6."""
    body = f"Get {{download}}`{name}`.\n"
    return {f"sv{n}.md": corpus.post(f"Served {n}", body=body), name: content}


def refused(n: int, name: str, why: str) -> str:
    return f"sv{n}.md:6: WARNING: file '{name}' {why}"


def shown(n: int, name: str, alt: str, content: str) -> dict[str, str]:
    """A post showing ``name`` with the image directive on its line 6."""
    body = f"```{{image}} {name}\n:alt: {alt}\n```\n"
    return {f"sv{n}.md": corpus.post(f"Served {n}", body=body), name: content}


#: The book's builders: a video is the site's alone.
BOOK = frozenset({"latex", "epub"})
ACTIVE = "which a browser or web server would run on the site's own address; it is left out"
SCRIPTED = "is an SVG holding what would run on the site's own address (onload=)"
ENTITY = '<!DOCTYPE svg [<!ENTITY xxe SYSTEM "../outside/secret.txt">]>'
STYLESHEET = '<?xml-stylesheet type="text/xsl" href="data:text/xsl,pwn(70)"?>'
FOREIGN_HTML = (
    '<div onclick="pwn(67)">Label<iframe src="javascript:pwn(68)"></iframe>'
    '<form action="javascript:pwn(69)"><button>go</button></form></div>'
)
ANIMATED = (
    '<a><set attributeName="href" to="javascript:pwn(65)"/>'
    f'<animate attributeName="xlink:href" values="javascript:pwn(66)"/>{BOX}</a>'
)
#: Chromium gives ``<svg>`` the attributes its own DTD declares as defaults.
DEFAULTS = '<!DOCTYPE svg [<!ATTLIST svg onload CDATA "pwn(78)">]>'
VIDEO_ALT = "<script>pwn(76)</script><img src=x onerror=pwn(77)>"


def cases() -> list[corpus.Case]:
    c = [
        case("svg-script", pictured(1, svg("<script>pwn(60)</script>")), removed(1, "<script>")),
        case("svg-onload", pictured(2, svg("", ' onload="pwn(61)"')), removed(2, "onload=")),
        case("svg-link", pictured(3, svg(f'<a href="javascript:pwn(62)">{BOX}</a>')),
             removed(3, "a javascript: address in href=")),
        case("svg-use", pictured(4, svg('<use xlink:href="javascript:pwn(63)"/>')),
             removed(4, "a javascript: address in xlink:href=")),
        case("svg-image", pictured(5, svg('<image width="9" height="9" href="javascript:pwn(64)"/>')),
             removed(5, "a javascript: address in href=")),
        case("svg-animation", pictured(6, svg(ANIMATED)),
             removed(6, "an animation of href=, an animation of xlink:href=")),
        case("svg-foreign-html", pictured(7, svg(drawio(FOREIGN_HTML))),
             removed(7, "onclick=, <iframe>, <form>")),
        case("svg-stylesheet", pictured(8, svg("", prolog=STYLESHEET)),
             removed(8, "<?xml-stylesheet?>")),
        case("svg-external-entity", pictured(9, svg("<text>&xxe;</text>", prolog=ENTITY)),
             "sv9.md:6: WARNING: SVG image sv9.svg uses the entity &xxe; which cannot be kept"),
        case("svg-not-xml", pictured(10, f"<svg {XMLNS}><script>pwn(71)</svg"),
             "sv10.md:6: WARNING: SVG image sv10.svg is not well-formed XML ("),
        case("svg-download", offered(11, "sv11.svg", svg("", ' onload="pwn(72)"')),
             refused(11, "sv11.svg", SCRIPTED)),
    ]  # fmt: skip
    for n, suffix in ((12, "html"), (13, "js"), (14, "xhtml")):
        name = f"sv{n}.{suffix}"
        c.append(case(f"download-{suffix}", offered(n, name, "<script>pwn(73)</script>\n"),
                      refused(n, name, f"is a .{suffix} file, {ACTIVE}")))  # fmt: skip
    c.append(case("image-html", shown(15, "sv15.html", "page", "<script>pwn(74)</script>\n"),
                  "sv15.md:6: WARNING: image 'sv15.html' is not an image a page may show"))  # fmt: skip
    # Escaped, the alt text is text: nothing to report.
    # The book reads no video: its alt text stands in, in the ePub and the PDF alike.
    c.append(case("video-alt", shown(16, "sv16.mp4", VIDEO_ALT, "not really a video\n"),
                  "sv16.md:6: WARNING: image 'sv16.mp4' is not an image the book can read",
                  only=BOOK))  # fmt: skip
    # Inert files come out whole: a drawing with a draw.io label, an SVG download.
    c.append(case("svg-dtd-default", pictured(19, svg("", prolog=DEFAULTS)),
                  removed(19, "onload=")))  # fmt: skip
    c.append(case("svg-download-dtd-default", offered(20, "sv20.svg", svg("", prolog=DEFAULTS)),
                  refused(20, "sv20.svg", SCRIPTED)))  # fmt: skip
    good = {**pictured(17, svg(drawio("Seventeen<br/><b>bold</b>"))),
            **offered(18, "sv18.svg", svg("<title>Eighteen</title>"))}  # fmt: skip
    return [*c, case("svg-good", good)]
