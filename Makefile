# Kochbuch – two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run DEMO_BOOK=0`: no demo book (a site started from the original PDF, see README)
DEMO_BOOK ?= 1

.PHONY: run test install install-dev migrate demo serve lint clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# A development checkout's own settings, read by manage.py where the environment sets nothing:
# DEBUG, a generated SECRET_KEY and the address `make run` serves (see manage.py).
var/local.env:
	mkdir -p var
	printf '# Written by `make run` for this checkout only; a deployment sets environment variables.\nDEBUG=1\nSECRET_KEY=%s\nSITE_URL=http://%s:%s\n' \
	  "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" "$(HOST)" "$(PORT)" > $@

migrate: install var/local.env
	DEBUG=$${DEBUG-1} $(PY) manage.py migrate --noinput

demo: migrate
	@if [ "$(DEMO_BOOK)" != 0 ]; then DEBUG=$${DEBUG-1} $(PY) manage.py load_demo_book; fi

# Development server on the embedded SQLite database, with the demo book, and the background
# worker for imports and PDF builds (stopped together with the server).
run: demo
	@export SITE_URL=$${SITE_URL-http://$(HOST):$(PORT)}; \
	DEBUG=$${DEBUG-1} $(PY) manage.py db_worker --interval 1 --no-startup-delay & \
	worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	DEBUG=$${DEBUG-1} $(PY) manage.py runserver $(HOST):$(PORT)

# As in production (docs/deployment.md): gunicorn with the settings from the environment
# (SECRET_KEY required, DEBUG off, static files collected and served by WhiteNoise), and the
# background worker beside it. WORKERS gunicorn processes (default 2 per core), forked from a
# master that loaded and warmed the app once (--preload: less memory; new code needs a restart).
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py db_worker --interval 1 & \
	worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(VENV)/bin/gunicorn kochbuch.wsgi --bind $(HOST):$(PORT) --workers $${WORKERS-$$(( 2 * $$(nproc) ))} \
		--preload --access-logfile - --error-logfile -

# Guard rails: ruff (pyproject.toml: mistakes and import order; `ruff check --fix` repairs the
# import order) and models without their migration.
lint: install-dev
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run

# The whole suite: lint and migrations check, then SQLite always, PostgreSQL and Chromium when the
# machine has them, in parallel (pytest-xdist), with coverage. See tests/run_suites.sh.
test: install-dev
	PY=$(PY) tests/run_suites.sh

clean:
	rm -rf $(VENV) var staticfiles test-artifacts .pytest_cache
