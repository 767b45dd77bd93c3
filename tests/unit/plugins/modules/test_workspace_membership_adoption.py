# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""workspace_membership for adopting access as code (issue 17), in-process against the emulator app.

Teams, expiring access, protected accounts and per-role authority, all planned
before the first write: check mode predicts them, plan_id and max_removals see
them, and a rerun sends nothing.
"""

import datetime

import pytest
import yaml

from ansible_collections.transactionlink.access.plugins.modules import workspace_membership as module
from ansible_collections.transactionlink.access.plugins.module_utils._membership.request import MEMBER_SPEC
from emulator import seed
from helpers.api import members, ok

MODULE = 'workspace_membership'
ALICE, DANA, ERIK = 'alice.martin@example.com', 'dana.kowalski@example.com', 'erik.johansson@example.com'
IVAN, ZOE, GRACE = 'ivan.petrov@example.com', 'zoe.clarke@example.com', 'grace.kim@example.com'
ADAM = seed.DEMO_ADMIN
PAST, FUTURE = '2020-06-30', '2999-12-31'
UTC = datetime.timezone.utc
TEAMS = {'risk-analysts': [ALICE, IVAN, seed.user_id(ZOE)], 'risk-leads': [DANA]}


@pytest.fixture
def membership(run_module):
    return lambda args, **kw: run_module(MODULE, args, **kw)


def refused(tl_api, result, *texts):
    assert result.get('failed') is True and result['rc'] == 1, result
    assert tl_api.writes() == 0, tl_api.requests()
    for text in texts:
        assert text in result['msg'], result['msg']
    return result['msg']


def risk(members_, **kw):
    args = {'workspace': 'Risk', 'teams': TEAMS, 'members': members_}
    args.update(kw)
    return args


ADOPTION = [
    {'team': 'risk-analysts', 'role': 'Analyst'},
    {'team': 'risk-leads', 'role': 'Admin'},
    {'user': GRACE, 'role': 'Viewer', 'expires': FUTURE},  # a contractor, until a date
    {'user': ERIK, 'role': 'Viewer', 'expires': PAST},  # his access has ended
]


def test_teams_and_expiries_check_mode_predicts_exactly_and_a_rerun_sends_nothing(tl_api, membership):
    play = risk(ADOPTION, exclusive=True, protected_users=[ADAM])
    predicted = ok(membership(play, check=True, diff=True))
    assert tl_api.writes() == 0
    real = ok(membership(play, diff=True))
    for key in ('changed', 'actions', 'memberships', 'diff', 'plan_id', 'protected'):
        assert predicted[key] == real[key], key
    assert sorted((a['user_email'], a['action'], a['role_after'], a.get('reason')) for a in real['actions']) == [
        (ALICE, 'added', 'Analyst', None), (DANA, 'updated', 'Admin', None), (ERIK, 'removed', None, 'expired'),
        (GRACE, 'added', 'Viewer', None), (IVAN, 'added', 'Analyst', None), (ZOE, 'added', 'Analyst', None)]
    assert members(tl_api, 'Risk') == {ALICE: 'Analyst', IVAN: 'Analyst', ZOE: 'Analyst', DANA: 'Admin', GRACE: 'Viewer',
                                       ADAM: 'Admin'}  # protected: exclusive left him
    assert real['protected'] == [{'user_id': seed.user_id(ADAM), 'user_email': ADAM}]
    assert tl_api.writes() == 6

    tl_api.clear_requests()
    rerun = ok(membership(play))
    assert rerun['changed'] is False and rerun['actions'] == [] and tl_api.writes() == 0
    assert rerun['plan_id'] == ok(membership(play, check=True))['plan_id']


def test_access_ends_after_the_day_it_expires_by_the_injected_clock(tl_api, membership):
    play = risk([{'user': ERIK, 'role': 'Viewer', 'expires': '2026-12-01'}])
    last_second = ok(membership(play, main_kwargs={'now': lambda: datetime.datetime(2026, 12, 1, 23, 59, 59, tzinfo=UTC)}))
    assert last_second['changed'] is False and tl_api.writes() == 0
    east = risk([{'user': ERIK, 'role': 'Viewer', 'expires': '2026-12-02T00:30:00+01:00'}])  # 23:30 UTC on the 1st
    assert ok(membership(east, check=True, main_kwargs={'now': lambda: datetime.datetime(2026, 12, 1, 23, 0, tzinfo=UTC)}))['changed'] is False
    next_day = ok(membership(play, main_kwargs={'now': lambda: datetime.datetime(2026, 12, 2, 0, 0, tzinfo=UTC)}))
    assert [(a['user_email'], a['action'], a['reason']) for a in next_day['actions']] == [(ERIK, 'removed', 'expired')]
    assert ERIK not in members(tl_api, 'Risk')


def test_an_expired_item_adds_nobody_and_a_future_one_does(tl_api, membership):
    assert ok(membership(risk([{'user': GRACE, 'role': 'Viewer', 'expires': PAST}])))['changed'] is False
    assert tl_api.writes() == 0 and GRACE not in members(tl_api, 'Risk')
    assert ok(membership(risk([{'user': GRACE, 'role': 'Viewer', 'expires': '2999-12-31T17:00:00Z'}])))['changed'] is True


def test_plan_id_changes_with_a_team_s_membership_and_with_an_expiry(tl_api, membership):
    def plan_id(args):
        return ok(membership(args, check=True))['plan_id']
    base = plan_id(risk(ADOPTION))
    assert plan_id(risk(ADOPTION)) == base  # the same input, the same access: the same id
    bigger = dict(TEAMS, **{'risk-analysts': TEAMS['risk-analysts'] + ['george.okafor@example.com']})
    assert plan_id(risk(ADOPTION, teams=bigger)) != base
    overridden = dict(TEAMS, **{'risk-analysts': TEAMS['risk-analysts'] + [GRACE]})
    assert plan_id(risk(ADOPTION, teams=overridden)) == base  # her direct item decides: the plan is the same
    later = [dict(i, expires=FUTURE) if i.get('user') == ERIK else i for i in ADOPTION]
    assert plan_id(risk(later)) != base
    assert tl_api.writes() == 0


def test_max_removals_counts_expired_and_per_role_removals(tl_api, membership):
    play = risk([{'user': ERIK, 'role': 'Viewer', 'expires': PAST}, {'user': ALICE, 'role': 'Admin'}],
                exclusive_roles=['Admin'], max_removals=1)
    refused(tl_api, membership(play), 'would remove 2 membership(s), more than max_removals=1',
            '%s from Risk' % ERIK, '%s from Risk' % ADAM)
    refused(tl_api, membership(play, check=True), 'more than max_removals=1')
    assert ok(membership(dict(play, max_removals=2)))['changed'] is True


def test_a_direct_item_wins_and_role_precedence_decides_between_teams(tl_api, membership):
    teams = {'analysts': [ALICE, IVAN], 'leads': [ALICE], 'viewers': [IVAN]}
    play = {'workspace': 'Payments', 'teams': teams, 'role_precedence': ['Admin', 'Analyst', 'Viewer'],
            'members': [{'team': 'analysts', 'role': 'Analyst'}, {'team': 'leads', 'role': 'Admin'},
                        {'team': 'viewers', 'role': 'Viewer'}, {'user': IVAN, 'role': 'Viewer'}]}
    ok(membership(play))
    assert members(tl_api, 'Payments')[ALICE] == 'Admin'  # the strongest of her teams
    assert members(tl_api, 'Payments')[IVAN] == 'Viewer'  # his direct item, over the analysts team


def test_team_roles_in_conflict_without_precedence_fail_naming_user_teams_and_roles(tl_api, membership):
    play = {'workspace': 'Payments', 'teams': {'analysts': [ALICE], 'leads': [ALICE.upper()]},
            'members': [{'team': 'analysts', 'role': 'Analyst'}, {'team': 'leads', 'role': 'Admin'}]}
    refused(tl_api, membership(play), 'members[0], members[1]: user %s is in several teams with different roles' % ALICE,
            "team 'analysts' (members[0]) gives Analyst", "team 'leads' (members[1]) gives Admin",
            'set role_precedence (role names, strongest first, such as [Admin, Analyst])')
    refused(tl_api, membership(dict(play, role_precedence=['Admin'])), 'role_precedence (Admin) does not rank Admin and Analyst')


def test_unknown_teams_and_team_members_fail_naming_the_team(tl_api, membership):
    refused(tl_api, membership(risk([{'team': 'risk-analyst', 'role': 'Viewer'}])),
            "members[0]: team 'risk-analyst' is not defined in teams; defined: risk-analysts, risk-leads")
    refused(tl_api, membership(risk([{'team': 'ops', 'role': 'Viewer'}], teams={'ops': [ALICE, 'nobody@example.com']})),
            "members[0]: team 'ops': user 'nobody@example.com' not found in the organization")
    ghost = '00000000-0000-4000-8000-0000000000ff'
    refused(tl_api, membership(risk([{'team': 'ops', 'role': 'Viewer'}], teams={'ops': [ghost]})),
            "members[0]: team 'ops': user %s not found in the organization" % ghost)


def test_protected_members_fail_an_item_that_would_remove_or_change_them(tl_api, membership):
    refused(tl_api, membership(risk([{'user': ADAM, 'state': 'absent'}], protected_users=[ADAM])),
            'members[0]: user %s is protected (protected_users), and this item would remove it' % ADAM)
    refused(tl_api, membership(risk([{'team': 'ops', 'role': 'Viewer'}], teams={'ops': [ADAM]}, protected_users=[seed.user_id(ADAM)])),
            "members[0] (team 'ops'): user %s is protected" % ADAM, "change its role in workspace 'Risk' from Admin to Viewer")
    refused(tl_api, membership(risk([{'user': ADAM, 'role': 'Admin', 'expires': PAST}], protected_users=[ADAM])),
            'its access having expired')
    same = ok(membership(risk([{'user': ADAM, 'role': 'Admin'}, {'user': ALICE, 'role': 'Viewer'}], protected_users=[ADAM, ALICE])))
    assert [a['user_email'] for a in same['actions']] == [ALICE]  # adding a protected user is allowed


def test_exclusive_roles_remove_unlisted_members_of_those_roles_only(tl_api, membership):
    result = ok(membership(risk([{'user': ALICE, 'role': 'Admin'}], exclusive_roles=['admin'])))
    assert sorted((a['user_email'], a['action']) for a in result['actions']) == [(ADAM, 'removed'), (ALICE, 'added')]
    assert members(tl_api, 'Risk') == {ALICE: 'Admin', DANA: 'Analyst', ERIK: 'Viewer'}
    by_uuid = risk([{'user': ALICE, 'role': 'Admin'}], exclusive_roles=[seed.role_id('Risk', 'Analyst')])
    assert [(a['user_email'], a['action']) for a in ok(membership(by_uuid))['actions']] == [(DANA, 'removed')]
    tl_api.clear_requests()
    assert ok(membership(by_uuid))['changed'] is False and tl_api.writes() == 0


@pytest.mark.parametrize('args, message', [
    (risk([], exclusive_roles=['Admin'], exclusive=True), 'exclusive_roles and exclusive=true together'),
    ({'workspace': 'Risk', 'user': ALICE, 'role': 'Admin', 'exclusive_roles': ['Admin']}, 'exclusive_roles needs members'),
    ({'members': [], 'exclusive_roles': ['Admin']}, 'exclusive_roles with an empty members list removes every direct member'),
    (risk([], exclusive_roles=['Admn']),
     "exclusive_roles[0]: role 'Admn' not found in workspace(s) Risk; did you mean: Admin; available: Admin, Analyst, Viewer"),
    (risk([], protected_users=['nobody@example.com']), "protected_users[0]: user 'nobody@example.com' not found"),
    (risk([], protected_users=['']), 'protected_users[0] is empty'),
    (risk([{'user': ERIK, 'role': 'Viewer', 'expires': '31.12.2026'}]), "members[0]: expires '31.12.2026' is not a date"),
    (risk([{'user': ALICE, 'team': 'risk-leads', 'role': 'Viewer'}]), 'members[0] gives both user and team'),
    (risk([{'role': 'Viewer'}]), 'members[0] has no user: give the user by e-mail or UUID, or a team'),
    (risk([{'team': 'risk-leads'}]), "members[0] (team 'risk-leads') has state=present but no role"),
    (risk([{'team': 'risk-leads', 'role': 'Viewer'}, {'team': 'risk-leads', 'state': 'absent'}]),
     "members[1]: team 'risk-leads' is listed twice for workspace 'Risk'"),
    (risk([], teams={'ops': ALICE}), "teams: team 'ops' must be a list of users"),
    (risk([], teams={'ops': [ALICE, None]}), "teams: team 'ops', entry 1 (None) is not a user"),
])
def test_bad_input_fails_before_any_write(tl_api, membership, args, message):
    refused(tl_api, membership(args), message)


def test_the_item_spec_is_the_documented_suboptions():
    documented = yaml.safe_load(module.DOCUMENTATION)['options']['members']['suboptions']
    assert set(documented) == set(MEMBER_SPEC)
    for name, spec in MEMBER_SPEC.items():
        doc = documented[name]
        assert (doc['type'], doc.get('choices'), doc.get('aliases', []), doc.get('required', False)) == (
            spec['type'], spec.get('choices'), spec.get('aliases', []), spec.get('required', False)), name


def test_a_rerun_with_teams_reads_no_role_list_even_where_a_direct_item_overrules_a_team(tl_api, membership):
    # Ivan is in risk-analysts (Analyst) and has a direct item (Admin): his team's role is never used, so it
    # costs no role lookup; expired and unchanged items none either.
    play = risk([{'team': 'risk-analysts', 'role': 'Analyst'}, {'user': IVAN, 'role': 'Admin'},
                 {'user': ERIK, 'role': 'Admin', 'expires': PAST}])
    ok(membership(play))
    tl_api.clear_requests()
    assert ok(membership(play))['changed'] is False
    paths = sorted(set(r['path'] for r in tl_api.requests()['requests']))
    assert not [p for p in paths if p.endswith('/roles')], paths
    assert tl_api.writes() == 0
