# The virtual environment lives in .venv; every target creates it when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-batch clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/dedup check examples/scraped-article.txt || true
	$(BIN)/dedup clean examples/scraped-article.txt --diff || true

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_check

bench-batch: $(STAMP)
	$(BIN)/python -m benchmarks.bench_batch

clean-venv:
	rm -rf $(VENV)
