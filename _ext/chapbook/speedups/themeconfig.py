"""The themes' own settings made at ``config-inited``: a rebuild finds the configuration unchanged.

Sphinx keeps the configuration in the pickled environment and, on the next build,
compares it with the one conf.py gives before the builder starts.  The themes and
sphinx-copybutton change five values once the builder starts (its theme loaded,
``builder-inited``), so every rebuild said "The configuration has changed (5
options: ...)" though nothing had:

- ``html_permalinks_icon``: pydata-sphinx-theme sets ``#`` unless conf.py set it;
- ``html_theme_options``: pydata-sphinx-theme adds ``icon_links`` (with the
  ``github_url``-like shortcuts in it), ``logo``, and ``navbar_persistent`` if absent;
- ``html_sourcelink_suffix``: sphinx-book-theme sets ``""`` unless conf.py set it;
- ``html_context``: sphinx-book-theme adds where the sources are kept (``github_user``,
  ``github_repo`` ...) when ``html_theme_options`` has a ``repository_url``;
- ``templates_path``: both themes append their ``components`` folder as they load;
- ``html_static_path``: sphinx-copybutton appends its ``_static`` folder.

Chapbook sets the same values first, so the theme's changes set what is already
there; the two folders appended a second time are dropped after the themes'
``builder-inited`` handlers.  Each package's layout and rules were read in the
versions of ``VERIFIED``; with any other version its values are left to it (a
rebuild then says the configuration changed, and works as before).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chapbook.config import user_set
from chapbook.speedups.guard import Verified

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

BOOK = "sphinx_book_theme"
PYDATA = "pydata_sphinx_theme"
COPYBUTTON = "sphinx_copybutton"
#: Module -> the distribution and version whose builder-inited changes are copied here.
#: Not a speed-up: ``chapbook_speedups = False`` leaves it on.
VERIFIED = {
    BOOK: Verified("sphinx-book-theme", "==1.4.0"),
    PYDATA: Verified("pydata-sphinx-theme", "==0.20.0"),
    COPYBUTTON: Verified("sphinx-copybutton", "==0.5.2"),
}
#: pydata-sphinx-theme's ``icon_links`` shortcuts, in the order it inserts them at the top.
SHORTCUTS = (
    ("twitter_url", "fa-brands fa-square-twitter", "Twitter"),
    ("bitbucket_url", "fa-brands fa-bitbucket", "Bitbucket"),
    ("gitlab_url", "fa-brands fa-square-gitlab", "GitLab"),
    ("github_url", "fa-brands fa-square-github", "GitHub"),
)
#: Hosts sphinx-book-theme recognises in a ``repository_url`` (by these words in it).
PROVIDERS = ("bitbucket", "github", "gitlab")
#: Lists the packages append to whenever they load, a second time if already there.
APPENDED = ("templates_path", "html_static_path")


def verified(module: str) -> bool:
    return VERIFIED[module].holds()


def package_folder(module: str) -> Path | None:
    """The folder of a package's ``__init__.py`` as its ``__file__`` will name it, found
    without importing it (a PDF build never loads the themes)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def components(theme: str) -> str | None:
    """The folder a theme appends to ``templates_path`` when it loads (both resolve it)."""
    folder = package_folder(theme)
    return None if folder is None else str(folder.resolve() / "theme" / theme / "components")


def settle(app: Sphinx, config: Config) -> None:
    """``config-inited``, after Chapbook's own theme options: the themes' values, set now."""
    themes = {BOOK: (BOOK, PYDATA), PYDATA: (PYDATA,)}.get(config.html_theme, ())
    if not all(verified(theme) for theme in themes):
        themes = ()
    if PYDATA in themes:
        pydata_defaults(config)
    if BOOK in themes:
        book_defaults(config)
    add_missing(config, "templates_path", [components(theme) for theme in themes])
    if verified(COPYBUTTON):
        folder = package_folder(COPYBUTTON)
        add_missing(config, "html_static_path", [folder and str(folder.absolute() / "_static")])


def pydata_defaults(config: Config) -> None:
    """What pydata-sphinx-theme's ``update_config`` sets, in a new dict (conf.py's is kept)."""
    if not user_set(config, "html_permalinks_icon"):
        config.html_permalinks_icon = "#"
    options = dict(config.html_theme_options)
    for mode in ("light", "dark"):
        if style := options.get(f"pygment_{mode}_style"):
            options[f"pygments_{mode}_style"] = style
    if "navbar_persistent" not in options:
        search = not options.get("disable_search", False)
        options["navbar_persistent"] = ["search-button-field"] if search else []
    if isinstance(options.get("icon_links", []), list):
        options["icon_links"] = icon_links(options)
    logo = options.get("logo") or {}
    if isinstance(logo, dict):
        link = options.get("theme_logo_link")
        options["logo"] = {**logo, "link": link} if link else logo
    config.html_theme_options = options


def book_defaults(config: Config) -> None:
    """What sphinx-book-theme sets (``update_sourcename``,
    ``update_context_with_repository_info``)."""
    if not user_set(config, "html_sourcelink_suffix"):
        config.html_sourcelink_suffix = ""
    if source := repository(config.html_theme_options):
        config.html_context = {**config.html_context, **source}


def repository(options: dict[str, Any]) -> dict[str, str]:
    """The ``html_context`` keys the book theme derives from ``repository_url``: none
    without one, or on a host it does not know (it stops the build with its own error)."""
    url = options.get("repository_url", "")
    if not url or url.strip("/").count("/") < 2:
        return {}
    host, user, repo = url.strip("/").rsplit("/", 2)
    provider = options.get("repository_provider", "")
    provider = provider or next((p for p in PROVIDERS if p in host.lower()), "")
    if not provider:
        return {}
    return {
        f"{provider}_user": user,
        f"{provider}_repo": repo,
        f"{provider}_version": options.get("repository_branch", "") or "main",
        f"{provider}_url": host,
        "doc_path": options.get("path_to_docs", ""),
    }


def icon_links(options: dict[str, Any]) -> list[Any]:
    """``icon_links`` with the shortcuts in it, the shortcuts taken out of ``options``.

    The theme inserts a link for each shortcut every time it starts: left in, a
    link made here would be there twice.
    """
    links = list(options.get("icon_links", []))
    for key, icon, name in SHORTCUTS:
        if url := options.pop(key, None):
            links.insert(0, {"url": url, "icon": icon, "name": name, "type": "fontawesome"})
    return links


def add_missing(config: Config, name: str, folders: list[str | None]) -> None:
    missing = [f for f in folders if f is not None and f not in config[name]]
    if missing:
        config[name] = [*config[name], *missing]


def drop_repeats(app: Sphinx) -> None:
    """``builder-inited``, after the themes and sphinx-copybutton: each folder once, in
    its first place (the one ``settle`` gave it), as a new build reads them."""
    for name in APPENDED:
        values = app.config[name]
        once = list(dict.fromkeys(values))
        if once != values:
            values[:] = once


def setup(app: Sphinx) -> dict[str, bool]:
    # After Chapbook's theme options (110-400) and before reading.duplicates (900),
    # which reads templates_path.
    app.connect("config-inited", settle, priority=850)
    app.connect("builder-inited", drop_repeats, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
