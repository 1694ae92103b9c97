# The README's two commands: `make run` and `make test`. Each creates .venv itself on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint build stats clean loadtest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cmkg serve

test: $(STAMP)
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

loadtest: $(STAMP)
	$(BIN)/python -m bench.loadtest --duration 60 --concurrency 32

clean:
	rm -rf $(VENV) dist
