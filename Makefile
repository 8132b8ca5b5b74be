# Two commands: `make run` serves the app, `make test` checks it. Both set up what they need
# first and reuse what is already installed (stamps in .stamps/ track the inputs).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 3
CHROMIUM ?= /usr/bin/chromium
FLASK := $(BIN)/flask --app wsgi
STAMPS := .stamps
BUILD := app/static/build
DIST := app/static/dist
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk

.PHONY: run test setup setup-dev assets chromium java db lint pytest bench-reports bench-load bench-pages test-faults clean

run: setup db  ## Serve the app with gunicorn and a job worker on http://$(HOST):$(PORT)
	@echo "Serving Involvement Ladder on http://$(HOST):$(PORT) with a job worker (Ctrl+C to stop)"
	BIND=$(HOST):$(PORT) WORKERS=$(WORKERS) $(BIN)/honcho start -f Procfile

test: setup-dev lint pytest  ## Lint and run the whole test suite

setup: $(STAMPS)/python-runtime assets chromium
setup-dev: $(STAMPS)/python-dev assets chromium java

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { echo "Could not create .venv: on Debian or Ubuntu run: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip

$(STAMPS)/python-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/python-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $(STAMPS)/python-runtime $@

$(STAMPS)/node: package.json package-lock.json
	npm ci --no-audit --no-fund
	@mkdir -p $(STAMPS) && touch $@

assets: $(DIST)/staticfiles.json

# Hashed names, gzip and brotli copies of everything served under /static/ (app/static_files.py).
$(DIST)/staticfiles.json: $(BUILD)/app.css $(BUILD)/nhsuk/nhsuk-frontend.min.js $(BUILD)/plotly/plotly-basic.min.js $(wildcard app/static/js/*.mjs) app/static_files.py $(STAMPS)/python-runtime
	$(BIN)/python -m app.static_files

$(BUILD)/app.css: $(STAMPS)/node $(wildcard app/assets/*.scss)
	@mkdir -p $(BUILD)
	npx --no-install sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules app/assets/app.scss $@

$(BUILD)/nhsuk/nhsuk-frontend.min.js: $(STAMPS)/node
	@mkdir -p $(BUILD)/nhsuk
	cp $(NHSUK)/nhsuk-frontend.min.js $(BUILD)/nhsuk/
	cp -r $(NHSUK)/assets $(BUILD)/nhsuk/

# On-screen charts need only bars and lines: plotly.js's basic bundle (1.2 MB, not the
# full 4.8 MB), the same plotly.js version as the pinned plotly package's, which kaleido
# uses for the PDF charts.
$(BUILD)/plotly/plotly-basic.min.js: $(STAMPS)/node
	@mkdir -p $(BUILD)/plotly
	cp node_modules/plotly.js-basic-dist-min/plotly-basic.min.js $@

# PDF charts and browser tests use Debian's Chromium.
chromium:
	@if [ -x "$(CHROMIUM)" ] && fc-list | grep -q "Liberation Sans"; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium (for PDF charts and browser tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	else \
		echo "Chromium is missing: PDFs will show tables instead of charts. To add it, run:"; \
		echo "  sudo apt-get install -y chromium fonts-liberation"; \
	fi

# The browser tests validate pages with the Nu HTML Checker (npm vnu-jar), which needs Java.
java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's Java (for the HTML checker in the browser tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "Java is missing: the browser tests need it. To add it, run:"; \
		echo "  sudo apt-get install -y default-jre-headless"; \
	fi

db: $(STAMPS)/python-runtime
	$(FLASK) db upgrade
	$(FLASK) demo --if-enabled

lint: $(STAMPS)/python-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pytest-xdist: one worker per core (TEST_WORKERS=0 runs in one process); the browser tests
# share two workers (tests/conftest.py). The slowest tests are listed at the end.
TEST_WORKERS ?= auto
pytest: $(STAMPS)/python-dev assets
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15

clean:
	rm -rf $(STAMPS) $(BUILD) $(DIST) node_modules $(VENV)

bench-reports: setup-dev  ## Print how long the PDF reports take on this machine
	$(BIN)/python scripts/bench_reports.py

$(STAMPS)/python-bench: requirements.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	@mkdir -p $(STAMPS) && touch $(STAMPS)/python-runtime $@

bench-load: $(STAMPS)/python-bench  ## A 200-person workshop, ZIPs and a paced room under locust (README "Load"; ARGS="--only paced --quick")
	$(BIN)/python -m scripts.bench_load.run $(ARGS)

# Lighthouse lives in its own package (scripts/lighthouse): only this benchmark needs it.
$(STAMPS)/lighthouse: scripts/lighthouse/package.json scripts/lighthouse/package-lock.json
	npm ci --prefix scripts/lighthouse --no-audit --no-fund
	@mkdir -p $(STAMPS) && touch $@

bench-pages: setup-dev $(STAMPS)/lighthouse  ## Bytes, requests and Lighthouse score of the key pages (README "Page weight")
	$(BIN)/python -m scripts.bench_pages

test-faults: $(STAMPS)/python-dev  ## Kill workers, stop PostgreSQL, load SQLite: nothing lost
	$(BIN)/python -m pytest -m faults tests/faults
