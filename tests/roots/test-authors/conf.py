extensions = ["chapbook"]
html_baseurl = "https://blog.example.com/"
exclude_patterns = ["_build"]
project = "Authors test"
author = "Site Owner"
html_static_path = ["_static"]
chapbook_authors = {
    "ada": {
        "name": "Ada Lovelace",
        "url": "https://ada.example.org/",
        "avatar": "/_static/ada.png",
    },
    "bob": "Bob Babbage",
}
