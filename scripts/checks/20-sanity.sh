#!/usr/bin/env bash
# Stage: ansible-test sanity, run in the collection tree copy, with no ignore
# file entries. ansible-test refuses to run outside
# ansible_collections/<ns>/<name>/, hence TL_COLLECTION_TREE.
#
# Offline bootstrap: sanity creates virtualenvs and bootstraps pip in each with
# a get-pip script it downloads from a host that is not reachable here. It uses
# ~/.ansible/test/cache/get_pip_<pip version>.py when present, so the stand-in
# scripts/ansible_test_get_pip.py (ensurepip + pip install) is placed there.
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
: "${TL_COLLECTION_TREE:?run through scripts/test.sh}"

shopt -s nullglob
ignores=(tests/sanity/ignore-*.txt)
if ((${#ignores[@]})); then
    for f in "${ignores[@]}"; do
        if grep -qv '^\s*\(#.*\)\?$' "$f"; then
            echo "FAIL: $f has entries; sanity must pass without ignore entries:" >&2
            grep -v '^\s*\(#.*\)\?$' "$f" >&2
            exit 1
        fi
    done
fi

# The pip version ansible-test bootstraps, read from the installed ansible-test
# (get_venv_packages in ansible_test/_internal/python_requirements.py).
pip_version=$(python - <<'PY'
import re, ansible_test._internal.python_requirements as m
src = open(m.__file__, encoding='utf-8').read()
body = src[src.index('def get_venv_packages'):]
print(re.search(r"pip='([0-9.]+)'", body).group(1))
PY
) || { echo "FAIL: cannot read the pip version from ansible_test's python_requirements.py" >&2; exit 1; }
cache_dir="$HOME/.ansible/test/cache"
get_pip="$cache_dir/get_pip_${pip_version//./_}.py"
mkdir -p "$cache_dir"
if [[ ! -f "$get_pip" ]] || grep -q TRANSACTIONLINK-GET-PIP-STAND-IN "$get_pip"; then
    cp scripts/ansible_test_get_pip.py "$get_pip"
    echo "pip $pip_version bootstrap for ansible-test: $get_pip (offline stand-in)"
else
    echo "pip $pip_version bootstrap for ansible-test: $get_pip (already cached)"
fi

if ! command -v shellcheck >/dev/null 2>&1; then
    echo "note: shellcheck is missing; the shellcheck sanity test will fail (apt-get install shellcheck)"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
cd "$TL_COLLECTION_TREE" || exit 2
# --color no: the output is read in CI logs. Results land in tests/output of the copy.
ansible-test sanity --python 3.11 --color no "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
ran=$(grep -c '^Running sanity test' "$log")
bad=$(sed -n 's/^FATAL: The \([0-9]*\) sanity test(s) listed below.*/\1/p' "$log")
echo "sanity: $ran tests run, ${bad:-0} failed (ansible-test exit $rc)"
exit "$rc"
