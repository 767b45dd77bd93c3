# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The results vocabulary: the flat rows, the actions and their wording that every module and report returns.

Memberships: ``flat_membership`` (a row of RV(memberships)), ``membership_action``
(an item of RV(actions)), ``describe_membership`` (one action as a line of text),
``membership_rows`` (the rows of one workspace), ``labels`` (the members of a diff). Invitations: ``invitation_action``,
``invitation_row``, ``invitation_diff``, ``describe_invitation``.
"""

from typing import List, Optional, Sequence

from ansible_collections.transactionlink.access.plugins.module_utils._invitation import plan as ip
from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils._organization import plan as op
from ansible_collections.transactionlink.access.plugins.module_utils._organization.records import PROFILE_FIELDS
from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api


def flat_membership(item: dict, workspace_name: Optional[str], user_email: Optional[str], inherited: bool = False) -> dict:
    """A WorkspaceMembershipResponse as the flat dict every result uses."""
    role = item.get('role') or {}
    return {
        'workspace_id': item.get('workspaceId'),
        'workspace_name': workspace_name,
        'user_id': item.get('userId'),
        'user_email': user_email,
        'role_id': role.get('id'),
        'role_name': role.get('name'),
        'inherited': inherited,
    }


def membership_action(ws: dict, change: mp.Change, user_email) -> dict:
    """The RV(actions) item of one planned change in workspace WS {id, name}."""
    return {
        'workspace_id': ws['id'],
        'workspace_name': ws['name'],
        'user_id': change.user_id,
        'user_email': user_email,
        'action': change.action,
        'role_before': (change.role_before or {}).get('name'),
        'role_after': (change.role_after or {}).get('name'),
        **({'reason': change.reason} if change.reason else {}),
    }


def membership_rows(directory, ws: dict, members: dict) -> list:
    """The RV(memberships) rows of workspace WS's MEMBERS {user id: role {id, name}}, by e-mail."""
    rows = [flat_membership({'workspaceId': ws['id'], 'userId': user_id, 'role': role},
                            ws['name'], directory.user_email(user_id))
            for user_id, role in members.items()]
    return sorted(rows, key=lambda r: (r['user_email'] or '', r['user_id']))


def labels(directory, members: dict) -> dict:
    """{user e-mail (or id when unknown): role name}, for a readable diff."""
    return {directory.user_email(user_id) or user_id: role['name'] for user_id, role in members.items()}


def describe_membership(action: dict, check_mode: bool = False) -> str:
    """One action (as a module returns it) as a line of text, the one wording every report uses.

    ``Risk: alice@example.com added as Viewer`` / ``updated from Viewer to Admin``
    / ``removed (was Viewer)`` / ``removed (was Viewer; access expired)``; with
    CHECK_MODE, ``would be added as ...``.
    """
    verb = 'would be ' if check_mode else ''
    templates = {mp.ADDED: '{verb}added as {after}', mp.UPDATED: '{verb}updated from {before} to {after}',
                 mp.REMOVED: '{verb}removed (was {before})'}
    if action.get('action') not in templates:
        raise ValueError('unknown action {0!r}: expected one of added, updated, removed'.format(action.get('action')))
    what = templates[action['action']].format(verb=verb, before=action.get('role_before'), after=action.get('role_after'))
    if action.get('reason') == mp.EXPIRED:
        what = what[:-1] + '; access expired)'
    elif action.get('reason'):
        what += ' ({0})'.format(action['reason'])
    return '{0}: {1} {2}'.format(action.get('workspace_name') or action.get('workspace_id'),
                                 action.get('user_email') or action.get('user_id'), what)


def invitation_action(entry: ip.Invitation) -> dict:
    """The RV(actions) item of an entry that writes."""
    return {
        'email': entry.email,
        'action': entry.action,
        'enrollment_id': entry.enrollment_id,
        'org_role': (entry.role or {}).get('name'),
        'status_before': entry.status_before,
        'status_after': entry.status_after,
    }


def invitation_row(entry: ip.Invitation) -> dict:
    """The RV(invitations) item of an entry: its state after the run (predicted in check mode)."""
    return {'email': entry.email, 'enrollment_id': entry.enrollment_id, 'status': entry.status_after,
            'user_exists': entry.user_exists, 'similar_users': list(entry.similar_users)}


