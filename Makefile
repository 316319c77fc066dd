# Worker Innovation Platform — the two commands a fresh machine needs:
#   make run    set up everything, load the Jinzhou demo, serve on http://127.0.0.1:$(PORT)
#   make test   set up everything and run every check (ruff, pytest, browser tests)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 3
PYTEST_ARGS ?=

.PHONY: run test install install-dev vendor migrate seed serve lint pytest browser-deps pdf-deps check-deploy bench clean

$(VENV)/.installed: pyproject.toml requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c requirements/lock.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -c requirements/lock.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Secrets for this machine, generated once and never committed.
.env:
	@umask 077; { \
	  echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	  echo "FIELD_ENCRYPTION_KEYS=$$($(PYTHON) -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"; \
	  echo "PII_HASH_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_hex(32))')"; \
	} > .env; echo "wrote .env with new secrets"

# Front-end files come from npm packages (pinned in package-lock.json) into static/vendor.
# axe-core (a devDependency) is only for the browser tests' accessibility check.
static/vendor/.done: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/bootstrap-icons/fonts static/vendor/axe-core static/vendor/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css static/vendor/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/* static/vendor/bootstrap-icons/fonts/
	cp node_modules/axe-core/axe.min.js static/vendor/axe-core/
	cp node_modules/echarts/dist/echarts.min.js static/vendor/echarts/
	touch $@

vendor: static/vendor/.done

migrate: install .env
	mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# The background-job worker runs beside gunicorn and stops with it: Ctrl-C reaches both, the
# worker finishes the job in hand (a second Ctrl-C stops it at once: the job resumes next time);
# when gunicorn stops by itself the worker is sent SIGTERM.
run: install vendor pdf-deps seed
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving the demo on http://$(HOST):$(PORT)  (accounts: see README)"
	@$(PY) manage.py run_worker & worker=$$!; \
	trap 'interrupted=1' INT; \
	$(VENV)/bin/gunicorn config.wsgi:application --config config/gunicorn.py --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --timeout 120; \
	[ -n "$$interrupted" ] || kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null; true

# Debian's Chromium and a CJK font for the browser tests (root installs them; others must have them).
browser-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "browser tests need: apt-get install chromium fonts-noto-cjk" >&2; exit 1; fi; \
	fi

# Pango and a CJK font for the PDFs (notices, certificates): without the font Chinese vanishes.
pdf-deps:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; \
	  else echo "PDFs need: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk" >&2; exit 1; fi; \
	fi

# The layer rules (.importlinter) and the size of modules (tools/module_sizes.py) are lint too.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) tools/module_sizes.py

check-deploy: install-dev
	$(PY) -m pytest -q tests/core/test_deploy_check.py

pytest: install-dev vendor browser-deps pdf-deps
	mkdir -p var test-artifacts
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test: lint pytest

bench: install-dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules static/vendor var/staticfiles
