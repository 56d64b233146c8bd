# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run api test lint unit browser bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/streamlit run Home.py --server.port 8501 --server.address localhost

api: install
	$(PY) -m syndata serve --host localhost --port 8000

lint: install
	$(VENV)/bin/ruff check .

test: install lint
	$(PY) -m pytest

browser: install
	$(PY) -m pytest -m browser

bench: install
	$(PY) bench/overhead.py
	$(PY) bench/concurrency.py
	$(PY) bench/evaluation.py
	$(PY) bench/irgan_vs_sdv.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
