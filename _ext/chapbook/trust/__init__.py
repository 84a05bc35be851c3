"""The trust policy: what a post may make the engines do, declared once.

Posts are untrusted: they may come from an import, a generator or a pull
request, and they are built where secrets live in the environment.  MyST,
docutils, Sphinx, Jinja and TeX are languages for trusted authors, each with
many ways to read a file, run code or write live markup.  So the policy is
an allowlist, declared in :mod:`chapbook.trust.policy` (and, for what a formula
may say to TeX and MathJax, :mod:`chapbook.trust.tex`) and enforced where each
engine acts: where the parsers look up a directive or a role
(``reading.guard``), where a file is opened (``reading.files``), where a URL
leaves a doctree (``reading.urls``), where math is read (``reading.mathcheck``),
where TeX runs (``book.tex``), where the book takes an image (``book.images``),
where a file is served beside the pages (``site.served``).  A site that trusts its
authors turns on a power by name in ``conf.py`` (``chapbook_trust``), never
from a post.

This package is a leaf: plain data and pure functions, no Sphinx.
"""
