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

.PHONY: help venv html dirhtml test lint bench clean

help:
	@echo "make html   build the site into $(BUILDDIR)/html"
	@echo "make test   run the test suite (and ruff)"
	@echo "make bench  time Chapbook against plain Sphinx on generated posts"
	@echo "make clean  remove $(BUILDDIR)"

# A virtual environment with Chapbook and its test tools, made once and
# refreshed whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $@

venv: $(STAMP)

html dirhtml: $(STAMP)
	$(SPHINX) -b dirhtml $(SOURCEDIR) $(BUILDDIR)/html

test: $(STAMP)
	$(VENV)/bin/ruff check _ext tests benchmarks conf.py
	$(VENV)/bin/ruff format --check _ext tests benchmarks conf.py
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# Chapbook against plain Sphinx on generated posts (see benchmarks/run.py).
bench: $(STAMP)
	$(VENV)/bin/python benchmarks/run.py $(BENCHOPTS)

lint: $(STAMP)
	$(VENV)/bin/ruff check _ext tests benchmarks conf.py
	$(VENV)/bin/ruff format --check _ext tests benchmarks conf.py

clean:
	rm -rf $(BUILDDIR)
