# Every target bootstraps its own virtual environment in .venv (Python 3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
WORKERS ?= 2

.PHONY: run test test-pg test-all check fmt bench bench-auth bench-webhooks fuzz ops catalog clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## run the server (SQLite, dev account; credentials are printed)
	$(BIN)/zoomstack serve

test: $(STAMP)  ## the whole suite on SQLite (and on PostgreSQL when ZOOMSTACK_TEST_DATABASE_URL is set)
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

test-pg: $(STAMP)  ## the whole suite on a throwaway PostgreSQL
	scripts/with-postgres.sh $(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

test-all: $(STAMP)  ## SQLite, then PostgreSQL (what CI runs)
	env -u ZOOMSTACK_TEST_DATABASE_URL $(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)
	scripts/with-postgres.sh $(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

check: $(STAMP)  ## lint, format check, type check
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff check --fix src tests scripts bench
	$(BIN)/ruff format src tests scripts bench

bench: $(STAMP)  ## benchmarks; results go to bench/results.json
	$(BIN)/python bench/run.py

bench-auth: $(STAMP)  ## what scope and rate-limit checks cost per request (bench/auth_overhead.json)
	$(BIN)/python bench/auth_overhead.py

bench-webhooks: $(STAMP)  ## webhook latency and throughput
	$(BIN)/python bench/webhooks.py

FUZZ_ARGS ?=
fuzz: $(STAMP)  ## schemathesis against every Zoom document in ../shared; fails on any 500
	@$(BIN)/python -c 'import schemathesis' 2>/dev/null || $(BIN)/python -m pip install -q -e '.[fuzz]'
	$(BIN)/python scripts/fuzz.py $(FUZZ_ARGS)

ops: $(STAMP)  ## coverage report against ../shared/scope/operations.tsv
	$(BIN)/zoomstack ops

catalog: $(STAMP)  ## regenerate the operation catalog from ../shared/zoom-spec
	$(BIN)/python scripts/gen_catalog.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
