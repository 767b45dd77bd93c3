# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""offboarding_removals, offboarding_report and offboarding_summary."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.transactionlink.access.plugins.filter.offboarding_removals import offboarding_removals
from ansible_collections.transactionlink.access.plugins.filter.offboarding_report import offboarding_report
from ansible_collections.transactionlink.access.plugins.filter.offboarding_summary import offboarding_summary

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


def test_removals_are_the_direct_memberships_each_once():
    assert offboarding_removals(BEFORE + BEFORE[:1]) == [
        {'workspace': 'ws-c', 'user': DANA, 'state': 'absent'},
        {'workspace': 'ws-p', 'user': DANA, 'state': 'absent'},
        {'workspace': 'ws-r', 'user': DANA, 'state': 'absent'},
        {'workspace': 'ws-r', 'user': ADAM, 'state': 'absent'},
    ]
    assert offboarding_removals([m for m in BEFORE if m['inherited']]) == []
    with pytest.raises(AnsibleFilterError):
        offboarding_removals({'memberships': BEFORE})


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
    assert (sorted((m['workspace_name'], m['role_name'], m['inherited']) for m in predicted[1]['remaining'])
            == sorted((m['workspace_name'], m['role_name'], m['inherited']) for m in real[1]['remaining']))


def test_report_rejects_non_lists():
    with pytest.raises(AnsibleFilterError, match='before'):
        offboarding_report(['a'], {'memberships': []})


def test_summary_lines():
    report = offboarding_report(['dana@example.com', 'adam@example.com', ERIK], BEFORE, ACTIONS, AFTER)
    lines = offboarding_summary(report)
    assert lines[0] == 'Offboarding: 3 user(s), 4 membership(s) removed, 4 inherited access(es) remaining'
    assert lines[1:4] == [
        'dana@example.com: removed from Compliance (Admin), Payments (Viewer), Risk (Analyst)',
        'dana@example.com: no workspace access remains',
        'adam@example.com: removed from Risk (Admin)',
    ]
    assert lines[4].startswith('adam@example.com: ACCESS REMAINS (inherited from the organization admin role')
    assert lines[4].endswith('in Compliance (Admin), Customer Support (Admin), Payments (Admin), Risk (Admin)')
    assert lines[5] == ERIK + ': no workspace access found, nothing to remove'


def test_summary_in_check_mode():
    lines = offboarding_summary(offboarding_report(['dana@example.com'], BEFORE, ACTIONS), check_mode=True)
    assert lines == ['Offboarding (check mode, nothing written): 1 user(s), 3 membership(s) would be removed, '
                     '0 inherited access(es) remaining',
                     'dana@example.com: would be removed from Compliance (Admin), Payments (Viewer), Risk (Analyst)',
                     'dana@example.com: no workspace access remains']
    with pytest.raises(AnsibleFilterError):
        offboarding_summary({'user': 'x'})
