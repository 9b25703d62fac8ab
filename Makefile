# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What serving needs (`make run`) vs. everything the tests use (`make test`): a staff server
# gets no Playwright, Jupyter, Dask or PyArrow. Both pin versions with constraints.txt.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
PIP := $(PY) -m pip install --quiet -c constraints.txt
# Empty: the one model location rule (`tppo-detect models-dir`): $TPPO_MODELS_DIR, ./models
# when it holds a model, else the user data directory, so `tppo-detect score` works from any
# folder after `make run`. `make run MODELS_DIR=models` pins a folder.
MODELS_DIR ?=
ifneq ($(strip $(MODELS_DIR)),)
export TPPO_MODELS_DIR := $(abspath $(MODELS_DIR))
endif
DATA ?= data/posts.csv
# Notebooks are committed without outputs, counts, run metadata or the runner's injected
# parameter cell (nbstripout; its default keys cover execution timings and collapsed views).
NBSTRIP := $(VENV)/bin/nbstripout --keep-id --drop-tagged-cells injected-parameters
HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=
# Image posts (OCR) need Tesseract and its Indonesian model from Debian; `make` says so
# instead of failing later on the first image.
TESSERACT_CHECK := command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null \
	| grep -qx ind || echo "peringatan: Tesseract atau model bahasa Indonesianya belum terpasang; \
	skor gambar (score --image, /v1/score/image) tidak akan jalan. Pasang dengan: sudo apt-get \
	install tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng" >&2

.PHONY: venv venv-run run serve test test-fast train model bench lint format notebook strip-notebooks browser clean

venv: $(STAMP)
venv-run: $(RUN_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("galat: tppo-detect butuh Python 3.11 atau lebih baru (tomllib); ada " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PIP) --no-compile -e ".[ocr]"
	@$(TESSERACT_CHECK)
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml constraints.txt $(RUN_STAMP)
	$(PIP) -e ".[dev,dask,parquet,postgres,ocr]"
	touch $(STAMP)

# Build the default model only when none is there yet.
model: $(RUN_STAMP)
	@test -f "$$($(PY) -m tppo_detect.cli models-dir)/LATEST" || $(PY) -m tppo_detect.cli train --data $(DATA)

train: $(RUN_STAMP)
	$(PY) -m tppo_detect.cli train --data $(DATA)

run: model
	$(PY) -m tppo_detect.cli serve --dev --host $(HOST) --port $(PORT)

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
	$(NBSTRIP) --verify notebooks/*.ipynb

format: $(STAMP)
	$(PY) -m ruff format tppo_detect service tests bench tools
	$(PY) -m ruff check --fix tppo_detect service tests bench tools

# `make notebook ARGS="--no-browser --port 8888"`; as root (containers) Jupyter needs --allow-root.
notebook: $(STAMP)
	$(PIP) -e ".[dev,dask,parquet,postgres,ocr,notebook]"
	$(VENV)/bin/jupyter lab notebooks/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(ARGS)

strip-notebooks: $(STAMP)
	$(NBSTRIP) notebooks/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
