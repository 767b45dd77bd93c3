# Developer entry points for transactionlink.access. GNU make.
#   make demo   set up, start the emulator, onboard demo users twice (2nd: changed=0)
#   make test   set up and run every check (what .ci/run runs)
# Override the interpreter with `make PYTHON=/path/to/python3.11 ...`.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv demo test unit integration sanity lint doc emulator benchmark tree clean

help:
	@echo "make demo         set up and run the onboarding demo against the bundled emulator"
	@echo "make test         set up and run every check (scripts/test.sh; what CI runs)"
	@echo "make venv         create .venv with the pinned tools (requirements-dev.txt)"
	@echo "make unit         pytest tests/unit"
	@echo "make integration  pytest tests/integration (playbooks against the emulator)"
	@echo "make sanity       ansible-test sanity in a collection tree copy"
	@echo "make lint         ansible-lint --profile production"
	@echo "make doc          ansible-doc renders every module"
	@echo "make emulator     run the emulator in the foreground on port 8080"
	@echo "make benchmark    300 memberships / 10 workspaces: module vs uri loop (~13 min)"
	@echo "make clean        remove .venv, .cache, tests/output"

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

test:
	bash scripts/test.sh

# Single stages of scripts/test.sh (same setup, same environment).
unit:
	TL_PYTEST_PATHS=tests/unit bash scripts/test.sh pytest

integration:
	TL_PYTEST_PATHS=tests/integration bash scripts/test.sh pytest

sanity:
	bash scripts/test.sh sanity

lint:
	bash scripts/test.sh ansible-lint

doc:
	bash scripts/test.sh ansible-doc

emulator: venv
	@mkdir -p .cache
	PYTHONPATH=tests $(VENV_PY) -m emulator --seed demo --state .cache/emulator-state.json --port 8080

benchmark: venv
	$(VENV_PY) benchmarks/convergence.py

clean:
	rm -rf $(VENV) .cache tests/output .pytest_cache
