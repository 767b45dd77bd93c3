# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_ticket.py: the onboarding ticket as one members list."""

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._ticket import ticket_members

TICKET = [
    {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                                        {'workspace': 'Payments', 'role': 'Viewer'}]},
    {'user': 'bob.nguyen@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Analyst'}]},
    {'user': 'carol.smith@example.com', 'workspaces': []},
]


def test_one_item_per_person_and_workspace_in_ticket_order():
    assert ticket_members(TICKET) == [
        {'workspace': 'Risk', 'user': 'alice.martin@example.com', 'role': 'Analyst', 'state': 'present'},
        {'workspace': 'Payments', 'user': 'alice.martin@example.com', 'role': 'Viewer', 'state': 'present'},
        {'workspace': 'Payments', 'user': 'bob.nguyen@example.com', 'role': 'Analyst', 'state': 'present'},
    ]


def test_state_absent_and_empty_ticket():
    assert [m['state'] for m in ticket_members(TICKET, state='absent')] == ['absent'] * 3
    assert ticket_members([]) == []


def test_the_ticket_is_not_modified():
    before = repr(TICKET)
    ticket_members(TICKET)
    assert repr(TICKET) == before


def test_large_ticket():
    ticket = [{'user': 'user%04d@example.com' % u, 'workspaces': [{'workspace': 'ws-%03d' % w, 'role': 'Viewer'}
                                                                  for w in range(5)]} for u in range(2000)]
    members = ticket_members(ticket)
    assert len(members) == 10000
    assert members[-1] == {'workspace': 'ws-004', 'user': 'user1999@example.com', 'role': 'Viewer', 'state': 'present'}


@pytest.mark.parametrize('bad, needle', [
    (['a@example.com'], 'item 0'),
    ([{'user': 'a@example.com', 'workspaces': 'Risk'}], 'item 0'),
    ([{'user': 'a@example.com', 'workspaces': [{'role': 'Viewer'}]}], 'a@example.com .ticket item 0'),
])
def test_malformed_ticket_says_what_is_wrong(bad, needle):
    with pytest.raises(ValueError, match=needle):
        ticket_members(bad)


def test_unknown_state():
    with pytest.raises(ValueError, match="state must be"):
        ticket_members(TICKET, state='gone')


def test_a_user_twice_in_one_workspace_is_passed_on_for_the_module_to_refuse():
    # The module refuses it before any write, naming both items (tests/unit/plugins/modules/test_bad_input.py,
    # "duplicate user in a workspace"): no second check here or in the role.
    twice = [{'user': 'alice@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
             {'user': 'Alice@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]}]
    assert [m['user'] for m in ticket_members(twice)] == ['alice@example.com', 'Alice@example.com']
