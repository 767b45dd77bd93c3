# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_offboarding.py: removals, the per-person report and the summary of an offboarding."""

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._offboarding import (
    offboarding_report as outcome, removals, report as offboarding_report, summary)

DANA = '00000000-0000-4000-8000-00000000000d'
ADAM = '00000000-0000-4000-8000-00000000000a'
ERIK = '00000000-0000-4000-8000-00000000000e'
WS = {'Compliance': 'ws-c', 'Customer Support': 'ws-s', 'Payments': 'ws-p', 'Risk': 'ws-r'}


def _m(workspace, user_id, email, role, inherited=False):
    return {'workspace_id': WS[workspace], 'workspace_name': workspace, 'user_id': user_id, 'user_email': email,
            'role_id': 'role-' + role, 'role_name': role, 'inherited': inherited}


BEFORE = [
    _m('Compliance', DANA, 'dana@example.com', 'Admin'),
    _m('Compliance', ADAM, 'adam@example.com', 'Admin', inherited=True),
    _m('Customer Support', ADAM, 'adam@example.com', 'Admin', inherited=True),
    _m('Payments', DANA, 'dana@example.com', 'Viewer'),
    _m('Payments', ADAM, 'adam@example.com', 'Admin', inherited=True),
    _m('Risk', DANA, 'dana@example.com', 'Analyst'),
    _m('Risk', ADAM, 'adam@example.com', 'Admin'),
]


def _removed(workspace, user_id, email, role):
    return {'workspace_id': WS[workspace], 'workspace_name': workspace, 'user_id': user_id, 'user_email': email,
            'action': 'removed', 'role_before': role, 'role_after': None}


ACTIONS = [_removed('Compliance', DANA, 'dana@example.com', 'Admin'),
           _removed('Payments', DANA, 'dana@example.com', 'Viewer'),
           _removed('Risk', DANA, 'dana@example.com', 'Analyst'),
           _removed('Risk', ADAM, 'adam@example.com', 'Admin')]
AFTER = [m for m in BEFORE if m['inherited']] + [_m('Risk', ADAM, 'adam@example.com', 'Admin', inherited=True)]


def test_removals_are_the_direct_memberships_of_the_listed_people_each_once():
    people = ['dana@example.com', ADAM.upper()]
    assert removals(people, BEFORE + BEFORE[:1]) == [
        {'workspace': 'ws-c', 'user': DANA, 'state': 'absent'},
        {'workspace': 'ws-p', 'user': DANA, 'state': 'absent'},
        {'workspace': 'ws-r', 'user': DANA, 'state': 'absent'},
        {'workspace': 'ws-r', 'user': ADAM, 'state': 'absent'},
    ]
    assert removals(['Dana@Example.com'], BEFORE) == removals([DANA], BEFORE)[:3]
    assert removals(people, [m for m in BEFORE if m['inherited']]) == []


def test_an_empty_list_removes_nobody_whatever_the_memberships_hold():
    # The memberships of everybody (what an unfiltered read returns): nobody is listed, nothing is removed.
    out = outcome([], BEFORE)
    assert out['removals'] == [] and out['user_ids'] == [] and out['people'] == []
    assert out['summary'] == ['Offboarding: no user given, nothing removed (an empty list offboards nobody)']
    assert removals(['erik@example.com'], BEFORE) == []


def test_report_after_a_real_run_uses_what_the_api_says():
    report = offboarding_report(['dana@example.com', ADAM.upper(), ERIK], BEFORE, ACTIONS, AFTER)
    assert [(r['user'], r['user_id'], r['user_email']) for r in report] == [
        ('dana@example.com', DANA, 'dana@example.com'), (ADAM.upper(), ADAM, 'adam@example.com'), (ERIK, None, None)]
    dana, adam, erik = report
    assert [a['workspace_name'] for a in dana['removed']] == ['Compliance', 'Payments', 'Risk']
    assert dana['remaining'] == []
    assert [a['workspace_name'] for a in adam['removed']] == ['Risk']
    assert sorted(m['workspace_name'] for m in adam['remaining']) == ['Compliance', 'Customer Support', 'Payments', 'Risk']
    assert erik['removed'] == [] and erik['remaining'] == []


