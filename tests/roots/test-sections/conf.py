extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
templates_path = ["_templates"]
# A site's own footer: one template that renders nothing on posts, one that always shows.
html_theme_options = {"footer_start": ["only-on-pages.html", "always.html"]}
