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
    members = []
    for index, person in enumerate(ticket):
        if not isinstance(person, dict) or 'user' not in person or not isinstance(person.get('workspaces'), (list, tuple)):
            raise ValueError('item {0} of the ticket must be a dict with user and a list of workspaces, '
                             'got {1!r}'.format(index, person))
        for access in person['workspaces']:
            if not isinstance(access, dict) or 'workspace' not in access:
                raise ValueError('a workspace entry of {0} (ticket item {1}) must be a dict with workspace and role, '
                                 'got {2!r}'.format(person['user'], index, access))
            members.append({'workspace': access['workspace'], 'user': person['user'],
                            'role': access.get('role'), 'state': state})
    return members
