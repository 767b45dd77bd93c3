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

Who wins when several ``Desired`` reach one user (``plan()``):

- a direct one (``team`` None) wins over every team one; two direct ones are refused;
- among team ones, a present (and not expired) one wins over absent and expired ones;
  present ones with different roles are decided by ``role_precedence`` (role names,
  strongest first), and without it (or with a role it does not list) refused
  with ``RoleConflict``;
- an expired one counts as ``absent`` (its removal carries ``reason='expired'``).

A protected user is never removed or changed by ``exclusive`` or
``exclusive_roles``; a ``Desired`` that would do it is refused with
``ProtectedMember``.
"""

import datetime
import hashlib
import json

from dataclasses import dataclass
from typing import Optional

from ansible_collections.transactionlink.access.plugins.module_utils._membership.expiry import has_expired

ADDED = 'added'
UPDATED = 'updated'
REMOVED = 'removed'
EXPIRED = 'expired'  # the reason of a removal whose access has ended


@dataclass(frozen=True)
class Desired:
    """One wanted membership: ``role`` is a {id, name} dict when ``state`` is present, else None.

    ``team`` names the team that reaches the user (None: a direct item);
    ``expires`` is the first instant without access (an aware datetime, see
    expiry.ends_at) or None.
    """

    user_id: str
    state: str = 'present'
    role: Optional[dict] = None
    team: Optional[str] = None
    expires: Optional[datetime.datetime] = None


@dataclass(frozen=True)
class PlanInput:
    """What the plan of one workspace is decided from.

    ``current`` maps user id -> role {id, name} (direct memberships only);
    ``wanted`` holds ``Desired`` records (a user once directly, and through
    any number of teams); with ``exclusive``, direct members not listed are
    removed; with ``exclusive_roles`` (role ids), those not listed whose
    current role is one of them. ``protected`` (user ids) are never removed
    or changed. ``now`` (aware) is required when a ``Desired`` expires;
    ``role_precedence`` holds role names (or ids), strongest first.
    """

    current: dict
    wanted: tuple = ()
    exclusive: bool = False
    now: Optional[datetime.datetime] = None
    protected: frozenset = frozenset()
    exclusive_roles: frozenset = frozenset()
    role_precedence: tuple = ()


@dataclass(frozen=True)
class Change:
    """One planned write: ``role_before`` is None for an add, ``role_after`` None for a removal.

    ``reason`` is ``'expired'`` for the removal of access that has ended, else None.
    """

    user_id: str
    action: str
    role_before: Optional[dict] = None
    role_after: Optional[dict] = None
    reason: Optional[str] = None


class PlanRefused(ValueError):
    """The wanted state cannot be planned: ``user_id`` says who, ``positions`` which ``wanted`` records (indexes).

    ``change`` is the refused ``Change``, when there is one.
    """

    def __init__(self, message, user_id, positions, change=None):
        super().__init__(message)
        self.user_id = user_id
        self.positions = tuple(positions)
        self.change = change


class RoleConflict(PlanRefused):
    """Team records give one user different roles, and ``role_precedence`` does not decide."""


class ProtectedMember(PlanRefused):
    """A record would remove a protected member, or change their role."""


def plan(request):
    """The ``Change`` list that turns ``request.current`` into what ``request.wanted`` asks for.

    A role change is one update in place, never a removal and a re-add.
    Users come in the order they are first wanted; removals of unlisted
    members (``exclusive``, ``exclusive_roles``) come last, by user id.
    """
    if request.now is None and any(w.expires is not None for w in request.wanted):
        raise ValueError('a wanted membership expires, but the plan was given no time (now)')
    changes, by_user = [], {}
    for position, wanted in enumerate(request.wanted):
        by_user.setdefault(wanted.user_id, []).append(position)
    for user_id, positions in by_user.items():
        position, state = _winner(request, user_id, positions)
        wanted, before = request.wanted[position], request.current.get(user_id)
        change = None
        if state != 'present':
            if before is not None:
                change = Change(user_id, REMOVED, before, None, EXPIRED if state == EXPIRED else None)
        elif before is None:
            change = Change(user_id, ADDED, None, wanted.role)
        elif before['id'] != wanted.role['id']:
            change = Change(user_id, UPDATED, before, wanted.role)
        if change is not None and change.action != ADDED and user_id in request.protected:
            raise ProtectedMember('user {0} is protected: it would be {1}'.format(user_id, change.action), user_id, [position], change)
        if change is not None:
            changes.append(change)
    for user_id in sorted(set(request.current) - set(by_user) - set(request.protected)):
        role = request.current[user_id]
        if request.exclusive or role['id'] in request.exclusive_roles:
            changes.append(Change(user_id, REMOVED, role, None))
    return changes


def _state(request, wanted):
    """'present', 'absent' or 'expired' (present, but its access has ended)."""
    if wanted.state != 'absent' and has_expired(wanted.expires, request.now):
        return EXPIRED
    return wanted.state


def _winner(request, user_id, positions):
    """(the position of the record that decides USER_ID's membership, its state) among POSITIONS."""
    direct = [p for p in positions if request.wanted[p].team is None]
    if len(direct) > 1:
        raise ValueError('user {0} is listed twice'.format(user_id))
    if direct:
        return direct[0], _state(request, request.wanted[direct[0]])
    states = [(p, _state(request, request.wanted[p])) for p in positions]
    present = [p for p, state in states if state == 'present']
    if not present:
        plain = [(p, state) for p, state in states if state == 'absent']
        return (plain or states)[0]
    roles = {}
    for p in present:
        roles.setdefault(request.wanted[p].role['id'], p)
    if len(roles) == 1:
        return present[0], 'present'
    ranks = dict((p, _rank(request.role_precedence, request.wanted[p].role)) for p in roles.values())
    if None in ranks.values():
        raise RoleConflict('user {0} gets different roles from teams, and role_precedence does not rank them all'.format(user_id),
                           user_id, present)
    return min(ranks, key=ranks.get), 'present'


def _rank(precedence, role):
    """ROLE's place in PRECEDENCE (names, case-insensitive, or ids), 0 the strongest; None when not listed."""
    for rank, ref in enumerate(precedence):
        text = str(ref).strip()
        if text.lower() == (role.get('name') or '').strip().lower() or text.lower() == role.get('id'):
            return rank
    return None


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
    removals = [pair for pair in pairs if pair[1].action == REMOVED]
    return [pair for pair in pairs if pair[1].action != REMOVED] + removals


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
