# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Names to ids, with a per-run cache.

Each list (workspaces, a workspace's roles, its members, the user pages) is
fetched at most once per run and only when the run needs it. A name that is
unknown or ambiguous fails with the candidates listed. One Directory lives for
one module run: the cache is an instance attribute, never a global.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError

UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


def is_uuid(value):
    return bool(value) and bool(UUID_RE.match(str(value)))


def _role_ref(role):
    """The {id, name} of a RoleRefResponse."""
    return {'id': role.get('id'), 'name': role.get('name')}


class Directory(object):
    def __init__(self, client):
        self.client = client
        self.warnings = []
        self._workspaces = None
        self._roles = {}
        self._direct = {}
        self._all = {}
        self._users = None
        self._users_error = None

    # -- workspaces --------------------------------------------------------

    def workspaces(self):
        if self._workspaces is None:
            self._workspaces = [{'id': w.get('id'), 'name': w.get('name')} for w in self.client.list_workspaces()]
        return self._workspaces

    def workspace(self, ref):
        """The {id, name} of a workspace given by UUID or name."""
        found = self._match(self.workspaces(), ref, 'id', 'name')
        if found:
            return found
        raise InputError("workspace '{0}' not found{1}; available: {2}".format(
            ref, '' if is_uuid(ref) else ' (a name or a UUID is accepted)',
            _names(self.workspaces()) or 'none (the token may view no workspace)'))

    def workspace_name(self, workspace_id):
        for w in self.workspaces():
            if w['id'] == workspace_id:
                return w['name']
        return None

    # -- roles -------------------------------------------------------------

    def roles(self, workspace_id):
        if workspace_id not in self._roles:
            self._roles[workspace_id] = [_role_ref(r) for r in self.client.list_workspace_roles(workspace_id)]
        return self._roles[workspace_id]

    def role(self, workspace, ref, current=None):
        """The {id, name} of a role of this workspace, by UUID or name.

        When ``current`` (the member's present role) is the role asked for,
        the workspace's role list is not fetched: an unchanged member costs
        no lookup.
        """
        if current and (ref == current.get('name') or (is_uuid(ref) and ref.lower() == (current.get('id') or '').lower())):
            return current
        roles = self.roles(workspace['id'])
        found = self._match(roles, ref, 'id', 'name')
        if found:
            return found
        raise InputError("role '{0}' not found in workspace '{1}'; available: {2}".format(
            ref, workspace['name'], _names(roles) or 'none'))

    # -- memberships ---------------------------------------------------------

    def direct_memberships(self, workspace_id):
        if workspace_id not in self._direct:
            self._direct[workspace_id] = self.client.list_direct_memberships(workspace_id)
        return self._direct[workspace_id]

    def all_memberships(self, workspace_id):
        if workspace_id not in self._all:
            self._all[workspace_id] = self.client.list_all_memberships(workspace_id)
        return self._all[workspace_id]

    # -- users ---------------------------------------------------------------

    def users(self, needed_for=None):
        """Every user of the organization, or None when the token may not list them.

        ``needed_for`` names the user reference that cannot be resolved
        without the list: then a 403 is an error that says what to do.
        """
        if self._users is None and self._users_error is None:
            try:
                self._users = [{'id': u.get('id'), 'email': u.get('email')} for u in self.client.list_users()]
            except TransactionLinkError as exc:
                if exc.status != 403:
                    raise
                self._users_error = exc
                self.warnings.append(
                    'The token may not list users (it lacks the {0} scope): user_email is null in the '
                    'results and users given by UUID are not checked before writing.'.format(api.SCOPE_MANAGE_USERS))
        if self._users is None and needed_for is not None:
            raise InputError(
                "cannot look up user '{0}' by e-mail: listing users needs a token with the {1} scope, and the "
                "API answered: {2}. Give the user's UUID instead, which works without that scope.".format(
                    needed_for, api.SCOPE_MANAGE_USERS, self._users_error))
        return self._users

    def user(self, ref):
        """The {id, email} of a user given by UUID or e-mail (case-insensitive)."""
        if is_uuid(ref):
            user_id = ref.lower()
            return {'id': user_id, 'email': self.user_email(user_id)}
        users = self.users(needed_for=ref)
        wanted = ref.strip().lower()
        matches = [u for u in users if (u['email'] or '').lower() == wanted]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InputError("e-mail '{0}' matches {1} users (ids: {2}); give the user's UUID".format(
                ref, len(matches), ', '.join(u['id'] for u in matches)))
        close = difflib.get_close_matches(wanted, [(u['email'] or '').lower() for u in users], n=3)
        raise InputError("user '{0}' not found in the organization{1}. Users must be enrolled in the organization "
                         "before they can join a workspace.".format(
                             ref, '; did you mean: ' + ', '.join(close) if close else ''))

    def check_user_exists(self, user_id):
        """Before adding a user given by UUID: fail now rather than at the write."""
        users = self.users()
        if users is not None and user_id not in set(u['id'] for u in users):
            raise InputError('user {0} not found in the organization; check the UUID, or give the e-mail'.format(user_id))

    def user_email(self, user_id):
        """The e-mail of a user if the user list was fetched in this run, else None."""
        for u in self._users or []:
            if u['id'] == user_id:
                return u['email']
        return None

    @staticmethod
    def _match(items, ref, id_key, name_key):
        """Find by UUID, exact name, or unique case-insensitive name; raise on ambiguity."""
        ref = str(ref).strip()
        if is_uuid(ref):
            for item in items:
                if (item.get(id_key) or '').lower() == ref.lower():
                    return item
        for candidates in ([i for i in items if i.get(name_key) == ref],
                           [i for i in items if (i.get(name_key) or '').lower() == ref.lower()]):
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                raise InputError("name '{0}' is ambiguous: {1} match (ids: {2}); use the UUID".format(
                    ref, len(candidates), ', '.join(c[id_key] for c in candidates)))
        return None


def _names(items):
    return ', '.join(sorted(i['name'] for i in items if i.get('name')))


def flat_membership(item, workspace_name, user_email, inherited=False):
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
