# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership through ansible-playbook, against the emulator process.

Only what needs Ansible itself: the module found by FQCN in a play, the diff as
the default callback prints it, and the token at -vvvv. Module behaviour is
tested in-process (tests/unit/plugins/modules/test_workspace_membership.py).
"""

import json

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from emulator import seed

MODULE = 'transactionlink.access.workspace_membership'


def task(args, name='membership', extra=''):
    """A one-task playbook calling the module with ARGS (a dict, sent as JSON)."""
    return ('- hosts: localhost\n  gather_facts: false\n  tasks:\n'
            '    - name: {0}\n      {1}: {2}\n{3}').format(name, MODULE, json.dumps(args), extra)


def members(emulator, workspace):
    """{e-mail: role name} of a workspace's direct members, as the emulator holds them."""
    return dict((m['email'], m['role']) for m in emulator.state()['memberships'] if m['workspace'] == workspace)


def ok(run):
    assert run.rc == 0, run
    return run.results[0]


def writes(emulator):
    return [r for r in emulator.requests()['requests'] if r['method'] in ('PUT', 'DELETE', 'POST', 'PATCH')]


ALICE = 'alice.martin@example.com'
DANA = 'dana.kowalski@example.com'


def test_diff_is_printed_by_the_default_callback(emulator, run_playbook):
    run = run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Admin'}), diff=True, check=True, callback='default')
    assert run.rc == 0, run
    assert '+        "%s": "Admin"' % ALICE in run.stdout


@pytest.mark.smoke
def test_bulk_of_30_members_then_an_idempotent_rerun(emulator, run_playbook):
    people = sorted(u['email'] for u in emulator.state()['users']
                    if u['email'] not in (seed.DEMO_OWNER, seed.DEMO_ADMIN))[:30]
    roles = ('Viewer', 'Analyst', 'Admin')
    play = task({'workspace': 'Customer Support',
                 'members': [{'user': email, 'role': roles[i % 3]} for i, email in enumerate(people)]})
    first = ok(run_playbook(play))
    assert first['changed'] is True and len(first['actions']) == 30
    assert members(emulator, 'Customer Support') == dict((e, roles[i % 3]) for i, e in enumerate(people))
    assert len(first['memberships']) == 30

    emulator.clear_requests()
    second = ok(run_playbook(play))
    assert second['changed'] is False and second['actions'] == []
    log = emulator.requests()
    # The rerun reads the workspace list, the user pages and one member list: nothing else.
    assert log['counts']['writes'] == 0
    assert sorted(set(r['path'] for r in log['requests'])) == sorted([
        api.WORKSPACES, api.USERS, api.DIRECT_MEMBERSHIPS.format(workspace_id=seed.workspace_id('Customer Support'))])
    assert log['counts']['total'] == 3, log


@pytest.mark.parametrize('token', ['admin', 'readonly'])
def test_the_token_never_shows_at_vvvv(emulator, run_playbook, token):
    # With the admin token the task passes; with the read-only token it fails with a 403.
    run = run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}), verbosity=4, callback='default',
                       token=token)
    assert (run.rc == 0) is (token == 'admin'), run
    secret = emulator.tokens[token]
    assert secret not in run.stdout and secret not in run.stderr
    assert secret[4:20] not in run.stdout + run.stderr
