"""Sphinx configuration of the Chapbook site (its posts live in docs/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Chapbook"
author = "The Chapbook authors"
copyright = "2024-2026, The Chapbook authors"
# Read the Docs tells each build where it is served (/en/latest/, a version, ...).
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "https://chapbook.example.org/")
language = "en"

extensions = ["chapbook"]
myst_enable_extensions = ["deflist", "dollarmath", "linkify"]

root_doc = "index"
exclude_patterns = ["_build", ".venv", "Thumbs.db", ".DS_Store"]

# sphinx-tags' names, used by Chapbook's tag pages.
tags_output_dir = "tags"
tags_page_title = "Tag"  # Chapbook's default too (sphinx-tags says "My tags")
tags_overview_title = "All tags"
tags_intro_text = "Tags:"

# The masthead's links are Chapbook's defaults (About, Popular, Archive, Tags, RSS).
# The sidebar's sections, shown with chapbook_sidebar = True: a handful, never one per post.
chapbook_nav = [
    ("Home", "/"),
    ("Popular", "/popular/"),
    ("Archive", "/archive/"),
    ("Tags", "/tags/"),
    ("About", "/about/"),
]

html_favicon = "_static/favicon.svg"

html_theme = "sphinx_book_theme"
# Light or dark from the reader's system; the header's switch overrides it.  Without
# a default the theme logs "Got invalid theme mode" on a reader's first visit.
html_context = {"default_mode": "auto"}
html_title = project  # one name: a moved blog changes project only
html_theme_options = {
    "repository_url": "https://github.com/example/chapbook",
    "use_repository_button": False,
    "show_toc_level": 2,
}