def test_report_in_check_mode_predicts_the_inherited_access_that_stays():
    predicted = offboarding_report(['Dana@Example.com', 'adam@example.com'], BEFORE, ACTIONS)
    real = offboarding_report(['Dana@Example.com', 'adam@example.com'], BEFORE, ACTIONS, AFTER)
    assert predicted[0]['user_id'] == DANA and predicted[0]['remaining'] == []
    # Adam's direct Admin in Risk becomes inherited Admin: predicted as the API then reports it.
    remaining = sorted((m['workspace_name'], m['role_name'], m['inherited']) for m in real[1]['remaining'])
    assert sorted((m['workspace_name'], m['role_name'], m['inherited']) for m in predicted[1]['remaining']) == remaining


@pytest.mark.parametrize('bad', [[''], ['  '], [None], [{'user': 'dana@example.com'}]])
def test_a_person_that_is_not_a_non_empty_string_is_refused(bad):
    with pytest.raises(ValueError, match='person 0 of the list must be an e-mail address or a UUID'):
        outcome(bad, BEFORE)


def test_summary_words_each_removal_as_the_module_does_and_counts_the_run():
    out = outcome(['dana@example.com', 'adam@example.com', ERIK], BEFORE, ACTIONS, AFTER)
    lines = out['summary']
    assert lines[0] == 'Offboarding: 3 user(s), 4 membership(s) removed, 4 inherited access(es) remaining'
    assert lines[1:6] == [
        'Compliance: dana@example.com removed (was Admin)',
        'Payments: dana@example.com removed (was Viewer)',
        'Risk: dana@example.com removed (was Analyst)',
        'dana@example.com: no workspace access remains',
        'Risk: adam@example.com removed (was Admin)',
    ]
    assert lines[6] == ('adam@example.com: inherited access remains (organization role unknown): set '
                        'workspace_offboarding_demote_admins to end it; in Compliance (Admin), Customer Support (Admin), '
                        'Payments (Admin), Risk (Admin)')  # unknown: no organization_user result given
    assert lines[7] == ERIK + ': no workspace access found, nothing to remove'
    assert out['removed'] == 4
    assert out['people'] == offboarding_report(['dana@example.com', 'adam@example.com', ERIK], BEFORE, ACTIONS, AFTER)
    assert out['user_ids'] == sorted([DANA, ADAM])


def test_the_count_is_what_the_run_removed_even_of_people_not_listed():
    # Removals of somebody not in the list (never planned by the role) are counted and shown, not hidden.
    lines = outcome(['erik@example.com'], BEFORE, ACTIONS)['summary']
    assert lines[0] == 'Offboarding: 1 user(s), 4 membership(s) removed, 0 inherited access(es) remaining'
    assert lines[2] == 'Also removed, of people not in the list:'
    assert lines[3:] == ['Compliance: dana@example.com removed (was Admin)', 'Payments: dana@example.com removed (was Viewer)',
                         'Risk: dana@example.com removed (was Analyst)', 'Risk: adam@example.com removed (was Admin)']


def test_summary_in_check_mode():
    lines = summary(offboarding_report(['dana@example.com'], BEFORE, ACTIONS[:3]), ACTIONS[:3], check_mode=True)
    assert lines == ['Offboarding (check mode, nothing written): 1 user(s), 3 membership(s) would be removed, '
                     '0 inherited access(es) remaining',
                     'Compliance: dana@example.com would be removed (was Admin)',
                     'Payments: dana@example.com would be removed (was Viewer)',
                     'Risk: dana@example.com would be removed (was Analyst)',
                     'dana@example.com: no workspace access remains']


# -- people who are not in the organization (issue 18) ---------------------------------------------------------------

def _account(email, user_exists, similar=(), status=None):
    return {'email': email, 'enrollment_id': None, 'status': status, 'user_exists': user_exists,
            'similar_users': list(similar)}


