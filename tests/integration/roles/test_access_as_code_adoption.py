# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge playbook over examples/access-as-code/ with its adoption variables (issue 17): group_vars teams,
a protected break-glass account and an expired contractor, end to end against the emulator."""

import os
import shutil

import pytest

from helpers.roles import DEMO_DIRECT, counts, direct_state
from helpers.paths import REPO_ROOT

EXAMPLE = os.path.join(REPO_ROOT, 'examples', 'access-as-code')
SOURCE = 'demo.transactionlink.yml'
CONVERGE = 'transactionlink.access.converge'
CONVERGE_TASK = "Converge the workspace's members"
ADAM, QUENTIN = 'adam.admin@example.com', 'quentin.dubois@example.com'


@pytest.fixture
def example(tmp_path):
    dest = tmp_path / 'access-as-code'
    shutil.copytree(EXAMPLE, str(dest))
    return dest


def host_results(run):
    for play in run.output['plays']:
        for task in play['tasks']:
            if task['task']['name'] == CONVERGE_TASK:
                return task['hosts']
    raise KeyError(CONVERGE_TASK)


def actions(result):
    return sorted((a['user_email'], a['action'], a['role_after'], a.get('reason')) for a in result.get('actions', []))


def test_teams_a_protected_account_and_an_expired_contractor(emulator, run_playbook, example):
    # The external auditor got access months ago, by hand; his engagement ended on 2026-06-30.
    given = run_playbook('''
- hosts: localhost
  gather_facts: false
  tasks:
    - transactionlink.access.workspace_membership:
        workspace: Compliance
        user: %s
        role: Viewer
''' % QUENTIN)
    assert given.rc == 0, given
    # Risk no longer lists the break-glass account: exclusive would remove it, but it is protected.
    risk = example / 'host_vars' / 'Risk.yml'
    risk.write_text(risk.read_text().replace('  - {user: %s, role: Admin}\n' % ADAM, ''))
    emulator.clear_requests()

    check = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True)
    assert check.rc == 0, check
    assert counts(emulator)['writes'] == 0
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example))
    assert run.rc == 0, run
    predicted, results = host_results(check), host_results(run)
    for host in ('Compliance', 'Payments', 'Risk'):
        assert actions(results[host]) == actions(predicted[host]), host
        assert results[host]['plan_id'] == predicted[host]['plan_id']
    assert actions(results['Compliance']) == [
        ('carol.smith@example.com', 'added', 'Analyst', None),  # through the compliance-officers team
        ('laura.schmidt@example.com', 'added', 'Viewer', None),
        (QUENTIN, 'removed', None, 'expired')]
    state = direct_state(emulator)
    assert state[('Compliance', 'dana.kowalski@example.com')] == 'Admin'  # her direct item wins over the team
    assert ('Compliance', QUENTIN) not in state
    assert state[('Risk', ADAM)] == DEMO_DIRECT[('Risk', ADAM)]  # protected: left in place
    assert [run.stats[h]['changed'] for h in ('Compliance', 'Payments', 'Risk', 'Customer Support')] == [1, 1, 1, 0]

    emulator.clear_requests()
    again = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example))
    assert again.rc == 0, again
    assert all(stats['changed'] == 0 for stats in again.stats.values()) and counts(emulator)['writes'] == 0
