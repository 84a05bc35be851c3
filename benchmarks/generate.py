"""Generate a realistic blog in the first user's format, for benchmarks and checks.

Each post: YAML front-matter (title, often-empty description, order, quoted
date, 1-4 tags from a pool of 50 with multi-word and case variants, some
``popular``/``popularity``), about 1,400 words under ``###`` headings,
footnotes, a code block, links to other posts as ``/slug``, ``/Slug#section``
and ``/tags/some tag``, emoji, and, for some posts, co-located PNG, JPEG and
SVG images or a raw ``<details>`` block.  Deterministic for a given seed.

``--messy`` adds what real blogs hold, each on a few posts: a missing image,
an image written as a site path (``/diagram.png``) that sits beside its post,
a plotting tool's SVG with ``text-anchor=""``, a draw.io SVG (labels in
``<foreignObject>``), a footnote without its colon and one never referenced,
a link to a missing section, an inline ``<script>`` widget, a control
character, emoji newer than Unicode 9, and a book outline ``messy.book.md``.
Without it the output is byte-identical to what it always was.

    python benchmarks/generate.py OUTDIR --posts 230 [--seed 1] [--broken-links] [--messy]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import itertools
import random
import re
import struct
import zlib
from pathlib import Path

WORDS = [
    "model",
    "data",
    "system",
    "people",
    "work",
    "time",
    "question",
    "answer",
    "result",
    "reason",
    "number",
    "change",
    "problem",
    "idea",
    "claim",
    "paper",
    "study",
    "effect",
    "trade",
    "risk",
    "cost",
    "value",
    "signal",
    "pattern",
    "layer",
    "weight",
    "token",
    "memory",
    "search",
    "training",
    "test",
    "writer",
    "reader",
    "book",
    "chapter",
    "draft",
    "essay",
    "argument",
    "evidence",
    "theory",
    "practice",
    "market",
    "policy",
    "code",
    "tool",
    "language",
    "network",
    "structure",
    "process",
    "method",
    "view",
]
TAG_POOL = [
    "ai",
    "AI",
    "explainers",
    "deepseek",
    "machine learning",
    "Deep Learning",
    "economics",
    "software",
    "writing",
    "books",
    "history",
    "policy",
    "safety",
    "interpretability",
    "open source",
    "python",
    "rust",
    "C++",
    "databases",
    "startups",
    "careers",
    "management",
    "hiring",
    "productivity",
    "tools",
    "math",
    "statistics",
    "philosophy",
    "science",
    "energy",
    "climate",
    "hardware",
    "chips",
    "security",
    "privacy",
    "law",
    "education",
    "teaching",
    "language models",
    "agents",
    "evals",
    "benchmarks",
    "reading notes",
    "travel",
    "cooking",
    "music",
    "games",
    "design",
    "Über KI",
    "📚",
]
EMOJI = ["🙂", "🤖", "📈", "🧠", "✨", "🔥", "🚀"]
JPEG_1PX = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////"
    "////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAA"
    "AAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
)


def png(width: int, height: int, seed: int) -> bytes:
    """A small, valid RGB PNG, without an imaging library."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(((x + seed) % 256, (y * 3) % 256, 160)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">
  <rect x="5" y="5" width="230" height="110" fill="#eef" stroke="#335"/>
  <text x="120" y="65" font-size="16" text-anchor="middle">Figure {n}</text>
