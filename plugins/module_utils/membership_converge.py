# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge workspace memberships: resolve, plan every workspace, then write.

Every name is resolved and every workspace planned before the first write, so
bad input fails with nothing written. Check mode runs the same code and stops
short of the writes only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.transactionlink.access.plugins.module_utils.directory import flat_membership
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils import membership_plan as mp


def converge(directory, items, exclusive=False, check_mode=False, extra_workspaces=()):
    """Bring the listed memberships to their wanted state.

    ``items`` are dicts {workspace, user, role, state} as the user gave them
    (UUIDs or names); ``extra_workspaces`` are touched even with no item (an
    exclusive run with an empty list). Returns {changed, actions, memberships,
    diff, user_ids} (user_ids: the resolved id of each item); on an API
    failure mid-way the raised TransactionLinkError carries ``completed``, the
    actions already done.
    """
    user_ids = [None] * len(items)
    plans = [_plan_workspace(directory, ws, ws_items, exclusive, user_ids)
             for ws, ws_items in _by_workspace(directory, items, extra_workspaces)]

    if any(changes for dummy, dummy2, changes in plans):
        directory.users()  # e-mails for the report of what changes (None, with a warning, if not allowed)
    for ws, dummy, changes in plans:
        for change in changes:
            if change['action'] == mp.ADDED:
                directory.check_user_exists(change['user_id'])

    actions = []
    for ws, dummy, changes in plans:
        for change in changes:
            if not check_mode:
                try:
                    _write(directory.client, ws['id'], change)
                except TransactionLinkError as exc:
                    exc.completed = [_action(directory, done_ws, c) for done_ws, c in actions]
                    raise
            actions.append((ws, change))

    result = {'changed': bool(actions), 'actions': [_action(directory, ws, c) for ws, c in actions],
              'memberships': [], 'diff': {'before': {}, 'after': {}}, 'user_ids': user_ids}
    for ws, current, changes in plans:
        after = mp.apply(current, changes)
        result['memberships'].extend(_flat(directory, ws, after))
        result['diff']['before'][ws['name']] = _labels(directory, current)
        result['diff']['after'][ws['name']] = _labels(directory, after)
    return result


def _by_workspace(directory, items, extra_workspaces):
    """[(workspace {id, name}, [(index, item)])] in the order workspaces first appear."""
    groups, order = {}, []
    refs = [(None, ref) for ref in extra_workspaces] + [(i, item['workspace']) for i, item in enumerate(items)]
    for index, ref in refs:
        ws = directory.workspace(ref)
        if ws['id'] not in groups:
            groups[ws['id']] = (ws, [])
            order.append(ws['id'])
        if index is not None:
            groups[ws['id']][1].append((index, items[index]))
    return [groups[ws_id] for ws_id in order]


def _plan_workspace(directory, ws, ws_items, exclusive, user_ids):
    current = dict((m['userId'].lower(), {'id': m['role']['id'], 'name': m['role']['name']})
                   for m in directory.direct_memberships(ws['id']))
    wanted, seen = [], {}
    for index, item in ws_items:
        user = directory.user(item['user'])
        if user['id'] in seen:
            raise InputError("user '{0}' is listed twice for workspace '{1}' (members[{2}] and members[{3}]); "
                             "list each user once per workspace".format(item['user'], ws['name'], seen[user['id']], index))
        seen[user['id']] = index
        user_ids[index] = user['id']
        role = None
        if item['state'] == 'present':
            role = directory.role(ws, item['role'], current.get(user['id']))
        wanted.append(mp.desired(user['id'], item['state'], role))
    return ws, current, mp.plan(current, wanted, exclusive)


def _write(client, workspace_id, change):
    if change['action'] == mp.REMOVED:
        client.remove_membership(workspace_id, change['user_id'])
    else:
        client.set_membership(workspace_id, change['user_id'], change['role_after']['id'])


def _action(directory, ws, change):
    return {
        'workspace_id': ws['id'],
        'workspace_name': ws['name'],
        'user_id': change['user_id'],
        'user_email': directory.user_email(change['user_id']),
        'action': change['action'],
        'role_before': (change['role_before'] or {}).get('name'),
        'role_after': (change['role_after'] or {}).get('name'),
    }


def _flat(directory, ws, members):
    rows = [flat_membership({'workspaceId': ws['id'], 'userId': user_id, 'role': role},
                            ws['name'], directory.user_email(user_id))
            for user_id, role in members.items()]
    return sorted(rows, key=lambda r: (r['user_email'] or '', r['user_id']))


def _labels(directory, members):
    """{user e-mail (or id when unknown): role name}, for a readable diff."""
    return dict((directory.user_email(user_id) or user_id, role['name']) for user_id, role in members.items())
