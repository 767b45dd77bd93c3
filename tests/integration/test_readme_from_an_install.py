# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's commands, literally, as a Galaxy user runs them: the collection built and installed from its
tarball, the emulator installed from the installed collection, the commands run in a directory of the user's own
(never the playbooks' directory).

Paths a user gives are taken from the directory ansible-playbook runs in: the export's
``transactionlink_export_dest=.`` and the audit's report directory land there, and nothing is written into the
installed collection (``ansible-galaxy collection verify --offline`` finds it as installed).
"""

import os
import re
import subprocess
import sys

import pytest
import yaml

from helpers.roles import DEMO_WORKSPACES

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def readme_block(heading, kind='sh'):
    """The first ```KIND block under the README's ## HEADING, as written."""
    with open(os.path.join(REPO, 'README.md'), encoding='utf-8') as handle:
        text = handle.read()
    section = text.split('\n## %s\n' % heading, 1)[1].split('\n## ', 1)[0]
    return re.search(r'```%s\n(.*?)```' % kind, section, re.S).group(1)


def run(command, cwd, env, shell=False):
    proc = subprocess.run(command, cwd=cwd, env=env, shell=shell, executable='/bin/bash' if shell else None,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          check=False, timeout=600)
    assert proc.returncode == 0, '%s failed (%d):\n%s' % (command, proc.returncode, proc.stdout[-6000:])
    return proc.stdout


@pytest.fixture(scope='module')
def installed(collection_tree, tmp_path_factory):
    """A collections path holding transactionlink.access installed from the tarball built of the tree under test."""
    work = tmp_path_factory.mktemp('galaxy')
    # As on a user's machine: no collections path of the test session's (where the collection under test already
    # is, and ansible-galaxy would then find it installed and install nothing).
    env = dict((k, v) for k, v in os.environ.items() if k not in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS'))
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', collection_tree, '--output-path', str(work)],
        str(work), env)
    [tarball] = [str(work / name) for name in os.listdir(str(work)) if name.endswith('.tar.gz')]
    path = str(work / 'collections')
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--offline', '-p', path, tarball], str(work), env)
    return path


def user_env(collections_path, home, emulator=None):
    """A user's shell: ansible on PATH, the collection installed; the emulator's variables when given."""
    env = dict(os.environ, PATH=os.pathsep.join((BIN, os.environ['PATH'])), ANSIBLE_COLLECTIONS_PATH=collections_path,
               ANSIBLE_NOCOLOR='1', HOME=home, GIT_AUTHOR_NAME='t', GIT_AUTHOR_EMAIL='t@example.com',
               GIT_COMMITTER_NAME='t', GIT_COMMITTER_EMAIL='t@example.com')
    for name in ('TL_COLLECTION_TREE', 'ANSIBLE_STDOUT_CALLBACK', 'ANSIBLE_CALLBACK_PLUGINS', 'ANSIBLE_CONFIG',
                 'TRANSACTIONLINK_API_URL', 'TRANSACTIONLINK_API_TOKEN'):
        env.pop(name, None)
    if emulator is not None:
        env.update(TRANSACTIONLINK_API_URL=emulator.url, TRANSACTIONLINK_API_TOKEN=emulator.tokens['admin'])
    return env


def listing(top):
    """Every path under TOP, to show that nothing was added, removed or rebuilt there."""
    return sorted(os.path.relpath(os.path.join(d, name), top) for d, dirs, files in os.walk(top) for name in dirs + files)


def installed_emulator(collection, tmp_path):
    """The README's emulator: pip-installed from the installed collection (into a directory of its own, so this
    test leaves its own environment alone), started; returns the process and the lines it printed."""
    before = listing(collection)
    site = tmp_path / 'emulator-site'
    run([sys.executable, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', '--no-deps', '--target', str(site),
         os.path.join(collection, 'tests', 'emulator')], str(tmp_path), dict(os.environ))
    assert listing(collection) == before  # built elsewhere: nothing beside its sources in the collection
    process = subprocess.Popen([str(site / 'bin' / 'transactionlink-emulator'), '--port', '0', '--quiet'],
                               env=dict(os.environ, PYTHONPATH=str(site)), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=str(tmp_path))
    printed = [process.stdout.readline().rstrip('\n') for _line in range(4)]
    return process, printed


def recaps(out):
    """The PLAY RECAP host lines of each ansible-playbook run in OUT, in order: [{host: changed}]."""
    return [dict((m.group(1).strip(), int(m.group(2))) for m in re.finditer(r'^(\S.*?)\s+: ok=\d+\s+changed=(\d+)', part, re.M))
            for part in out.split('PLAY RECAP')[1:]]


def test_the_newcomer_path_from_the_readme(installed, tmp_path):
    """Install, emulator, first playbook (check, run, rerun), export with a relative path, converge: the README's
    own commands, run in a directory of the user's."""
    collection = os.path.join(installed, 'ansible_collections', 'transactionlink', 'access')
    process, printed = installed_emulator(collection, tmp_path)
    try:
        assert printed[0].startswith('TransactionLink emulator listening on http://127.0.0.1:'), printed
        assert [line.split('=', 1)[0] for line in printed[1:3]] == [
            'export TRANSACTIONLINK_API_URL', 'export TRANSACTIONLINK_API_TOKEN'], printed
        assert printed[3].startswith('It runs in this terminal until Ctrl-C'), printed
        home = tmp_path / 'home'
        home.mkdir()
        env = user_env(installed, str(home))
        first = readme_block('A first playbook', 'yaml')
        script = '\n'.join(['set -euo pipefail'] + printed[1:3] + [
            "cat > onboard.yml <<'YAML'", first, 'YAML',
            readme_block('A first playbook'), 'ansible-playbook onboard.yml   # and again',
            readme_block('Access as code')])
        out = run(script, str(home), env, shell=True)
    finally:
        process.terminate()
        process.communicate(timeout=30)

    assert [r.get('localhost') for r in recaps(out)[:3]] == [1, 1, 0], out  # --check, the run, the rerun
    access = home / 'access'
    written = sorted(name[:-len('.yml')] for name in os.listdir(str(access / 'host_vars')))
    assert written == sorted(DEMO_WORKSPACES), out
    committed = run(['git', 'ls-files', '-z'], str(access), env).split('\0')
    assert sorted(f for f in committed if f.startswith('host_vars/')) == sorted('host_vars/%s.yml' % w for w in DEMO_WORKSPACES)
    risk = yaml.safe_load((access / 'host_vars' / 'Risk.yml').read_text())['transactionlink_desired_members']
    assert {'user': 'alice.martin@example.com', 'role': 'Analyst'} in risk  # what the first playbook granted
    converge = recaps(out)[-1]  # the last command's: the converge --check
    assert converge == dict((w, 0) for w in DEMO_WORKSPACES), out[-3000:]

    assert not os.path.exists(os.path.join(collection, 'playbooks', 'host_vars'))
    verified = run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'verify', '--offline', '-p', installed,
                    'transactionlink.access'], str(home), env)
    assert 'Successfully verified that checksums for \'transactionlink.access' in verified, verified


def test_the_audit_report_lands_in_the_directory_given_relative_to_where_it_runs(emulator, installed, tmp_path):
    work = tmp_path / 'work'
    work.mkdir()
    env = user_env(installed, str(tmp_path), emulator)
    run([os.path.join(BIN, 'ansible-playbook'), 'transactionlink.access.audit', '-e', 'workspace_access_audit_dest=report'],
        str(work), env)
    assert sorted(os.listdir(str(work / 'report'))) == ['access.csv', 'access.html', 'access.json']
    collection = os.path.join(installed, 'ansible_collections', 'transactionlink', 'access')
    assert not os.path.exists(os.path.join(collection, 'playbooks', 'report'))


def test_a_relative_ca_path_given_to_a_playbook_is_taken_from_where_it_runs(emulator, installed, tmp_path):
    """transactionlink_ca_path is a path a user gives: the module (run in the playbook's directory, inside the
    collection) gets it resolved on the controller, so the check names the file next to the user."""
    work = tmp_path / 'work'
    work.mkdir()
    env = user_env(installed, str(tmp_path), emulator)
    proc = subprocess.run([os.path.join(BIN, 'ansible-playbook'), 'transactionlink.access.audit',
                           '-e', 'workspace_access_audit_dest=report', '-e', 'transactionlink_ca_path=missing-ca.pem'],
                          cwd=str(work), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False, timeout=300)
    assert proc.returncode != 0, proc.stdout
    assert str(work / 'missing-ca.pem') in proc.stdout, proc.stdout[-3000:]
    assert not os.path.exists(str(work / 'report'))
