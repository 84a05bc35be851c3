"""A moved blog: only the four names of its own, no html_title, the site's theme and sidebar."""

project = "Rope Notes"
author = "Ada Sailor"
copyright = "2019-2026, Ada Sailor"
html_baseurl = "https://ropes.example.net/"

extensions = ["chapbook"]
exclude_patterns = ["_build"]

# The sidebar and theme lines of the site's conf.py.
tags_output_dir = "tags"
chapbook_nav = [("Home", "/"), ("Archive", "/archive/"), ("Tags", "/tags/"), ("About", "/about/")]
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
html_theme = "sphinx_book_theme"
html_context = {"default_mode": "auto"}
html_theme_options = {"use_repository_button": False, "show_toc_level": 2}
