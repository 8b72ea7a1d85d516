# Cold Start — the two commands (see README.md):
#   make serve   build everything and serve the course on http://localhost:8000 (LAN=1: the room's LAN)
#   make test    run the whole test suite (installs what it needs on a fresh machine)
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Where `make build` writes the site (the GitHub Pages workflow publishes site/).
SITE_DIR ?= site

.PHONY: serve test build setup browser clean workshop

serve: build
	$(PY) tools/serve.py site --port $(PORT) $(if $(LAN),--lan)

test: browser build
	bash tools/run_tests.sh

build: setup
	$(PY) tools/build.py --site-dir $(SITE_DIR)

setup: $(VENV)/.installed node_modules/.installed

# The venv is rebuilt when pyproject.toml changes; the stamp keeps repeat runs fast.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here); the handout
# tests render PDFs with poppler-utils' pdftoppm. Both come from apt.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || bash tools/install_chromium.sh

# Workshop kit (README, "Running a workshop"): instructor edition, bundles, handouts and Jupyter
# pack in dist/. CHROMIUM=/path/to/chromium (or Chrome) prints the handouts on any system; on
# Debian without one, Chromium is installed; with none at all the handouts are skipped.
workshop: build
	@command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || ! command -v apt-get >/dev/null 2>&1 \
		|| bash tools/install_chromium.sh || true
	$(PY) tools/workshop.py

clean:
	rm -rf site build dist .pytest_cache
