# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership_info through ansible, against the emulator process.

A play and an ad-hoc command; module behaviour is tested in-process
(tests/unit/plugins/modules/test_workspace_membership_info.py).
"""

import json

import pytest


MODULE = 'transactionlink.access.workspace_membership_info'
DANA = 'dana.kowalski@example.com'


def info(run_playbook, token='admin', check=False, **args):
    play = ('- hosts: localhost\n  gather_facts: false\n  tasks:\n'
            '    - name: info\n      {0}: {1}\n').format(MODULE, json.dumps(args))
    return run_playbook(play, token=token, check=check)


def rows(run):
    assert run.rc == 0, run
    result = run.results[0]
    assert result['changed'] is False
    return [(m['workspace_name'], m['user_email'], m['role_name'], m['inherited']) for m in result['memberships']]


def direct_state(emulator):
    return sorted((m['workspace'], m['email'], m['role'], False) for m in emulator.state()['memberships'])


@pytest.mark.smoke
def test_all_workspaces_equal_the_emulator_state(emulator, run_playbook):
    assert sorted(rows(info(run_playbook))) == direct_state(emulator)


def test_ad_hoc(emulator, run_ansible):
    run = run_ansible(MODULE, 'workspace=Risk user=%s' % DANA)
    assert run.rc == 0, run
    assert '"role_name": "Analyst"' in run.stdout
