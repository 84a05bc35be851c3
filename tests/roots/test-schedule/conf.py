extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
project = "Schedule test"
author = "A. Writer"
chapbook_timezone = "Europe/Paris"
