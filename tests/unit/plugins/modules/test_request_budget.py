# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A bulk converge sends only the requests the job needs: counted, never timed.

Speed is measured by `make benchmark`; here the request log of the emulator
proves the request floor: one workspace list, the user pages, one member list
per workspace, the role lists it needs, one write per change; and on a rerun
only the reads.
"""

import math

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from emulator import seed

ROLES = ('Viewer', 'Analyst', 'Admin')


def members(workspaces, users, per_user=1):
    """USERS users, each in PER_USER workspaces (round robin): USERS * PER_USER memberships."""
    items = []
    for i in range(users):
        for k in range(per_user):
            items.append({'workspace': 'ws-%02d' % ((i * per_user + k) % workspaces + 1),
                          'user': 'user%03d@example.com' % (i + 1), 'role': ROLES[(i + k) % 3]})
    return items


def counts_by_path(tl_api):
    counts = {}
    for method, path in tl_api.sent():
        if method != 'GET':
            kind = method
        elif path == api.WORKSPACES or path == api.USERS:
            kind = path
        elif path.endswith('/roles'):
            kind = 'roles'
        else:
            kind = 'members'
        counts[kind] = counts.get(kind, 0) + 1
    return counts


@pytest.mark.parametrize('workspaces, users, per_user', [
    (10, 300, 1), (20, 100, 10), pytest.param(200, 2000, 5, marks=pytest.mark.slow, id='10000-memberships')])
def test_first_run_and_rerun_send_only_the_requests_needed(tl_api, run_module, workspaces, users, per_user):
    tl_api.reset(seed='bench', workspaces=workspaces, users=users)
    wanted = members(workspaces, users, per_user)
    user_pages = int(math.ceil((users + 1) / float(min(api.PAGE_SIZE, 100))))  # the owner is a user too; the emulator caps pages at 100
    first = run_module('workspace_membership', {'members': wanted})
    assert first['changed'] is True and len(first['actions']) == users * per_user
    assert counts_by_path(tl_api) == {api.WORKSPACES: 1, api.USERS: user_pages, 'members': workspaces,
                                      'roles': workspaces, 'PUT': users * per_user}
    assert len(tl_api.state()['memberships']) == users * per_user

    tl_api.clear_requests()
    rerun = run_module('workspace_membership', {'members': wanted})
    assert rerun['changed'] is False and rerun['actions'] == []
    # Unchanged members need no role list: the workspace list, the user pages and the member lists only.
    assert counts_by_path(tl_api) == {api.WORKSPACES: 1, api.USERS: user_pages, 'members': workspaces}


def test_a_role_list_is_read_only_where_a_role_must_be_resolved(tl_api, run_module):
    tl_api.reset(seed='bench', workspaces=4, users=8)
    run_module('workspace_membership', {'members': members(4, 8)})
    tl_api.clear_requests()
    changed = members(4, 8)
    changed[0]['role'] = 'Admin' if changed[0]['role'] != 'Admin' else 'Viewer'  # one change, in ws-01
    result = run_module('workspace_membership', {'members': changed})
    assert [a['action'] for a in result['actions']] == ['updated']
    assert [p for m, p in tl_api.sent() if p.endswith('/roles')] == [
        api.WORKSPACE_ROLES.format(workspace_id=seed.workspace_id('ws-01'))]
