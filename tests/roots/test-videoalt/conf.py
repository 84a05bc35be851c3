extensions = ["chapbook"]
html_baseurl = "https://videos.example.org/"
exclude_patterns = ["_build"]
