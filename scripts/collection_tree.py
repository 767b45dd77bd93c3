"""Build the ansible_collections/transactionlink/access tree that ansible-test,
ansible-playbook and the unit tests import the collection from.

The repo root is the collection root, but ansible-test refuses to run outside
``.../ansible_collections/<namespace>/<name>/`` and resolves symlinks, so the
tree is a copy: the files git tracks plus the untracked ones it does not
ignore (a work in progress is tested as it is on disk).

Usage: python3 scripts/collection_tree.py DEST   -> prints the collection path
"""

import os
import shutil
import subprocess
import sys

NAMESPACE = 'transactionlink'
NAME = 'access'
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def repo_files(repo=REPO):
    """The repo's files as git sees them: tracked, plus untracked not ignored."""
    out = subprocess.run(
        ['git', '-C', repo, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
        check=True, stdout=subprocess.PIPE).stdout
    return sorted(p for p in out.decode('utf-8').split('\0') if p)


def build(dest, repo=REPO):
    """(Re)create DEST/ansible_collections/transactionlink/access; return its path."""
    root = os.path.join(os.path.abspath(dest), 'ansible_collections', NAMESPACE, NAME)
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    for rel in repo_files(repo):
        src = os.path.join(repo, rel)
        if not os.path.isfile(src):  # deleted in the work tree, not yet in git
            continue
        target = os.path.join(root, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(src, target)
    return root


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    print(build(sys.argv[1]))
