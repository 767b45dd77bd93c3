# Developer entry points for transactionlink.access. GNU make.
#   make check    the edit loop: in-process unit tests only (no coverage), < 1 min
#   make demo     set up, start the emulator, onboard demo users twice (2nd: changed=0)
#   make test     what CI runs: every check on the default ansible-core, the
#                 smoke on the oldest and newest, two sessions at a time
#   make matrix   make test + the smoke and sanity of every ansible-core 2.16 ... 2.21
# Each check is a nox session (noxfile.py, antsibull-nox.toml; tests/README.md).
# Override the interpreter of .venv with `make PYTHON=/path/to/python3.11 ...`.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
VENV_PY := $(VENV)/bin/python
NOX := $(VENV)/bin/nox
STAMP := $(VENV)/.installed
OUT := tests/output/nox
# The matrix Pythons (3.10-3.13) from pyenv, when it has them: pyenv's own way
# of making several versions' python3.X commands work at once.
empty :=
space := $(empty) $(empty)
PYENV_PYTHONS := $(strip $(shell pyenv versions --bare 2>/dev/null | grep -E '^3\.1[0-3]\.[0-9]+$$'))
ifneq ($(PYENV_PYTHONS),)
export PYENV_VERSION := $(subst $(space),:,$(strip $(shell pyenv version-name 2>/dev/null) $(PYENV_PYTHONS)))
endif

# make test: the default ansible-core (2.19, .venv) in full, the smoke on the
# oldest and newest; longest first so that both lanes stay busy.
TEST_SESSIONS := integration units sanity-2.19 molecule eda smoke-2.16 smoke-2.21 \
	build-import-check ansible-lint docs-check extra-checks changelog docs-site
MATRIX_SESSIONS := $(TEST_SESSIONS) smoke-2.17 smoke-2.18 smoke-2.20 sanity-2.16 sanity-2.21
JOBS ?= 2
# make matrix opens the access report at issue 11's size (10,000 memberships).
matrix: export TL_BROWSER_ORG := large

.DEFAULT_GOAL := help
.PHONY: help venv check demo test matrix summary unit integration sanity lint docs docs-site build-import molecule emulator benchmark clean

help:
	@echo "make check         in-process unit tests (tests/unit, no coverage): the edit loop, < 1 min"
	@echo "make demo          set up and run the onboarding demo against the bundled emulator"
	@echo "make test          every check (what CI runs): default ansible-core in full + smoke on 2.16 and 2.21"
	@echo "make matrix        make test + smoke and sanity on every ansible-core 2.16 ... 2.21, the docs site"
	@echo "make venv          create .venv with the pinned tools (requirements-dev.txt)"
	@echo "make unit | integration | sanity | lint | docs | docs-site | build-import | molecule"
	@echo "                   one check; .venv/bin/nox -l lists every session (nox -s NAME runs one)"
	@echo "make emulator      run the emulator in the foreground on port 8080 (prints URL and token)"
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

check: venv
	$(VENV_PY) -m pytest -q -n 2 -p no:randomly tests/unit

# Each session's output goes to $(OUT)/logs/NAME.log (its tail is printed, all
# of it when it failed) and one line to $(OUT)/results/NAME; then the summary.
test matrix: venv
	@rm -rf $(OUT)/results $(OUT)/logs; mkdir -p $(OUT)/results $(OUT)/logs
	@start=$$(date +%s); rc=0; \
	$(MAKE) --no-print-directory -k -j$(JOBS) --output-sync=target \
	  $(addprefix session/,$(if $(filter matrix,$@),$(MATRIX_SESSIONS),$(TEST_SESSIONS))) || rc=$$?; \
	$(MAKE) --no-print-directory summary; echo "wall: $$(( $$(date +%s) - start )) s"; exit $$rc

session/%: venv
	@mkdir -p $(OUT)/logs $(OUT)/results; start=$$(date +%s); \
	if $(NOX) --no-color -s $* > $(OUT)/logs/$*.log 2>&1; then r=passed; n=15; else r=FAILED; n=100000; fi; \
	echo "==> $* $$r ($(OUT)/logs/$*.log)"; tail -n $$n $(OUT)/logs/$*.log; \
	printf '%-20s %-7s %4s s  %s\n' $* $$r $$(( $$(date +%s) - start )) \
	  "$$(grep -E '^=* ?[0-9]+ (passed|failed|error)|Total coverage|Passed.*[Pp]rofile|Failed.*failure|^FATAL|Session .* (failed|aborted)' $(OUT)/logs/$*.log \
	      | sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^=* *//' -e 's/ *=*$$//' | tr '\n' ';' | cut -c1-120)" \
	  > $(OUT)/results/$*; test $$r = passed

summary:
	@echo; echo "==> summary (logs: $(OUT)/logs/)"; cat $(OUT)/results/* 2>/dev/null || echo "no results yet"

unit: venv
	$(NOX) -s units

integration molecule: venv
	$(NOX) -s $@

sanity: venv
	$(NOX) -s sanity-2.19

lint: venv
	$(NOX) -s ansible-lint extra-checks

docs: venv
	$(NOX) -s docs-check changelog

docs-site: venv
	$(NOX) -s docs-site

build-import: venv
	$(NOX) -s build-import-check

# Prints its URL and a ready (test) token, also written to .cache/emulator.env
# for `set -a; . .cache/emulator.env; set +a` in another shell.
emulator: venv
	@mkdir -p .cache
	PYTHONPATH=tests $(VENV_PY) -m emulator --seed demo --state .cache/emulator-state.json --port 8080 \
	  --env-file .cache/emulator.env

# BENCH_ARGS: e.g. make benchmark BENCH_ARGS="--only small,scale --campaign-runs 3"
benchmark: venv
	$(VENV_PY) benchmarks/convergence.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .nox .cache tests/output .pytest_cache
