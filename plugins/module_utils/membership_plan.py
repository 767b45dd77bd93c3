# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Desired versus current membership of one workspace: what must change.

Pure functions over small records, no API access: the same plan drives a real
run and check mode, so ``--check`` predicts exactly what a real run does.
``plan()`` takes one ``PlanInput`` (a workspace's current members, the
``Desired`` memberships, the plan-wide rules) and returns ``Change`` records.
A new input is a new field with a default: per user on ``Desired`` (an
expiry, a team), plan-wide on ``PlanInput`` (protected users, per-role
exclusivity).
"""

import hashlib
import json

from dataclasses import dataclass
from typing import Optional

ADDED = 'added'
UPDATED = 'updated'
REMOVED = 'removed'


@dataclass(frozen=True)
class Desired:
    """One wanted membership: ``role`` is a {id, name} dict when ``state`` is present, else None."""

    user_id: str
    state: str = 'present'
    role: Optional[dict] = None


@dataclass(frozen=True)
class PlanInput:
    """What the plan of one workspace is decided from.

    ``current`` maps user id -> role {id, name} (direct memberships only);
    ``wanted`` holds ``Desired`` records, each user at most once; with
    ``exclusive``, direct members not listed are removed.
    """

    current: dict
    wanted: tuple = ()
    exclusive: bool = False


@dataclass(frozen=True)
class Change:
    """One planned write: ``role_before`` is None for an add, ``role_after`` None for a removal."""

    user_id: str
    action: str
    role_before: Optional[dict] = None
    role_after: Optional[dict] = None


def plan(request):
    """The ``Change`` list that turns ``request.current`` into what ``request.wanted`` asks for.

    A role change is one update in place, never a removal and a re-add.
    Removals of unlisted members (``exclusive``) come last, by user id.
    """
    changes, listed = [], set()
    for wanted in request.wanted:
        if wanted.user_id in listed:
            raise ValueError('user {0} is listed twice'.format(wanted.user_id))
        listed.add(wanted.user_id)
        before = request.current.get(wanted.user_id)
        if wanted.state == 'absent':
            if before is not None:
                changes.append(Change(wanted.user_id, REMOVED, before, None))
        elif before is None:
            changes.append(Change(wanted.user_id, ADDED, None, wanted.role))
        elif before['id'] != wanted.role['id']:
            changes.append(Change(wanted.user_id, UPDATED, before, wanted.role))
    if request.exclusive:
        for user_id in sorted(set(request.current) - listed):
            changes.append(Change(user_id, REMOVED, request.current[user_id], None))
    return changes


def apply(current, changes):
    """The membership map after the changes (a new dict; ``current`` is untouched)."""
    after = dict(current)
    for change in changes:
        if change.action == REMOVED:
            after.pop(change.user_id, None)
        else:
            after[change.user_id] = change.role_after
    return after


def write_order(pairs):
    """The order writes are sent in: every add and role change first, removals last.

    PAIRS is a list of (anything, Change); the relative order within each of
    the two groups is kept, so the order never depends on timing.
    """
    return ([pair for pair in pairs if pair[1].action != REMOVED]
            + [pair for pair in pairs if pair[1].action == REMOVED])


def plan_id(pairs):
    """A stable digest of planned writes: PAIRS is a list of (workspace_id, Change).

    It covers each write (workspace, user, action, role after) together with
    the member's current role, so the same input against the same API state
    gives the same id, and any difference in what would be written, or in the
    roles it would overwrite, gives another. The order of PAIRS does not matter.
    """
    rows = sorted([workspace_id, c.user_id, c.action, (c.role_before or {}).get('id'), (c.role_after or {}).get('id')]
                  for workspace_id, c in pairs)
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
