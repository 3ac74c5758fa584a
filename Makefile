# Everyday commands. `make` alone lists them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# make run uses SQLite unless DATABASE_URL is set; make test always uses PostgreSQL.
export DJANGO_SETTINGS_MODULE ?= ms_portal.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install run migrate demo test test-calendar drill lint format check docker-build lighthouse bench

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed ## Create .venv and install everything

migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

demo: migrate ## Load the demo content (safe to repeat)
	$(MANAGE) load_demo_content

run: demo ## Install, migrate, load demo content and serve at http://127.0.0.1:8000
	@$(MANAGE) ensure_local_admin
	@echo "Site:  http://127.0.0.1:8000/    Admin: http://127.0.0.1:8000/admin/"
	$(MANAGE) runserver 127.0.0.1:8000

test: install ## Run the whole test suite, browser tests included, on PostgreSQL
	@. scripts/test-setup.sh && $(MAKE) --no-print-directory node_modules/.installed && $(BIN)/pytest $(PYTEST_ARGS)

# The last and first day of a month and of a year (UK time): late at night in
# summer time, when the UK date is a day ahead of UTC's, and either side of
# midnight in winter.
CALENDAR := 2026-06-30T23:30 2026-07-01T00:30 2026-12-31T23:30 2027-01-01T00:30
# The tests that read dates: roll-ups and reports, review dates, the day's
# visitor salt and rate limits, gifts, sessions and lock-outs.
CALENDAR_TESTS := tests/donations tests/pages/test_review_report.py \
	tests/pages/test_review_notice.py tests/pages/test_review_dates.py \
	tests/pages/test_provenance.py tests/pages/test_medical_review.py \
	tests/pages/test_visitors.py tests/pages/test_mentions.py tests/test_admin_security.py
test-calendar: install ## The date-reading tests, with the clock at month and year ends (CI runs it)
	@. scripts/test-setup.sh && for moment in $(CALENDAR); do echo "Clock at $$moment (UK)"; \
		$(BIN)/pytest -q -m "not browser and not drill" --clock=$$moment $(or $(PYTEST_ARGS),$(CALENDAR_TESTS)) || exit 1; done

drill: install ## Fault drill: PostgreSQL, then Redis, stopped under load (root; minutes)
	@scripts/drill/run.sh

lint: install ## Check code style (ruff, djhtml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install ## Fix code style
	$(BIN)/ruff check --fix . && $(BIN)/ruff format . && $(BIN)/djhtml templates

check: install ## Django system checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# make bench BEFORE=0d6052e^ also measures the article at that commit;
# BENCH_ARGS="--seconds 5 --only static_css,article:cached" for a quick look.
# The rows through Varnish use make stack's when it runs (skipped otherwise).
export BENCH_VARNISH_URL ?= http://127.0.0.1:8720
bench: install ## Load-test a production-like server on 127.0.0.1 (README: Performance)
	@. scripts/bench-setup.sh && $(BIN)/python -m bench $(if $(BEFORE),--before='$(BEFORE)') $(BENCH_ARGS)

docker-build: ## Build the production image
	docker build -t ms-portal .

# Varnish in front of two app instances, on this machine (README: "Scaling out").
.PHONY: stack stack-stop stack-check
stack: install ## Varnish on 127.0.0.1:8720 in front of two gunicorn instances; prints the addresses
	@scripts/stack.sh start

stack-stop: ## Stop exactly what make stack started
	@scripts/stack.sh stop

stack-check: install ## Prove the stack: purge on publish, an instance down, the database down, the purge ACL
	@$(BIN)/python scripts/stack_check.py

# The Nu HTML Checker's vnu.jar (make test) and Lighthouse. No install scripts:
# vnu-jar's would download a Java runtime; Debian's is used (test-setup.sh).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

# The stack's Varnish (make stack) unless LIGHTHOUSE_URL names another site.
LIGHTHOUSE_URL ?= http://127.0.0.1:8720
lighthouse: install node_modules/.installed ## Lighthouse (mobile) on every page type of a running site (make stack first)
	$(BIN)/python scripts/lighthouse.py --base $(LIGHTHOUSE_URL)