</svg>
"""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, words: int = 80) -> str:
    parts, count = [], 0
    while count < words:
        n = rng.randint(8, 22)
        parts.append(sentence(rng, n) + rng.choice([".", ".", ".", "?"]))
        count += n
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = text.replace(". ", " - that is the point - ", 1)
    if rng.random() < 0.15:
        text += " " + rng.choice(EMOJI)
    return text


#: The last day a generated post may have: posts dated after the build's day are
#: held back (scheduled), so a generated blog is entirely in the past, whatever its size.
LAST_DAY = dt.date(2026, 6, 30)


class Post:
    def __init__(self, index: int, rng: random.Random, start: dt.date, step: int = 11) -> None:
        self.index = index
        self.slug = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{index}"
        self.title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
        if rng.random() < 0.1:
            self.title += rng.choice([": a reply", " & more", ' and "why"', " (part 2)"])
        self.date = start + dt.timedelta(days=index * step + rng.randint(0, min(9, step - 1)))
        self.tags = rng.sample(TAG_POOL, rng.randint(1, 4))
        self.folder = rng.random() < 0.3
        self.sections = [sentence(rng, rng.randint(2, 5)) for _ in range(rng.randint(3, 5))]

    @property
    def path(self) -> str:
        return f"{self.slug}/index.md" if self.folder else f"{self.slug}.md"

    @staticmethod
    def anchor(heading: str) -> str:
        return heading.lower().replace(" ", "-")


def front_matter(post: Post, rng: random.Random) -> str:
    description = "" if rng.random() < 0.6 else " " + sentence(rng, 12) + "."
    title = post.title.replace("'", "''")
    lines = [
        "---",
        f"title: '{title}'",
        f"description:{description}",
        f"order: {post.index + 1}",
        f"date: '{post.date.isoformat()}'",
        "tags: [" + ", ".join(f'"{t}"' for t in post.tags) + "]",
    ]
    if rng.random() < 0.05:
        lines.append("popular: true")
    if rng.random() < 0.3:
        lines.append(
            f"popularity: {{score: {rng.randint(1, 999)}, views: {rng.randint(10, 99999)}}}"
        )
    return "\n".join([*lines, "---", ""])


def body(
    post: Post, posts: list[Post], rng: random.Random, broken: bool
) -> tuple[str, dict[str, bytes]]:
    files: dict[str, bytes] = {}
    notes: list[str] = []
    out = [paragraph(rng, 120), paragraph(rng, 100)]
    for number, heading in enumerate(post.sections):
        out.append(f"### {heading}")
        for _ in range(rng.randint(2, 3)):
            text = paragraph(rng, rng.randint(70, 110))
            if rng.random() < 0.35:
                notes.append(paragraph(rng, 20))
                text += f"[^{len(notes)}]"
            out.append(text)
        if rng.random() < 0.3:
            out.append(f"#### {sentence(rng, 3)}")
            out.append(paragraph(rng, 60))
        if number == 1:
            out.append(_links(post, posts, rng, broken))
        if number == 2 and rng.random() < 0.4:
            out.append(
                "```python\n"
                + "\n".join(
                    f"value_{i} = compute({i}, 'x')  # {sentence(rng, 6)}"
                    for i in range(rng.randint(3, 12))
                )
                + "\n```"
            )
    if post.folder and rng.random() < 0.6:
        kind = rng.choice(["png", "jpg", "svg"])
        name = f"figure-{post.index}.{kind}"
        files[name] = {
            "png": png(64, 40, post.index),
            "jpg": JPEG_1PX,
            "svg": SVG.format(n=post.index).encode(),
        }[kind]
        out.insert(3, f"![Figure {post.index}: {sentence(rng, 4)}]({name})")
    if rng.random() < 0.03:
        out.append(
            "<details>\n<summary>Notes</summary>\n\n" + paragraph(rng, 40) + "\n\n</details>"
        )
    out += [f"[^{i}]: {note}" for i, note in enumerate(notes, start=1)]
    return "\n\n".join(out) + "\n", files


def _links(post: Post, posts: list[Post], rng: random.Random, broken: bool) -> str:
    others = rng.sample(posts, 3)
    target = others[0]
    links = [
        f"[{others[0].title.lower()}](/{target.slug})",
        f"[this section](/{others[1].slug.capitalize()}#{Post.anchor(others[1].sections[0])})",
        f"[more on {post.tags[0]}](/tags/{post.tags[0]})",
        f"[another](/{others[2].slug}/)",
    ]
    if broken and rng.random() < 0.05:
        links.append("[a page that never existed](/never-existed)")
    return "See " + ", ".join(links) + "."


# -- the mess of real blogs (--messy) ---------------------------------------------------

NEW_EMOJI = ["🥲", "🫠", "🫶", "🥹"]  # Unicode 13 and 14: newer than most fonts
PLOT_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \
width="480pt" height="216pt" viewBox="0 0 480 216" version="1.1">
 <g id="figure_1">
  <rect width="480" height="216" fill="#ffffff"/>
  <g id="axes_1">
   <path d="M 40 180 L 440 180 M 40 20 L 40 180" fill="none" stroke="#000000"/>
   <polyline points="{points}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>
{labels}
  </g>
 </g>
</svg>
"""
PLOT_LABEL = (
    '   <text x="{x}" y="{y}" font-family="DejaVu Sans" font-size="9" text-anchor="">{label}</text>'
)
DRAWIO_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \
version="1.1" width="{width}px" height="81px" viewBox="-0.5 -0.5 {width} 81" \
content="&lt;mxfile host=&quot;app.diagrams.net&quot; agent=&quot;Mozilla/5.0&quot; \
version=&quot;24.2.5&quot;&gt;&lt;diagram name=&quot;Page-1&quot; id=&quot;d{n}&quot;&gt;\
7VhNb5tAEP01HCuxLBA4JrGbSr20SqWqxzWswQqwaFk3dn99Z2GxWYNj17GVVLIUKTtvZj92\
3psBHPxYrp84qbNvLKWF47npxsFTx/PiyId/EthqYOLbGsg5SzWEdsDz6g81oKvRNUtpYwQK\
xgqxqk0wYVVFE2FghHP2YobNWWHuWpOc9oDnhBR99OcqFZm+lhce8C90lWfdzihMtKcknbG+\
Zq2QVJIbI2wjMqf8BqAv7JLwhVNxcoQyFlSfyhcGlAOEOlsR6P9e6vUX6dLKqHXnSfHCYvBr\
g8wOlXTkDNgVFkWMGlFGh5d2xpoZsXkwSX5lFAMRApuw==&lt;/diagram&gt;&lt;/mxfile&gt;">
 <defs/>
 <g>
{boxes}
 </g>
 <switch>
  <g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/>
  <a transform="translate(0,-5)" \
