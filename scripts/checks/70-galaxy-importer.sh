#!/usr/bin/env bash
# Stage: Galaxy import. Builds the collection artifact from the tree copy with
# `ansible-galaxy collection build` and runs galaxy-importer on the tarball
# (offline, no containers) with required tags checked and flake8 on. Any
# ERROR or WARNING line from the importer fails the stage. Prints the
# importer's result line; the full log is kept in $TL_ARTIFACTS_DIR.
set -uo pipefail
cd "${TL_REPO_ROOT:-$(dirname "$0")/../..}" || exit 2
: "${TL_COLLECTION_TREE:?run through scripts/test.sh}"

if ! python -c 'import galaxy_importer' 2>/dev/null; then
    echo "SKIP: galaxy-importer is not installed in $(command -v python) (requirements-dev.txt)" >&2
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tl-galaxy.XXXXXX")
trap 'rm -rf "$work"' EXIT
logdir="${TL_ARTIFACTS_DIR:-$work}"
mkdir -p "$logdir"
log="$logdir/galaxy-importer.log"

if ! ansible-galaxy collection build --output-path "$work" "$TL_COLLECTION_TREE" >"$work/build.log" 2>&1; then
    echo "FAIL: ansible-galaxy collection build $TL_COLLECTION_TREE" >&2
    cat "$work/build.log" >&2
    exit 1
fi
shopt -s nullglob
tarballs=("$work"/transactionlink-access-*.tar.gz)
if ((${#tarballs[@]} != 1)); then
    echo "FAIL: expected one transactionlink-access-*.tar.gz, got: ${tarballs[*]:-none}" >&2
    exit 1
fi
tarball=${tarballs[0]}

cat >"$work/galaxy-importer.cfg" <<CFG
[galaxy-importer]
check_required_tags = True
check_changelog = True
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
run_flake8 = True
run_ansible_test = False
tmp_root_dir = $work
CFG

# importer_result.json lands in the working directory.
(cd "$work" && GALAXY_IMPORTER_CONFIG="$work/galaxy-importer.cfg" \
    python -m galaxy_importer.main "$tarball") >"$log" 2>&1
rc=$?

problems=$(grep -E '^(ERROR|WARNING|CRITICAL)' "$log")
result=$(grep -E 'Importer processing completed successfully' "$log" | tail -n 1)
if [[ $rc -ne 0 || -n "$problems" || -z "$result" ]]; then
    echo "FAIL: galaxy-importer on $(basename "$tarball") (exit $rc); log: $log" >&2
    cat "$log" >&2
    exit 1
fi
echo "galaxy-importer $(basename "$tarball"): $result (no errors, no warnings)"
