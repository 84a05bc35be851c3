extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
project = "Feed numbers"
author = "A. Writer"
numfig = True
