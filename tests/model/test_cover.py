"""The cover in front-matter (``image:``, ``image_alt:``): its form checked before any file is read."""

from __future__ import annotations

import pytest

from chapbook.model import frontmatter


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\ntitle: T\ndate: 2024-01-01\n{yaml_text}\n---\n\nBody.\n")


def messages(fm: frontmatter.FrontMatter) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in fm.problems]


@pytest.mark.parametrize(
    "written",
    [
        "cover.png",
        "images/cover one.png",
        "/images/cover.svg",
        "../shared/cover.png",  # may still be inside docs/: the reading stage decides
        "https://images.example.org/a.jpg?w=800&h=400",
        "HTTP://example.org/a.png",
    ],
)
def test_paths_and_web_addresses_are_kept_as_written(written: str) -> None:
    fm = read(f"image: '{written}'\nimage_alt: A sail")
    assert fm.problems == []
    assert fm.image == written
    assert fm.image_alt == "A sail"
    assert "image" not in fm.extra  # a model key, not an extra
    assert frontmatter.myst_data(fm)["image"] == written


def test_no_image_is_no_cover() -> None:
    assert read("").image is None
    assert read("image:").image is None
    assert read("image: ''").image is None
    assert read("").image_alt == ""


@pytest.mark.parametrize(
    "written",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:image/png;base64,AAAA",
        "file:///etc/passwd",
        "vbscript:x",
        "//evil.example.org/a.png",
        'https://example.org/a.png\\" onerror=alert(1)',
        "https://example.org/<script>.png",
        "https://",
        "images\\\\cover.png",
        "java\\tscript:alert(1)",
        "a\\nb.png",
    ],
)
def test_scripts_payloads_and_broken_addresses_are_refused(written: str) -> None:
    fm = read(f'image: "{written}"')
    assert fm.image is None
    assert "image" in fm.rejected
    assert "image" not in frontmatter.myst_data(fm)  # never reaches env.metadata
    [(line, message)] = messages(fm)
    assert line == 4
    assert message.startswith("front-matter 'image': ")
    assert message.endswith(" is not a file path or an https:// address")


@pytest.mark.parametrize(
    ("written", "kind"),
    [("[a.png, b.png]", "a list"), ("{src: a.png}", "a mapping"), ("3", "a number")],
)
def test_a_value_that_is_not_text_is_refused(written: str, kind: str) -> None:
    fm = read(f"image: {written}")
    assert fm.image is None
    assert messages(fm) == [
        (4, f"front-matter 'image': expected a file path or an https:// address, got {kind}")
    ]


def test_alt_text_is_text_and_markup_stays_text() -> None:
    fm = read("image: a.png\nimage_alt: \"A <b>sail</b> & 'rope'\"")
    assert fm.image_alt == "A <b>sail</b> & 'rope'"
    fm = read("image: a.png\nimage_alt: [x]")
    assert fm.image_alt == ""
    assert messages(fm) == [(5, "front-matter 'image_alt': expected text, got a list")]
