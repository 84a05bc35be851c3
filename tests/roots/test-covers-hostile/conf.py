extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
project = "Hostile covers"
author = "A. Writer"
