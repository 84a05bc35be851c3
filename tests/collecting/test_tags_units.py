"""The tag table (``chapbook.collecting.tags``) on a small environment of plain objects.

``test_tags.py`` builds whole sites; these pin the two rules a writer sees on every
tag page: the name a tag is shown under, and an address that never takes the place
of the index of tags.
"""

from __future__ import annotations

from types import SimpleNamespace

from chapbook.collecting import tags
from chapbook.collecting.state import BuildState
from tests.collecting.test_listings_units import post


def table(**tagged: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    """The table of posts tagged so (docname -> its tags): key -> (name, slug, page)."""
    posts = {name: post(name, "2024-01-01", tags=written) for name, written in tagged.items()}
    env = SimpleNamespace(
        chapbook=BuildState(posts=posts), config=SimpleNamespace(tags_output_dir="tags")
    )
    found = tags.refresh(env)  # type: ignore[arg-type]
    return {key: (entry.name, entry.slug, entry.docname) for key, entry in found.items()}


def test_a_tag_is_shown_as_most_of_its_posts_write_it() -> None:
    found = table(a=("deep learning",), b=("Deep Learning",), c=("Deep Learning",))
    assert found == {"deep learning": ("Deep Learning", "deep-learning", "tags/deep-learning")}


def test_a_tie_between_spellings_goes_to_the_first_a_to_z() -> None:
    found = table(a=("sailing",), b=("Sailing",))
    assert found == {"sailing": ("Sailing", "sailing", "tags/sailing")}  # "S" < "s"


def test_a_tag_named_index_never_takes_the_address_of_the_index_of_tags() -> None:
    """``tags/index`` is the page listing every tag: the tag "Index" gets ``tags/index-2``."""
    assert table(a=("Index",)) == {"index": ("Index", "index-2", "tags/index-2")}
