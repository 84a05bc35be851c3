# A blog without index.md: the home page is made; `order` and dates disagree on purpose.
extensions = ["chapbook"]
project = "Home Test"
html_baseurl = "https://home.example.com/"
exclude_patterns = ["_build"]