CANCEL = {'email': 'nora@example.com', 'action': 'cancelled', 'enrollment_id': 'e1', 'org_role': None,
          'status_before': 'PENDING', 'status_after': 'CANCELLED'}


def test_the_invitation_items_are_the_emails_each_once_never_a_uuid_or_a_name():
    out = outcome(['dana@example.com', DANA, ' Nora@Example.com', 'nora@example.com', 'bob'], [])
    assert out['invitations'] == [{'email': 'dana@example.com'}, {'email': 'Nora@Example.com'}]


def test_people_without_a_user_are_not_read_and_never_an_error():
    users = ['dana@example.com', 'gone@example.com', DANA.upper(), 'Nora@Example.com', 'bob']
    accounts = [_account('dana@example.com', True), _account('gone@example.com', False),
                _account('Nora@Example.com', False, status='PENDING')]
    # Without the accounts everybody is read (as before); with them, each readable person once.
    assert outcome(users, [])['readable'] == ['dana@example.com', 'gone@example.com', DANA.upper(), 'Nora@Example.com', 'bob']
    assert outcome(users, [], invitations=accounts)['readable'] == ['dana@example.com', DANA.upper(), 'bob']


def test_a_person_who_is_gone_is_named_nothing_to_remove_and_their_invitation_cancelled():
    users = ['dana@example.com', 'gone@example.com', 'nora@example.com']
    accounts = [_account('dana@example.com', True), _account('gone@example.com', False),
                _account('nora@example.com', False, status='CANCELLED')]
    out = outcome(users, BEFORE, ACTIONS[:3], AFTER, False, accounts, [CANCEL])
    assert out['removals'] == removals(['dana@example.com'], BEFORE)
    people = dict((p['user'], p) for p in out['people'])
    assert people['gone@example.com']['in_organization'] is False and people['gone@example.com']['invitation'] is None
    assert people['nora@example.com']['invitation'] == CANCEL and people['dana@example.com']['in_organization'] is True
    assert out['summary'] == [
        'Offboarding: 3 user(s), 3 membership(s) removed, 0 inherited access(es) remaining, 2 not in the organization, '
        '1 pending invitation(s) cancelled',
        'Compliance: dana@example.com removed (was Admin)',
        'Payments: dana@example.com removed (was Viewer)',
        'Risk: dana@example.com removed (was Analyst)',
        'dana@example.com: no workspace access remains',
        'gone@example.com: not in the organization, nothing to remove',
        'nora@example.com: not in the organization, nothing to remove; invitation cancelled (was PENDING)']
    predicted = outcome(users, BEFORE, ACTIONS[:3], None, True, accounts, [dict(CANCEL)])
    assert predicted['summary'][0].endswith('2 not in the organization, 1 pending invitation(s) to cancel')
    assert predicted['summary'][-1] == ('nora@example.com: not in the organization, nothing to remove; '
                                        'invitation would be cancelled (was PENDING)')


def test_did_you_mean_only_for_a_likely_typo_of_somebody_not_offboarded_too():
    accounts = [_account('dana@exmaple.com', False, ['dana@example.com']),
                _account('erik@exmaple.com', False, ['erik@example.com'])]
    out = outcome(['dana@example.com', 'dana@exmaple.com', 'erik@exmaple.com'], BEFORE, [], None, False,
                  [_account('dana@example.com', True)] + accounts)
    assert out['summary'][-2:] == [
        'dana@exmaple.com: not in the organization, nothing to remove',
        'erik@exmaple.com: not in the organization, nothing to remove; did you mean: erik@example.com? '
        '(not offboarded: check the list)']


def test_a_malformed_invitation_result_is_refused():
    with pytest.raises(ValueError, match=r'invitations\[0\] must be an item of the organization_invitation result'):
        outcome(['dana@example.com'], [], invitations=[{'email': 'dana@example.com'}])


# -- a person listed twice (issue 23, part 2, item 8) ----------------------------------------------------------------

