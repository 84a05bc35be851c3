extensions = ["chapbook"]
html_baseurl = "https://svg.example.org/"
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
exclude_patterns = ["_build"]
project = "SVG book"
author = "A. Plotter"
