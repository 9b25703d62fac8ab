# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MODELS_DIR ?= models
DATA ?= data/posts.csv

.PHONY: venv run serve test test-fast train model bench lint format notebook strip-notebooks browser clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Build the default model only when none is there yet.
model: $(STAMP)
	@test -f $(MODELS_DIR)/LATEST || $(PY) -m tppo_detect.cli train --data $(DATA) --models-dir $(MODELS_DIR)

train: $(STAMP)
	$(PY) -m tppo_detect.cli train --data $(DATA) --models-dir $(MODELS_DIR)

run: model
	$(PY) -m tppo_detect.cli serve --dev --host 127.0.0.1 --port 8000

serve: run

test: $(STAMP)
	$(PY) -m pytest -q

test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

bench: model
	$(PY) -m bench.run

lint: $(STAMP)
	$(PY) -m ruff check tppo_detect service tests bench tools
	$(PY) -m ruff format --check tppo_detect service tests bench tools
	$(PY) -m tppo_detect.nbstrip --check notebooks/*.ipynb

format: $(STAMP)
	$(PY) -m ruff format tppo_detect service tests bench tools
	$(PY) -m ruff check --fix tppo_detect service tests bench tools

notebook: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,notebook]"
	$(VENV)/bin/jupyter lab notebooks/

strip-notebooks: $(STAMP)
	$(PY) -m tppo_detect.nbstrip notebooks/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
