#!/usr/bin/env bash
# Stage: documentation.
#   1. antsibull-docs lint-collection-docs --plugin-docs over the collection
#      tree: docs/docsite (extra-docs.yml, links.yml, rst), plugin and role docs;
#   2. the docs site: antsibull-docs sphinx-init + build.sh (antsibull-docs
#      collection --fail-on-error, then sphinx-build -W), offline (see
#      scripts/docs_offline_conf.py). Needs sphinx and sphinx-ansible-theme.
# Prints the site's index.html path; the site is kept in
# ${TL_DOCS_DIR:-$TL_ARTIFACTS_DIR/docsite}.
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
ROOT=$(pwd)
: "${TL_COLLECTION_TREE:?run through scripts/test.sh}"
: "${TL_COLLECTIONS_PATH:?run through scripts/test.sh}"
export ANSIBLE_COLLECTIONS_PATH="$TL_COLLECTIONS_PATH"

missing=()
for cmd in antsibull-docs ansible-doc sphinx-build; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
python -c 'import sphinx_ansible_theme' 2>/dev/null || missing+=(sphinx-ansible-theme)
if ((${#missing[@]})); then
    echo "SKIP: not installed: ${missing[*]} (requirements-dev.txt)" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tl-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. lint
if ! (cd "$TL_COLLECTION_TREE" && antsibull-docs lint-collection-docs --plugin-docs .) >"$work/lint.log" 2>&1; then
    echo "FAIL: antsibull-docs lint-collection-docs --plugin-docs" >&2
    cat "$work/lint.log" >&2
    exit 1
fi
echo "antsibull-docs lint-collection-docs --plugin-docs: clean"

# 2. site
site="${TL_DOCS_DIR:-${TL_ARTIFACTS_DIR:-$ROOT/tests/output/artifacts}/docsite}"
rm -rf "$site"
mkdir -p "$(dirname "$site")"
mkdir -m 700 "$site"   # antsibull-docs wants a directory only its owner can write
if ! antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$site" \
        --project transactionlink.access --copyright 'transactionlink.access developers' \
        --title 'transactionlink.access' --html-short-title 'transactionlink.access' \
        transactionlink.access >"$work/init.log" 2>&1; then
    echo "FAIL: antsibull-docs sphinx-init" >&2
    cat "$work/init.log" >&2
    exit 1
fi
cat scripts/docs_offline_conf.py >>"$site/conf.py"
if ! "$site/build.sh" >"$work/build.log" 2>&1; then
    echo "FAIL: docs site build ($site/build.sh)" >&2
    cat "$work/build.log" >&2
    exit 1
fi
index="$site/build/html/index.html"
for page in "$index" \
        "$site/build/html/collections/transactionlink/access/index.html" \
        "$site/build/html/collections/transactionlink/access/docsite/awx.html" \
        "$site/build/html/collections/transactionlink/access/docsite/getting_started.html"; do
    if [[ ! -s "$page" ]]; then
        echo "FAIL: the site build did not produce $page" >&2
        exit 1
    fi
done
echo "docs site: $index"
