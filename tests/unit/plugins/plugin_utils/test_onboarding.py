# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_onboarding.py: who of an onboarding ticket is invited, granted now, or pending."""

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._onboarding import invitable, onboarding_plan
from ansible_collections.transactionlink.access.plugins.plugin_utils._ticket import ticket_members

UUID = '469c4dd5-2723-5c09-9865-2e878d745322'
TICKET = [
    {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    {'user': ' Nora.Hire@Example.com ', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                                       {'workspace': 'Payments', 'role': 'Viewer'}]},
    {'user': UUID, 'workspaces': [{'workspace': 'Compliance', 'role': 'Viewer'}]},
    {'user': 'bob', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]},
    {'user': 'nora.hire@example.com', 'workspaces': [{'workspace': 'Compliance', 'role': 'Admin'}]},
]


def _invitation(email, user_exists, status=None, similar=()):
    return {'email': email, 'enrollment_id': None, 'status': status, 'user_exists': user_exists,
            'similar_users': list(similar)}


@pytest.mark.parametrize('ref, expected', [
    ('alice@example.com', True), (' alice@example.com ', True), (UUID, False), (UUID.upper(), False),
    ('bob', False), ('a b@example.com', False), ('', False), (None, False),
])
def test_only_emails_are_invitable(ref, expected):
    assert invitable(ref) is expected


def test_without_invitations_everybody_is_a_member_and_each_email_is_invited_once():
    plan = onboarding_plan(TICKET)
    # Each e-mail once, the first spelling (trimmed), in the ticket's order; no UUID, no name.
    assert plan['invite'] == [{'email': 'alice.martin@example.com'}, {'email': 'Nora.Hire@Example.com'}]
    assert plan['members'] == ticket_members(TICKET)
    assert plan['pending'] == []


def test_people_without_a_user_are_pending_with_their_invitation_status():
    invitations = [_invitation('alice.martin@example.com', True),
                   _invitation('Nora.Hire@Example.com', False, 'PENDING', ['nora.hirst@example.com'])]
    plan = onboarding_plan(TICKET, invitations)
    assert [(m['workspace'], m['user']) for m in plan['members']] == [
        ('Risk', 'alice.martin@example.com'), ('Compliance', UUID), ('Risk', 'bob')]
    assert plan['pending'] == [
        {'workspace': 'Risk', 'user': ' Nora.Hire@Example.com ', 'role': 'Analyst', 'state': 'present',
         'status': 'PENDING', 'similar_users': ['nora.hirst@example.com']},
        {'workspace': 'Payments', 'user': ' Nora.Hire@Example.com ', 'role': 'Viewer', 'state': 'present',
         'status': 'PENDING', 'similar_users': ['nora.hirst@example.com']},
        {'workspace': 'Compliance', 'user': 'nora.hire@example.com', 'role': 'Admin', 'state': 'present',
         'status': 'PENDING', 'similar_users': ['nora.hirst@example.com']},
    ]
    # Once they accepted, the module says the user exists: everybody is a member.
    accepted = onboarding_plan(TICKET, [_invitation('alice.martin@example.com', True),
                                        _invitation('Nora.Hire@Example.com', True, 'ACCEPTED')])
    assert accepted['members'] == ticket_members(TICKET) and accepted['pending'] == []


def test_an_empty_invitation_list_leaves_everybody_in():
    assert onboarding_plan(TICKET, [])['members'] == ticket_members(TICKET)
    assert onboarding_plan([], []) == {'invite': [], 'members': [], 'pending': []}


@pytest.mark.parametrize('invitations, message', [
    (['nora@example.com'], r'invitations\[0\] must be an item of the organization_invitation result'),
    ([{'email': 'nora@example.com'}], 'user_exists'),
    ([{'user_exists': False}], r'invitations\[0\]'),
])
def test_a_malformed_invitation_result_is_refused(invitations, message):
    with pytest.raises(ValueError, match=message):
        onboarding_plan(TICKET, invitations)


def test_a_malformed_ticket_is_refused_naming_the_item():
    with pytest.raises(ValueError, match='item 1 of the ticket'):
        onboarding_plan([TICKET[0], {'user': 'x@example.com'}])
