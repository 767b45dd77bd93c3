# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired versus current: the decisions every run and every check mode rest on."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import membership_plan as mp

VIEWER = {'id': 'r-viewer', 'name': 'Viewer'}
ANALYST = {'id': 'r-analyst', 'name': 'Analyst'}
ADMIN = {'id': 'r-admin', 'name': 'Admin'}


def actions(changes):
    return [(c.user_id, c.action) for c in changes]


def plan(current, wanted, exclusive=False):
    return mp.plan(mp.PlanInput(current, tuple(wanted), exclusive))


def desired(user_id, state='present', role=None):
    return mp.Desired(user_id, state, role)


def test_nothing_to_do_when_current_matches():
    current = {'u1': VIEWER, 'u2': ADMIN}
    assert plan(current, [desired('u1', role=VIEWER), desired('u2', role=ADMIN)]) == []


def test_add_update_remove():
    current = {'u1': VIEWER, 'u2': ADMIN}
    changes = plan(current, [desired('u1', role=ANALYST), desired('u2', 'absent'), desired('u3', role=VIEWER)])
    assert actions(changes) == [('u1', 'updated'), ('u2', 'removed'), ('u3', 'added')]
    assert changes[0].role_before == VIEWER and changes[0].role_after == ANALYST


def test_a_role_change_is_one_update_never_remove_and_add():
    changes = plan({'u1': VIEWER}, [desired('u1', role=ADMIN)], exclusive=True)
    assert actions(changes) == [('u1', 'updated')]


def test_absent_for_a_non_member_changes_nothing():
    assert plan({'u1': VIEWER}, [desired('u9', 'absent')]) == []


def test_exclusive_removes_exactly_the_unlisted_direct_members():
    current = {'u1': VIEWER, 'u2': ADMIN, 'u3': ANALYST}
    changes = plan(current, [desired('u2', role=ADMIN), desired('u4', role=VIEWER)], exclusive=True)
    assert sorted(actions(changes)) == [('u1', 'removed'), ('u3', 'removed'), ('u4', 'added')]


def test_not_exclusive_leaves_unlisted_members_alone():
    assert plan({'u1': VIEWER, 'u2': ADMIN}, [desired('u3', role=VIEWER)]) == [
        mp.Change('u3', 'added', None, VIEWER)]


def test_exclusive_with_nothing_listed_empties_the_workspace():
    assert sorted(actions(plan({'u1': VIEWER, 'u2': ADMIN}, [], exclusive=True))) == [('u1', 'removed'), ('u2', 'removed')]


def test_a_user_listed_twice_is_refused():
    with pytest.raises(ValueError, match='listed twice'):
        plan({}, [desired('u1', role=VIEWER), desired('u1', role=ADMIN)])


def test_apply_predicts_the_state_after_and_leaves_current_untouched():
    current = {'u1': VIEWER, 'u2': ADMIN}
    changes = plan(current, [desired('u1', role=ANALYST), desired('u2', 'absent'), desired('u3', role=VIEWER)])
    assert mp.apply(current, changes) == {'u1': ANALYST, 'u3': VIEWER}
    assert current == {'u1': VIEWER, 'u2': ADMIN}


def test_applying_the_plan_then_planning_again_is_a_no_op():
    current = {'u1': VIEWER, 'u2': ADMIN, 'u5': VIEWER}
    wanted = [desired('u1', role=ANALYST), desired('u2', 'absent'), desired('u3', role=VIEWER)]
    after = mp.apply(current, plan(current, wanted, exclusive=True))
    assert plan(after, wanted, exclusive=True) == []


def test_describe_is_the_one_wording_of_an_action():
    action = {'workspace_name': 'Risk', 'workspace_id': 'w', 'user_email': None, 'user_id': 'u1', 'action': 'updated',
              'role_before': 'Viewer', 'role_after': 'Admin'}
    assert mp.describe(action) == 'Risk: u1 updated from Viewer to Admin'
    assert mp.describe(dict(action, action='removed'), check_mode=True) == 'Risk: u1 would be removed (was Viewer)'
    assert mp.describe(dict(action, action='added', user_email='a@example.com')) == 'Risk: a@example.com added as Admin'
    with pytest.raises(ValueError, match='unknown action'):
        mp.describe(dict(action, action='moved'))
