# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The results vocabulary (plugins/module_utils/results.py): rows, actions and the one wording of each action."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import results
from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp


def test_a_membership_row_and_a_planned_change_as_every_result_shows_them():
    viewer, admin = {'id': 'r1', 'name': 'Viewer'}, {'id': 'r2', 'name': 'Admin'}
    assert results.flat_membership({'workspaceId': 'w', 'userId': 'u1', 'role': viewer}, 'Risk', 'a@example.com') == {
        'workspace_id': 'w', 'workspace_name': 'Risk', 'user_id': 'u1', 'user_email': 'a@example.com', 'role_id': 'r1',
        'role_name': 'Viewer', 'inherited': False}
    ws = {'id': 'w', 'name': 'Risk'}
    assert results.membership_action(ws, mp.Change('u1', mp.UPDATED, viewer, admin), None) == {
        'workspace_id': 'w', 'workspace_name': 'Risk', 'user_id': 'u1', 'user_email': None, 'action': 'updated',
        'role_before': 'Viewer', 'role_after': 'Admin'}
    assert results.membership_action(ws, mp.Change('u1', mp.REMOVED, viewer, None, mp.EXPIRED), 'a@example.com')['reason'] == 'expired'


def test_describe_is_the_one_wording_of_an_action():
    action = {'workspace_name': 'Risk', 'workspace_id': 'w', 'user_email': None, 'user_id': 'u1', 'action': 'updated',
              'role_before': 'Viewer', 'role_after': 'Admin'}
    assert results.describe_membership(action) == 'Risk: u1 updated from Viewer to Admin'
    assert results.describe_membership(dict(action, action='removed'), check_mode=True) == 'Risk: u1 would be removed (was Viewer)'
    assert results.describe_membership(dict(action, action='added', user_email='a@example.com')) == 'Risk: a@example.com added as Admin'
    with pytest.raises(ValueError, match='unknown action'):
        results.describe_membership(dict(action, action='moved'))
    assert results.describe_membership(dict(action, action='removed', reason='expired')) == 'Risk: u1 removed (was Viewer; access expired)'
    assert results.describe_membership(dict(action, action='removed', reason='expired'), check_mode=True) == (
        'Risk: u1 would be removed (was Viewer; access expired)')


@pytest.mark.parametrize('action, check_mode, line', [
    ({'email': 'n@example.com', 'action': 'invited', 'org_role': 'member'}, False, 'n@example.com invited as member'),
    ({'email': 'n@example.com', 'action': 'invited', 'org_role': 'admin'}, True, 'n@example.com would be invited as admin'),
    ({'email': 'n@example.com', 'action': 'resent', 'status_before': 'EXPIRED'}, False, 'n@example.com invitation resent (was EXPIRED)'),
    ({'email': 'n@example.com', 'action': 'cancelled', 'status_before': 'PENDING'}, True,
     'n@example.com invitation would be cancelled (was PENDING)'),
])
def test_describe_words_each_action_one_way(action, check_mode, line):
    assert results.describe_invitation(action, check_mode) == line


def test_describe_refuses_an_unknown_action():
    with pytest.raises(ValueError, match='unknown action'):
        results.describe_invitation({'action': 'added'})
