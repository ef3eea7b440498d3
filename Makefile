# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: run test test-fast test-browser lint format check bench setup assets system-deps clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

portal/static_build/.built: node_modules/.installed $(wildcard frontend/scss/*.scss frontend/js/* frontend/*.mjs)
	npm run --silent build
	touch $@

assets: portal/static_build/.built

setup: $(VENV)/.installed assets
	mkdir -p var/mail var/media var/private

# Chromium for the browser tests and wrk for the benchmark, from Debian's
# packages, when missing and we may install them.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing chromium and wrk from Debian's packages..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium wrk >/dev/null; \
	  else \
	    echo "chromium or wrk is missing and this user cannot install them: browser tests will be skipped."; \
	  fi; \
	fi

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo > var/demo-logins.txt
	@echo "Starting the web server at http://127.0.0.1:$(PORT) and a task worker. Ctrl-C stops both."
	@# Background jobs of a non-interactive shell ignore Ctrl-C, so the trap stops them
	@# (and their autoreload children) with TERM, once, and waits for a clean exit.
	@# Links in mail point at this server (PUBLIC_URL). The worker runs without
	@# autoreload, whose file polling costs a share of a core while it waits for work:
	@# restart `make run` after changing a task.
	@export PUBLIC_URL=$${PUBLIC_URL:-http://127.0.0.1:$(PORT)}; \
	  $(PY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) & web=$$!; \
	  trap 'trap - INT TERM EXIT; pkill -TERM -P $$worker,$$web; kill -TERM $$worker $$web 2>/dev/null; wait; echo Stopped.' INT TERM EXIT; \
	  sleep 4; cat var/demo-logins.txt; echo "Open http://127.0.0.1:$(PORT)"; \
	  wait

test: setup system-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS)

test-fast: setup
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser"

test-browser: setup system-deps
	$(PY) -m pytest -m browser

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

check: setup
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

# Its own database (SQLite under var/ unless DATABASE_URL is set).
bench: setup system-deps
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench.sqlite3} PUBLIC_URL=$${PUBLIC_URL:-http://127.0.0.1} $(PY) manage.py bench
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench.sqlite3} $(PY) manage.py recruitment_bench
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench.sqlite3} $(PY) manage.py cohorts_bench
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench.sqlite3} $(PY) manage.py workforce_bench

clean:
	rm -rf var/static portal/static_build
