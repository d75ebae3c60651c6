# saferpractice: the two Quick start commands are `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: demo test lint typecheck unit install clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	PYTHON=$(PYTHON) bash scripts/bootstrap.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP)

## The main job: generate the demo school, scan it into an HTML report, render the policy.
## The demo school's evidence runs to 2026-11-22, so it is judged as of 2026-11-24.
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/saferpractice demo-school --seed 1 -o $(OUT)/demo-school
	$(BIN)/saferpractice scan $(OUT)/demo-school/school $(OUT)/demo-school/evidence \
		--as-of 2026-11-24 --jobs 2 -o $(OUT)/report.html || test $$? -eq 1
	$(BIN)/saferpractice policy render --format pdf -o $(OUT)/policy.pdf
	@echo
	@echo "The demo school's report is at $(OUT)/report.html (open it in a browser)."
	@echo "The policy it was checked against is at $(OUT)/policy.pdf."

## The whole test suite: lint, format check, type check and tests.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src/saferpractice

unit: $(STAMP)
	$(BIN)/pytest -n auto

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