xlink:href="https://www.drawio.com/doc/faq/svg-export-text-problems" target="_blank">
   <text text-anchor="middle" font-size="10px" x="50%" y="100%">\
Text is not SVG - cannot display</text>
  </a>
 </switch>
</svg>
"""
DRAWIO_BOX = """  <rect x="{x}" y="10" width="120" height="60" rx="9" ry="9" fill="#ffffff" \
stroke="#000000" pointer-events="all"/>
  <g transform="translate(-0.5 -0.5)">
   <switch>
    <foreignObject pointer-events="none" width="100%" height="100%" \
requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility" \
style="overflow: visible; text-align: left;">
     <div xmlns="http://www.w3.org/1999/xhtml" style="display: flex; \
align-items: unsafe center; justify-content: unsafe center; width: 118px; height: 1px; \
padding-top: 40px; margin-left: {margin}px;"><div data-drawio-colors="color: rgb(0, 0, 0);" \
style="box-sizing: border-box; font-size: 0px; text-align: center;"><div style="display: \
inline-block; font-size: 12px; font-family: Helvetica; color: rgb(0, 0, 0); line-height: 1.2; \
pointer-events: all; white-space: normal; overflow-wrap: normal;">{label}</div></div></div>
    </foreignObject>
    <text x="{middle}" y="44" fill="rgb(0, 0, 0)" font-family="Helvetica" font-size="12px" \
text-anchor="middle">Text is not SVG - cannot display</text>
   </switch>
  </g>"""


def plot_svg(labels: list[str], rng: random.Random) -> bytes:
    """A plotting tool's export: every label with an empty ``text-anchor``."""
    points = " ".join(f"{40 + 40 * i},{rng.randint(30, 170)}" for i in range(11))
    title, *ticks = labels
    rows = [PLOT_LABEL.format(x=40, y=12, label=title)]
    rows += [PLOT_LABEL.format(x=40 + 70 * i, y=196, label=tick) for i, tick in enumerate(ticks)]
    return PLOT_SVG.format(points=points, labels="\n".join(rows)).encode()


