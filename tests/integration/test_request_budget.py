# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""300 memberships over 10 workspaces send only the requests the job needs.

Counts, not time: speed is measured by benchmarks/convergence.py.
"""

import json
import math

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from emulator import seed

WORKSPACES, USERS, PAGE_SIZE = 10, 300, 100
ROLES = ('Viewer', 'Analyst', 'Admin')


def play():
    members = [{'workspace': 'ws-%02d' % ((i - 1) % WORKSPACES + 1), 'user': 'user%03d@example.com' % i,
                'role': ROLES[i % 3]} for i in range(1, USERS + 1)]
    return ('- hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: converge\n'
            '      transactionlink.access.workspace_membership: %s\n' % json.dumps({'members': members}))


def test_first_run_and_rerun_request_budget(emulator, run_playbook):
    emulator.reset(seed='bench', workspaces=WORKSPACES, users=USERS)
    user_pages = int(math.ceil((USERS + 1) / float(PAGE_SIZE)))  # the bench organization's owner is a user too
    first = run_playbook(play())
    assert first.rc == 0, first
    counts = emulator.requests()['counts']
    # workspace list + user pages + per workspace (members + roles) + one PUT per membership
    assert counts['PUT'] == USERS and counts.get('DELETE', 0) == 0
    assert counts['GET'] == 1 + user_pages + 2 * WORKSPACES, emulator.requests()
    assert len(emulator.state()['memberships']) == USERS

    emulator.clear_requests()
    rerun = run_playbook(play())
    assert rerun.rc == 0 and rerun.results[0]['changed'] is False
    counts = emulator.requests()['counts']
    # unchanged members need no role lookup: workspace list + user pages + member lists
    assert counts['writes'] == 0 and counts['total'] == 1 + user_pages + WORKSPACES
    paths = [r['path'] for r in emulator.requests()['requests']]
    assert sorted(p for p in paths if p != api.WORKSPACES and p != api.USERS) == sorted(
        api.DIRECT_MEMBERSHIPS.format(workspace_id=seed.workspace_id('ws-%02d' % n)) for n in range(1, WORKSPACES + 1))
