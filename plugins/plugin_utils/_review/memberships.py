# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the memberships workspace_membership_info read, as review records."""

from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import Membership, fold

INFO_KEYS = ('workspace_name', 'workspace_id', 'user_email', 'user_id', 'role_name', 'role_id', 'inherited')


def _flat(found):
    """The flat membership dicts of FOUND: info results (a loop's ``results``, or one result) or flat dicts."""
    if isinstance(found, dict):
        found = [found]
    if not isinstance(found, list):
        raise ValueError('expected the registered workspace_membership_info results, got {0!r}'.format(found))
    for item in found:
        if not isinstance(item, dict):
            raise ValueError('every membership must be a dict, got {0!r}'.format(item))
        if item.get('failed'):
            raise ValueError('a workspace could not be read ({0}): {1}'.format(
                item.get('item') or 'all workspaces', item.get('msg') or 'failed'))
        if 'memberships' in item:
            yield from _flat(item['memberships'])
        elif 'workspace_id' in item:
            yield item
        elif not item.get('skipped'):
            raise ValueError('expected memberships or workspace_membership_info results, got {0!r}'.format(item))


def read(found):
    """Every membership FOUND, each (workspace, user) once, sorted by workspace name, user, role.

    A membership found twice (a workspace named twice in the scope) is kept
    once; direct wins over inherited for the same user and workspace.
    """
    kept = {}
    for row in _flat(found):
        missing = [key for key in ('workspace_id', 'user_id') if not row.get(key)]
        if missing:
            raise ValueError('a membership without {0}: {1!r}'.format(' or '.join(missing), row))
        record = Membership(str(row.get('workspace_name') or row['workspace_id']), str(row['workspace_id']),
                            row.get('user_email'), str(row['user_id']), row.get('role_name'), row.get('role_id'),
                            bool(row.get('inherited')))
        if record.key not in kept or kept[record.key].inherited:
            kept[record.key] = record
    return sorted(kept.values(), key=order)


def order(membership):
    """Sort key: workspace name, user, role as people read them, then the ids so that it is total."""
    return (fold(membership.workspace), fold(membership.shown_user), fold(membership.role), membership.workspace_id,
            membership.user_id)


def workspaces(records):
    """[(workspace UUID, name)] of RECORDS, each once, sorted by name."""
    seen = dict((m.workspace_id, m.workspace) for m in records)
    return sorted(seen.items(), key=lambda item: (fold(item[1]), item[0]))
