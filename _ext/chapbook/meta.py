"""Page metadata for search engines and link previews: the description.

Issue-sized for now: ``<meta name="description">`` and ``og:description``
from the post's description, or its first paragraph when the description is
empty.  Values are escaped here (sphinxext-opengraph only escapes quotes).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from chapbook.posts import posts_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def meta_tag(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />\n'


def add_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    post = posts_of(app.env).get(pagename)
    if post is None or not post.summary:
        return
    context["metatags"] = context.get("metatags", "") + (
        meta_tag("name", "description", post.summary)
        + meta_tag("property", "og:description", post.summary)
    )
    context["chapbook_post"] = post


def setup_meta(app: Sphinx) -> None:
    app.connect("html-page-context", add_description)
