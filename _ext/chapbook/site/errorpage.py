"""The 404 page, through sphinx-notfound-page, made right for ``dirhtml`` sites.

sphinx-notfound-page renders the page with a ``pathto`` that gives absolute
paths, so the page works at any depth.  What Chapbook adds:

* its links default to the prefix ``/en/latest/`` (Read the Docs' usual one)
  unless the site says otherwise; Chapbook takes the path of ``html_baseurl``,
  which is where the site is really served;
* under ``dirhtml`` the home page's target URI is empty, which that ``pathto``
  turns into ``#``: the logo and "Home" would point at the 404 page itself;
* sphinx-notfound-page's ``toctree`` gives None without a toctree, which the
  book theme's default sidebar cannot parse: it gives "" instead;
* its words ("Page not found") are in the site's language, unless conf.py
  sets ``notfound_context``;
* the page is only a page for the site, so it stays out of the sitemap and
  asks search engines not to index it (see ``seo``).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from chapbook.config import user_set
from chapbook.locale import _
from chapbook.site import output
from chapbook.urls import base_path

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config


def is_error_page(app: Sphinx, pagename: str) -> bool:
    return pagename == getattr(app.config, "notfound_pagename", None)


def default_prefix(app: Sphinx, config: Config) -> None:
    """Serve the 404 page's links from where the site lives, unless set by hand."""
    unset = config.notfound_urls_prefix == config.values["notfound_urls_prefix"].default
    if unset and config.html_baseurl:
        config.notfound_urls_prefix = base_path(config.html_baseurl)


def translated_context(app: Sphinx, config: Config) -> None:
    """sphinx-notfound-page's English title and text, in the site's language."""
    if user_set(config, "notfound_context"):
        return
    title = _("Page not found")
    text = _("Unfortunately we couldn't find the content you were looking for.")
    body = f"<h1>{escape(title, quote=False)}</h1>\n\n{escape(text, quote=False)}"
    config.notfound_context = {"title": title, "body": body}


def copy_to_root(app: Sphinx, exception: Exception | None) -> None:
    """Also write ``404.html`` at the root, where most static hosts look for it."""
    page = app.builder.outdir / app.config.notfound_pagename / "index.html"
    if exception is None and app.builder.name == "dirhtml" and page.is_file():
        target = app.builder.outdir / f"{app.config.notfound_pagename}.html"
        output.write_if_changed(target, page.read_bytes())


def fix_home_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not is_error_page(app, pagename) or app.builder.embedded:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    context["pathto"] = _home_aware(context["pathto"], prefix)
    if callable(context.get("toctree")):
        context["toctree"] = _never_none(context["toctree"])


def _never_none(toctree: Callable[..., str | None]) -> Callable[..., str]:
    """sphinx-notfound-page's ``toctree`` gives None on a site without a toctree.

    The book theme's default sidebar parses it as HTML and fails; empty is no toctree.
    """

    def wrapped(*args: Any, **kwargs: Any) -> str:
        return toctree(*args, **kwargs) or ""

    return wrapped


def _home_aware(pathto: Callable[..., str], prefix: str) -> Callable[..., str]:
    def wrapped(otheruri: str, resource: bool = False, baseuri: str | None = None) -> str:
        uri = pathto(otheruri, resource) if baseuri is None else pathto(otheruri, resource, baseuri)
        return prefix if uri == "#" and not resource else uri

    return wrapped


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("notfound.extension")
    app.connect("config-inited", default_prefix, priority=400)
    app.connect("config-inited", translated_context, priority=400)
    app.connect("build-finished", copy_to_root)
    # After sphinx-notfound-page's own handler (400), before the sidebar's (500).
    app.connect("html-page-context", fix_home_link, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
