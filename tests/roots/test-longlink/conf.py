"""A post linking to a file whose name is too long to look up."""

extensions = ["chapbook"]
project = "Long link"
html_baseurl = "https://long.example.org/"
