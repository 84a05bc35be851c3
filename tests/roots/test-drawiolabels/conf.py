extensions = ["chapbook"]
project = "Labels book"
author = "A. Drawer"
exclude_patterns = ["_build"]
html_baseurl = "https://labels.example.org/"
