# `make site` and `make test` do all set-up on a fresh machine with Python 3.11+:
# they create .venv from the pinned requirements on first use and reuse it after.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CHROMIUM := /usr/bin/chromium
AXE    := node_modules/axe-core/axe.min.js
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test validate serve lock clean check-site check-a11y

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

site: $(STAMP)  ## validate the records and build the site into site/
	$(BIN)/python -m generator build

test: $(STAMP) $(CHROMIUM) $(AXE)  ## run the whole test suite
	$(BIN)/python -m pytest

# Browser tests use Debian's Chromium through Playwright (Playwright's own browser download
# is not used).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The accessibility tests inject axe-core, pinned in package-lock.json, into Chromium.
$(AXE): package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund
	touch $(AXE)

FORMAT ?= text
validate: $(STAMP)  ## check every record and list all problems (FORMAT=github for CI annotations)
	$(BIN)/python -m generator validate --format $(FORMAT)

# What CI runs before publishing (.github/workflows/publish.yml): a strict build, then every
# internal link and anchor of the built HTML, then axe-core on each page type.
check-site: $(STAMP)  ## strict build into site/ and check every internal link and anchor
	$(BIN)/python -m generator build --strict
	$(BIN)/python -m generator.linkcheck site

check-a11y: $(STAMP) $(CHROMIUM) $(AXE)  ## accessibility (axe-core, WCAG 2.1 AA), CSP and page weight in Chromium
	$(BIN)/python -m pytest -q tests/test_accessibility.py

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	$(BIN)/python -m generator serve

lock:  ## re-pin requirements.txt from requirements.in
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -r requirements.in
	(echo "# Pinned by 'make lock' from requirements.in: do not edit by hand."; \
	 .venv-lock/bin/python -m pip freeze --exclude-editable) > requirements.txt
	rm -rf .venv-lock

clean:
	rm -rf site build
