# Two commands on a fresh machine: `make demo` and `make test` (README).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
export FLASK_APP := regiotoezicht.app:create_app

.PHONY: demo test bench install install-test system-deps lint constraints clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 of nieuwer is nodig"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

system-deps:
	@bash scripts/system-deps.sh

# The embedded default: SQLite under instance/, jobs in-process, mail to the outbox table.
demo: install
	$(FLASK) db upgrade
	$(FLASK) regio seed-demo
	$(FLASK) regio demo-logins
	$(FLASK) run --host 127.0.0.1 --port 5000

# Starts a throwaway PostgreSQL and Redis on loopback, runs the whole suite, stops them.
test: system-deps install-test
	@bash scripts/with-services.sh $(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/lint-imports

constraints: $(VENV)/bin/python
	$(PIP) install -q -e '.[test,dev]' && $(PIP) freeze --exclude-editable > constraints.txt

clean:
	rm -rf $(VENV) instance/*.sqlite3

# Benchmarks: on demand, against a throwaway PostgreSQL; they print figures.
bench: system-deps install-test
	@PGPORT=$${PGPORT:-54339} REDISPORT=$${REDISPORT:-63809} bash scripts/with-services.sh $(PY) -m benchmarks.bench_tenancy
	@PGPORT=$${PGPORT:-54339} REDISPORT=$${REDISPORT:-63809} bash scripts/with-services.sh $(PY) -m benchmarks.bench_scale
