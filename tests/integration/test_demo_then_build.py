# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What documented commands leave in a clone is not shipped (issue 19 #3).

In a copy of the repository: the demo (scripts/demo.sh against the emulator,
with the audit report at examples/audit-demo.yml's dest), `ansible-builder
create` with its default ./context, and the folder an older audit example wrote
(./transactionlink-audit/), the tarball in ./build/; then `ansible-galaxy collection build` at the root,
as a maintainer runs it, and the tarball's file list.
"""

import os
import subprocess
import sys
import tarfile

from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
BIN = os.path.dirname(sys.executable)
GENERATED = ('.cache/', 'context/', 'transactionlink-audit/', 'build/', 'tests/output/', '.nox/', '.venv/')


def _copy_of_the_repo(dest):
    """The repo's files as git sees them (tracked and untracked, not ignored), in DEST."""
    listed = subprocess.run(['git', '-C', REPO, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                            check=True, stdout=subprocess.PIPE).stdout.decode('utf-8').split('\0')
    for rel in filter(None, listed):
        src = os.path.join(REPO, rel)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            with open(src, 'rb') as a, open(os.path.join(dest, rel), 'wb') as b:
                b.write(a.read())
    # A clone (scripts/collection_tree.py asks git which files there are).
    for command in (['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'copy']):
        subprocess.run(['git', '-C', dest] + command, check=True, stdout=subprocess.DEVNULL)
    # demo.sh runs .venv/bin/ansible-playbook: the interpreter running the tests.
    os.symlink(os.path.dirname(BIN), os.path.join(dest, '.venv'))


def _run(command, cwd, env=None):
    proc = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False, timeout=600)
    assert proc.returncode == 0, '%s failed (%d):\n%s' % (' '.join(command), proc.returncode, proc.stdout[-4000:])
    return proc.stdout


def test_the_tarball_built_after_the_demo_holds_no_generated_folder(emulator, tmp_path):
    clone = str(tmp_path / 'clone')
    _copy_of_the_repo(clone)
    env = dict(os.environ, TRANSACTIONLINK_API_URL=emulator.url, TRANSACTIONLINK_API_TOKEN=emulator.tokens['admin'])
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)
    out = _run(['bash', 'scripts/demo.sh', '--against-emulator'], clone, env)
    assert 'second run: changed=0' in out, out[-3000:]
    report = os.path.join(clone, '.cache', 'demo', 'audit', 'access.html')
    assert os.path.isfile(report), 'the audit demo wrote no report at examples/audit-demo.yml\'s dest'
    # The example's steps (examples/execution-environment.yml), with create's default ./context.
    _run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path', 'build/'], clone)
    _run([os.path.join(BIN, 'ansible-builder'), 'create', '-f', 'examples/execution-environment.yml'], clone)
    assert os.path.isdir(os.path.join(clone, 'context'))
    untracked = _run(['git', 'status', '--porcelain', '--untracked-files=all'], clone)
    assert untracked == '', 'documented commands left files git does not ignore:\n' + untracked
    os.makedirs(os.path.join(clone, 'transactionlink-audit'))
    with open(os.path.join(clone, 'transactionlink-audit', 'access.json'), 'w', encoding='utf-8') as handle:
        handle.write('{"users": ["alice.martin@example.com"]}')

    _run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(tmp_path)], clone)
    [tarball] = [p for p in os.listdir(str(tmp_path)) if p.endswith('.tar.gz')]
    with tarfile.open(os.path.join(str(tmp_path), tarball)) as tar:
        names = sorted(member.name for member in tar.getmembers())
    print('\n'.join(names))
    assert 'plugins/modules/workspace_membership.py' in names and 'MANIFEST.json' in names
    assert 'docs/schemas/plan.schema.json' in names and 'policies/allowed_email_domains.rego' in names  # what users give opa/conftest
    shipped = [name for name in names if name.startswith(GENERATED) or (name + '/').startswith(GENERATED)]
    assert shipped == [], shipped
