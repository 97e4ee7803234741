# The commands a person types. `.ci/run` calls the same targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
HOST ?= 127.0.0.1
PORT ?= 8000
# gunicorn worker processes for `make serve` (each with tracker/gunicorn.conf.py's threads).
WORKERS ?= 3

.PHONY: run serve test test-fast lint format check pytest venv bench clean-venv

venv: $(STAMP)

$(STAMP): requirements.txt
	@# PyICU (transliteration for name screening) compiles against the system's ICU.
	@pkg-config --exists icu-uc 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing ICU's headers (libicu-dev, pkg-config) for PyICU..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libicu-dev pkg-config >/dev/null; \
	  else \
	    echo "PyICU needs ICU's headers and pkg-config: install libicu-dev and pkg-config" \
	      "(Debian/Ubuntu) or icu4c and pkg-config (macOS), then run make again." >&2; \
	    exit 1; \
	  fi; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: DEBUG off (so SECRET_KEY and ALLOWED_HOSTS must be set), the schema and the
# static files brought up to date, Django's deployment checks passed, then gunicorn with
# tracker/gunicorn.conf.py. docs/deployment.md puts it behind a proxy, with Redis.
serve: export DEBUG = false
serve: venv
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ with $(WORKERS) gunicorn workers$${REDIS_URL:+ and the Redis cache}."
	exec $(BIN)/python -m gunicorn --config=tracker/gunicorn.conf.py \
	  --bind=$(HOST):$(PORT) --workers=$(WORKERS)

# lint-imports checks the import layers in pyproject.toml's [tool.importlinter]. It builds the
# import graph afresh (well under a second) rather than trust a cache in .grimp_cache/.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: venv
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

# The whole suite, failing below 95% statement coverage (migrations and tests are not counted:
# pyproject.toml's [tool.coverage.run]).
pytest: venv
	$(BIN)/python -m pytest --cov=sanctions --cov=tracker --cov-fail-under=95 $(PYTEST_ARGS)

test: lint check pytest

# The quick loop while editing: no browser and no real list files, so no coverage gate either.
test-fast: lint check
	$(BIN)/python -m pytest -m "not browser and not reference_data" $(PYTEST_ARGS)

bench: venv
	$(BIN)/python bench/import_lists.py

clean-venv:
	rm -rf $(VENV)
