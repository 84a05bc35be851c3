"""A bare site: the extension and a name, nothing else (Chapbook brings the rest)."""

extensions = ["chapbook"]
project = "Bare blog"
html_baseurl = "https://blog.example.org/"
