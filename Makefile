# `make site` and `make test` do all set-up on a fresh machine with Python 3.11+:
# they create .venv from the pinned requirements on first use and reuse it after.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One stamp per requirements file: `make site` installs what the generator needs only,
# `make test` the test tools too; editing a file reinstalls what it lists.
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# Zensical, the other site engine: only `make check-zensical` (the Zensical CI job) installs it.
ZENSICAL_STAMP := $(VENV)/.installed-zensical

CHROMIUM := /usr/bin/chromium
AXE    := node_modules/axe-core/axe.min.js
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# apt waits up to 10 minutes for another apt or dpkg (an unattended upgrade, a second
# `make test`) to let go of its lock instead of failing at once.
APT    := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600
# The timeout covers dpkg's lock, not the lock of the package lists that `apt-get update`
# takes (apt 2.6 gives up on it after a few seconds): update is tried again for 10 minutes.
APT_UPDATE := for try in $$(seq 60); do $(APT) update -qq && break; test $$try -lt 60 || exit 1; sleep 10; done
# Every package is pinned with its hashes; pip refuses anything else, so a tampered or
# substituted download fails the install.
PIP    := $(BIN)/python -m pip install --quiet --require-hashes

.PHONY: site test lint validate serve lock clean check-site check-a11y check-zensical

# requirements.txt pins pip itself: the venv's own pip installs it with the rest (hash-checked),
# and that pip is used from then on. The project is then installed with the pinned setuptools
# and no build isolation, so nothing is downloaded that no hash checks.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --check-build-dependencies -e .
	touch $(STAMP)

$(TEST_STAMP): requirements-test.txt $(STAMP)
	$(PIP) -r requirements-test.txt
	touch $(TEST_STAMP)

$(ZENSICAL_STAMP): requirements-zensical.txt $(TEST_STAMP)
	$(PIP) -r requirements-zensical.txt
	touch $(ZENSICAL_STAMP)

site: $(STAMP)  ## validate the records and build the site into site/
	$(BIN)/python -m generator build

test: lint $(TEST_STAMP) $(CHROMIUM) $(AXE)  ## static checks, then the whole test suite
	$(BIN)/python -m pytest

# The static checks (settings in pyproject.toml), before the tests: they take seconds.
lint: $(TEST_STAMP)  ## ruff and mypy
	$(BIN)/python -m ruff check generator tests benchmarks
	$(BIN)/python -m mypy

# Browser tests use Debian's Chromium through Playwright (Playwright's own browser download
# is not used). Its version is not pinned: Debian ships Chromium's security releases as
# updates of the same suite and removes the version they replace from the archive, so a
# pinned version would stop installing at the next update; every machine gets the current
# security release instead.
$(CHROMIUM):
	$(APT_UPDATE)
	$(APT) install -y -qq chromium

# The accessibility tests inject axe-core, pinned in package-lock.json, into Chromium.
$(AXE): package.json package-lock.json
	command -v npm >/dev/null || { $(APT_UPDATE); $(APT) install -y -qq npm; }
	npm ci --no-audit --no-fund
	touch $(AXE)

FORMAT ?= text
validate: $(STAMP)  ## check every record and list all problems (FORMAT=github for CI annotations)
	$(BIN)/python -m generator validate --format $(FORMAT)

# What CI runs before publishing (.github/workflows/publish.yml): a strict build, then every
# internal link and anchor of the built HTML, then axe-core on each page type.
check-site: $(STAMP)  ## strict build into site/ and check every internal link and anchor
	$(BIN)/python -m generator build --strict
	$(BIN)/python -m generator.build.linkcheck site

# The same site built with Zensical instead of MkDocs (README, "Site engines"): every internal link
# and anchor, then the Zensical tests (CSP, _headers, sitemap dates, Pagefind, the same pages as MkDocs).
check-zensical: $(ZENSICAL_STAMP)  ## build with Zensical into site/, check its links, run the Zensical tests
	$(BIN)/python -m generator build --engine zensical --strict
	$(BIN)/python -m generator.build.linkcheck site
	$(BIN)/python -m pytest -q -m zensical tests/test_engines.py

check-a11y: $(TEST_STAMP) $(CHROMIUM) $(AXE)  ## accessibility (axe-core, WCAG 2.1 AA), CSP and page weight in Chromium
	$(BIN)/python -m pytest -q tests/test_accessibility.py

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	$(BIN)/python -m generator serve

# Pins the .in files' packages and everything they pull in, with the hashes of every file
# the index has for each version. Versions already pinned are kept unless an .in file asks
# for another (LOCK_FLAGS=--upgrade moves everything to the newest allowed).
LOCK_FLAGS ?=
COMPILE = .venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
          --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS)
lock:  ## re-pin requirements.txt, requirements-test.txt and requirements-zensical.txt (with hashes) from the .in files
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet pip-tools==7.6.2
	$(COMPILE) --output-file requirements.txt requirements.in
	$(COMPILE) --output-file requirements-test.txt requirements-test.in
	$(COMPILE) --output-file requirements-zensical.txt requirements-zensical.in
	rm -rf .venv-lock

clean:
	rm -rf site build
