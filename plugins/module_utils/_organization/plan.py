# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

Organization roles and profiles wanted versus the organization's users: what must be written.

Pure functions over named records, no API access: the same plan drives a real
run and check mode. Only the fields a task gives are compared; a profile
write carries the current values merged with the given ones. Every check
(unknown user or role, a user listed twice, an organization left without an
owner) raises InputError before any write.
"""

from typing import Dict, List, Sequence

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._organization.records import (
    PROFILE_FIELDS, Change, OrgRole, OrgUser, Wanted)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.plan import likely_typos, resolve_role

ROLE_CHANGED = 'role_changed'
PROFILE_CHANGED = 'profile_changed'
ACTIONS = (ROLE_CHANGED, PROFILE_CHANGED)


def _at(label: str) -> str:
    return '{0}: '.format(label) if label else ''


def requested(params: dict) -> List[Wanted]:
    """The users the task asks for: ``user`` mode is one item (no label), ``users`` mode labels each ``users[N]``;
    an item without ``org_role`` takes the task's. InputError naming the item for an empty user or field."""
    if params.get('users') is None:
        items, where = [dict((key, params.get(key)) for key in ('user', 'org_role') + PROFILE_FIELDS)], ''
    else:
        items, where = [dict(item or {}) for item in params['users']], 'users[{0}]'
    wanted = []
    for index, item in enumerate(items):
        label = where.format(index)
        ref = item.get('user')
        if not isinstance(ref, str) or not ref.strip():
            raise InputError('{0}no user given: give the e-mail address or the UUID of a user'.format(_at(label)))
        given = []
        for field in PROFILE_FIELDS:
            value = item.get(field)
            if value is None:
                continue
            if not str(value).strip():
                raise InputError('{0}{1} is empty: leave it out to keep the current value'.format(_at(label), field))
            given.append((field, str(value).strip()))
        role = item.get('org_role') if item.get('org_role') is not None else params.get('org_role')
        wanted.append(Wanted(label, ref.strip(), role.strip() if isinstance(role, str) and role.strip() else None,
                             tuple(given)))
    return wanted


class UserIndex:
    """The organization's users by id and by e-mail (case-insensitive), read once."""

    def __init__(self, users: Sequence[OrgUser]):
        self.users = list(users)
        self.by_id = dict((u.id, u) for u in self.users)
        self.by_email: Dict[str, List[OrgUser]] = {}
        for user in self.users:
            self.by_email.setdefault(user.email.lower(), []).append(user)

    def find(self, ref: str, label: str) -> OrgUser:
        """The user REF names (UUID or e-mail); InputError naming LABEL, with the e-mails it could be a typo of."""
        if is_uuid(ref):
            found = self.by_id.get(canonical_id(ref))
            if found is None:
                raise InputError('{0}user {1} not found in the organization; check the UUID, or give the e-mail'.format(
                    _at(label), ref))
            return found
        matches = self.by_email.get(ref.lower(), [])
        if len(matches) > 1:
            raise InputError("{0}e-mail '{1}' matches {2} users (ids: {3}); give the user's UUID".format(
                _at(label), ref, len(matches), ', '.join(sorted(u.id for u in matches))))
        if not matches:
            close = likely_typos(ref, [u.email for u in self.users])
            raise InputError("{0}user '{1}' not found in the organization{2}".format(
                _at(label), ref, '; did you mean: ' + ', '.join(close) if close else ''))
        return matches[0]


def plan(wanted: Sequence[Wanted], users: Sequence[OrgUser], roles: Sequence[OrgRole]) -> List[Change]:
    """One Change per wanted user, in order; InputError (before any write) for an unknown user or role, a user
    listed twice, or a result that leaves the organization without an owner."""
    index, by_id = UserIndex(users), dict((r.id, r) for r in roles)
    role_dicts = [{'id': r.id, 'name': r.name} for r in roles]
    changes, seen = [], {}
    for item in wanted:
        user = index.find(item.ref, item.label)
        if user.id in seen:
            raise InputError('{0}: user {1} is listed twice ({2} and {0}); list each user once'.format(
                item.label, user.email, seen[user.id]))
        seen[user.id] = item.label
        before = by_id.get(user.role_id) or OrgRole(user.role_id, user.role_id)
        after = before
        if item.org_role is not None:
            found = resolve_role(role_dicts, item.org_role, item.label)
            after = by_id[found['id']]
        changes.append(Change(item.label, user, before, after, user.profile.merged(item.given)))
    _check_owner(changes, index.users, by_id)
    return changes


def _check_owner(changes: Sequence[Change], users: Sequence[OrgUser], roles: Dict[str, OrgRole]):
    """InputError when the changes leave the organization without an owner (naming the items that demote one)."""
    after = dict((u.id, roles.get(u.role_id)) for u in users)
    after.update((c.user.id, c.role_after) for c in changes)
    if any(role is not None and role.name == api.ORGANIZATION_OWNER for role in after.values()):
        return
    demoted = [c for c in changes if c.role_changed and c.role_before.name == api.ORGANIZATION_OWNER]
    who = ', '.join('{0} ({1})'.format(c.label or c.user.email, c.user.email) for c in demoted) or 'this task'
    raise InputError('{0} would leave the organization without an {1}: make another user {1} first (in the same task '
                     'or before); nothing was changed'.format(who, api.ORGANIZATION_OWNER))


def write_order(changes: Sequence[Change]) -> List[List[Change]]:
    """The role writes in two waves, so that no moment lacks an owner: promotions to owner first, then the others."""
    writes = [c for c in changes if c.role_changed]
    first = [c for c in writes if c.role_after.name == api.ORGANIZATION_OWNER]
    return [first, [c for c in writes if c not in first]]
