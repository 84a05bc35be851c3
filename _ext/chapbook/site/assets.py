"""The reader's side of the site: copy buttons on code, Chapbook's CSS and JS.

``static/chapbook.css`` keeps prose at a readable measure and images inside
the column; ``static/chapbook.js`` lets a reader zoom an image.  Code blocks
get sphinx-copybutton's copy button.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = str(Path(__file__).parent / "static")


def add_static(app: Sphinx, config: Config) -> None:
    if STATIC not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, STATIC]


def setup(app: Sphinx) -> dict[str, bool]:
    app.setup_extension("sphinx_copybutton")
    app.connect("config-inited", add_static)
    app.add_css_file("chapbook.css")
    app.add_js_file("chapbook.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
