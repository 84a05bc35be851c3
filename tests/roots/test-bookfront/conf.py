extensions = ["chapbook"]
html_baseurl = "https://quill.example.org/"
exclude_patterns = ["_build"]
# A blog named after its writer: the whole-blog book must not print the name twice.
project = "Ada Quill"
author = "Ada Quill"
chapbook_description = "Notes on <ink> & paper"
