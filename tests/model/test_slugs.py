"""Tag identity and tag slugs, on their own."""

from __future__ import annotations

from chapbook.model.names import slugify, tag_key


def test_slug_rules() -> None:
    assert slugify("Deep Learning") == "deep-learning"
    assert slugify("  C++ ") == "c"
    assert slugify("Über KI") == "über-ki"
    assert slugify("R&D / ops") == "r-d-ops"
    assert slugify("🤖") == "u1f916"
    assert slugify("🤖🚀") == "u1f916-1f680"
    assert tag_key("AI") == tag_key("ai") == tag_key(" a\u0069 ")
