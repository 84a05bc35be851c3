extensions = ["chapbook"]
html_baseurl = "https://book.example.org/"
exclude_patterns = ["_build"]
project = "Test book"
author = "A. Writer"
