"""Site-root links between posts become relative internal links."""

from __future__ import annotations

import pytest

from tests.helpers import article, page, warnings_of

EXPECTED = {
    "plain": "target-post/",
    "slash": "target-post/",
    "anchor": "target-post/#the-section",
    "slash anchor": "target-post/#the-section",
    "case": "target-post/",
    "nested": "posts/nested-post/",
    "index file": "folder-post/",
    "tag spaces": "tags/deep-learning/",
    "tag encoded": "tags/deep-learning/",
    "tag slug": "tags/deep-learning/",
    "absolute": "target-post/",
    "absolute http": "posts/nested-post/",
    "home": "#",
    "external": "https://example.org/target-post",
}


def links_of(soup) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in article(soup).select("li a")}


@pytest.mark.sphinx("dirhtml", testroot="links", freshenv=True)
def test_every_form_of_site_link_resolves(app) -> None:
    app.build()
    assert links_of(page(app, "index")) == EXPECTED


@pytest.mark.sphinx("dirhtml", testroot="links", freshenv=True)
def test_links_are_relative_from_nested_pages(app) -> None:
    app.build()
    anchors = {
        a.get_text(): a for a in page(app, "posts/nested-post").select("article a, div.body a")
    }
    assert anchors["back"]["href"] == "../../target-post/"
    assert "internal" in anchors["back"]["class"]
    target = app.outdir / "posts/nested-post" / "../../target-post/index.html"
    assert target.resolve().exists()


@pytest.mark.sphinx("dirhtml", testroot="links", freshenv=True)
def test_unmatched_links_warn_and_stay_links(app) -> None:
    app.build()
    found = [w for w in warnings_of(app) if "chapbook.link" in w]
    assert found == [
        "posts/nested-post.md:6: WARNING: link target '/no-such-post' matches no page [chapbook.link]",
        "posts/nested-post.md:6: WARNING: link target '/target-post#nowhere': no section 'nowhere' on that page; the link goes to the page [chapbook.link]",
    ]
    anchors = {a.get_text(): a for a in page(app, "posts/nested-post").select("a")}
    assert anchors["broken"]["href"] == "../../no-such-post"
    assert "chapbook-broken" in anchors["broken"]["class"]
    # A section that is not there: the link goes to the page (no anchor to nowhere).
    assert anchors["bad anchor"]["href"] == "../../target-post/"


@pytest.mark.sphinx("dirhtml", testroot="links", freshenv=True)
def test_no_myst_reference_warnings(app) -> None:
    app.build()
    assert not [w for w in warnings_of(app) if "myst" in w]


@pytest.mark.sphinx("html", testroot="links", freshenv=True)
def test_links_follow_the_builder(app) -> None:
    app.build()
    assert links_of(page(app, "index"))["plain"] == "target-post.html"
    assert links_of(page(app, "index"))["tag spaces"] == "tags/deep-learning.html"


@pytest.mark.sphinx("dirhtml", testroot="longlink", freshenv=True)
def test_a_link_to_a_name_too_long_to_look_up_is_its_text(app) -> None:
    """MyST asks the file system whether a link's target is a file, Chapbook whether an
    image's is there: a name neither can look up stopped the whole build."""
    app.build()
    long = "x" * 300
    assert sorted(warnings_of(app)) == [
        f"index.md:4: WARNING: cover image '{long}.png' cannot be looked up (File name too "
        "long); it is left out [chapbook.trust]",
        "index.md:7: WARNING: link target 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' cannot be "
        "looked up (File name too long); shown as text [chapbook.link]",
        f"index.md:9: WARNING: image '{long}.png' cannot be looked up (File name too long); "
        "it is left out [chapbook.trust]",
    ]
    text = article(page(app, "index")).get_text(" ", strip=True)
    assert "See the file and go on." in text and "The rest is kept." in text
