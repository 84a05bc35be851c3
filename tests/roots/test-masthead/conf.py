"""The masthead: a name with markup in it, a description, and links of every kind."""

extensions = ["chapbook"]
project = "Harbour <b>notes</b>"
html_baseurl = "https://blog.example.org/"
chapbook_description = "Tides, nets and\n   weather  "
chapbook_masthead_links = [
    ("About", "/about/"),
    ("First", "/first-post/#the-board"),
    ("RSS", "/rss.xml"),
    ("Search", "/search/"),
    ("Subscribe", "https://letters.example.org/harbour"),
    ("Write", "mailto:keeper@example.org"),
]
