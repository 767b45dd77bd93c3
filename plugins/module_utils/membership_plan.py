# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Desired versus current membership of one workspace: what must change.

Pure functions over plain data, no API access: the same plan drives a real
run and check mode, so ``--check`` predicts exactly what a real run does.
"""

import hashlib
import json

ADDED = 'added'
UPDATED = 'updated'
REMOVED = 'removed'


def desired(user_id, state='present', role=None):
    """One wanted membership: ``role`` is a {id, name} dict when present."""
    return {'user_id': user_id, 'state': state, 'role': role}


def plan(current, wanted, exclusive=False):
    """Changes that turn ``current`` into ``wanted``.

    ``current`` maps user id -> role {id, name} (direct memberships only).
    ``wanted`` is a list of ``desired()`` items, each user at most once.
    With ``exclusive``, direct members not listed are removed.
    Returns a list of {user_id, action, role_before, role_after}: a role change
    is one update in place, never a removal and a re-add.
    """
    changes, listed = [], set()
    for item in wanted:
        user_id = item['user_id']
        if user_id in listed:
            raise ValueError('user {0} is listed twice'.format(user_id))
        listed.add(user_id)
        before = current.get(user_id)
        if item['state'] == 'absent':
            if before is not None:
                changes.append(_change(user_id, REMOVED, before, None))
        elif before is None:
            changes.append(_change(user_id, ADDED, None, item['role']))
        elif before['id'] != item['role']['id']:
            changes.append(_change(user_id, UPDATED, before, item['role']))
    if exclusive:
        for user_id in sorted(set(current) - listed):
            changes.append(_change(user_id, REMOVED, current[user_id], None))
    return changes


def apply(current, changes):
    """The membership map after the changes (a new dict; ``current`` is untouched)."""
    after = dict(current)
    for change in changes:
        if change['action'] == REMOVED:
            after.pop(change['user_id'], None)
        else:
            after[change['user_id']] = change['role_after']
    return after


def write_order(changes):
    """The order writes are sent in: every add and role change first, removals last.

    CHANGES is a list of (workspace, change) pairs; the relative order within
    each of the two groups is kept, so the order never depends on timing.
    """
    return ([pair for pair in changes if pair[1]['action'] != REMOVED]
            + [pair for pair in changes if pair[1]['action'] == REMOVED])


def plan_id(changes):
    """A stable digest of planned writes: CHANGES is a list of (workspace_id, change) pairs.

    It covers each write (workspace, user, action, role after) together with
    the member's current role, so the same input against the same API state
    gives the same id, and any difference in what would be written, or in the
    roles it would overwrite, gives another.
    """
    rows = sorted([workspace_id, c['user_id'], c['action'], (c['role_before'] or {}).get('id'),
                   (c['role_after'] or {}).get('id')] for workspace_id, c in changes)
    digest = hashlib.sha256(json.dumps(rows, separators=(',', ':')).encode('utf-8')).hexdigest()
    return 'tlp1-' + digest[:32]


def describe(action, check_mode=False):
    """One action (as a module returns it) as a line of text, the one wording every report uses.

    ``Risk: alice@example.com added as Viewer`` / ``updated from Viewer to Admin``
    / ``removed (was Viewer)``; with CHECK_MODE, ``would be added as ...``.
    """
    verb = 'would be ' if check_mode else ''
    templates = {ADDED: '{verb}added as {after}', UPDATED: '{verb}updated from {before} to {after}',
                 REMOVED: '{verb}removed (was {before})'}
    if action.get('action') not in templates:
        raise ValueError('unknown action {0!r}: expected one of added, updated, removed'.format(action.get('action')))
    what = templates[action['action']].format(verb=verb, before=action.get('role_before'), after=action.get('role_after'))
    return '{0}: {1} {2}'.format(action.get('workspace_name') or action.get('workspace_id'),
                                 action.get('user_email') or action.get('user_id'), what)


def _change(user_id, action, before, after):
    return {'user_id': user_id, 'action': action, 'role_before': before, 'role_after': after}
