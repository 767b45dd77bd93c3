#!/usr/bin/env bash
# Stage: pytest over tests/ (unit, emulator, integration). tests/conftest.py
# provides the fixtures and puts the collection tree on sys.path.
# TL_PYTEST_PATHS narrows the run (make unit / make integration).
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2

# A per-test timeout so one hung test cannot eat CI's time; JUnit XML for CI.
# shellcheck disable=SC2086  # a space-separated list of paths on purpose
pytest ${TL_PYTEST_PATHS:-tests} -q -p no:cacheprovider \
    --timeout="${TL_PYTEST_TIMEOUT:-900}" \
    --junitxml="${TL_ARTIFACTS_DIR:-tests/output/artifacts}/pytest.xml" "$@"
rc=$?
if [[ $rc -eq 5 ]]; then
    echo "pytest collected no tests in ${TL_PYTEST_PATHS:-tests}: a run with no tests is a failure" >&2
    exit 1
fi
exit "$rc"
