# saferpractice: the two Quick start commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Two install stamps: the demo needs only the runtime packages; the tests also need the
# dev tools (pytest, ruff, mypy, Playwright, ...). Each is redone when pyproject.toml changes.
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed-dev
OUT ?= out
PORT ?= 8000

.PHONY: demo report test lint typecheck unit unit-postgres install clean

$(RUNTIME_STAMP): pyproject.toml scripts/bootstrap.sh scripts/install.sh
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/install.sh runtime
	touch $@

$(STAMP): pyproject.toml scripts/bootstrap.sh scripts/install.sh
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/install.sh dev
	touch $(RUNTIME_STAMP) $@

install: $(STAMP)

## The main job: the demo office. Generate the demo school, load it into a fresh SQLite
## database and serve the school's e-safety office on http://127.0.0.1:$(PORT) (this keeps
## running until Ctrl+C; nothing else waits for it). The scan of the demo's evidence (a few
## minutes) runs in the background once the office is served; until it finishes, every page
## says the findings are still loading. The demo school's evidence runs to 2026-11-22, so it
## is judged as of 2026-11-24.
DEMO_AS_OF := 2026-11-24
demo: $(RUNTIME_STAMP)
	@mkdir -p $(OUT)
	$(BIN)/saferpractice demo-school --seed 1 -o $(OUT)/demo-school
	rm -f $(OUT)/demo-school/findings.jsonl
	$(BIN)/saferpractice web --data-dir $(OUT)/web demo $(OUT)/demo-school --port $(PORT)

## The static HTML report of the demo school, without the web office.
report: $(RUNTIME_STAMP)
	@mkdir -p $(OUT)
	test -d $(OUT)/demo-school || $(BIN)/saferpractice demo-school --seed 1 -o $(OUT)/demo-school
	$(BIN)/saferpractice scan $(OUT)/demo-school/school $(OUT)/demo-school/evidence \
		--as-of $(DEMO_AS_OF) --jobs 2 -o $(OUT)/report.html || test $$? -eq 1
	@echo "The demo school's report is at $(OUT)/report.html (open it in a browser)."

## The whole test suite: lint, format check, type check and tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

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
