# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The plan document: what a run will change, in one versioned JSON document that a policy engine reads.

Pure: ``plan_document()`` takes one ``WorkspaceRecord`` per workspace the run manages (with its
``ChangeRecord`` and ``MemberRecord`` rows) and the time of the run, and returns the document as plain
JSON-ready data. Its JSON Schema is ``docs/schemas/plan.schema.json`` in the collection; the document
is described in docs/docsite/rst/policies.rst.
"""

import datetime

from dataclasses import dataclass
from typing import Optional

FORMAT_VERSION = '1.0'
ACTIONS = ('added', 'updated', 'removed')
REQUESTED = 'requested'  # the task lists the user (present, or absent)
EXCLUSIVE = 'exclusive'  # an unlisted member, removed by exclusive
EXCLUSIVE_ROLE = 'exclusive_role'  # an unlisted member with one of the exclusive roles
EXPIRED = 'expired'  # listed, but the access has ended
REASONS = (REQUESTED, EXCLUSIVE, EXCLUSIVE_ROLE, EXPIRED)


@dataclass(frozen=True)
class ChangeRecord:
    """One planned write. ``user`` is the e-mail (None when the user list was not read); roles by name.

    ``expires`` is the first instant without the access granted (aware datetime) or None;
    ``team`` the team whose item decided it, None for a direct item or an unlisted member.
    """

    action: str
    user: Optional[str]
    user_id: str
    role_before: Optional[str]
    role_after: Optional[str]
    reason: str
    expires: Optional[datetime.datetime] = None
    team: Optional[str] = None


@dataclass(frozen=True)
class MemberRecord:
    """One direct member once the plan is applied (never an organization admin's inherited access)."""

    user: Optional[str]
    user_id: str
    role: str
    expires: Optional[datetime.datetime] = None


@dataclass(frozen=True)
class WorkspaceRecord:
    """One workspace the run manages: its changes (possibly none) and its direct members after them.

    ``plan_id`` is the id a check-mode run publishes for it and an apply checks; ``host`` its
    inventory host in a converge pass, None for a module run.
    """

    workspace: str
    workspace_id: str
    plan_id: str
    changes: tuple = ()
    after: tuple = ()
    host: Optional[str] = None


def plan_document(workspaces, generated_at, plan_id=None):
    """The document (a dict) of WORKSPACES (``WorkspaceRecord``) planned at GENERATED_AT (an aware datetime).

    PLAN_ID is the id of the whole run (what a module's ``expected_plan_id`` checks), None in a converge
    pass. Workspaces keep their order, changes theirs; ``after`` is sorted by e-mail, then user id.
    Raise ValueError on a record the format does not allow (an unknown action or reason, a naive time).
    """
    return {
        'format_version': FORMAT_VERSION,
        'generated_at': timestamp(generated_at, 'generated_at'),
        'plan_id': plan_id,
        'workspaces': [_workspace(ws) for ws in workspaces],
    }


def _workspace(ws):
    label = "workspace '{0}'".format(ws.workspace)
    return {
        'workspace': ws.workspace,
        'workspace_id': ws.workspace_id,
        'host': ws.host,
        'plan_id': ws.plan_id,
        'changes': [_change(label, change) for change in ws.changes],
        'after': [_member(label, member) for member in sorted(ws.after, key=lambda m: (m.user or '', m.user_id))],
    }


def _change(label, change):
    if change.action not in ACTIONS:
        raise ValueError('{0}: unknown action {1!r}: expected one of {2}'.format(label, change.action, ', '.join(ACTIONS)))
    if change.reason not in REASONS:
        raise ValueError('{0}: unknown reason {1!r}: expected one of {2}'.format(label, change.reason, ', '.join(REASONS)))
    return {
        'action': change.action,
        'user': change.user,
        'user_id': change.user_id,
        'role_before': change.role_before,
        'role_after': change.role_after,
        'expires': timestamp(change.expires, label),
        'team': change.team,
        'reason': change.reason,
    }


def _member(label, member):
    return {'user': member.user, 'user_id': member.user_id, 'role': member.role,
            'expires': timestamp(member.expires, label)}


def timestamp(moment, label):
    """MOMENT (aware datetime, or None) as RFC 3339 in UTC, ``+00:00`` (regopy's time.parse_rfc3339_ns takes no ``Z``)."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError('{0}: the time {1} has no offset'.format(label, moment.isoformat()))
    return moment.astimezone(datetime.timezone.utc).isoformat()
