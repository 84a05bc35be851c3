extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
