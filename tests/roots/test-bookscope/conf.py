extensions = ["chapbook"]
html_baseurl = "https://book.example.org/"
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
exclude_patterns = ["_build"]
project = "Scope test"
author = "A. Writer"
chapbook_book = "short"