@pytest.mark.parametrize('twice', [['dana@example.com', 'DANA@example.com'], ['dana@example.com', DANA.upper()]])
def test_a_person_listed_twice_is_reported_once_with_each_removal_once(twice):
    out = outcome(twice, BEFORE, ACTIONS[:3], [])
    assert out['summary'] == ['Offboarding: 1 user(s), 3 membership(s) removed, 0 inherited access(es) remaining',
                              'Compliance: dana@example.com removed (was Admin)',
                              'Payments: dana@example.com removed (was Viewer)',
                              'Risk: dana@example.com removed (was Analyst)',
                              'dana@example.com: no workspace access remains']
    assert [p['user'] for p in out['people']] == ['dana@example.com']
    assert len(out['removals']) == 3


# -- organization roles: inherited access explained, and ended on request (issue 24) ---------------------------------

def _org_result(demote, check_mode=True):
    """What the role's organization_user run returns: Adam an admin, Dana a member."""
    users = [{'user_id': DANA, 'email': 'dana@example.com', 'org_role': 'member'},
             {'user_id': ADAM, 'email': 'adam@example.com', 'org_role': 'member' if demote else 'admin'}]
    actions = [{'user_id': ADAM, 'email': 'adam@example.com', 'action': 'role_changed', 'before': {'org_role': 'admin'},
                'after': {'org_role': 'member'}}] if demote else []
    return {'changed': False, 'users': users, 'actions': actions}


def test_the_organization_read_covers_the_people_found_by_uuid_each_once():
    people = ['dana@example.com', ADAM.upper(), 'adam@example.com', ERIK]
    assert outcome(people, BEFORE)['organization'] == [{'user': DANA}, {'user': ADAM}]
    assert outcome(people, BEFORE, demote_admins=True)['organization'] == [
        {'user': DANA, 'org_role': 'member'}, {'user': ADAM, 'org_role': 'member'}]


def test_without_the_variable_an_admin_keeps_inherited_access_and_the_summary_says_how_to_end_it():
    out = outcome(['adam@example.com'], BEFORE, ACTIONS[3:], AFTER, organization=_org_result(False))
    assert out['demotions'] == [] and out['people'][0]['org_role'] == 'admin'
    assert out['summary'][-1] == ('adam@example.com: inherited access remains (organization role admin): set '
                                  'workspace_offboarding_demote_admins to end it; in Compliance (Admin), Customer '
                                  'Support (Admin), Payments (Admin), Risk (Admin)')


def test_with_the_variable_check_mode_predicts_the_demotion_and_no_remaining_access():
    org = _org_result(True)
    out = outcome(['adam@example.com'], BEFORE, ACTIONS[3:], check_mode=True, organization=org, demote_admins=True)
    assert out['demotions'] == [{'user': ADAM, 'org_role': 'member'}]
    assert out['summary'] == [
        'Offboarding (check mode, nothing written): 1 user(s), 1 membership(s) would be removed, 0 inherited '
        'access(es) remaining, 1 organization role(s) to change to member',
        'Risk: adam@example.com would be removed (was Admin)',
        'adam@example.com: organization role admin would change to member: inherited access to every workspace would end',
        'adam@example.com: no workspace access remains']
    real = outcome(['adam@example.com'], BEFORE, ACTIONS[3:], [], organization=org, demoted=org['actions'],
                   demote_admins=True)
    assert real['summary'][0].endswith('0 inherited access(es) remaining, 1 organization role(s) changed to member')
    assert real['summary'][2].endswith('changed to member: inherited access to every workspace ended')


@pytest.mark.parametrize('protected', [['Adam@Example.com'], [ADAM.upper()]])
def test_a_protected_admin_is_never_made_member(protected):
    with pytest.raises(ValueError, match='user %s [(]adam@example.com[)] is protected' % ADAM):
        outcome(['adam@example.com'], BEFORE, organization=_org_result(True), demote_admins=True, protected=protected)
    # Without the variable nothing is demoted, so nothing is refused.
    assert outcome(['adam@example.com'], BEFORE, organization=_org_result(False), protected=protected)['demotions'] == []
