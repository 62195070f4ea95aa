# The two commands: `make run` serves the site with demo data, `make test` runs the whole suite.
# Both prepare everything first: the virtual environment, the database and its schema.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export WWIDW_PG_PORT ?= 54329
# Local development: DEBUG on and a development key unless the environment says otherwise.
export DEBUG ?= 1

ifeq ($(strip $(DATABASE_URL)),)
export DATABASE_URL := $(shell scripts/localdb.sh url)
START_DB := scripts/localdb.sh start
else
START_DB := @echo "Using the database in DATABASE_URL."
endif

.PHONY: help install db migrate demo run test lint format messages backup restore stop clean

help:
	@echo "make run    set everything up and serve the site with demo data on http://$(HOST):$(PORT)"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make lint   ruff, the migrations check, bandit and pip-audit"
	@echo "make backup              write the database and uploaded files to backups/"
	@echo "make restore FILE=...    restore such a backup into an empty database"
	@echo "make stop   stop the local PostgreSQL cluster"

$(STAMP): pyproject.toml
	@python="$$(scripts/find-python.sh)" && \
	  if [ ! -x "$(PY)" ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

db:
	$(START_DB)

migrate: install db
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py keep_reports

demo: migrate
	$(PY) manage.py seed_demo

# The task worker (e-mail, large PDFs) runs beside the web server and stops with it.
run: demo
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; \
	  WWIDW_REQUIRE_STAFF_MFA=0 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs across the cores (pytest-xdist), each worker with its own test database
# (pytest-django appends _gw0, _gw1, … to its name). Each test goes to whichever worker is free,
# except the tests of the demo, which go together to one worker so the demo is seeded once
# (tests/conftest.py). `make test PYTEST_ARGS="-n 0"` runs it in one process.
test: install db
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: install db
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m bandit -c pyproject.toml -r . -ll -q
	$(PY) -m pip_audit --skip-editable --progress-spinner off

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages: install
	$(PY) manage.py makemessages --locale nl --ignore ".venv/*" --ignore "static/*"
	$(PY) manage.py compilemessages --locale nl --ignore ".venv/*"

backup: install db
	$(PY) manage.py backup

restore: install db
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/wwidw-<time>.tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

stop:
	@scripts/localdb.sh stop

clean: stop
	rm -rf $(VENV) .pgdata .pgdata.log staticfiles
