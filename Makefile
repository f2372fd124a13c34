# Balancing Act: every set-up step lives here so that `make lab` and `make test`
# work on a fresh machine that has only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LESSON ?= 00
# The port `make present` serves on (`make present LESSON=03 PORT=8870`); when it is busy the
# command says so and takes the next free one, and announces the address it really serves.
PORT ?= 8866
PYTEST_ARGS ?=
# Test files run in parallel (one file stays on one worker: a notebook's cells, a browser
# module's server). Most of the suite waits on JupyterLab, Chromium or a hub, so more
# workers than cores pays; JOBS=1 runs it in one process.
JOBS ?= 4
# Options passed on to JupyterLab by `make lab`, e.g. LAB_ARGS="--no-browser --port 8899".
LAB_ARGS ?=
# Tests and notebook runs keep their progress records out of the user's own.
TEST_HOME = BALANCING_ACT_HOME=$$(mktemp -d) MPLBACKEND=Agg

.PHONY: install lab test hub-test unit nbval browser student answer-key present html bench check-data \
	notebooks html-student lab-instructor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changed (the package itself is editable).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[test,present]"
	touch $(STAMP)

install: $(STAMP)

# Learners: your own copy of the lessons in my_work/ (made once, never overwritten).
# As root (containers, lab images) it says so and passes JupyterLab's --allow-root.
lab: $(STAMP)
	$(BIN)/balancing-act lab --dir my_work $(LAB_ARGS)

# Teachers: the instructor notebooks with worked answers, opened where they are.
lab-instructor: $(STAMP)
	$(BIN)/balancing-act lab --instructor --dir notebooks $(LAB_ARGS)

check-data: $(STAMP)
	$(BIN)/balancing-act check-data lessons_data

# Everything: lint, unit and checker self-tests, nbval over every notebook, browser tests
# and the real class on a hub (tests/hub, also on its own as `make hub-test`).
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(TEST_HOME) $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env \
		tests notebooks $(PYTEST_ARGS)

hub-test: $(STAMP)
	$(TEST_HOME) $(BIN)/python -m pytest -m hub tests/hub $(PYTEST_ARGS)

unit: $(STAMP)
	$(TEST_HOME) $(BIN)/python -m pytest tests --ignore=tests/browser $(PYTEST_ARGS)

nbval: $(STAMP)
	$(TEST_HOME) $(BIN)/python -m pytest --nbval --nbval-current-env notebooks $(PYTEST_ARGS)

browser: $(STAMP)
	$(TEST_HOME) $(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

# Re-execute every lesson in place, top to bottom, so the committed outputs are fresh.
notebooks: $(STAMP)
	for nb in notebooks/[0-9][0-9]_*.ipynb; do \
		$(TEST_HOME) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.store_widget_state=True "$$nb" || exit 1; \
	done

student: $(STAMP)
	$(BIN)/balancing-act student build/student

answer-key: $(STAMP)
	$(BIN)/balancing-act answer-key build/answer_key

present: $(STAMP)
	$(BIN)/balancing-act present $(LESSON) --port $(PORT)

html: $(STAMP)
	$(BIN)/balancing-act html build/html

html-student: $(STAMP)
	$(BIN)/balancing-act html --student build/html-student

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf build .pytest_cache
