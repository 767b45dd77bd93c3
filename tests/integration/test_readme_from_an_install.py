# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's commands, literally, as a Galaxy user runs them: the collection built and installed from its
tarball, the commands run in a directory of the user's own (never the playbooks' directory).

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


def readme_block(heading):
    """The first ```sh block under the README's ## HEADING, as written."""
    with open(os.path.join(REPO, 'README.md'), encoding='utf-8') as handle:
        text = handle.read()
    section = text.split('\n## %s\n' % heading, 1)[1].split('\n## ', 1)[0]
    return re.search(r'```sh\n(.*?)```', section, re.S).group(1)


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
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', collection_tree, '--output-path', str(work)],
        str(work), dict(os.environ))
    [tarball] = [str(work / name) for name in os.listdir(str(work)) if name.endswith('.tar.gz')]
    path = str(work / 'collections')
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--offline', '-p', path, tarball], str(work),
        dict(os.environ))
    return path


def user_env(emulator, collections_path, home):
    env = dict(os.environ, PATH=os.pathsep.join((BIN, os.environ['PATH'])), ANSIBLE_COLLECTIONS_PATH=collections_path,
               TRANSACTIONLINK_API_URL=emulator.url, TRANSACTIONLINK_API_TOKEN=emulator.tokens['admin'],
               ANSIBLE_NOCOLOR='1', HOME=home, GIT_AUTHOR_NAME='t', GIT_AUTHOR_EMAIL='t@example.com',
               GIT_COMMITTER_NAME='t', GIT_COMMITTER_EMAIL='t@example.com')
    for name in ('TL_COLLECTION_TREE', 'ANSIBLE_STDOUT_CALLBACK', 'ANSIBLE_CALLBACK_PLUGINS', 'ANSIBLE_CONFIG'):
        env.pop(name, None)
    return env


def test_access_as_code_from_the_readme_writes_where_the_user_runs_it(emulator, installed, tmp_path):
    home = tmp_path / 'home'
    home.mkdir()
    env = user_env(emulator, installed, str(home))
    block = readme_block('Access as code')
    out = run('set -euo pipefail\n' + block, str(home), env, shell=True)

    access = home / 'access'
    written = sorted(name[:-len('.yml')] for name in os.listdir(str(access / 'host_vars')))
    assert written == sorted(DEMO_WORKSPACES), out
    committed = run(['git', 'ls-files', '-z'], str(access), env).split('\0')
    assert sorted(f for f in committed if f.startswith('host_vars/')) == sorted('host_vars/%s.yml' % w for w in DEMO_WORKSPACES)
    assert yaml.safe_load((access / 'host_vars' / 'Risk.yml').read_text())['transactionlink_desired_members']
    recap = out.rsplit('PLAY RECAP', 1)[1]  # the last command's: the converge --check
    assert len(re.findall(r'changed=0 ', recap)) == len(DEMO_WORKSPACES), recap

    collection = os.path.join(installed, 'ansible_collections', 'transactionlink', 'access')
    assert not os.path.exists(os.path.join(collection, 'playbooks', 'host_vars'))
    verified = run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'verify', '--offline', '-p', installed,
                    'transactionlink.access'], str(home), env)
    assert 'Successfully verified that checksums for \'transactionlink.access' in verified, verified


def test_the_audit_report_lands_in_the_directory_given_relative_to_where_it_runs(emulator, installed, tmp_path):
    work = tmp_path / 'work'
    work.mkdir()
    env = user_env(emulator, installed, str(tmp_path))
    run([os.path.join(BIN, 'ansible-playbook'), 'transactionlink.access.audit', '-e', 'workspace_access_audit_dest=report'],
        str(work), env)
    assert sorted(os.listdir(str(work / 'report'))) == ['access.csv', 'access.html', 'access.json']
    collection = os.path.join(installed, 'ansible_collections', 'transactionlink', 'access')
    assert not os.path.exists(os.path.join(collection, 'playbooks', 'report'))
