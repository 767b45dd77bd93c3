# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_actions.py: what the onboarding role and the converge playbook print."""

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._actions import action_lines, onboarding_summary


def _action(workspace, user, action, before=None, after=None, email=True):
    return {'workspace_id': 'id-' + workspace, 'workspace_name': workspace, 'user_id': 'id-' + user,
            'user_email': user if email else None, 'action': action, 'role_before': before, 'role_after': after}


ACTIONS = [
    _action('Risk', 'erik@example.com', 'updated', 'Viewer', 'Analyst'),
    _action('Compliance', 'carol@example.com', 'added', None, 'Analyst'),
    _action('Risk', 'adam@example.com', 'removed', 'Admin', None),
    _action('Payments', 'bob@example.com', 'added', None, 'Viewer', email=False),
]


def test_action_lines_sorted_by_workspace_stable_within():
    assert action_lines(ACTIONS) == [
        'Compliance: carol@example.com added as Analyst',
        'Payments: id-bob@example.com added as Viewer',
        'Risk: erik@example.com updated from Viewer to Analyst',
        'Risk: adam@example.com removed (was Admin)',
    ]


def test_action_lines_in_check_mode():
    assert action_lines(ACTIONS[:1], check_mode=True) == ['Risk: erik@example.com would be updated from Viewer to Analyst']
    assert action_lines([]) == []


def test_action_lines_rejects_bad_input():
    with pytest.raises(ValueError, match='unknown action'):
        action_lines([_action('Risk', 'a', 'renamed')])


def test_onboarding_summary_counts_lines_and_plan_id():
    lines = onboarding_summary({'changed': True, 'actions': ACTIONS, 'plan_id': 'p1'}, 6)
    assert lines[0] == 'Onboarding: 6 membership(s) in the ticket; 2 added, 1 updated, 1 removed'
    assert lines[1:5] == action_lines(ACTIONS)
    assert lines[5] == 'Plan id: p1'


def test_onboarding_summary_check_mode_offers_the_plan_id_for_approval():
    lines = onboarding_summary({'actions': ACTIONS[:1], 'plan_id': 'p2'}, 1, check_mode=True)
    assert lines[0] == 'Onboarding (check mode, nothing written): 1 membership(s) in the ticket; 0 added, 1 updated, 0 removed'
    assert lines[1] == 'Risk: erik@example.com would be updated from Viewer to Analyst'
    assert lines[2].startswith('Plan id: p2 (give it as workspace_onboarding_expected_plan_id')


def test_onboarding_summary_nothing_to_do_and_skipped_task():
    assert onboarding_summary({'actions': [], 'plan_id': 'p3'}, 4) == [
        'Onboarding: 4 membership(s) in the ticket; 0 added, 0 updated, 0 removed (already in place)', 'Plan id: p3']
    assert onboarding_summary({'skipped': True, 'changed': False}, 0) == [
        'Onboarding: 0 membership(s) in the ticket; 0 added, 0 updated, 0 removed (already in place)']


INVITED = {'email': 'nora.hire@example.com', 'action': 'invited', 'enrollment_id': None, 'org_role': 'member',
           'status_before': None, 'status_after': 'PENDING'}
PENDING = [
    {'workspace': 'Risk', 'user': 'nora.hire@example.com', 'role': 'Analyst', 'state': 'present', 'status': 'PENDING',
     'similar_users': []},
    {'workspace': 'Payments', 'user': 'nora.hire@example.com', 'role': 'Viewer', 'state': 'present', 'status': 'PENDING',
     'similar_users': []},
]


def test_onboarding_summary_lists_the_invitations_and_the_pending_access():
    lines = onboarding_summary({'actions': ACTIONS[1:2], 'plan_id': 'p4'}, 3,
                               invitation={'changed': True, 'actions': [INVITED]}, pending=PENDING)
    assert lines == [
        'Onboarding: 3 membership(s) in the ticket; 1 added, 0 updated, 0 removed; 1 invitation(s) sent, '
        '2 membership(s) pending acceptance',
        'Compliance: carol@example.com added as Analyst',
        'nora.hire@example.com invited as member',
        'Payments: nora.hire@example.com pending as Viewer (invitation PENDING: a run after they accept grants it)',
        'Risk: nora.hire@example.com pending as Analyst (invitation PENDING: a run after they accept grants it)',
        'Plan id: p4']


def test_onboarding_summary_in_check_mode_predicts_the_invitations():
    lines = onboarding_summary({'skipped': True}, 2, True, {'actions': [INVITED]}, PENDING)
    assert lines[0] == ('Onboarding (check mode, nothing written): 2 membership(s) in the ticket; 0 added, 0 updated, '
                        '0 removed; 1 invitation(s) to send, 2 membership(s) pending acceptance')
    assert lines[1] == 'nora.hire@example.com would be invited as member'


def test_onboarding_summary_before_acceptance_is_pending_not_already_in_place():
    lines = onboarding_summary({'actions': [], 'plan_id': 'p5'}, 3, invitation={'actions': []}, pending=PENDING[:1])
    assert lines[0] == ('Onboarding: 3 membership(s) in the ticket; 0 added, 0 updated, 0 removed; 0 invitation(s) sent, '
                        '1 membership(s) pending acceptance')
    # A skipped invitation task (nobody to invite, or invitations off) changes nothing of the summary.
    assert onboarding_summary({'actions': []}, 1, invitation={'skipped': True}) == onboarding_summary({'actions': []}, 1)


def test_onboarding_summary_asks_did_you_mean_once_per_person_whose_email_looks_like_a_typo():
    typo = [dict(p, user='alice.martn@example.com', similar_users=['alice.martin@example.com']) for p in PENDING]
    lines = onboarding_summary({'actions': []}, 2, pending=typo)
    assert lines[-1] == ('alice.martn@example.com: no user has this e-mail; did you mean: alice.martin@example.com? '
                         '(check the ticket)')
    assert sum('did you mean' in line for line in lines) == 1
