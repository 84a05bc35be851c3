# The floor: plain Sphinx + MyST, basic theme, no sidebar, on the same posts.
extensions = ["myst_parser"]
html_theme = "basic"
html_sidebars = {"**": []}
exclude_patterns = ["_build"]
suppress_warnings = ["myst.header", "myst.xref_missing", "toc.not_included"]
