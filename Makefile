# Balancing Act: every set-up step lives here so that `make lab` and `make test`
# work on a fresh machine that has only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LESSON ?= 00
PYTEST_ARGS ?=

.PHONY: install lab test unit nbval browser student answer-key present html bench check-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changed (the package itself is editable).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[test,present]"
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/balancing-act lab

check-data: $(STAMP)
	$(BIN)/balancing-act check-data lessons_data

# Everything: lint, unit and checker self-tests, nbval over every notebook, browser tests.
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest --nbval --nbval-current-env tests notebooks $(PYTEST_ARGS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser $(PYTEST_ARGS)

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval --nbval-current-env notebooks $(PYTEST_ARGS)

browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

student: $(STAMP)
	$(BIN)/balancing-act student build/student

answer-key: $(STAMP)
	$(BIN)/balancing-act answer-key build/answer_key

present: $(STAMP)
	$(BIN)/balancing-act present $(LESSON)

html: $(STAMP)
	$(BIN)/balancing-act html build/html

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .pytest_cache
