# Chapbook: `make html` builds the site, `make test` runs the whole suite.
# Targets follow Sphinx's own Makefile conventions (SPHINXOPTS, BUILDDIR, ...).

PYTHON      ?= $(shell command -v python3.11 || command -v python3)
VENV        ?= .venv
SPHINXOPTS  ?=
SOURCEDIR   = docs
BUILDDIR    = _build
SPHINXBUILD = $(VENV)/bin/sphinx-build
SPHINX      = $(SPHINXBUILD) -c . -d $(BUILDDIR)/doctrees $(SPHINXOPTS)
STAMP       = $(VENV)/.chapbook-installed
# make pdf BOOK=essays builds the outline docs/essays.book.md; without it, every post.
BOOK        ?=
BOOKNAME     = $(if $(BOOK),$(patsubst %.book.md,%,$(notdir $(BOOK))),all-posts)
BOOKOPTS     = $(if $(BOOK),-D chapbook_book=$(BOOKNAME))
BOOKDIR      = $(BUILDDIR)/book/$(BOOKNAME)
TEX_PACKAGES = texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre latexmk fonts-freefont-otf fonts-symbola fonts-noto-core

.PHONY: help venv html dirhtml serve livehtml post pdf latexpdf book-proofs epub check-links test test-fast lint bench mutate translations screenshots reference clean

help:
	@echo "make html   build the site into $(BUILDDIR)/html"
	@echo "make serve  live preview at http://127.0.0.1:8000, rebuilt and reloaded on every save"
	@echo "make post TITLE=\"My new post\" TAGS=\"ai, writing\"   start a post in docs/"
	@echo "make pdf    the blog as a PDF book in $(BUILDDIR)/pdf (BOOK=name: an outline)"
	@echo "make book-proofs   make pdf, then page images of its layout in $(BUILDDIR)/book-proofs"
	@echo "make epub   the blog as an ePub in $(BUILDDIR)/epub (BOOK=name: an outline)"
	@echo "make check-links URLS=old-urls.txt   build, then request every old URL of the list"
	@echo "make test   run the test suite (and ruff)"
	@echo "make test-fast   the fast tier: model, reading and unit tests (no browser, TeX, wheel)"
	@echo "make bench  time Chapbook against plain Sphinx on generated posts"
	@echo "make mutate mutation testing of the riskiest modules (MUTATE=group: one group)"
	@echo "make translations   new words into the .po catalogs, then compile the .mo files"
	@echo "make screenshots    the guide's screenshots of the fixture blog, by Chromium"
	@echo "make reference      the guide's settings and warnings pages, from the code"
	@echo "make clean  remove $(BUILDDIR)"

# A virtual environment with Chapbook, its book and serve extras and its test
# tools, made once and refreshed whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[book,serve,test]'
	touch $@

venv: $(STAMP)

# The site and the book: `chapbook build`, as a writer runs it (SPHINXOPTS: its
# -W, -j N, -D name=value).
CHAPBOOK    = $(VENV)/bin/chapbook
html dirhtml: $(STAMP)
	$(CHAPBOOK) build html $(SPHINXOPTS)

# Live preview: `chapbook serve`, as a writer runs it (a warm build per save; the
# page reloads once its own file is written). Chapbook writes nothing into docs/,
# so a build never triggers another.
HOST ?= 127.0.0.1
PORT ?= 8000
serve livehtml: $(STAMP)
	$(CHAPBOOK) serve --docs $(SOURCEDIR) --build $(BUILDDIR) --host $(HOST) --port $(PORT)

# A new post: docs/<slug>/index.md with its front-matter filled in.  TITLE and
# TAGS reach `chapbook post` in its environment, never pasted into a shell
# command: quotes, backticks and $ in them stay text.
post: export CHAPBOOK_POST_TITLE = $(TITLE)
post: export CHAPBOOK_POST_TAGS = $(TAGS)
post: $(STAMP)
	@$(VENV)/bin/chapbook post --docs $(SOURCEDIR)

# The book: `chapbook build pdf|epub` runs Sphinx's latex / epub builders into
# $(BOOKDIR), latexmk there, and copies the PDF / ePub out to $(BUILDDIR)/pdf|epub.
pdf latexpdf: $(STAMP)
	$(CHAPBOOK) build pdf $(if $(BOOK),--book $(BOOK)) $(SPHINXOPTS)

