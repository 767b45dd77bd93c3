#!/usr/bin/env bash
# Stage: ansible-lint, production profile, offline (no version check against
# GitHub). Config: .ansible-lint at the repo root. The collection is resolved
# from the tree copy so FQCNs of our own modules and roles are found.
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
: "${TL_COLLECTIONS_PATH:?run through scripts/test.sh}"

ANSIBLE_COLLECTIONS_PATH="$TL_COLLECTIONS_PATH" \
    ansible-lint --offline --profile production --nocolor "$@"