def drawio_svg(labels: list[str], n: int) -> bytes:
    """A draw.io export: labels in ``<foreignObject>``, a text fallback no reader should see."""
    boxes = [
        DRAWIO_BOX.format(x=10 + 160 * i, margin=11 + 160 * i, middle=70 + 160 * i, label=label)
        for i, label in enumerate(labels)
    ]
    width = 160 * len(labels)
    return DRAWIO_SVG.format(width=width, n=n, boxes="\n".join(boxes)).encode()


class Mess:
    """What the mess makers share: their random generator, every page, label numbers."""

    def __init__(self, rng: random.Random, pages: list[Page]) -> None:
        self.rng, self.pages = rng, pages
        self.numbers = itertools.count(1)

    def labels(self, word: str, count: int) -> list[str]:
        return [f"{word}{next(self.numbers)}" for _ in range(count)]


def missing_image(page: Page, mess: Mess) -> None:
    page.blocks.insert(3, "![chart](missing-chart.png)")


def root_image(page: Page, mess: Mess) -> None:
    page.files["diagram.png"] = png(80, 48, page.post.index)
    page.blocks.insert(3, "![diagram](/diagram.png)")


def plot_figure(page: Page, mess: Mess) -> None:
    name = f"plot-{page.post.index}.svg"
    page.files[name] = plot_svg(mess.labels("Plotlabel", 7), mess.rng)
    page.blocks.insert(3, f"![A plot of {sentence(mess.rng, 3).lower()}]({name})")


def drawio_figure(page: Page, mess: Mess) -> None:
    name = f"flow-{page.post.index}.drawio.svg"
    page.files[name] = drawio_svg(mess.labels("Drawlabel", 3), page.post.index)
    page.blocks.insert(3, f"![How {sentence(mess.rng, 3).lower()} flows]({name})")


def bad_footnotes(page: Page, mess: Mess) -> None:
    """``[^n] text`` without its colon (a reference with no note) and a note never used."""
    n = sum(block.startswith("[^") for block in page.blocks) + 1
    page.blocks.insert(2, paragraph(mess.rng, 50) + f"[^{n}]")
    page.blocks.append(f"[^{n}] {paragraph(mess.rng, 15)}")
    page.blocks.append(f"[^{n + 1}]: {paragraph(mess.rng, 15)}")


def missing_anchor(page: Page, mess: Mess) -> None:
    other = mess.rng.choice([p for p in mess.pages if p is not page])
    page.blocks.insert(2, f"{paragraph(mess.rng, 30)} [see](/{other.post.slug}#no-such-section)")


def widget(page: Page, mess: Mess) -> None:
    n = page.post.index
    page.blocks.insert(
        2,
        f'<div class="poll-widget" data-poll="{n}"></div>\n'
        '<script async src="https://widgets.example.com/poll.js"></script>\n'
        f"<script>window.PollWidget && PollWidget.mount(\"[data-poll='{n}']\");</script>",
    )


def control_character(page: Page, mess: Mess) -> None:
    words = paragraph(mess.rng, 40).split(" ")
    cut = mess.rng.randint(3, len(words) - 3)
    page.blocks.insert(2, " ".join(words[:cut]) + "\x10 " + " ".join(words[cut:]))


def new_emoji(page: Page, mess: Mess) -> None:
    extra = mess.rng.choice(NEW_EMOJI[2:])
    text = f"{paragraph(mess.rng, 30)} 🥲 {sentence(mess.rng, 6)} 🫠 {extra}"
    page.blocks.insert(2, text)


MAKERS = {
    "missing image": missing_image,
    "root image": root_image,
    "plot": plot_figure,
    "drawio": drawio_figure,
    "footnotes": bad_footnotes,
    "anchor": missing_anchor,
    "widget": widget,
    "control": control_character,
    "emoji": new_emoji,
}
BESIDE_THE_POST = {"root image", "plot", "drawio"}  # folder posts only


