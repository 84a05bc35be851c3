extensions = ["chapbook"]
html_baseurl = "https://voyage.example.org/"
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
exclude_patterns = ["_build"]
project = "Outline book"
author = "A. Writer"
chapbook_book = "voyage"
