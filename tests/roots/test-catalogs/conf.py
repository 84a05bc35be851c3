"""A blog whose folder of posts holds translation catalogs (a pull request brought them)."""

extensions = ["chapbook"]
project = "Catalogs"
html_baseurl = "https://blog.example.org/"
