extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
html_sidebars = {"**": ["chapbook-nav.html", "searchbox.html"]}
