"""A blog with one post that warns (an unknown front-matter key) and one that does not."""

extensions = ["chapbook"]
project = "Problems"
html_baseurl = "https://blog.example.org/"
