"""The model: front-matter, the post record, the book outline, what a listing selects.

Pure Python (docutils at most, never Sphinx): every rule about a post's data
is here once, and can be tested without a build.
"""
