"""Find markup from a post alive in any output file: HTML, XML, JS and text alike.

Hostile payloads carry the marker ``pwn``.  Escaped, a payload is harmless
text; alive, it is an element, an event-handler attribute or a
``javascript:`` URL, which is what this looks for, in each kind of file as a
browser or a feed reader would read it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html

if TYPE_CHECKING:
    from pathlib import Path

MARK = "pwn"
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster")
#: SVG elements that set another element's attribute (an ``href`` too).
ANIMATIONS = ("set", "animate")
#: Elements whose embedded text a feed reader renders as HTML.
HTML_IN_XML = ("description", "encoded", "content", "summary")


def scan(outdir: Path) -> list[str]:
    """Every live payload in ``outdir``, as ``path: what``."""
    found = []
    for path in sorted(p for p in outdir.rglob("*") if p.is_file()):
        relative = path.relative_to(outdir).as_posix()
        if relative.startswith("_sources/"):
            continue  # the posts' own text, served as text/plain
        found += [f"{relative}: {problem}" for problem in _problems(path)]
    return found


def _problems(path: Path) -> list[str]:
    data = path.read_bytes()
    if MARK.encode() not in data:
        return []
    text = data.decode("utf-8", "replace")
    if path.suffix == ".html":
        return html_problems(text)
    if path.suffix in (".xml", ".opf", ".ncx"):  # feeds, sitemap; the ePub's package and table
        return xml_problems(data)
    if path.suffix in (".svg", ".xhtml"):  # images; the ePub's pages
        return document_problems(data)
    if path.name == "searchindex.js":
        return _index_problems(text)
    if path.name == "_redirects":
        return redirects_problems(text)
    return [f"marker in a {path.suffix or 'plain'} file"]


def redirects_problems(text: str) -> list[str]:
    """``_redirects`` as Netlify and Cloudflare Pages read it: ``/source /target status`` a
    line.  A payload is alive when it leaves its percent-encoding: markup or quotes in a
    path, or a space or line break that makes a rule of its own."""
    problems = []
    for line in text.splitlines():
        fields = line.split()
        if MARK not in line or line.startswith("#"):
            continue
        paths_ok = len(fields) == 3 and all(f.startswith("/") for f in fields[:2])
        if not paths_ok or re.search(r"[<>\"'`]", line):
            problems.append(f"rule {line!r} is not percent-encoded")
    return problems


def html_problems(text: str) -> list[str]:
    if not text.strip():
        return []
    return markup_problems(lxml.html.document_fromstring(text))


def document_problems(data: bytes) -> list[str]:
    """An SVG file or an XHTML page, read as a browser reads it: XML, namespaces and all."""
    # As a browser reads it: the defaults its own DTD declares apply, nothing else is read.
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, attribute_defaults=True)
    parser.resolvers.add(_Empty())
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as err:
        return [f"not well-formed XML ({err})"]  # a browser shows what it read before the error
    problems = [
        f"<?{node.target}?> before the root"  # xml-stylesheet: the file shown transformed
        for node in root.itersiblings(preceding=True)
        if isinstance(node, lxml.etree._ProcessingInstruction) and MARK in (node.text or "")
    ]
    return problems + markup_problems(root)


class _Empty(lxml.etree.Resolver):
    def resolve(self, url: str, public_id: str, context: object) -> object:
        return self.resolve_string("", context)


def markup_problems(root: lxml.etree._Element) -> list[str]:
    """Elements, handlers and URLs that run, in HTML, XHTML or SVG (names without namespace)."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        if tag in ("script", "style") and f"{MARK}(" in "".join(element.itertext()):
            problems.append(f"<{tag}> holding the marker")
        if tag in ANIMATIONS and _animates_a_script_url(element):
            problems.append(f"<{tag}> making a script URL")
        for name, value in element.attrib.items():
            attribute = _local(name).lower()
            if attribute.startswith("on") and MARK in value:
                problems.append(f"<{tag} {attribute}=...>")
            if attribute in URL_ATTRIBUTES and _scripted_url(value):
                problems.append(f"<{tag} {attribute}={value!r}>")
            if attribute == "srcdoc" and MARK in value:
                problems.append(f"<{tag} srcdoc=...>")
    return problems


def _local(name: str) -> str:
    """``{namespace}name`` as ``name``: ``xlink:href`` is an ``href``."""
    return name.rsplit("}", 1)[-1]


def _animates_a_script_url(element: lxml.etree._Element) -> bool:
    """``<set attributeName="href" to="javascript:...">``: a link made to run."""
    if _local(element.get("attributeName", "")).split(":")[-1].lower() != "href":
        return False
    values = [element.get(name, "") for name in ("to", "from", "by")]
    values += element.get("values", "").split(";")
    return any(_scripted_url(value) for value in values)


def _scripted_url(value: str) -> bool:
    squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))


def xml_problems(data: bytes) -> list[str]:
    try:
        root = lxml.etree.fromstring(data)
    except lxml.etree.XMLSyntaxError as err:
        return [f"not well-formed XML ({err})"]
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = lxml.etree.QName(element).localname
        if local in ("script", "img", "svg", "iframe"):
            problems.append(f"<{local}> element in XML")
        as_text = element.get("type") == "text"  # Atom's plain-text constructs
        if local in HTML_IN_XML and not as_text and element.text and MARK in element.text:
            problems += html_problems(f"<div>{element.text}</div>")
    return problems


def _index_problems(text: str) -> list[str]:
    """The search index is JSON in a function call: markers may only live in its strings."""
    payload = text[text.index("(") + 1 : text.rindex(")")]
    try:
        json.loads(payload)
    except ValueError as err:
        return [f"search index is not JSON ({err})"]
    outside = text[: text.index("(") + 1] + text[text.rindex(")") :]
    return [f"marker outside the index's strings: {outside!r}"] if MARK in outside else []
