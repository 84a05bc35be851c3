# A small blog served under a path (/blog/), with old addresses: aliases and spaced tags.
extensions = ["chapbook"]
html_baseurl = "https://example.org/blog/"
exclude_patterns = ["_build"]
