extensions = ["chapbook"]
html_baseurl = "https://drawings.example.org/"
exclude_patterns = ["_build"]
