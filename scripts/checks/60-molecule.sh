#!/usr/bin/env bash
# Stage: molecule scenarios of the roles (extensions/molecule/*), on localhost
# with the default driver (unmanaged, no containers), against the bundled
# emulator. This stage starts the emulator (demo organization) itself, passes
# its URL and the admin token as TRANSACTIONLINK_API_URL / TRANSACTIONLINK_API_TOKEN,
# resets it before each scenario, and stops it at the end.
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

work=$(mktemp -d "${TMPDIR:-/tmp}/tl-molecule.XXXXXX")
emulator_pid=
cleanup() {
    if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid" 2>/dev/null
        wait "$emulator_pid" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT

PYTHONPATH="$ROOT/tests" "$PY" -m emulator --host 127.0.0.1 --port 0 --port-file "$work/port" \
    --state "$work/state.json" --seed demo --reset --quiet >"$work/emulator.log" 2>&1 &
emulator_pid=$!

admin() {  # admin METHOD PATH [JSON]: call the emulator's /_emulator admin API
    "$PY" - "$TRANSACTIONLINK_API_URL" "$@" <<'PY'
import json, sys, urllib.request
url, method, path = sys.argv[1:4]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(url + '/_emulator' + path, data=body, method=method,
                             headers={'Content-Type': 'application/json'} if body else {})
with urllib.request.urlopen(req, timeout=10) as response:
    print(response.read().decode())
PY
}

for _ in $(seq 1 150); do
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        cat "$work/emulator.log"
        echo "the emulator exited"
        exit 1
    fi
    if [[ -s "$work/port" ]]; then
        TRANSACTIONLINK_API_URL="http://127.0.0.1:$(cat "$work/port")"
        export TRANSACTIONLINK_API_URL
        admin GET /health >/dev/null 2>&1 && break
    fi
    sleep 0.2
done
if ! admin GET /health >/dev/null 2>&1; then
    cat "$work/emulator.log"
    echo "the emulator did not answer within 30 s"
    exit 1
fi
TRANSACTIONLINK_API_TOKEN=$(PYTHONPATH="$ROOT/tests" "$PY" -c 'from emulator.seed import TOKENS; print(TOKENS["admin"])')
export TRANSACTIONLINK_API_TOKEN
echo "emulator at $TRANSACTIONLINK_API_URL (admin token in TRANSACTIONLINK_API_TOKEN)"

export ANSIBLE_COLLECTIONS_PATH="$TL_COLLECTIONS_PATH"
export ANSIBLE_NOCOLOR=1 NO_COLOR=1 PY_COLORS=0
failed=()
for scenario in "${scenarios[@]}"; do
    echo
    echo "--- molecule test -s $scenario"
    admin POST /reset '{"seed": "demo"}' >/dev/null || { echo "emulator reset failed"; exit 1; }
    if (cd "$TL_COLLECTION_TREE" && molecule test -s "$scenario"); then
        echo "--- $scenario: passed"
    else
        echo "--- $scenario: FAILED"
        failed+=("$scenario")
    fi
done

echo
echo "molecule: $((${#scenarios[@]} - ${#failed[@]})) of ${#scenarios[@]} scenario(s) passed${failed[*]:+; failed: ${failed[*]}}"
((${#failed[@]} == 0))
