# The virtual environment lives in .venv; every target creates it when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-spark bench bench-batch bench-spark bench-repo eval eval-batch clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo runs on the shared scraped example when it is there, else on a fixture of ours.
EXAMPLE ?= $(firstword $(wildcard ../shared/examples/scraped-article.txt) fixtures/defects/05-two-titles-reworded-summary-port-strike.txt)

demo: $(STAMP)
	@echo "== dedup check $(EXAMPLE)"
	@$(BIN)/dedup check $(EXAMPLE) || true
	@echo
	@echo "== dedup clean --diff $(EXAMPLE)"
	@$(BIN)/dedup clean --diff $(EXAMPLE) 2>/dev/null || true

test: $(STAMP)
	$(BIN)/python -m pytest

# The Spark engine's tests alone (they need Java 17; PySpark comes with the spark extra).
SPARK_STAMP := $(VENV)/.installed-spark

$(SPARK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	touch $(SPARK_STAMP)

test-spark: $(SPARK_STAMP)
	$(BIN)/python -m pytest -m spark tests/test_spark_conformance.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_check

bench-batch: $(STAMP)
	$(BIN)/python -m benchmarks.bench_batch

# The batch benchmark's corpus on --engine spark --master local[2] and on the local engine, in one run.
bench-spark: $(SPARK_STAMP)
	$(BIN)/python -m benchmarks.bench_spark $(BENCH_SPARK_ARGS)

bench-repo: $(STAMP)
	$(BIN)/python -m benchmarks.bench_repo

# Scores the library on ../shared/devset against its goals; a measurement, so it always exits 0.
eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval_devset $(DEVSET)

# Pair precision inside batch clusters on the dev set's articles (a measurement: exits 0 either way).
DEVSET ?= ../shared/devset/cases

eval-batch: $(STAMP)
	$(BIN)/python -m benchmarks.eval_batch_precision $(DEVSET)

clean-venv:
	rm -rf $(VENV)
