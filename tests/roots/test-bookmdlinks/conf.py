extensions = ["chapbook"]
html_baseurl = "https://links.example.org/blog/"
project = "Markdown links"
author = "A. Writer"
