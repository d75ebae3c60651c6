# saferpractice: the two Quick start commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo report test lint typecheck unit unit-postgres install clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	PYTHON=$(PYTHON) bash scripts/bootstrap.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

## The main job: the demo office. Generate the demo school, scan it, load it into a fresh
## SQLite database and serve the school's e-safety office on http://127.0.0.1:8000 (this
## keeps running until Ctrl+C; nothing else waits for it). The demo school's evidence runs
## to 2026-11-22, so it is judged as of 2026-11-24.
DEMO_AS_OF := 2026-11-24
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/saferpractice demo-school --seed 1 -o $(OUT)/demo-school
	$(BIN)/saferpractice scan $(OUT)/demo-school/school $(OUT)/demo-school/evidence \
		--as-of $(DEMO_AS_OF) --jobs 2 -o $(OUT)/demo-school/findings.jsonl || test $$? -eq 1
	$(BIN)/saferpractice web --data-dir $(OUT)/web demo $(OUT)/demo-school

## The static HTML report of the demo school, without the web office.
report: $(STAMP)
	@mkdir -p $(OUT)
	test -d $(OUT)/demo-school || $(BIN)/saferpractice demo-school --seed 1 -o $(OUT)/demo-school
	$(BIN)/saferpractice scan $(OUT)/demo-school/school $(OUT)/demo-school/evidence \
		--as-of $(DEMO_AS_OF) --jobs 2 -o $(OUT)/report.html || test $$? -eq 1
	@echo "The demo school's report is at $(OUT)/report.html (open it in a browser)."

## The whole test suite: lint, format check, type check and tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src/saferpractice

unit: $(STAMP)
	$(BIN)/pytest -n auto
	$(MAKE) unit-postgres

## The web office's tests again, against PostgreSQL (127.0.0.1:5432, database `test`). When
## it is unreachable they are skipped with the reason, except under CI=true, where that fails.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
unit-postgres: $(STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -n auto tests/web

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
