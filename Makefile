# TheraKG: `make run` opens the browser on the embedded store; `make test` runs the tests.
# Both create .venv and install the package into it on first use (`make install` does only that).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run pipeline test build validate reason check stats clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@echo "TheraKG opens at http://127.0.0.1:8501 (Ctrl-C stops it)"
	$(BIN)/streamlit run app/streamlit_app.py

pipeline: $(STAMP)
	$(BIN)/therakg build
	$(BIN)/therakg validate
	$(BIN)/therakg reason
	$(BIN)/therakg stats

test: $(STAMP)
	$(BIN)/therakg fmt --check
	$(BIN)/pytest

build validate reason check stats: $(STAMP)
	$(BIN)/therakg $@

clean:
	rm -rf dist .pytest_cache