# Proofs of the PDF's layout: its title pages, contents, a part and a chapter opening, a
# page with footnotes and one with code, as PNG images (tools/bookproofs.py, pdftoppm).
book-proofs: pdf
	rm -rf $(BUILDDIR)/book-proofs
	for tex in $(BOOKDIR)/latex/*.tex; do \
	  $(VENV)/bin/python tools/bookproofs.py "$${tex%.tex}.pdf" $(BUILDDIR)/book-proofs || exit 1; done

epub: $(STAMP)
	$(CHAPBOOK) build epub $(if $(BOOK),--book $(BOOK)) $(SPHINXOPTS)

# The deploy check: serve the built site locally as a static host would (its
# _redirects, its redirect pages) and request every old URL listed in $(URLS),
# one a line or the old site's sitemap.xml; each that does not answer is named.
ifneq ($(filter check-links,$(MAKECMDGOALS)),)
ifeq ($(URLS),)
$(error make check-links needs URLS=old-urls.txt: one old URL a line, or the old sitemap.xml)
endif
endif
check-links: html
	$(VENV)/bin/python -m chapbook.deploycheck $(BUILDDIR)/html $(URLS)

# axe-core for the accessibility tests, as pinned in tests/browser/package-lock.json:
# installed here when missing, before the tests, which download nothing (without
# it they skip, or fail under CHAPBOOK_REQUIRE_TOOLS=1).
AXE = tests/browser/node_modules/axe-core/axe.min.js
$(AXE):
	-command -v npm >/dev/null && npm ci --prefix tests/browser --no-audit --no-fund >/dev/null

test: $(STAMP) $(AXE)
	$(VENV)/bin/ruff check _ext tests benchmarks tools conf.py
	$(VENV)/bin/ruff format --check _ext tests benchmarks tools conf.py
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# The fast tier, while writing code: the model, reading and unit tests (pytest -m fast,
# marked by tests/conftest.py), without a browser, TeX, epubcheck, Lighthouse or a
# wheel; about 2 minutes on two idle cores.  `make test` stays the whole suite.
test-fast: $(STAMP)
	$(VENV)/bin/ruff check _ext tests benchmarks tools conf.py
	$(VENV)/bin/ruff format --check _ext tests benchmarks tools conf.py
	$(VENV)/bin/python -m pytest -m fast $(PYTEST_ARGS)

# Chapbook against plain Sphinx on generated posts (see benchmarks/run.py),
# with Lighthouse's scores of three pages (its performance score times the page
# on this machine's CPU, so it is measured here and not asserted by the tests).
BENCHOPTS ?= --weight
bench: $(STAMP) $(AXE)
	$(VENV)/bin/python benchmarks/run.py $(BENCHOPTS)

# Mutation testing (tools/mutate.py): on demand, not part of make test.  mutmut
# comes from the mutate extra, installed here on first use.
MUTATE ?=
mutate: $(STAMP)
	$(VENV)/bin/python -c "import mutmut" 2>/dev/null || $(VENV)/bin/python -m pip install --quiet -e '.[book,serve,test,mutate]'
	$(VENV)/bin/python tools/mutate.py $(MUTATE)

# Chapbook's own words: extracted from the code into every .po (new ones untranslated),
# then compiled to the .mo files Sphinx reads; check lists what is left to translate.
# The user guide's screenshots of the fixture blog (docs/_static/screenshots/), by Chromium.
screenshots: $(STAMP)
	$(VENV)/bin/python tools/screenshots.py

# The guide's settings and warnings pages, written from the code (a test compares them).
reference: $(STAMP)
	$(VENV)/bin/python tools/reference.py

translations: $(STAMP)
	$(VENV)/bin/python tools/translations.py update
	$(VENV)/bin/python tools/translations.py compile
	$(VENV)/bin/python tools/translations.py check

lint: $(STAMP)
	$(VENV)/bin/ruff check _ext tests benchmarks tools conf.py
	$(VENV)/bin/ruff format --check _ext tests benchmarks tools conf.py

clean:
	rm -rf $(BUILDDIR)
