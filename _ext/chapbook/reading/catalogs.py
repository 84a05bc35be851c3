"""Translation catalogs: never from the folder of posts.

Sphinx reads ``.po`` and ``.mo`` files from ``locale_dirs`` (by default
``locales/``, inside the source folder) in two places: its own words (``Link to
this heading``) at start-up, written into every page as they are, and a
document's text (``gettext_auto_build``), swapped in after Chapbook's checks of
raw HTML and files have run.  A catalog among the posts, which a pull request
can bring, would put markup and file references no check reads into the site.

So only folders outside the source folder are translation folders: at
``config-inited`` the others are taken out of ``locale_dirs`` (Sphinx's default
``locales`` among them), each catalog found in them is named, and Sphinx's own
words, loaded before any extension ran, are loaded again without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from chapbook.warnings_ import Warn, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: What Sphinx reads in a translation folder.
CATALOGS = (".po", ".mo")


def keep_catalogs_out(app: Sphinx, config: Config) -> None:
    """``config-inited``: no translation folder inside the source folder."""
    srcdir = Path(app.srcdir).resolve()
    inside = [folder for folder in config.locale_dirs if _inside(srcdir, folder)]
    if not inside:
        return
    config.locale_dirs = [folder for folder in config.locale_dirs if folder not in inside]
    found = _catalogs(srcdir, inside)
    for catalog in found:
        warn(f"not read: a translation catalog among the posts ({catalog.suffix}); translations "
             f"come only from folders outside {srcdir.name}/ (locale_dirs in conf.py)",
             Warn.SOURCE, location=f"{catalog}:1")  # fmt: skip
    if found:
        _reload_sphinx_words(app, srcdir, config)


def _inside(srcdir: Path, folder: str) -> bool:
    return (srcdir / folder).resolve().is_relative_to(srcdir)


def _catalogs(srcdir: Path, folders: list[str]) -> list[Path]:
    roots = [(srcdir / folder).resolve() for folder in folders]
    return sorted({path for root in roots if root.is_dir() for path in root.rglob("*")
                   if path.suffix in CATALOGS and path.is_file()})  # fmt: skip


def _reload_sphinx_words(app: Sphinx, srcdir: Path, config: Config) -> None:
    """Sphinx's own words again, from its package and the folders left (its start-up
    merged in the catalogs among the posts)."""
    from sphinx import locale, package_dir

    locale.translators.pop(("general", "sphinx"), None)
    folders = [srcdir / folder for folder in config.locale_dirs]
    folders = [folder for folder in folders if folder.is_dir()]
    app.translator, _ = locale.init([*folders, None, Path(package_dir) / "locale"],
                                    config.language)  # fmt: skip


def setup(app: Sphinx) -> dict[str, bool]:
    # First of all: nothing may use a translation before the catalogs are sorted out.
    app.connect("config-inited", keep_catalogs_out, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
