# The two set-up commands: `make run` (the app with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_JOURNEYS ?= 3000
PG_URL ?= postgres://postgres@127.0.0.1:5432/frictionlog
SERVICES_REDIS_URL ?= redis://127.0.0.1:6379/15
# The suite on as many pytest-xdist workers as there are CPUs, at most four (each worker has its
# own test database and Redis database; see tests/redis_per_worker.py). PARALLEL= runs it in one.
PARALLEL ?= --numprocesses=auto --maxprocesses=4

.PHONY: run test test-services lint format messages prod

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --journeys $(DEMO_JOURNEYS) --if-empty
	$(PY) manage.py recompute_leaderboards
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# SQLite, Celery eager; browser tests in Debian's Chromium, catalogue test with gettext (both installed if missing).
test: $(VENV)/.dev-deps
	scripts/ensure-test-tools
	$(PY) manage.py check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PARALLEL)

# The same suite on PostgreSQL and Redis with real Celery workers (CI's second pass). The
# production shape (tests/test_prod.py: nginx, gunicorn, Celery worker and beat, timed on their
# way down) runs after the rest, alone on the machine, as it would be deployed.
SERVICES_ENV := DATABASE_URL=$(PG_URL) REDIS_URL=$(SERVICES_REDIS_URL) FRICTIONLOG_REQUIRE_SERVICES=1
test-services: $(VENV)/.dev-deps
	scripts/ensure-test-tools
	scripts/ensure-services
	$(SERVICES_ENV) $(PY) -m pytest $(PARALLEL) --cov --cov-report= --ignore=tests/test_prod.py
	$(SERVICES_ENV) $(PY) -m pytest tests/test_prod.py \
		--cov --cov-append --cov-report=term:skip-covered --cov-fail-under=90

# Production shape: migrate, collectstatic, then nginx + gunicorn + Celery worker + Celery beat, supervised
# together (Ctrl-C stops all). Needs DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS; see
# "Running in production" in README.md for every variable and for running several machines.
prod: $(VENV)/.run-deps
	PY=$(PY) scripts/prod

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuild the translation catalogues (needs GNU gettext); the compiled .mo files are committed.
messages: $(VENV)/.dev-deps
	$(PY) manage.py makemessages --locale nl --ignore '.venv/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'
