# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: a person-centric access ticket as the flat members list of workspace_membership.

Pure functions over plain data; errors are ValueError naming the ticket item.
"""


def ticket_members(ticket, state='present'):
    """[{workspace, user, role, state}] for every (person, workspace) of TICKET, in the ticket's order.

    Names and UUIDs are passed on as written: the module resolves them, and it
    refuses a user listed twice in one workspace before any write.
    """
    if state not in ('present', 'absent'):
        raise ValueError("state must be 'present' or 'absent', not {0!r}".format(state))
    return [{'workspace': access['workspace'], 'user': person['user'], 'role': access.get('role'), 'state': state}
            for dummy, person, access in entries(ticket)]


def entries(people, what='the ticket'):
    """(index, person, workspace entry) for every workspace entry of PEOPLE (a ticket, or the audit's desired state).

    Each person is a dict with ``user`` and a list of ``workspaces``, each entry a
    dict with ``workspace`` (and ``role``); anything else is a ValueError naming
    the item of WHAT.
    """
    for index, person in enumerate(people or []):
        if not isinstance(person, dict) or 'user' not in person or not isinstance(person.get('workspaces'), (list, tuple)):
            raise ValueError('item {0} of {1} must be a dict with user and a list of workspaces, '
                             'got {2!r}'.format(index, what, person))
        for access in person['workspaces']:
            if not isinstance(access, dict) or 'workspace' not in access:
                raise ValueError('a workspace entry of {0} ({1} item {2}) must be a dict with workspace and role, '
                                 'got {3!r}'.format(person['user'], what.replace('the ', '', 1), index, access))
            yield index, person, access
