# The README's two commands: `make run` and `make test`. Each creates .venv itself on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint build stats clean loadtest ui browsers bench engines

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end libraries (Yasgui, Leaflet) from npm, pinned by ui/package-lock.json, copied into api/static/vendor/
# (gitignored) and served from there: no CDN. Without npm the pages still work without them (the editor and
# map say so), except in CI, where a missing npm is an error.
UI_STAMP := api/static/vendor/.installed

$(UI_STAMP): ui/package.json ui/package-lock.json ui/vendor.mjs
	@if command -v npm >/dev/null 2>&1; then \
		cd ui && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm run --silent vendor && touch ../$(UI_STAMP); \
	elif [ "$$CI" = "true" ]; then echo "make ui: npm (Node 18+) is needed to install the front-end libraries" >&2; exit 1; \
	else echo "make ui: npm not found: the query editor and the map will lack their libraries" >&2; fi

ui: $(UI_STAMP)

# The browser tests drive Debian's chromium (Playwright cannot download its own browsers here).
browsers:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "make browsers: no /usr/bin/chromium (apt-get install chromium as root); browser tests will skip" >&2; fi

# The SPARQL engines the store tests start on 127.0.0.1 (scripts/engines/): the Oxigraph server (PyPI, into
# .venv) and Virtuoso 7 (Debian, as root). Missing ones skip their tests, except in CI, where that is an error.
engines: $(STAMP)
	bash scripts/engines/install.sh

run: $(STAMP) ui
	$(BIN)/cmkg serve

test: $(STAMP) ui browsers engines
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

build: $(STAMP)
	$(BIN)/cmkg build

stats: $(STAMP)
	$(BIN)/cmkg stats

# Benchmarks against the peers (never part of the tests): writes bench/RESULTS.md. Needs `hey` (Debian).
bench: $(STAMP)
	@command -v hey >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && apt-get install -y -qq hey >/dev/null; }
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run

loadtest: $(STAMP)
	$(BIN)/python -m bench.loadtest --duration 60 --concurrency 32

clean:
	rm -rf $(VENV) dist ui/node_modules api/static/vendor/yasgui api/static/vendor/leaflet $(UI_STAMP)
