# The virtual environment lives in .venv; every target creates it when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-spark bench bench-batch bench-spark bench-repo bench-peers eval eval-batch clean-venv

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
# The driver's bound: BENCH_SPARK_ARGS="--sizes 100000 --driver-bytes 0" keeps every sketch on the executors.
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

# rensa, datasketch and text-dedup, side by side with dedup on one corpus (their own venv, under build/).
# SIZE=10000 ROUNDS=1 to iterate; the default is the full measure. EARLIER=path/to/dedup adds the same
# runs by another build of dedup, for before/after figures in the same rounds; BASE=1 measures precision
# on the corpus without injected copies; TOOLS="rensa,dedup duplicates" runs only those.
PEERS := build/peers
SIZE ?= 50000
ROUNDS ?= 2

$(PEERS)/.installed:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS)/bin/python -m pip install --quiet rensa==0.5.0 datasketch==2.0.0 text-dedup==0.4.0
	touch $@

bench-peers: $(STAMP) $(PEERS)/.installed
	$(BIN)/python -m benchmarks.bench_peers --peers-python $(PEERS)/bin/python --size $(SIZE) --rounds $(ROUNDS) \
		$(if $(EARLIER),--earlier $(EARLIER)) $(if $(BASE),--base) $(if $(TOOLS),--tools "$(TOOLS)")
