extensions = ["chapbook"]
html_baseurl = "https://layout.example.org/"
exclude_patterns = ["_build"]
project = "Layout book"
author = "A. Writer"
chapbook_book = "essays"