def invitation_diff(entries: Sequence[ip.Invitation]) -> dict:
    """{before, after}: each e-mail's invitation status (null: none) and whether a user has that e-mail."""
    return {
        'before': dict((e.email, {'status': e.status_before, 'user_exists': e.user_exists}) for e in entries),
        'after': dict((e.email, {'status': e.status_after, 'user_exists': e.user_exists}) for e in entries),
    }


def describe_invitation(item: dict, check_mode: bool = False) -> str:
    """One action (as the module returns it) as a line of text, the one wording every report uses.

    ``new.hire@example.com invited as member`` / ``invitation resent (was EXPIRED)``
    / ``invitation cancelled (was PENDING)``; with CHECK_MODE, ``would be ...``.
    """
    verb = 'would be ' if check_mode else ''
    templates = {ip.INVITED: '{verb}invited as {role}', ip.RESENT: 'invitation {verb}resent (was {before})',
                 ip.CANCELLED: 'invitation {verb}cancelled (was {before})'}
    if item.get('action') not in templates:
        raise ValueError('unknown action {0!r}: expected one of {1}'.format(item.get('action'), ', '.join(ip.ACTIONS)))
    return '{0} {1}'.format(item.get('email'), templates[item['action']].format(
        verb=verb, role=item.get('org_role'), before=item.get('status_before')))


# How a person reads each organization_user action (the module, the offboarding summary).
ORGANIZATION_WORDING = {
    op.ROLE_CHANGED: '{who}: organization role {before} {verb} {after}{ends}',
    op.PROFILE_CHANGED: '{who}: profile {verb} ({fields})',
}


def organization_role_action(change: op.Change) -> dict:
    return {'user_id': change.user.id, 'email': change.user.email, 'action': op.ROLE_CHANGED,
            'before': {'org_role': change.role_before.name}, 'after': {'org_role': change.role_after.name}}


def organization_profile_action(change: op.Change) -> dict:
    return {'user_id': change.user.id, 'email': change.user.email, 'action': op.PROFILE_CHANGED,
            'before': change.user.profile.as_dict(), 'after': change.profile_after.as_dict()}


def organization_actions(changes: Sequence[op.Change]) -> List[dict]:
    """What a run writes, in the order of the items: each user's role change, then its profile change."""
    found = []
    for change in changes:
        if change.role_changed:
            found.append(organization_role_action(change))
        if change.profile_changed:
            found.append(organization_profile_action(change))
    return found


def organization_user_after(change: op.Change) -> dict:
    """A user of RV(users): after the run (predicted in check mode)."""
    return dict({'user_id': change.user.id, 'email': change.user.email, 'org_role': change.role_after.name},
                **change.profile_after.as_dict())


def organization_diff(changes: Sequence[op.Change]) -> dict:
    """Each requested user's role and profile, before and after, keyed by e-mail."""
    def state(change, after):
        role = change.role_after if after else change.role_before
        profile = change.profile_after if after else change.user.profile
        return dict({'org_role': role.name}, **profile.as_dict())
    return {'before': dict((c.user.email, state(c, False)) for c in changes),
            'after': dict((c.user.email, state(c, True)) for c in changes)}


def describe_organization(action: dict, check_mode: bool = False) -> str:
    """One line a person reads for an organization_user action."""
    before, after = action.get('before') or {}, action.get('after') or {}
    who = action.get('email') or action.get('user_id')
    if action.get('action') == op.ROLE_CHANGED:
        ends = ''
        if before.get('org_role') in api.ORGANIZATION_ADMIN_ROLES and after.get('org_role') not in api.ORGANIZATION_ADMIN_ROLES:
            ends = ': inherited access to every workspace {0}'.format('would end' if check_mode else 'ended')
        return ORGANIZATION_WORDING[op.ROLE_CHANGED].format(
            who=who, before=before.get('org_role'), after=after.get('org_role'), ends=ends,
            verb='would change to' if check_mode else 'changed to')
    fields = ', '.join('{0} {1!r} -> {2!r}'.format(f, before.get(f), after.get(f)) for f in PROFILE_FIELDS
                       if before.get(f) != after.get(f))
    return ORGANIZATION_WORDING[op.PROFILE_CHANGED].format(who=who, fields=fields, verb='would change' if check_mode else 'changed')
