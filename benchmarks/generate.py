"""Generate a realistic blog in the first user's format, for benchmarks and checks.

Each post: YAML front-matter (title, often-empty description, order, quoted
date, 1-4 tags from a pool of 50 with multi-word and case variants, some
``popular``/``popularity``), about 1,400 words under ``###`` headings,
footnotes, a code block, links to other posts as ``/slug``, ``/Slug#section``
and ``/tags/some tag``, emoji, and, for some posts, co-located PNG, JPEG and
SVG images or a raw ``<details>`` block.  Deterministic for a given seed.

    python benchmarks/generate.py OUTDIR --posts 230 [--seed 1] [--broken-links]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import random
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


class Post:
    def __init__(self, index: int, rng: random.Random, start: dt.date) -> None:
        self.index = index
        self.slug = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{index}"
        self.title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
        if rng.random() < 0.1:
            self.title += rng.choice([": a reply", " & more", ' and "why"', " (part 2)"])
        self.date = start + dt.timedelta(days=index * 11 + rng.randint(0, 9))
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


def generate(outdir: Path, count: int, *, seed: int = 1, broken: bool = False) -> list[Path]:
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    posts = [Post(i, rng, start) for i in range(count)]
    written = []
    for post in posts:
        text, files = body(post, posts, rng, broken)
        path = outdir / post.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(post, rng) + "\n" + text, encoding="utf-8")
        for name, data in files.items():
            (path.parent / name).write_bytes(data)
        written.append(path)
    (outdir / "index.md").write_text("# Generated blog\n\nA generated blog for benchmarks.\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--posts", type=int, default=230)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--broken-links", action="store_true")
    args = parser.parse_args()
    generate(args.outdir, args.posts, seed=args.seed, broken=args.broken_links)


if __name__ == "__main__":
    main()
