#!/usr/bin/env bash
# scripts/demo.sh (make demo): on a fresh machine, set up the virtualenv, start
# the bundled TransactionLink emulator with the demo organization, onboard the
# demo users twice with transactionlink.access.onboard (the second run must
# report changed=0), run the access audit, print where the report is, and stop
# the emulator whatever happens.
#
# The API token of the emulator's admin is passed in the environment
# (TRANSACTIONLINK_API_TOKEN), the way AWX injects it; it is never printed.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
REPORT_DIR="$ROOT/.cache/demo/audit"  # examples/audit-demo.yml's dest

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nDEMO FAILED: %s\n' "$*" >&2; exit 1; }

# Phase 1 (no argument): set up, then run phase 2 around a fresh emulator with the
# demo organization (tests/emulator/process.py: it puts TRANSACTIONLINK_API_URL and
# the admin's TRANSACTIONLINK_API_TOKEN in the environment and stops the emulator
# whatever happens).
if [[ "${1:-}" != --against-emulator ]]; then
    step "virtualenv (.venv)"
    if make -q venv 2>/dev/null; then echo ".venv is up to date"; else make --no-print-directory venv; fi
    [[ -d tests/emulator ]] || die "tests/emulator is missing"
    step "emulator (demo organization)"
    PYTHONPATH=tests exec "$PY" -m emulator.process --seed demo -- bash "$0" --against-emulator
fi
[[ -n "${TRANSACTIONLINK_API_URL:-}" && -n "${TRANSACTIONLINK_API_TOKEN:-}" ]] || die "run without arguments"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tl-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

step "collection tree"
"$PY" scripts/collection_tree.py "$tmp" >/dev/null
export ANSIBLE_COLLECTIONS_PATH="$tmp"
export ANSIBLE_NOCOLOR=1
# The playbooks run on the implicit localhost: no inventory is expected.
export ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False
echo "transactionlink.access copied to $tmp/ansible_collections/transactionlink/access"
echo "TRANSACTIONLINK_API_URL=$TRANSACTIONLINK_API_URL (token of the emulator's admin in TRANSACTIONLINK_API_TOKEN)"

# Run a playbook; keep its output in $tmp/<name>.out and check the recap.
recap_changed() {  # total changed= over the PLAY RECAP lines of a log
    awk '/^PLAY RECAP/{r=1;next} r && /changed=/{for(i=1;i<=NF;i++) if($i ~ /^changed=/){split($i,a,"=");s+=a[2]}} END{print s+0}' "$1"
}
play() {
    local name=$1; shift
    step "ansible-playbook $*"
    if ! "$ROOT/.venv/bin/ansible-playbook" "$@" 2>&1 | tee "$tmp/$name.out"; then
        die "ansible-playbook $* failed"
    fi
    grep -q '^PLAY RECAP' "$tmp/$name.out" || die "no PLAY RECAP in the output of ansible-playbook $*"
}

[[ -f playbooks/onboard.yml ]] || die "playbooks/onboard.yml is missing"
[[ -f examples/onboard-demo.yml ]] || die "examples/onboard-demo.yml is missing"
play onboard1 transactionlink.access.onboard -e @examples/onboard-demo.yml
first=$(recap_changed "$tmp/onboard1.out")
echo "first run: changed=$first"
[[ "$first" -gt 0 ]] || echo "note: the first run changed nothing (was the demo organization already onboarded?)"

play onboard2 transactionlink.access.onboard -e @examples/onboard-demo.yml
second=$(recap_changed "$tmp/onboard2.out")
if [[ "$second" -ne 0 ]]; then
    die "the second onboarding run reported changed=$second; it must be changed=0 (not idempotent)"
fi
echo "second run: changed=0 (idempotent)"

if [[ -f playbooks/audit.yml && -f examples/audit-demo.yml ]]; then
    rm -rf "$REPORT_DIR"
    mkdir -p "$REPORT_DIR"
    # examples/audit-demo.yml writes to .cache/demo/audit (ignored by git and by
    # the collection build: the report holds user e-mails and ids).
    play audit transactionlink.access.audit -e @examples/audit-demo.yml
    step "access report"
    ls -1 "$REPORT_DIR"
    echo "Open $REPORT_DIR/access.html in a browser (CSV and JSON beside it)."
else
    echo "note: playbooks/audit.yml or examples/audit-demo.yml not there yet: audit skipped"
fi

step "demo done: onboarding changed=$first then changed=0"
