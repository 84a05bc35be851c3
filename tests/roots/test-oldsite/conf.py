# A blog moved from another generator: no index.md, four names, its static/ folder.
extensions = ["chapbook"]
project = "Field Notes"
author = "A. Writer"
copyright = "2020-2026, A. Writer"
html_baseurl = "https://fieldnotes.example.com/"
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
html_extra_path = ["static"]
exclude_patterns = ["_build", "static"]
