# The two commands a newcomer needs: `make serve` (read the site) and `make test` (run every test).
# Both set up everything they need on a fresh Debian machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BROWSER_READY := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# The build engine: mkdocs (MkDocs 1.6.1) or properdocs (its maintained continuation; README, Dependencies).
ENGINE ?= mkdocs

.PHONY: serve build publish test check links lint offline bench clean i18n-extract i18n-update i18n-compile

serve: $(INSTALLED)  ## build and serve at http://127.0.0.1:8000 with live reload (a preview: no public address)
	CLAIMS_PREVIEW=true $(BIN)/$(ENGINE) serve --dirty -f mkdocs.yml -a 127.0.0.1:8000

build: $(INSTALLED)  ## strict preview build into site/ (permalinks and citations give paths, pages say "preview")
	CLAIMS_PREVIEW=true $(BIN)/$(ENGINE) build -f mkdocs.yml --strict

publish: $(INSTALLED)  ## the release: SITE_URL=https://your.domain/ make publish -> site/, with the offline zip
	@test -n "$(SITE_URL)" || { echo "make publish needs the public address: SITE_URL=https://your.domain/ make publish"; exit 2; }
	$(BIN)/python tools/build_offline.py
	SITE_URL="$(SITE_URL)" $(BIN)/$(ENGINE) build -f mkdocs.yml --strict

check: $(INSTALLED)  ## validate claims/ and the embeds in content/ without building
	$(BIN)/python -m mkdocs_claims check --strict

links: $(INSTALLED)  ## fetch every source url and archived_url; writes claims/link-report.json (needs internet)
	$(BIN)/python -m mkdocs_claims check-links

test: $(INSTALLED) $(BROWSER_READY)  ## every test: unit, end to end, dataset, browser
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: $(INSTALLED)
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy

offline: $(INSTALLED)  ## site-offline/ and site-offline.zip, for reading from file:// with no server
	$(BIN)/python tools/build_offline.py

bench: $(INSTALLED) $(BROWSER_READY)  ## build-time and size benchmark; writes BENCHMARKS.md
	@command -v hugo >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo; }
	$(BIN)/python tools/bench.py

# UI translations (Babel). extract: the package's strings -> messages.pot; update: merge them into every
# language's .po; compile: .po -> .mo (the .mo files are committed, so an install needs no compile step).
# A new language: $(BIN)/pybabel init -D mkdocs_claims -i $(POT) -d $(LOCALES) -l <code>
LOCALES := plugins/mkdocs_claims/locales
POT := $(LOCALES)/mkdocs_claims.pot

i18n-extract: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header --width=120 -k plural_forms:1,2 \
		--add-comments=Translators: -o $(POT) .

i18n-update: i18n-extract
	$(BIN)/pybabel update -D mkdocs_claims -i $(POT) -d $(LOCALES) --no-fuzzy-matching --ignore-obsolete --width=120

i18n-compile: $(INSTALLED)
	$(BIN)/pybabel compile --statistics -D mkdocs_claims -d $(LOCALES)

# Pagefind 1.6.0 comes from npm's registry (PyPI's pagefind-bin stops at 1.5.2), pinned by digest in
# pagefind_binary.py; a platform with no pinned build keeps the wheel's 1.5.2.
$(INSTALLED): requirements.lock pyproject.toml plugins/mkdocs_claims/pagefind_binary.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m mkdocs_claims install-pagefind
	touch $@

# Browser tests use Debian's Chromium (never a downloaded browser build), axe-core and the Nu HTML checker from npm,
# a Java runtime for the checker, and a CJK font for screenshots. CI runs as root on a fresh machine, so install what is missing.
$(BROWSER_READY): package.json package-lock.json
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	@# A CJK font, so screenshots of pages with Chinese terms show characters, not boxes (1.6 MB).
	@fc-list :lang=zh 2>/dev/null | grep -q . || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site site-offline site-offline.zip .pytest_cache
