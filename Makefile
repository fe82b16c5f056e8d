# TheraKG: `make run` builds, validates, reasons and prints the stats; `make test` runs the tests.
# Both create .venv and install the package into it on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test build validate reason stats clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/therakg build
	$(BIN)/therakg validate
	$(BIN)/therakg reason
	$(BIN)/therakg stats

test: $(STAMP)
	$(BIN)/pytest

build validate reason stats: $(STAMP)
	$(BIN)/therakg $@

clean:
	rm -rf dist .pytest_cache
