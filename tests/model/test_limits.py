"""The front-matter's limits at their exact edges, and the long names that get cut.

Each limit is tried at its value and one past it: a limit that moves by one
fails here (mutation testing found every edge unread: ``<=`` turned into
``<`` survived, as did the digest that keeps long slugs apart).
"""

from __future__ import annotations

import json

import pytest

from chapbook.model import frontmatter
from chapbook.model.names import MAX_SLUG_BYTES, slugify

TOO_MANY = "front-matter expands to more than 10000 values (through aliases?); it is ignored"
TOO_DEEP = "front-matter is nested too deeply (at most 20 levels)"


#: After a post's tags: a post has a date (tags without one are named).
DATE = "\ndate: 2025-01-01"


def read(yaml_text: str) -> frontmatter.FrontMatter:
    return frontmatter.read(f"---\ntitle: t\n{yaml_text}\n---\n\nBody.\n")


def messages(fm: frontmatter.FrontMatter) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in fm.problems]


def ones(count: int) -> str:
    return "[" + ", ".join(["1"] * count) + "]"


# -- how much YAML is read at all -----------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "refused"),
    [
        # root 1 + title 2 + key 1 + list 1 + items: 10,000 values in all.
        pytest.param("a: " + ones(9995), False, id="10000-values"),
        pytest.param("a: " + ones(9996), True, id="10001-values"),
        # An alias counts what it repeats each time it is used: 7 + 2 x 4,996 = 9,999.
        pytest.param("a: &x " + ones(4996) + "\nb: *x", False, id="alias-9999"),
        pytest.param("a: &x " + ones(4997) + "\nb: *x", True, id="alias-10001"),
        pytest.param("a: &x [1, *x]", True, id="alias-cycle"),
        pytest.param("a: " + "[" * 20 + "]" * 20, False, id="depth-20"),
        pytest.param("a: " + "[" * 21 + "]" * 21, True, id="depth-21"),
    ],
)
def test_what_is_too_big_to_read(yaml_text: str, refused: bool) -> None:
    fm = read(yaml_text)
    if refused:
        assert fm.title is None  # fail closed: nothing of it is used
        assert messages(fm) in ([(2, TOO_MANY)], [(2, TOO_DEEP)])
    else:
        assert (fm.title, messages(fm)) == ("t", [])


def test_depth_counts_mapping_keys_too() -> None:
    deep_key = read("? " + "[" * 20 + "]" * 20 + "\n: 1")
    assert deep_key.title == "t"
    assert [message for _, message in messages(deep_key)] == [
        "front-matter key " + "[" * 20 + "]" * 20 + " is not text; ignored"
    ]
    too_deep = read("? " + "[" * 21 + "]" * 21 + "\n: 1")
    assert (too_deep.title, messages(too_deep)) == (None, [(2, TOO_DEEP)])


def test_the_kind_of_refusal_is_named() -> None:
    assert messages(read("a: &x [1, *x]")) == [(2, TOO_MANY)]
    assert messages(read("a: " + "[" * 21 + "]" * 21)) == [(2, TOO_DEEP)]


# -- old addresses ------------------------------------------------------------------------


def alias_problems(*paths: str) -> tuple[tuple[str, ...], list[str]]:
    fm = read("aliases:\n" + "\n".join(f"  - {json.dumps(p)}" for p in paths))
    return fm.aliases, [message for _, message in messages(fm)]


def test_an_address_is_judged_by_its_path_not_its_query_or_fragment() -> None:
    kept = ("/a?x/../b?y", "/a#x/../b#y", "/a/?q=1", "/a/#top", "/a/")
    assert alias_problems(*kept) == (kept, [])


@pytest.mark.parametrize(
    "path", ["/a/./b", "/a//b", "/a\\b", "/..", "/a/../b", "/", "/a\nb", "/a%2F..%2Fb"]
)
def test_a_path_that_could_leave_or_mislead_is_refused(path: str) -> None:
    aliases, problems = alias_problems(path)
    assert aliases == ()
    assert problems == [f"front-matter 'aliases': item 1 {path!r} is not a path on this site"]


def test_path_lengths_at_their_limits() -> None:
    segment = "/" + "a" * 150
    long_segment = "/" + "a" * 151
    whole = "/" + "/".join(["a" * 150] * 2) + "/" + "b" * 97  # 400 bytes
    too_long = whole + "b"
    assert len(whole) == 400
    aliases, problems = alias_problems(segment, long_segment, whole, too_long)
    assert aliases == (segment, whole)
    assert [p.split("'")[1] for p in problems] == ["aliases", "aliases"]
    assert [p.split(" item ")[1].split(" ")[0] for p in problems] == ["2", "4"]


