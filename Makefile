# Keyfolio: `make run` serves the app, `make test` runs every test. Both set up
# everything they need first (a .venv, the Python and npm packages, the database).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := keyfolio/static/vendor
export DEBUG ?= 1
# In development, e-mails go to files under var/mail/ rather than filling the terminal.
run: export EMAIL_BACKEND ?= django.core.mail.backends.filebased.EmailBackend

.PHONY: run test setup assets lint format typecheck migrations-check e2e bench bench-imports lighthouse clean messages

# The worker (background tasks and the e-mail timetable) runs beside the web server in
# one command; when the server stops (Ctrl-C), the trap stops the worker too.
run: setup
	$(BIN)/keyfolio init --demo-if-empty
	@echo "  E-mails (digests, reminders, invitations) are written to var/mail/."
	$(BIN)/keyfolio worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/keyfolio manage runserver 127.0.0.1:8000

setup: $(VENV)/.installed $(VENDOR)/.installed $(VENDOR)/bootstrap-icons/.subset

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Front-end packages come from the npm registry at set-up time, pinned by
# package-lock.json; only the files we serve are copied into the static folder.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	# The minified files name their source maps; the manifest storage of `keyfolio serve` needs them.
	cp node_modules/bootstrap/dist/css/bootstrap.min.css.map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp node_modules/echarts/i18n/langRU.js $(VENDOR)/echarts-langRU.js
	mkdir -p $(VENDOR)/trix && cp node_modules/trix/dist/trix.umd.min.js node_modules/trix/dist/trix.umd.min.js.map node_modules/trix/dist/trix.css $(VENDOR)/trix/
	# The REST API's interactive docs (/api/v1/docs).
	mkdir -p $(VENDOR)/swagger-ui && cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui-bundle.js.map node_modules/swagger-ui-dist/swagger-ui.css node_modules/swagger-ui-dist/swagger-ui.css.map $(VENDOR)/swagger-ui/
	touch $@

# The icon font cut down to the icons our source names (keyfolio/core/icons.py), made
# again whenever a template, script or module changes.
ICON_SOURCES := $(shell find keyfolio -path keyfolio/static/vendor -prune -o \( -name '*.html' -o -name '*.js' -o -name '*.py' \) -print 2>/dev/null)
$(VENDOR)/bootstrap-icons/.subset: $(VENV)/.installed $(VENDOR)/.installed $(ICON_SOURCES)
	$(BIN)/python -m keyfolio.core.icons node_modules/bootstrap-icons/font $(VENDOR)/bootstrap-icons
	touch $@

test: setup lint typecheck migrations-check
	DEBUG=0 $(BIN)/pytest -q
	@if [ -n "$$KEYFOLIO_TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		DEBUG=0 DATABASE_URL="$$KEYFOLIO_TEST_POSTGRES_URL" $(BIN)/pytest -q; \
	else echo "KEYFOLIO_TEST_POSTGRES_URL is not set: PostgreSQL run skipped."; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: setup
	$(BIN)/mypy keyfolio

# A development command: with DEBUG off it would refuse the development SECRET_KEY.
migrations-check: setup
	DEBUG=1 $(BIN)/keyfolio manage makemigrations --check --dry-run

messages: setup
	cd keyfolio && ../$(BIN)/keyfolio manage makemessages -l ru --no-location --no-obsolete && ../$(BIN)/keyfolio manage compilemessages

e2e: setup
	DEBUG=0 $(BIN)/pytest -q -m e2e

bench: setup
	$(BIN)/python bench/run.py

bench-imports: setup
	$(BIN)/python bench/import_memory.py

# Lighthouse (npx, needs Chromium) on the square, a dossier and the assessment form of a
# fresh demo; LIGHTHOUSE_ARGS="--url http://127.0.0.1:8000 --failures" to use a running one.
lighthouse: setup
	$(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
