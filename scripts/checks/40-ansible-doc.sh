#!/usr/bin/env bash
# Stage: ansible-doc renders the documentation of every module in
# plugins/modules, and lists the roles' entry points when roles exist.
# A module with no DOCUMENTATION, or any warning/error while rendering, fails.
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
: "${TL_COLLECTIONS_PATH:?run through scripts/test.sh}"
export ANSIBLE_COLLECTIONS_PATH="$TL_COLLECTIONS_PATH"
export ANSIBLE_NOCOLOR=1
COLL=transactionlink.access

shopt -s nullglob
failed=0 checked=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

modules=()
for f in plugins/modules/*.py; do
    name=$(basename "$f" .py)
    [[ "$name" == __init__ ]] && continue
    modules+=("$name")
done
if ((${#modules[@]} == 0)); then
    echo "no modules in plugins/modules yet: nothing to render"
fi

# Every module must be listed by ansible-doc -l (a module whose docs do not
# parse is left out of the list).
listed=$(ansible-doc -t module -l "$COLL" 2>/dev/null | awk '{print $1}')

for name in "${modules[@]}"; do
    fqcn="$COLL.$name"
    checked=$((checked + 1))
    if ! ansible-doc -t module "$fqcn" >"$out" 2>"$err"; then
        echo "FAIL: ansible-doc $fqcn exited non-zero:"; cat "$err"; failed=$((failed + 1)); continue
    fi
    if grep -qiE '\[(WARNING|ERROR)\]|error' "$err"; then
        echo "FAIL: ansible-doc $fqcn reported problems:"; cat "$err"; failed=$((failed + 1)); continue
    fi
    # A real page has the module name and the OPTIONS, EXAMPLES and RETURN sections.
    missing=()
    for section in OPTIONS EXAMPLES 'RETURN VALUES'; do
        grep -q "^$section" "$out" || missing+=("$section")
    done
    if ! grep -q "$fqcn" "$out" || ((${#missing[@]})); then
        echo "FAIL: ansible-doc $fqcn: no documentation or missing sections: ${missing[*]:-name}"
        failed=$((failed + 1)); continue
    fi
    if ! grep -qx "$fqcn" <<<"$listed"; then
        echo "FAIL: $fqcn is not in 'ansible-doc -l $COLL'"; failed=$((failed + 1)); continue
    fi
    echo "ok: $fqcn ($(wc -l <"$out") lines)"
done

roles=()
for d in roles/*/; do roles+=("$(basename "$d")"); done
if ((${#roles[@]})); then
    # A role is listed when its meta/argument_specs.yml parses.
    ansible-doc -t role -l "$COLL" >"$out" 2>"$err"
    rc=$?
    cat "$out"
    if [[ $rc -ne 0 ]] || grep -qiE '\[(WARNING|ERROR)\]' "$err"; then
        echo "FAIL: ansible-doc -t role -l $COLL (exit $rc):"; cat "$err"; failed=$((failed + 1))
    fi
    listed_roles=$(cat "$out")
    for role in "${roles[@]}"; do
        fqcn="$COLL.$role"
        checked=$((checked + 1))
        if ! grep -q "^$fqcn:" <<<"$listed_roles"; then
            echo "FAIL: role $fqcn not listed by ansible-doc -t role (meta/argument_specs.yml missing or broken?)"
            failed=$((failed + 1)); continue
        fi
        if ! ansible-doc -t role "$fqcn" >"$out" 2>"$err" || grep -qiE '\[(WARNING|ERROR)\]' "$err"; then
            echo "FAIL: ansible-doc -t role $fqcn:"; cat "$err"; failed=$((failed + 1)); continue
        fi
        echo "ok: role $fqcn ($(wc -l <"$out") lines)"
    done
fi

echo "ansible-doc: $checked checked, $failed failed"
((failed == 0))
