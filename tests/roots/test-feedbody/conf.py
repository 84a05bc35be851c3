extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
project = "Feed body"
author = "A. Writer"
chapbook_feed_description = "Old"
