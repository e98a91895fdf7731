# Steadfast: `make run` to try it, `make test` to test it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Production-like settings for `check --deploy`: throwaway secrets, never used to serve.
DEPLOY_ENV := DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	STEADFAST_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	STEADFAST_BLIND_INDEX_KEY=check-deploy-blind-index-key-0123456789abcdef \
	ALLOWED_HOSTS=steadfast.example.org

# Find Python >= 3.12: the .python-version one first, then any 3.12+ on PATH or under pyenv.
PYTHON_CANDIDATES := python$(shell cat .python-version 2>/dev/null) python3.14 python3.13 python3.12 \
	$(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) python3
BASE_PYTHON := $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell command -v $(p) >/dev/null 2>&1 && $(p) -c 'import sys; print("$(p)") if sys.version_info >= (3, 12) else None' 2>/dev/null)))

.PHONY: help install install-test run test check lint typecheck migrations-check deploy-check bench bench-screening browser clean

help:
	@echo "make run      set up everything, load the demo and serve on http://127.0.0.1:$(PORT) with a task worker"
	@echo "make test     run the whole test suite"
	@echo "make check    lint, format, types, migrations, deploy checks, then tests"
	@echo "make bench    benchmark the server; results appended to docs/benchmarks.md"
	@echo "make bench-screening  measure the free-text screen on its labelled texts (also in bench)"

$(PY):
	@if [ -z "$(BASE_PYTHON)" ]; then \
		echo "Steadfast needs Python 3.12 or newer and none was found."; \
		echo "Install one (for example 'pyenv install 3.13') and run make again."; \
		exit 1; \
	fi
	@echo "Creating $(VENV) with $(BASE_PYTHON) ($$($(BASE_PYTHON) --version))"
	$(BASE_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-dev browser

# Debian's chromium for the browser tests; Playwright never downloads one.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; \
		else sudo apt-get install -y -q chromium >/dev/null; fi; }

setup: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_content
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py demo_signins
	@echo "Serving on http://127.0.0.1:$(PORT) with one task worker. Ctrl-C stops both."
	$(PY) manage.py serve --port $(PORT)

test: install-test
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.installed-dev
	$(PY) -m mypy .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

deploy-check: install
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

check: lint typecheck migrations-check deploy-check test

bench: setup
	$(PY) bench/run.py
	$(PY) bench/scoring.py --record
	$(PY) bench/traps.py
	$(PY) bench/screening.py --record

bench-screening: $(PY)
	$(PY) bench/screening.py --record

clean:
	rm -rf $(VENV) staticfiles
