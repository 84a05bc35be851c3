"""The rule that reads ``[text](/tags/some tag)`` as a link, on Markdown alone (no build)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from chapbook.reading import sitelinks


def html(markdown: str) -> str:
    md = MarkdownIt("commonmark")
    md.inline.ruler.before("link", "chapbook_spaced_link", sitelinks.spaced_site_link)
    return md.render(markdown).strip()


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("See [x](/tags/some tag) now.", '<p>See <a href="/tags/some%20tag">x</a> now.</p>'),
        ("[a](/tags/one two)[b](/tags/three four)",
         '<p><a href="/tags/one%20two">a</a><a href="/tags/three%20four">b</a></p>'),
        ("([x](/tags/some tag))", '<p>(<a href="/tags/some%20tag">x</a>)</p>'),
    ],
)  # fmt: skip
def test_a_spaced_site_link_ends_at_its_parenthesis(markdown: str, expected: str) -> None:
    """The ``)`` closing the destination is the link's: nothing of it is left as text."""
    assert html(markdown) == expected


def test_a_space_before_a_title_is_left_to_the_standard_rule() -> None:
    assert html('[x](/about "About")') == '<p><a href="/about" title="About">x</a></p>'
