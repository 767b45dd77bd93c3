# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ticket_members and duplicate_pairs: the onboarding ticket as one members list."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.transactionlink.access.plugins.filter.duplicate_pairs import duplicate_pairs
from ansible_collections.transactionlink.access.plugins.filter.ticket_members import FilterModule, ticket_members

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
    assert duplicate_pairs(members) == []


@pytest.mark.parametrize('bad, needle', [
    ({'user': 'a@example.com'}, 'must be a list'),
    (['a@example.com'], 'item 0'),
    ([{'user': 'a@example.com', 'workspaces': 'Risk'}], 'item 0'),
    ([{'user': 'a@example.com', 'workspaces': [{'role': 'Viewer'}]}], 'a@example.com'),
])
def test_malformed_ticket_says_what_is_wrong(bad, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        ticket_members(bad)


def test_unknown_state():
    with pytest.raises(AnsibleFilterError, match="state must be"):
        ticket_members(TICKET, state='gone')


def test_duplicate_pairs_case_insensitive_user_each_pair_once():
    members = ticket_members([
        {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
        {'user': 'Alice.Martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'},
                                                            {'workspace': 'Payments', 'role': 'Viewer'}]},
        {'user': 'ALICE.MARTIN@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Admin'}]},
        {'user': 'bob.nguyen@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Viewer'}]},
        {'user': 'bob.nguyen@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Viewer'}]},
    ])
    assert duplicate_pairs(members) == ['alice.martin@example.com in Risk', 'bob.nguyen@example.com in Payments']
    assert duplicate_pairs(ticket_members(TICKET)) == []


def test_duplicate_pairs_rejects_a_non_list():
    with pytest.raises(AnsibleFilterError):
        duplicate_pairs('alice')
    with pytest.raises(AnsibleFilterError):
        duplicate_pairs(['alice'])


def test_filter_module_exposes_the_filter():
    assert FilterModule().filters() == {'ticket_members': ticket_members}
