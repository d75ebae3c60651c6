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

## The main job: render the default policy (HTML and PDF) and say where it is.
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/saferpractice policy render --format html -o $(OUT)/policy.html
	$(BIN)/saferpractice policy render --format pdf -o $(OUT)/policy.pdf
	@echo "The default policy is at $(OUT)/policy.html and $(OUT)/policy.pdf"

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
