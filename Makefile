# The front door of transactionlink.access (GNU make). Every check is a nox
# session (noxfile.py, antsibull-nox.toml: `.venv/bin/nox -l`); make only
# creates .venv and says which sessions `make test` and `make matrix` run.
# Override the interpreter of .venv with `make PYTHON=/path/to/python3.11 ...`.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
VENV_PY := $(VENV)/bin/python
NOX := $(VENV)/bin/nox --no-color
STAMP := $(VENV)/.installed
LOGS := tests/output/nox
JOBS ?= 2
# The matrix Pythons (3.10-3.13) from pyenv, when it has them: pyenv's own way
# of making several versions' python3.X commands work at once.
empty :=
space := $(empty) $(empty)
PYENV_PYTHONS := $(strip $(shell pyenv versions --bare 2>/dev/null | grep -E '^3\.1[0-3]\.[0-9]+$$'))
ifneq ($(PYENV_PYTHONS),)
export PYENV_VERSION := $(subst $(space),:,$(strip $(shell pyenv version-name 2>/dev/null) $(PYENV_PYTHONS)))
endif

# make test: every check on the default ansible-core, the smoke on the oldest
# and newest. One nox session a line, the longest first (both lanes stay busy).
TEST_SESSIONS := \
	integration \
	units \
	sanity-2.19 \
	molecule \
	eda \
	smoke-2.16 \
	smoke-2.21 \
	build-import-check \
	ansible-lint \
	lint \
	docs-check \
	extra-checks \
	changelog \
	docs-site
# make matrix: the same, plus the other ansible-core releases.
MATRIX_SESSIONS := $(TEST_SESSIONS) \
	smoke-2.17 \
	smoke-2.18 \
	smoke-2.20 \
	sanity-2.16 \
	sanity-2.21
# make matrix opens the access report at its largest size (10,000 memberships).
matrix: export TL_BROWSER_ORG := large

.DEFAULT_GOAL := help
.PHONY: help venv lock check demo test matrix emulator benchmark clean

help:
	@echo "make demo        set up and run the onboarding demo against the bundled emulator"
	@echo "make test        every check (what CI runs), $(JOBS) nox sessions at a time; a summary at the end"
	@echo "make check       the edit loop: the in-process unit tests (tests/unit), no coverage"
	@echo "make matrix      make test + smoke and sanity on every ansible-core 2.16 ... 2.21"
	@echo "make benchmark   scale, faults, fault campaign and concurrent runs (benchmarks/; 25-45 min)"
	@echo "make emulator    the emulator in the foreground on port 8080 (prints the export lines)"
	@echo "make venv        .venv with the tools, as constraints.txt pins them; make lock rewrites it"
	@echo "one check:       .venv/bin/nox -s NAME (.venv/bin/nox -l lists them; -- ARGS go to pytest)"

venv: $(STAMP)

# Rebuilt only when a requirements file changes. The machine's pip config may
# name local indexes that do not exist: pip's "Location ... is ignored" goes.
$(STAMP): requirements-dev.txt requirements.txt constraints.txt
	@test -n "$(PYTHON)" || { echo "make: need python3.11 (or python3) on PATH" >&2; exit 1; }
	@test -x $(VENV_PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing the tools into $(VENV) (constraints.txt)"
	@set -o pipefail; $(VENV_PY) -m pip install --disable-pip-version-check -q -c constraints.txt -r requirements-dev.txt 2>&1 \
	  | { grep -v "^WARNING: Location 'file:" || true; }
	@touch $@

# requirements-dev.txt resolved afresh in a throwaway venv, every package it
# installed written to constraints.txt (commit it).
lock:
	rm -rf .cache/lock-venv && $(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	{ sed -n '/^#/p' constraints.txt; .cache/lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .cache/lock-venv

# scripts/demo.sh makes .venv itself, as its first step.
demo:
	@bash scripts/demo.sh

check: venv
	$(VENV_PY) -m pytest -q -n 2 -p no:randomly tests/unit

# Each session's output goes to $(LOGS)/NAME.log; its last lines are shown when
# it ends (all of it when it failed), then one line a session.
test matrix: venv
	@rm -rf $(LOGS); mkdir -p $(LOGS)
	@start=$$(date +%s); rc=0; \
	$(MAKE) --no-print-directory -k -j$(JOBS) --output-sync=target \
	  $(addprefix nox/,$(if $(filter matrix,$@),$(MATRIX_SESSIONS),$(TEST_SESSIONS))) || rc=$$?; \
	echo; echo "==> summary (logs: $(LOGS)/)"; cat $(LOGS)/*.result; echo "wall: $$(( $$(date +%s) - start )) s"; exit $$rc

nox/%: venv
	@start=$$(date +%s); if $(NOX) -s $* > $(LOGS)/$*.log 2>&1; then r=passed; n=15; else r=FAILED; n=100000; fi; \
	echo "==> $* $$r"; tail -n $$n $(LOGS)/$*.log; \
	printf '%-20s %-7s %4s s\n' $* $$r $$(( $$(date +%s) - start )) > $(LOGS)/$*.result; test $$r = passed

emulator: venv
	@mkdir -p .cache
	PYTHONPATH=tests $(VENV_PY) -m emulator --seed demo --state .cache/emulator-state.json --port 8080 \
	  --env-file .cache/emulator.env

# BENCH_ARGS: e.g. make benchmark BENCH_ARGS="--only small,scale --campaign-runs 3"
benchmark: venv
	$(VENV_PY) benchmarks/convergence.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .nox .cache tests/output .pytest_cache
