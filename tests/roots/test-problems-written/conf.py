"""A blog with one post whose link names no page (a warning given as the page is written)."""

extensions = ["chapbook"]
project = "Problems when written"
html_baseurl = "https://blog.example.org/"
