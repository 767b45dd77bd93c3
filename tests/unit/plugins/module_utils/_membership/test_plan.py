# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired versus current: the decisions every run and every check mode rest on."""

import datetime

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp

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


# -- teams, expiry, protected users, per-role exclusivity ---------------------------------------------------------

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.timezone.utc)
PAST = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.timezone.utc)  # the end of 2026-11-30
LATER = datetime.datetime(2026, 12, 2, 0, 0, tzinfo=datetime.timezone.utc)


def request(current, wanted, **rules):
    rules.setdefault('now', NOW)
    return mp.PlanInput(current, tuple(wanted), **rules)


def team(user_id, name, role=None, state='present', expires=None):
    return mp.Desired(user_id, state, role, team=name, expires=expires)


def test_an_expired_item_removes_with_reason_expired_and_adds_nothing():
    changes = mp.plan(request({'u1': VIEWER}, [mp.Desired('u1', 'present', VIEWER, expires=PAST),
                                               mp.Desired('u2', 'present', VIEWER, expires=PAST)]))
    assert changes == [mp.Change('u1', 'removed', VIEWER, None, 'expired')]


def test_access_lasts_until_the_instant_it_ends():
    wanted = [mp.Desired('u1', 'present', VIEWER, expires=LATER)]
    assert mp.plan(request({}, wanted, now=LATER - datetime.timedelta(microseconds=1))) == [mp.Change('u1', 'added', None, VIEWER)]
    assert mp.plan(request({}, wanted, now=LATER)) == []


def test_an_expiry_needs_a_time():
    with pytest.raises(ValueError, match='given no time'):
        mp.plan(mp.PlanInput({}, (mp.Desired('u1', 'present', VIEWER, expires=LATER),)))


def test_a_direct_item_wins_over_team_items():
    wanted = [team('u1', 'admins', ADMIN), mp.Desired('u1', 'present', VIEWER), team('u1', 'gone', state='absent')]
    assert mp.plan(request({}, wanted)) == [mp.Change('u1', 'added', None, VIEWER)]
    assert mp.plan(request({'u1': ADMIN}, [team('u1', 'admins', ADMIN), mp.Desired('u1', 'absent')])) == [
        mp.Change('u1', 'removed', ADMIN, None)]


def test_team_items_with_one_role_agree_and_a_grant_wins_over_absent_or_expired():
    wanted = [team('u1', 'a', VIEWER), team('u1', 'b', VIEWER), team('u1', 'c', state='absent'), team('u1', 'd', ADMIN, expires=PAST)]
    assert mp.plan(request({'u1': VIEWER}, wanted)) == []
    assert mp.plan(request({'u1': VIEWER}, [team('u1', 'c', state='absent'), team('u1', 'd', ADMIN, expires=PAST)])) == [
        mp.Change('u1', 'removed', VIEWER, None)]  # one plain absent: no 'expired' reason
    assert mp.plan(request({'u1': VIEWER}, [team('u1', 'd', ADMIN, expires=PAST)])) == [
        mp.Change('u1', 'removed', VIEWER, None, 'expired')]


def test_team_roles_in_conflict_are_decided_by_precedence_or_refused():
    wanted = [team('u1', 'analysts', ANALYST), team('u1', 'admins', ADMIN), team('u1', 'viewers', VIEWER)]
    assert mp.plan(request({}, wanted, role_precedence=('admin', 'Analyst', 'Viewer'))) == [mp.Change('u1', 'added', None, ADMIN)]
    assert mp.plan(request({}, wanted, role_precedence=('Viewer', 'r-analyst', 'Admin'))) == [mp.Change('u1', 'added', None, VIEWER)]
    with pytest.raises(mp.RoleConflict) as info:
        mp.plan(request({}, wanted))
    assert info.value.user_id == 'u1' and info.value.positions == (0, 1, 2)
    with pytest.raises(mp.RoleConflict):
        mp.plan(request({}, wanted, role_precedence=('Admin', 'Analyst')))  # Viewer is not ranked


def test_protected_members_are_never_removed_or_changed():
    current = {'u1': ADMIN, 'u2': VIEWER, 'u3': ADMIN}
    assert mp.plan(request(current, [mp.Desired('u2', 'present', VIEWER)], exclusive=True, protected=frozenset(['u1']))) == [
        mp.Change('u3', 'removed', ADMIN, None)]
    assert mp.plan(request(current, [], exclusive_roles=frozenset(['r-admin']), protected=frozenset(['u3']))) == [
        mp.Change('u1', 'removed', ADMIN, None)]
    for wanted in (mp.Desired('u1', 'absent'), mp.Desired('u1', 'present', VIEWER), mp.Desired('u1', 'present', ADMIN, expires=PAST),
                   team('u1', 'ops', VIEWER)):
        with pytest.raises(mp.ProtectedMember) as info:
            mp.plan(request(current, [mp.Desired('u2', 'present', VIEWER), wanted], protected=frozenset(['u1'])))
        assert info.value.user_id == 'u1' and info.value.positions == (1,) and info.value.change.action in ('removed', 'updated')
    # Unchanged or added: allowed.
    assert mp.plan(request(current, [mp.Desired('u1', 'present', ADMIN), mp.Desired('u9', 'present', VIEWER)],
                           protected=frozenset(['u1', 'u9']))) == [mp.Change('u9', 'added', None, VIEWER)]


def test_exclusive_roles_remove_only_unlisted_members_with_those_roles():
    current = {'u1': ADMIN, 'u2': VIEWER, 'u3': ADMIN, 'u4': ANALYST}
    changes = mp.plan(request(current, [mp.Desired('u1', 'present', ADMIN), team('u3', 'ops', state='absent')],
                              exclusive_roles=frozenset(['r-admin', 'r-analyst'])))
    assert changes == [mp.Change('u3', 'removed', ADMIN, None), mp.Change('u4', 'removed', ANALYST, None)]  # u2 untouched
