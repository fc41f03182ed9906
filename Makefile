# Versus: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# Local development runs with debug on; production sets DJANGO_DEBUG=0 itself.
export DJANGO_DEBUG ?= 1

.DEFAULT_GOAL := help
.PHONY: help install setup run test lint format bench

help:
	@echo "make run    install, migrate, load the demo catalog and serve on http://127.0.0.1:8000/"
	@echo "make test   install and run the whole test suite"
	@echo "make setup  install, migrate and load the demo catalog (idempotent)"
	@echo "make lint   ruff check, ruff format --check and mypy"
	@echo "make bench  measure the production stack with wrk and write docs/PERFORMANCE.md"

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Versus needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet ".[dev]"
	@touch $@

install: $(INSTALLED)

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_catalog
	$(BIN)/python manage.py load_featured_pairs

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest

# Needs PostgreSQL and Redis on 127.0.0.1 and wrk (installed when run as root).
bench: install
	$(BIN)/python manage.py bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
