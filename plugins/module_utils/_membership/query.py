# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Read who has access to which workspace, optionally with inherited access.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils import results


def query(directory, workspace=None, user=None, role=None, include_inherited=False):
    """Flat memberships of one workspace (or every workspace the token can view).

    ``user`` is one user or a list of users (UUIDs or e-mails): only their
    memberships; an empty list means nobody, so nothing is listed (None means
    no filter). A list entry that is empty or not a string is refused,
    naming its index. Inherited access (organization admins) is what the
    organization-wide list has and the direct list has not; it is marked
    ``inherited: true``. The member lists of many workspaces are read in
    parallel.
    """
    refs = None if user is None else user_refs(user)
    workspaces = [directory.workspace(workspace)] if workspace else sorted(
        directory.workspaces(), key=lambda w: (w['name'] or '').lower())
    if refs == []:
        return []  # a filter that names nobody lists nobody, never everybody
    directory.users()  # e-mails for the report; None (with a warning) if the token may not list users
    user_ids = set(_labelled('user[{0}]'.format(i), directory.user, ref)['id'] for i, ref in enumerate(refs)) if refs else None

    ids = [ws['id'] for ws in workspaces]
    directory.prefetch_direct(ids)
    if include_inherited:
        directory.prefetch_all(ids)
    rows = []
    for ws in workspaces:
        direct = directory.direct_memberships(ws['id'])
        entries = [(m, False) for m in direct]
        if include_inherited:
            direct_ids = set(m['userId'] for m in direct)  # ids from the client are canonical already
            entries += [(m, True) for m in directory.all_memberships(ws['id']) if m['userId'] not in direct_ids]
        for item, inherited in entries:
            if user_ids is not None and item['userId'] not in user_ids:
                continue
            rows.append(results.flat_membership(item, ws['name'], directory.user_email(item['userId']), inherited))

    if role:
        rows = [r for r in rows if _role_matches(r, role)]
        if not rows:
            _check_role_exists(directory, workspaces, role)
    return sorted(rows, key=lambda r: ((r['workspace_name'] or '').lower(), r['user_email'] or '', r['user_id']))


def user_refs(user):
    """The user references of a ``user`` filter (one string, or a list): each checked, named by its index."""
    refs = [user] if isinstance(user, str) else list(user)
    for index, ref in enumerate(refs):
        if not isinstance(ref, str) and ref is not None:
            raise InputError('user[{0}] is of type {1} ({2!r}), not a user: give each user as an e-mail or a UUID string'.format(
                index, type(ref).__name__, ref))
        if ref is None or not ref.strip():
            raise InputError('user[{0}] is empty: give each user as an e-mail or a UUID (leave user out to list '
                             'everybody)'.format(index))
    return refs


def _labelled(label, lookup, *args):
    try:
        return lookup(*args)
    except InputError as exc:
        raise InputError('{0}: {1}'.format(label, exc), result=exc.result) from None


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
