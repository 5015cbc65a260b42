# The two commands a newcomer needs: `make demo` and `make test`.
# Each creates the virtualenv it needs from the package registries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench faults check-content clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m bot demo

test: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy
	$(BIN)/python -m bot check-content
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench

format: $(STAMP)
	$(BIN)/ruff format bot tests bench
	$(BIN)/ruff check --fix bot tests bench

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/tips.py

# issue 11's attacks against the real process: duplicates, losses, memory, exit times
faults: $(STAMP)
	$(BIN)/python bench/faults.py

check-content: $(STAMP)
	$(BIN)/python -m bot check-content

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
