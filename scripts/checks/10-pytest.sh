#!/usr/bin/env bash
# Stage: pytest over tests/ (unit, emulator, integration). tests/conftest.py
# provides the fixtures and puts the collection tree on sys.path.
# TL_PYTEST_PATHS narrows the run (make unit / make integration).
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2

# shellcheck disable=SC2086  # a space-separated list of paths on purpose
pytest ${TL_PYTEST_PATHS:-tests} -q -p no:cacheprovider "$@"
rc=$?
if [[ $rc -eq 5 ]]; then
    echo "pytest collected no tests in ${TL_PYTEST_PATHS:-tests}: a run with no tests is a failure" >&2
    exit 1
fi
exit "$rc"
