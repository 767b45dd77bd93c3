#!/usr/bin/env bash
# Stage: molecule scenarios of the roles (extensions/molecule/*), on localhost
# with the default driver (unmanaged, no containers), against the bundled
# emulator: each scenario gets a fresh one (demo organization), its URL and the
# admin token in TRANSACTIONLINK_API_URL / TRANSACTIONLINK_API_TOKEN.
# Each scenario: syntax, converge, idempotence (second converge changed=0), verify.
# Runs in the collection tree copy, so the collection under test is that copy.
# Molecule logs "CRITICAL 'extensions/molecule/default/molecule.yml' glob failed"
# for each scenario: there is no default scenario on purpose, and it goes on.
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
ROOT=$(pwd)
: "${TL_COLLECTION_TREE:?run through scripts/test.sh}"
: "${TL_COLLECTIONS_PATH:?run through scripts/test.sh}"

if ! command -v molecule >/dev/null 2>&1; then
    echo "molecule is not installed (requirements-dev.txt): skipped"
    exit 77
fi
PY=$(command -v python)

scenarios=()
for file in extensions/molecule/*/molecule.yml; do
    [[ -f "$file" ]] && scenarios+=("$(basename "$(dirname "$file")")")
done
if ((${#scenarios[@]} == 0)); then
    echo "no molecule scenario under extensions/molecule: that is a failure"
    exit 1
fi

# Each scenario runs around a fresh emulator with the demo organization
# (tests/emulator/process.py puts TRANSACTIONLINK_API_URL and the admin's
# TRANSACTIONLINK_API_TOKEN in its environment and stops it afterwards).
export ANSIBLE_COLLECTIONS_PATH="$TL_COLLECTIONS_PATH"
export ANSIBLE_NOCOLOR=1 NO_COLOR=1 PY_COLORS=0
cd "$TL_COLLECTION_TREE" || exit 2
failed=()
for scenario in "${scenarios[@]}"; do
    echo
    echo "--- molecule test -s $scenario"
    if PYTHONPATH="$ROOT/tests" "$PY" -m emulator.process --seed demo -- molecule test -s "$scenario"; then
        echo "--- $scenario: passed"
    else
        echo "--- $scenario: FAILED"
        failed+=("$scenario")
    fi
done

echo
echo "molecule: $((${#scenarios[@]} - ${#failed[@]})) of ${#scenarios[@]} scenario(s) passed${failed[*]:+; failed: ${failed[*]}}"
((${#failed[@]} == 0))
