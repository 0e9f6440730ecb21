# Briefbot: `make demo` and `make test` set up .venv on first use (offline: PyPI packages and
# the local CPU torch wheel only), then run the demo or the tests.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# torch is pinned: an unpinned torch pulls a CUDA build of several GB.
TORCH := torch==2.13.0

.PHONY: install demo test models clean-db bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/briefbot demo

test: install
	$(PY) -m pytest

# Ingestion rate against the bare pipeline, query latency on 20,000 articles, event-loop delay
# and memory, in one run (needs ../shared/data; about 15 minutes on 2 cores).
bench: install
	$(PY) scripts/bench.py

# Retrain every bundled model from ../shared/data (about three hours on 2 cores).
models: install
	$(PY) -m pip install --quiet -e '.[train]'
	$(PY) models/train.py

clean-db:
	rm -f data/briefbot.sqlite3 data/briefbot.sqlite3-wal data/briefbot.sqlite3-shm
