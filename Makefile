# The two commands: `make run` (serve the platform) and `make test` (run the whole suite).
# Everything else here is a step they share.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.DEFAULT_GOAL := help
.PHONY: help run test messages makemessages lock vendor bench clean

help:
	@echo "make run    set up (venv, install, migrate, demo data) and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run the whole test suite (PostgreSQL, Redis, Chromium, then SQLite)"
	@echo "make bench  time the morning digests for 10,000 synthetic people (PostgreSQL if DATABASE_URL is set, else SQLite)"
	@echo "make makemessages / make lock / make vendor   maintenance (see README)"

# Local development settings, never committed: DEBUG=1 lets manage.py run here without
# a production SECRET_KEY. Production reads real environment variables instead.
.env:
	printf '# Local development settings (see README, "Configuration"). Not committed.\nDEBUG=1\n' > $@

$(PY): | .env
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs are reproducible: only from the lock files (regenerate with `make lock`).
$(VENV)/.runtime-installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@ $(VENV)/.runtime-installed

messages: $(VENV)/.runtime-installed
	$(PY) scripts/compile_messages.py

run: export DEBUG ?= 1
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
# Static files as production serves them: hashed, compressed, collected first (see settings).
run: export SERVE_COLLECTED_STATIC ?= 1
run: $(VENV)/.runtime-installed messages
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  The platform is starting on http://127.0.0.1:$(PORT)/ (web server, Celery worker and beat)."
	@echo "  Demo logins (password demo-cop-2026 for all):"
	@echo "    admin@demo.cop.example (staff), sophie.lambert@demo.cop.example (facilitator),"
	@echo "    rodrigue.hounkpatin@demo.cop.example (practitioner). More above. Ctrl-C stops everything."
	@echo ""
	exec honcho start --procfile Procfile --port $(PORT)

test: $(VENV)/.dev-installed messages
	bash scripts/test.sh

# Builds its own throwaway database (PostgreSQL when DATABASE_URL is set, else SQLite)
# and drops it afterwards: the configured database's data is never touched.
bench: $(VENV)/.dev-installed messages
	$(VENV)/bin/python manage.py bench_digest --people 10000

makemessages: $(VENV)/.dev-installed
	DEBUG=1 $(PY) manage.py makemessages --locale fr --locale ar --no-obsolete \
		--ignore ".venv/*" --ignore "node_modules/*" --ignore "staticfiles/*" --ignore "tests/*"

lock: $(VENV)/.dev-installed
	$(VENV)/bin/pip-compile --quiet --strip-extras --output-file requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --extra dev --output-file requirements-dev.lock pyproject.toml

# Refresh the front-end files we serve ourselves (never from a CDN) from npm.
vendor:
	npm install --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.rtl.min.css static/vendor/bootstrap/
	sed -i 's#/\*\# sourceMappingURL=.*\*/##' static/vendor/bootstrap/*.css

clean:
	rm -rf $(VENV) var staticfiles test-artifacts .pytest_cache
