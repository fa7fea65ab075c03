# Two commands for a fresh Linux machine with Python 3.11+: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test test-fast lint format migrate seed bench loadtest backup-check

$(BIN)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

var:
	@mkdir -p var

migrate: $(BIN)/.installed var
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --once

# The development server and one task worker (reports, imports, mailings);
# Ctrl+C stops both.
run: seed
	@echo "Откройте http://$(HOST):$(PORT)/ (остановить: Ctrl+C)"
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# One background worker (production: as many as cores spare, on any machine).
worker: migrate
	$(BIN)/python manage.py db_worker

# The suite runs in as many processes as the machine has cores (pytest-xdist;
# each process has its own test database and browser): TEST_WORKERS=0 runs
# it in one.
TEST_WORKERS ?= auto
test: $(BIN)/.installed var
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

test-fast: $(BIN)/.installed
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal -m "not e2e"

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(BIN)/.bench-installed: bench/requirements.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	@touch $@

# Seeds a large data set, serves it with gunicorn on loopback and measures
# pages, reports and imports: a table on screen, JSON in bench/results/.
bench: $(BIN)/.bench-installed var
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

# 100 mixed-role users (with writes) for 3 minutes against two app servers and a
# task worker on PostgreSQL; the writes are counted in the database afterwards.
loadtest: $(BIN)/.bench-installed var
	$(BIN)/python bench/loadtest.py

# Dump a seeded PostgreSQL database, restore it into a scratch one, smoke-test.
backup-check: $(BIN)/.installed var
	bash bench/backup_check.sh
