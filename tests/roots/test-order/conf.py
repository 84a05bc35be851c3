extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
html_theme = "sphinx_book_theme"
html_sidebars = {"**": ["navbar-logo.html", "chapbook-nav.html"]}
exclude_patterns = ["_build"]