# -- names cut to a file system's measure ----------------------------------------------------


def test_a_slug_of_exactly_the_limit_is_kept_whole() -> None:
    assert slugify("a" * MAX_SLUG_BYTES) == "a" * MAX_SLUG_BYTES


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # 109 bytes of the slug, a hyphen, ten hex digits of the name's SHA-256: 120 bytes.
        ("b" * 121, "b" * 109 + "-b3d4aa37fc"),
        # A cut inside a two-byte letter drops the half letter.
        ("é" * 61, "é" * 54 + "-cfe5b986ef"),
        # A cut just after a word break drops the dangling hyphen.
        ("x" * 108 + " y" + "z" * 20, "x" * 108 + "-5bdc3f2187"),
        # A name that cannot be encoded as it stands (a lone surrogate) still gets its digest.
        ("x" * 130 + "\udc80", "x" * 109 + "-e160057b31"),
    ],
)
def test_a_long_slug_is_cut_and_named_by_a_digest(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert len(slug.encode("utf-8")) <= MAX_SLUG_BYTES


def test_names_that_differ_only_past_the_cut_get_different_slugs() -> None:
    one, other = slugify("c" * 200 + "one"), slugify("c" * 200 + "other")
    assert one != other
    assert one[:109] == other[:109] == "c" * 109


def test_hyphens_only_at_the_ends_are_trimmed() -> None:
    assert slugify("-Hello, World-") == "hello-world"
    assert slugify("X-Y") == "x-y"


# -- the block, tags, authors and covers at their limits -------------------------------------


def test_a_block_of_exactly_64_kib_is_read() -> None:
    # "title: t\nd: " and its line break are 12 bytes: 65,524 more make 65,536.
    assert (read("d: " + "x" * 65524).title, messages(read("d: " + "x" * 65524))) == ("t", [])
    too_big = read("d: " + "x" * 65525)
    assert (too_big.title, messages(too_big)) == (
        None,
        [(1, "front-matter is too large (65537 bytes, at most 65536)")],
    )


def test_one_hundred_tags_and_no_more() -> None:
    hundred = read("tags: [" + ", ".join(f"t{i}" for i in range(100)) + "]" + DATE)
    assert (len(hundred.tags), messages(hundred)) == (100, [])
    more = read("tags: [" + ", ".join(f"t{i}" for i in range(101)) + "]" + DATE)
    assert more.tags == tuple(f"t{i}" for i in range(100))
    assert messages(more) == [
        (3, "front-matter 'tags': 101 tags, at most 100; the rest are ignored")
    ]


def test_a_tag_or_an_author_of_500_characters_is_kept() -> None:
    tags = read(f"tags: [{'a' * 500}, {'b' * 501}]" + DATE)
    assert tags.tags == ("a" * 500,)
    assert messages(tags) == [
        (3, "front-matter 'tags': item 2 is too long (501 characters); ignored")
    ]
    assert read("author: " + "a" * 500).authors == ("a" * 500,)
    too_long = read("author: " + "a" * 501)
    assert too_long.authors == ()
    assert messages(too_long) == [
        (3, "front-matter 'author': is too long (501 characters); ignored")
    ]


def test_escaped_control_characters_are_removed_and_named_with_their_item() -> None:
    tags = read('tags: ["a\\u0001b", c]' + DATE)
    assert (tags.tags, messages(tags)) == (
        ("ab", "c"),
        [(3, "front-matter 'tags': item 1: control characters removed")],
    )
    one = read('author: "Ann\\u0001e"')
    assert (one.authors, messages(one)) == (
        ("Anne",),
        [(3, "front-matter 'author': control characters removed")],
    )
    several = read('authors: [x, "Ann\\u0001e"]')
    assert (several.authors, messages(several)) == (
        ("x", "Anne"),
        [(3, "front-matter 'authors': item 2: control characters removed")],
    )


@pytest.mark.parametrize(
    ("image", "kept"),
    [
        ("https://example.org/a://", True),  # only the first :// ends the scheme
        ("https:///", False),  # an address with no host
        ("/" + "a" * 399, True),  # 400 bytes
        ("/" + "a" * 400, False),
    ],
)
def test_cover_addresses_at_their_edges(image: str, kept: bool) -> None:
    fm = read(f"image: {json.dumps(image)}")
    if kept:
        assert (fm.image, messages(fm)) == (image, [])
    else:
        shown = repr(image) if len(image) <= 40 else repr(image[:37] + "...")
        assert fm.image is None
        assert messages(fm) == [
            (3, f"front-matter 'image': {shown} is not a file path or an https:// address")
        ]
