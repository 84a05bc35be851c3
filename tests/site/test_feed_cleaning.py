"""What a feed reader gets of a post's HTML, function by function, output for output.

The feeds' own tests build sites and read the feeds; these pin the two steps
every entry body goes through (``absolute``, then ``clean``) to exact output,
so that a rule loosened inside them fails here (mutation testing found the
sanitiser's settings could each be dropped without a test noticing: nh3's own
defaults are close, but keep relative URLs, classes and the text of frames).
"""

from __future__ import annotations

import pytest

from chapbook.site import feeds
from chapbook.site.feeds import absolute, clean


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(  # two tags beyond nh3's defaults, both harmless
            "<section><p>a</p></section><table><tfoot><tr><td>t</td></tr></tfoot></table>",
            "<section><p>a</p></section><table><tfoot><tr><td>t</td></tr></tfoot></table>",
            id="section-tfoot",
        ),
        pytest.param(  # classes mean nothing in a reader, but a broken link stays marked
            '<a class="x chapbook-broken" href="https://e.org/">l</a>'
            '<a class="x" href="https://e.org/">m</a><p class="note" id="i">p</p>',
            '<a class="chapbook-broken" href="https://e.org/">l</a>'
            '<a href="https://e.org/">m</a><p id="i">p</p>',
            id="classes",
        ),
        pytest.param(  # dropped with everything inside them
            "<iframe src='https://e.org'>in</iframe><template><b>t</b></template>"
            "<style>p{}</style><script>x</script>after",
            "after",
            id="dropped-whole",
        ),
        pytest.param(  # by now every URL is absolute: one still relative is not a link
            '<a href="java%09script:alert(1)">j</a><a href="rel/x">r</a>'
            '<img src="p.png" alt="a"><details open><summary>s</summary>d</details>',
            '<a>j</a><a>r</a><img alt="a"><details open=""><summary>s</summary>d</details>',
            id="relative-urls",
        ),
        pytest.param(
            '<p onclick="x()" style="color:red">p</p><object data="x"></object><form>f</form>',
            "<p>p</p>f",
            id="handlers-and-embeds",
        ),
    ],
)
def test_clean_keeps_exactly_this(html: str, expected: str) -> None:
    assert clean(html) == expected


def test_absolute_resolves_links_against_the_post_and_drops_heading_anchors() -> None:
    html = 'lead <a class="headerlink" href="#h">#</a><a href="../x/">x</a> <img src="i.png"> tail'
    assert absolute(html, "https://e.org/blog/post/") == (
        'lead <a href="https://e.org/blog/x/">x</a> <img src="https://e.org/blog/post/i.png"> tail'
    )


def test_absolute_of_nothing_is_nothing() -> None:
    assert absolute("  \n", "https://e.org/") == ""
    assert absolute("only text", "https://e.org/") == "only text"
    # No text before the first element: nothing is put there.
    assert absolute('<a href="x">x</a>', "https://e.org/") == '<a href="https://e.org/x">x</a>'


def test_an_interrupt_while_an_attribute_is_cleaned_stops_the_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """nh3 prints and swallows what its attribute filter raises: a Ctrl-C there must not
    give a feed with the attribute gone, which later builds would keep."""

    def interrupted(tag: str, name: str, value: str) -> str | None:
        raise KeyboardInterrupt

    monkeypatch.setattr(feeds, "_keep", interrupted)
    with pytest.raises(KeyboardInterrupt):
        feeds.clean('<p><a href="https://example.org/">a link</a></p>')
