"""The model: front-matter, outlines, tag identity and slugs, new posts; no Sphinx build."""
