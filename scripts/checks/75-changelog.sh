#!/usr/bin/env bash
# Stage: changelog (antsibull-changelog).
#   - `antsibull-changelog lint`: every fragment in changelogs/fragments/;
#   - `antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml`;
#   - CHANGELOG.rst is what `antsibull-changelog generate` makes from
#     changelogs/changelog.yaml (regenerated in a scratch copy and compared).
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
: "${TL_COLLECTION_TREE:?run through scripts/test.sh}"

if ! command -v antsibull-changelog >/dev/null 2>&1; then
    echo "SKIP: antsibull-changelog is not installed (requirements-dev.txt)" >&2
    exit 77
fi
for f in changelogs/config.yaml changelogs/changelog.yaml CHANGELOG.rst; do
    if [[ ! -f "$f" ]]; then
        echo "FAIL: $f is missing" >&2
        exit 1
    fi
done

status=0
if ! out=$(antsibull-changelog lint 2>&1) || [[ -n "$out" ]]; then
    echo "FAIL: antsibull-changelog lint" >&2
    echo "$out" >&2
    status=1
fi
if ! out=$(antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml 2>&1) || [[ -n "$out" ]]; then
    echo "FAIL: antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml" >&2
    echo "$out" >&2
    status=1
fi

# Regenerate in a scratch copy of the collection tree (generate rewrites
# CHANGELOG.rst in place) and compare with the committed file.
work=$(mktemp -d "${TMPDIR:-/tmp}/tl-changelog.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ansible_collections/transactionlink"
cp -a "$TL_COLLECTION_TREE" "$work/ansible_collections/transactionlink/access"
if ! out=$(cd "$work/ansible_collections/transactionlink/access" && antsibull-changelog generate 2>&1); then
    echo "FAIL: antsibull-changelog generate" >&2
    echo "$out" >&2
    status=1
elif ! diff -u CHANGELOG.rst "$work/ansible_collections/transactionlink/access/CHANGELOG.rst" >"$work/diff"; then
    echo "FAIL: CHANGELOG.rst is out of date with changelogs/changelog.yaml; run: antsibull-changelog generate" >&2
    cat "$work/diff" >&2
    status=1
fi

if ((status == 0)); then
    n=$(find changelogs/fragments -name '*.y*ml' | wc -l)
    echo "antsibull-changelog: lint clean ($n fragments), changelog.yaml valid, CHANGELOG.rst current"
fi
exit "$status"
