extensions = ["chapbook"]
html_baseurl = "https://torn.example.org/"
exclude_patterns = ["_build"]
project = "Torn drawings"
author = "A. Drafter"
