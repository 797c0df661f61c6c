# Two entry points for a fresh machine: `make run` (the main job on the flagship case) and
# `make test` (lint, types and the whole test suite). Both create .venv and install into it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS := ../shared/seeds
CASE ?= south-caucasus-2021
# The evidence check joins the main job when the source texts are beside the repository.
SOURCES_FLAG := $(if $(wildcard $(SEEDS)),--sources $(SEEDS),)

.PHONY: run test install dev lint typecheck pytest browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# After installing, `realpolitik warm-up` compiles the Numba kernels into Numba's on-disk
# cache once, so the first run loads them instead of waiting for the compiler.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/realpolitik warm-up
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/realpolitik warm-up
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

# Chart images are opt-in (docs/running.md): `make run CHARTS=--charts` also draws them, with
# Chromium; without it the report is still written, with a warning.
CHARTS ?=

run: install
	$(if $(CHARTS),-@bash scripts/ensure-chromium.sh)
	$(BIN)/realpolitik run $(CASE) $(SOURCES_FLAG) $(CHARTS)

CODE := $(wildcard src tests benchmarks)

lint: dev
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)

typecheck: dev
	$(BIN)/mypy

browser:
	bash scripts/ensure-chromium.sh

pytest: dev browser
	$(BIN)/pytest

test: lint typecheck pytest

bench: dev
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
