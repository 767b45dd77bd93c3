# Developer entry points for transactionlink.access. GNU make.
#   make demo     set up, start the emulator, onboard demo users twice (2nd: changed=0)
#   make test     set up and run every check of the default ansible-core + the matrix smoke
#   make matrix   everything, across ansible-core 2.16 ... 2.21
# The checks are nox sessions (noxfile.py); `make test` = `.venv/bin/nox -s test`.
# Override the interpreter of .venv with `make PYTHON=/path/to/python3.11 ...`.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
VENV_PY := $(VENV)/bin/python
NOX := $(VENV)/bin/nox
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv demo test matrix unit integration sanity lint docs build-import molecule emulator benchmark clean

help:
	@echo "make demo          set up and run the onboarding demo against the bundled emulator"
	@echo "make test          set up and run every check (nox -s test; what CI runs): the default"
	@echo "                   ansible-core fully, and units + integration smoke on 2.16 ... 2.21"
	@echo "make matrix        everything (nox -s matrix): + sanity on 2.16 and 2.21, the docs site"
	@echo "make venv          create .venv with the pinned tools (requirements-dev.txt)"
	@echo "make unit | integration | sanity | lint | docs | build-import | molecule"
	@echo "                   one session (nox -s units, ...); .venv/bin/nox -l lists them all"
	@echo "make emulator      run the emulator in the foreground on port 8080"
	@echo "make benchmark     scale, faults, fault campaign and concurrent runs (benchmarks/; ~25-45 min)"
	@echo "make clean         remove .venv, .nox, .cache, tests/output"

venv: $(STAMP)

# Rebuilt only when a requirements file changes; reruns are instant.
$(STAMP): requirements-dev.txt requirements.txt
	@test -n "$(PYTHON)" || { echo "make: need python3.11 (or python3) on PATH" >&2; exit 1; }
	@test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	@# The machine's pip config names local indexes that may not exist: drop
	@# pip's "Location ... is ignored" noise, keep everything else.
	set -o pipefail; $(VENV_PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt 2>&1 \
	  | { grep -v "^WARNING: Location 'file:" || true; }
	@touch $@

demo: venv
	bash scripts/demo.sh

test: venv
	$(NOX) -s test

matrix: venv
	$(NOX) -s matrix

unit: venv
	$(NOX) -s units

integration sanity lint docs molecule: venv
	$(NOX) -s $@

build-import: venv
	$(NOX) -s build_import

emulator: venv
	@mkdir -p .cache
	PYTHONPATH=tests $(VENV_PY) -m emulator --seed demo --state .cache/emulator-state.json --port 8080

# BENCH_ARGS: e.g. make benchmark BENCH_ARGS="--only small,scale --campaign-runs 3"
benchmark: venv
	$(VENV_PY) benchmarks/convergence.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .nox .cache tests/output .pytest_cache