def make_mess(pages: list[Page], outdir: Path, rng: random.Random) -> None:
    """Each kind of mess on a few posts, and ``messy.book.md``, an outline of some posts."""
    few = max(1, min(3, len(pages) // 12))
    folders = [page for page in pages if page.post.folder]
    for page in rng.sample([p for p in pages if not p.post.folder], max(0, few - len(folders))):
        page.post.folder = True  # the path changes, not the text
        folders.append(page)
    mess, marked = Mess(rng, pages), {}
    for kind, maker in MAKERS.items():
        marked[kind] = rng.sample(folders if kind in BESIDE_THE_POST else pages, few)
        for page in marked[kind]:
            maker(page, mess)
    must = list(dict.fromkeys([marked["plot"][0], marked["drawio"][0]]))
    (outdir / "messy.book.md").parent.mkdir(parents=True, exist_ok=True)
    (outdir / "messy.book.md").write_text(outline(pages, must, rng), encoding="utf-8")


def formulas(page: Page, mess: Mess) -> None:
    """Inline and display math, as an essay on physics writes it."""
    text = "Weight is $F = m g$, or $e^{i\\pi} + 1 = 0$."
    page.blocks.insert(2, f"{paragraph(mess.rng, 20)} {text}")
    page.blocks.insert(3, "$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$")


def schemeless_link(page: Page, mess: Mess) -> None:
    """A link to another site without its ``https://``, as a hurried post writes it."""
    page.blocks.insert(2, f"{paragraph(mess.rng, 20)} Install [docker](docker.com#install) first.")


#: What the book must show well, on posts of the whole blog (not the outline's choice).
BOOK_MAKERS = {"math": formulas, "scheme-less link": schemeless_link}


def make_book_mess(pages: list[Page], rng: random.Random) -> None:
    few = max(1, min(3, len(pages) // 12))
    mess = Mess(rng, pages)
    for maker in BOOK_MAKERS.values():
        for page in rng.sample(pages, few):
            maker(page, mess)


PART_NAMES = ["one", "two", "three"]


def outline(pages: list[Page], must: list[Page], rng: random.Random) -> str:
    """A title, one post before the first part, then 2-3 parts of 2-4 posts each."""
    sizes = [rng.randint(2, 4) for _ in range(rng.randint(2, 3))]
    rest = [page for page in pages if page not in must]
    chosen = rng.sample(rest, min(len(rest), 1 + sum(sizes) - len(must)))
    front, inside = chosen[0], chosen[1:] + must
    rng.shuffle(inside)
    lines = ["---", "title: The messy reader", "subtitle: Posts as they were written"]
    lines += ["author: A. Blogger", "---", "", _item(front, 0), ""]
    for number, size in enumerate(sizes):
        word = rng.choice(WORDS)
        lines += [f"# Part {PART_NAMES[number]}: {word.capitalize()}s", "", _intro(word, rng), ""]
        lines += [_item(page, i) for i, page in enumerate(inside[:size])] + [""]
        inside = inside[size:]
    return "\n".join(lines)


def _intro(word: str, rng: random.Random) -> str:
    other = rng.choice(WORDS)
    return (
        f'On *{word}s* and `{other}.fit()`, and what "{word}" meant - '
        f"as the posts said it at the time.\n{paragraph(rng, 25)}"
    )


def _item(page: Page, number: int) -> str:
    post = page.post
    forms = [f"[{post.title}](/{post.slug})", f"/{post.slug}", post.slug, f"</{post.slug}/>"]
    return "- " + forms[number % len(forms)]


class Page:
    """One post as it will be written: its front-matter, body blocks and files beside it.

    A plain class, not a dataclass: tests load this file without registering it
    as a module, and dataclasses need their module.
    """

    def __init__(self, post: Post, head: str, blocks: list[str], files: dict[str, bytes]) -> None:
        self.post, self.head, self.blocks, self.files = post, head, blocks, files

    def text(self) -> str:
        return self.head + "\n" + "\n\n".join(self.blocks) + "\n"


# -- a blog as another generator left it (--old-site) ---------------------------------


OLD_MARKUP = (
    "One - **two**, three - [four](/{other}), _six_ - seven, `code` - eight, "
    'and nine -- ten, ("--") in quotes.'
)


def make_old_site(pages: list[Page], outdir: Path, rng: random.Random) -> None:
    """Every post in its own folder, notes beside some, ``order`` against the dates, ...

    Also spaced hyphens and ``--`` next to inline markup, links to the feed, and a
    ``static/`` folder (favicon, web manifest) beside the posts, as the old repository
    had it; no ``index.md``.
    """
    for number, page in enumerate(pages):
        page.post.folder = True
        if number % 9 == 4:
            page.files["notes.md"] = b"Reading notes, never meant for readers.\n"
        if number % 6 == 1:
            other = rng.choice(pages).post.slug
            page.blocks.append(OLD_MARKUP.format(other=other))
        if number % 10 == 3:
            page.blocks.append("Subscribe to [the feed](/rss.xml) or see [all tags](/tags/).")
    for first, second in zip(pages[2::7], pages[3::7], strict=False):  # order against dates
        first.head, second.head = _swap_order(first.head, second.head)
    # Dates that disagree with ``order`` further: a post written long before its place
    # (a draft published late), and a post dated the same day as the one before it.
    for page in pages[5::8]:
        page.head = _redate(page.head, page.post.date - dt.timedelta(days=400))
    for before, page in zip(pages[5::12], pages[6::12], strict=False):
        page.head = _redate(page.head, _date_of(before.head))
    static = outdir / "static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "site.webmanifest").write_text('{"name": "An old blog"}\n', encoding="utf-8")
    (static / "favicon.ico").write_bytes(png(16, 16, 1))


def _swap_order(one: str, two: str) -> tuple[str, str]:
    first, second = ORDER.search(one), ORDER.search(two)
    assert first and second
    return ORDER.sub(second.group(0), one, 1), ORDER.sub(first.group(0), two, 1)


def _redate(head: str, day: dt.date) -> str:
    return DATE.sub(f"date: '{day.isoformat()}'", head, 1)


def _date_of(head: str) -> dt.date:
    found = DATE.search(head)
    assert found
    return dt.date.fromisoformat(found.group(1))


ORDER = re.compile(r"^order: \d+$", re.MULTILINE)
DATE = re.compile(r"^date: '([\d-]+)'$", re.MULTILINE)


def generate(  # noqa: PLR0913 - one switch per mode
    outdir: Path,
    count: int,
    *,
    seed: int = 1,
    broken: bool = False,
    messy: bool = False,
    old_site: bool = False,
) -> list[Path]:
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    # Eleven days apart, closer for a blog too large to fit before LAST_DAY that way.
    step = max(1, min(11, ((LAST_DAY - start).days - 10) // max(count, 1)))
    posts = [Post(i, rng, start, step) for i in range(count)]
    pages = []
    for post in posts:
        text, files = body(post, posts, rng, broken)
        head = front_matter(post, rng)
        pages.append(Page(post, head, text.removesuffix("\n").split("\n\n"), files))
    if messy:  # its own generator: the posts above stay what they always were
        make_mess(pages, outdir, random.Random(f"messy-{seed}"))
        make_book_mess(pages, random.Random(f"book-{seed}"))  # the mess above stays too
    if old_site:
        make_old_site(pages, outdir, random.Random(f"old-{seed}"))
    written = []
    for page in pages:
        path = outdir / page.post.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.text(), encoding="utf-8")
        for name, data in page.files.items():
            (path.parent / name).write_bytes(data)
        written.append(path)
    if not old_site:  # the old generator made its home page itself
        (outdir / "index.md").write_text("# Generated blog\n\nA generated blog for benchmarks.\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--posts", type=int, default=230)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--broken-links", action="store_true")
    parser.add_argument("--messy", action="store_true", help="add real blogs' mess and a book")
    parser.add_argument(
        "--old-site", action="store_true", help="a blog as another generator left it"
    )
    args = parser.parse_args()
    generate(args.outdir, args.posts, seed=args.seed, broken=args.broken_links, messy=args.messy,
             old_site=args.old_site)  # fmt: skip


if __name__ == "__main__":
    main()
