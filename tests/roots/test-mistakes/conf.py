extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
# Mistakes a writer makes in conf.py: each is named, none ends the build.
chapbook_feed_lenght = 5
chapbook_show_draft = True
chapbook_date_format = 42
chapbook_series_title = "Series: {name"
chapbook_extra_keys = ["slug"]
