# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read who has access to which workspace, optionally with inherited access."""

from ansible_collections.transactionlink.access.plugins.module_utils.directory import flat_membership
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid


def query(directory, workspace=None, user=None, role=None, include_inherited=False):
    """Flat memberships of one workspace (or every workspace the token can view).

    ``user`` is one user or a list of users (UUIDs or e-mails): only their
    memberships. Inherited access (organization admins) is what the
    organization-wide list has and the direct list has not; it is marked
    ``inherited: true``. The member lists of many workspaces are read in
    parallel.
    """
    workspaces = [directory.workspace(workspace)] if workspace else sorted(
        directory.workspaces(), key=lambda w: (w['name'] or '').lower())
    directory.users()  # e-mails for the report; None (with a warning) if the token may not list users
    refs = [user] if isinstance(user, str) else list(user or [])
    user_ids = set(directory.user(ref)['id'] for ref in refs) if refs else None

    ids = [ws['id'] for ws in workspaces]
    directory.prefetch_direct(ids)
    if include_inherited:
        directory.prefetch_all(ids)
    rows = []
    for ws in workspaces:
        direct = directory.direct_memberships(ws['id'])
        entries = [(m, False) for m in direct]
        if include_inherited:
            direct_ids = set(canonical_id(m['userId']) for m in direct)
            entries += [(m, True) for m in directory.all_memberships(ws['id']) if canonical_id(m['userId']) not in direct_ids]
        for item, inherited in entries:
            if user_ids is not None and canonical_id(item['userId']) not in user_ids:
                continue
            rows.append(flat_membership(item, ws['name'], directory.user_email(canonical_id(item['userId'])), inherited))

    if role:
        rows = [r for r in rows if _role_matches(r, role)]
        if not rows:
            _check_role_exists(directory, workspaces, role)
    return sorted(rows, key=lambda r: ((r['workspace_name'] or '').lower(), r['user_email'] or '', r['user_id']))


def _role_matches(row, role):
    if is_uuid(role):
        return canonical_id(row['role_id']) == canonical_id(role)
    return (row['role_name'] or '').lower() == role.strip().lower()


def _check_role_exists(directory, workspaces, role):
    """An empty result for a role name nobody has is fine; for a typo it is an error."""
    names, ids = set(), set()
    directory.prefetch_roles([ws['id'] for ws in workspaces])
    for ws in workspaces:
        for r in directory.roles(ws['id']):
            names.add(r['name'])
            ids.add(r['id'])
    if canonical_id(role) in ids or role.strip().lower() in set(n.lower() for n in names if n):
        return
    raise InputError("role '{0}' not found in {1}; available: {2}".format(
        role, "workspace '{0}'".format(workspaces[0]['name']) if len(workspaces) == 1 else 'any workspace',
        ', '.join(sorted(n for n in names if n)) or 'none'))
