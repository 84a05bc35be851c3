extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
# The contents column beside the notes, as on a long post (a post this short has none).
chapbook_contents_min_sections = 0
