# Briefbot: `make demo` and `make test` set up .venv on first use (offline: PyPI packages and
# the local CPU torch wheel only), then run the demo or the tests.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test test-fast lint format locale models clean-db bench bench-postgres

# torch first, through the script the Dockerfile uses too (pinned: see scripts/install-torch).
$(STAMP): pyproject.toml scripts/install-torch
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	scripts/install-torch $(PY)
	$(PY) -m pip install --quiet -e '.[test,lint]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/briefbot demo

test: install
	$(PY) -m pytest

# The tests that load no Stanza model and start no bot: well under a minute.
test-fast: install
	$(PY) -m pytest -m "not slow"

# ruff (lint, and formatting checked) and mypy (strict on nlp/ and storage/), as CI runs them.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Ingestion rate against the bare pipeline, query latency on 20,000 articles, event-loop delay
# and memory, in one run (needs ../shared/data; about 15 minutes on 2 cores).
bench: install
	$(PY) scripts/bench.py

# The same on PostgreSQL: 1 and 2 analysis workers, the claim overhead, queries at 20,000
# articles (a throwaway server, or BENCH_POSTGRES_URL=postgresql://...).
bench-postgres: install
	$(PY) scripts/bench.py --backend postgres $(if $(BENCH_POSTGRES_URL),--postgres-url $(BENCH_POSTGRES_URL))

# Retrain every bundled model from ../shared/data: Indonesian (about three hours on 2 cores),
# then English (see models/README.md for its stages and their times).
models: install
	$(PY) -m pip install --quiet -e '.[train]'
	$(PY) models/train.py --lang id
	$(PY) models/train.py --lang en

clean-db:
	rm -f data/briefbot.sqlite3 data/briefbot.sqlite3-wal data/briefbot.sqlite3-shm

# The bot's texts: extract the msgids (babel.cfg) into handlers/locale/briefbot.pot, update the
# Indonesian and English catalogs, compile them. The .po and .mo files are committed; translate what
# is new in handlers/locale/id/LC_MESSAGES/briefbot.po, then run this again (tests/test_texts.py checks).
locale: install
	$(VENV)/bin/pybabel extract -F babel.cfg --project=Briefbot --version=0.1.0 \
		--copyright-holder="The Briefbot developers" -o handlers/locale/briefbot.pot handlers bot
	$(VENV)/bin/pybabel update -D briefbot -i handlers/locale/briefbot.pot -d handlers/locale --ignore-pot-creation-date
	$(VENV)/bin/pybabel compile -D briefbot -d handlers/locale --statistics
