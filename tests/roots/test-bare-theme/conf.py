"""The book theme named in conf.py, without html_sidebars (Chapbook brings its sidebar)."""

extensions = ["chapbook"]
project = "Themed blog"
html_baseurl = "https://blog.example.org/"
html_theme = "sphinx_book_theme"
