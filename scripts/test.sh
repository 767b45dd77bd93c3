#!/usr/bin/env bash
# scripts/test.sh: set up and run every check of transactionlink.access.
#
#   bash scripts/test.sh            all stages (what `make test` and .ci/run run)
#   bash scripts/test.sh sanity     only the stages whose file name contains "sanity"
#
# Needs Python 3.11 (or python3), make and git. As root it installs the Debian
# packages listed in scripts/apt-packages.txt when their command is missing
# (apt-get update only when something must be installed); otherwise it says
# what is missing and the stages that need it report it.
#
# Setup, once per run:
#   - `make venv`: .venv with requirements-dev.txt (a stamp keeps reruns fast);
#   - the collection tree: a copy of the repo at
#     $tmp/ansible_collections/transactionlink/access (scripts/collection_tree.py),
#     because ansible-test and the FQCN lookups need that layout.
#
# Stage contract (scripts/checks/NN-name.sh; add yours with the next free NN):
#   - executable files matching scripts/checks/*.sh run in lexical order, each
#     as its own process, with the repo root as working directory;
#   - environment:
#       TL_REPO_ROOT         the checkout (repo root = collection root)
#       TL_COLLECTION_TREE   .../ansible_collections/transactionlink/access (a copy;
#                            stages may write into it, it is deleted at the end)
#       TL_COLLECTIONS_PATH  the directory holding ansible_collections/ (use it as
#                            ANSIBLE_COLLECTIONS_PATH)
#       TL_ARTIFACTS_DIR     tests/output/artifacts: screenshots, reports, logs worth
#                            keeping (gitignored, kept after the run)
#       PATH                 .venv/bin first (ansible-*, pytest, molecule, ...)
#       CI                   "true" in CI
#   - exit status: 0 passed; 77 skipped (a prerequisite is missing: print why;
#     counted as a failure when CI=true, where nothing may be missing);
#     anything else failed. Every stage runs even when an earlier one failed.
#   - print what you check; the runner prints a header per stage and a summary.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
FILTERS=("$@")

if [[ -t 1 ]]; then
    say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
    say() { printf '\n==> %s\n' "$*"; }
fi

# --- system packages ---------------------------------------------------------
install_system_packages() {
    local missing=() cmd pkg
    while read -r cmd pkg; do
        [[ -z "$cmd" || "$cmd" == \#* ]] && continue
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done < scripts/apt-packages.txt
    ((${#missing[@]})) || return 0
    if [[ $(id -u) -ne 0 ]]; then
        echo "not root: cannot install ${missing[*]}; install them (apt-get install ${missing[*]}) or the stages that need them will skip or fail"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "no apt-get: install ${missing[*]} by hand"
        return 0
    fi
    say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || echo "apt-get install ${missing[*]} failed; the stages that need them will fail"
}

setup_start=$(date +%s)
say "setup: system packages"
install_system_packages
say "setup: virtualenv (.venv, requirements-dev.txt)"
if make -q venv 2>/dev/null; then
    echo ".venv is up to date"
elif ! make --no-print-directory venv; then
    echo "FAILED: make venv" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tl-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
say "setup: collection tree"
if ! TL_COLLECTION_TREE=$(.venv/bin/python scripts/collection_tree.py "$tmp"); then
    echo "FAILED: scripts/collection_tree.py" >&2
    exit 1
fi
echo "$TL_COLLECTION_TREE"
export TL_REPO_ROOT="$ROOT"
export TL_COLLECTION_TREE
export TL_COLLECTIONS_PATH="$tmp"
export TL_ARTIFACTS_DIR="$ROOT/tests/output/artifacts"
export PATH="$ROOT/.venv/bin:$PATH"
export VIRTUAL_ENV="$ROOT/.venv"
export ANSIBLE_NOCOLOR=1 PY_COLORS=0
mkdir -p "$TL_ARTIFACTS_DIR"
setup_secs=$(( $(date +%s) - setup_start ))

# --- stages ------------------------------------------------------------------
names=() results=() secs=()
passed=0 failed=0 skipped=0
for stage in scripts/checks/*.sh; do
    [[ -f "$stage" ]] || continue
    name=$(basename "$stage" .sh)
    if ((${#FILTERS[@]})); then
        match=0
        for f in "${FILTERS[@]}"; do [[ "$name" == *"$f"* ]] && match=1; done
        ((match)) || continue
    fi
    if [[ ! -x "$stage" ]]; then
        echo "note: $stage is not executable: not run (chmod +x it to make it a stage)"
        names+=("$name"); results+=("not run: not executable"); secs+=(0)
        continue
    fi
    say "stage $name"
    start=$(date +%s)
    "$stage" </dev/null
    rc=$?
    took=$(( $(date +%s) - start ))
    if [[ $rc -eq 0 ]]; then
        result=PASS; passed=$((passed + 1))
    elif [[ $rc -eq 77 && "${CI:-}" != "true" ]]; then
        result=SKIP; skipped=$((skipped + 1))
    elif [[ $rc -eq 77 ]]; then
        result="FAIL (skipped in CI)"; failed=$((failed + 1))
    else
        result="FAIL (exit $rc)"; failed=$((failed + 1))
    fi
    echo "--> $name: $result in ${took}s"
    names+=("$name"); results+=("$result"); secs+=("$took")
done

# --- summary -----------------------------------------------------------------
say "summary"
printf '%-28s %-22s %8s\n' stage result seconds
printf '%-28s %-22s %8s\n' "(setup)" "done" "$setup_secs"
for i in "${!names[@]}"; do
    printf '%-28s %-22s %8s\n' "${names[$i]}" "${results[$i]}" "${secs[$i]}"
done
if ((${#names[@]} == 0)); then
    echo "no stage ran (filters: ${FILTERS[*]:-none}): that is a failure"
    exit 1
fi
echo "stages: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
