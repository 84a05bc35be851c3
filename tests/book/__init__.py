"""The book: outlines in builds, LaTeX, PDF and ePub."""
