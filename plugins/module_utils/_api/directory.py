# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Names to ids, with a per-run cache.

Each list (workspaces, a workspace's roles, its members, the user pages) is
fetched at most once per run and only when the run needs it, and indexed once
in dicts: a lookup costs the same for the first item and the ten-thousandth.
Lists of many workspaces are fetched in parallel (``prefetch_*``, at most
``client.concurrency`` requests at once). A name that is unknown or ambiguous
fails with the candidates listed. One Directory lives for one module run: the
cache is an instance attribute, never a global.

The ids in the client's answers are canonical already (the client makes
them so); a reference a task gives (a UUID in any case, or a name) is made
canonical here, where it enters.
"""

import contextlib
import difflib
import threading

from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterator, List, Optional

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import bounded_map


class _Index:
    """Items {id, <name key>} found by id, exact name or unique case-insensitive name."""

    def __init__(self, items, name_key, kind):
        self.items = items
        self.kind = kind
        self.name_key = name_key
        self.by_id, self.by_name, self.by_lower = {}, {}, {}
        for item in items:
            self.by_id[item['id']] = item
            name = item.get(name_key) or ''
            self.by_name.setdefault(name, []).append(item)
            self.by_lower.setdefault(name.strip().lower(), []).append(item)

    def find(self, ref):
        """The item REF names (UUID, exact name, or unique case-insensitive name), or None; raise when ambiguous."""
        ref = str(ref).strip()
        if is_uuid(ref) and canonical_id(ref) in self.by_id:
            return self.by_id[canonical_id(ref)]
        for candidates in (self.by_name.get(ref, []), self.by_lower.get(ref.lower(), [])):
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                raise InputError("{0} name '{1}' is ambiguous: {2} {0}s have it (ids: {3}); use the UUID".format(
                    self.kind, ref, len(candidates), ', '.join(sorted(c['id'] for c in candidates))))
        return None

    def names(self):
        return ', '.join(sorted(set(i[self.name_key] for i in self.items if i.get(self.name_key))))


class Directory:
    def __init__(self, client):
        self.client = client
        self.warnings = []
        self._workspaces = None
        self._roles = {}
        self._direct = {}
        self._all = {}
        self._users = None
        self._users_error = None
        self._known = {}  # workspace id -> {id, name, type}, told by know()

    @property
    def concurrency(self):
        return getattr(self.client, 'concurrency', 1) or 1

    # -- workspaces --------------------------------------------------------

    def _workspace_index(self):
        if self._workspaces is None:
            items = [{'id': w.get('id'), 'name': w.get('name'), 'type': w.get('workspaceType')}
                     for w in self.client.list_workspaces()]
            self._workspaces = _Index(items, 'name', 'workspace')
        return self._workspaces

    def workspaces(self):
        """Every workspace the token may view: [{id, name, type}] as the API lists them."""
        return self._workspace_index().items

    def know(self, workspaces: List[dict]):
        """Be told WORKSPACES [{id, name, type}] (what an inventory gave): ``workspace()`` of one by its UUID is answered
        without listing the workspaces. One deleted since fails at its member list, before any write."""
        for ws in workspaces:
            ref = str(ws['id']).strip()
            if is_uuid(ref) and ws.get('name'):
                self._known[canonical_id(ref)] = {'id': canonical_id(ref), 'name': ws['name'], 'type': ws.get('type')}

    def workspace(self, ref: str) -> dict:
        """The {id, name, type} of a workspace given by UUID or name."""
        text = str(ref).strip()
        if is_uuid(text) and canonical_id(text) in self._known:
            return self._known[canonical_id(text)]
        index = self._workspace_index()
        found = index.find(ref)
        if found:
            return found
        raise InputError("workspace '{0}' not found{1}; available: {2}".format(
            ref, '' if is_uuid(ref) else ' (a name or a UUID is accepted)',
            index.names() or 'none (the token may view no workspace)'))

    # -- roles -------------------------------------------------------------

    def prefetch_roles(self, workspace_ids):
        """Fetch the role lists of these workspaces, in parallel, once each."""
        self._prefetch(self._roles, workspace_ids, self._fetch_roles)

    def _fetch_roles(self, workspace_id):
        items = [{'id': r.get('id'), 'name': r.get('name')}
                 for r in self.client.list_workspace_roles(workspace_id)]
        return _Index(items, 'name', 'role')

    def roles(self, workspace_id):
        self.prefetch_roles([workspace_id])
        return self._roles[workspace_id].items

    def role(self, workspace, ref, current=None):
        """The {id, name} of a role of this workspace, by UUID or name.

        When ``current`` (the member's present role) is the role asked for,
        the workspace's role list is not fetched: an unchanged member costs
        no lookup.
        """
        if is_role(ref, current):
            return current
        ref = str(ref).strip()
        self.prefetch_roles([workspace['id']])
        index = self._roles[workspace['id']]
        found = index.find(ref)
        if found:
            return found
        raise InputError("role '{0}' not found in workspace '{1}'; available: {2}".format(
            ref, workspace['name'], index.names() or 'none'))

    # -- memberships ---------------------------------------------------------

    def prefetch_direct(self, workspace_ids):
        """Fetch the direct member lists of these workspaces, in parallel, once each."""
        self._prefetch(self._direct, workspace_ids, self.client.list_direct_memberships)

    def prefetch_all(self, workspace_ids):
        """Fetch the direct-and-inherited member lists of these workspaces, in parallel, once each."""
        self._prefetch(self._all, workspace_ids, self.client.list_all_memberships)

    @contextlib.contextmanager
    def reading_ahead(self) -> Iterator[Callable[[str], None]]:
        """Within it, the function given (``read_ahead(workspace_id)``) starts reading that workspace's direct
        members in the background, while the caller works out what else it needs (a converge reads its hosts'
        variables); leaving it waits for every read started. At most ``concurrency`` reads at once, each
        workspace once. A read that fails is dropped and no more are started: the run reads it again when it
        needs it, and fails there in its own words.
        """
        pool = ThreadPoolExecutor(max_workers=self.concurrency)
        started, stop = set(), threading.Event()

        def read(workspace_id):
            if stop.is_set():
                return
            try:
                members = self.client.list_direct_memberships(workspace_id)
            except Exception:  # pylint: disable=broad-exception-caught  # read again, and reported, by the run
                stop.set()
            else:
                self._direct.setdefault(workspace_id, members)

        def read_ahead(workspace_id):
            ref = str(workspace_id).strip()
            key = canonical_id(ref) if is_uuid(ref) else None
            if key is not None and key not in started and key not in self._direct and not stop.is_set():
                started.add(key)
                pool.submit(read, key)

        try:
            yield read_ahead
        finally:
            pool.shutdown(wait=True)

    def direct_memberships(self, workspace_id):
        self.prefetch_direct([workspace_id])
        return self._direct[workspace_id]

    def all_memberships(self, workspace_id):
        self.prefetch_all([workspace_id])
        return self._all[workspace_id]

    def _prefetch(self, cache, workspace_ids, fetch):
        missing = []
        for workspace_id in workspace_ids:
            if workspace_id not in cache and workspace_id not in missing:
                missing.append(workspace_id)
        for workspace_id, value in zip(missing, bounded_map(fetch, missing, self.concurrency)):
            cache[workspace_id] = value

    # -- users ---------------------------------------------------------------

    def users(self, needed_for=None):
        """Every user of the organization, or None when the token may not list them.

        ``needed_for`` names the user reference that cannot be resolved
        without the list: then a 403 is an error that says what to do.
        """
        if self._users is None and self._users_error is None:
            try:
                items = [{'id': u.get('id'), 'email': u.get('email')} for u in self.client.list_users()]
            except TransactionLinkError as exc:
                if exc.status != 403:
                    raise
                self._users_error = exc
                self.warnings.append(
                    'The token may not list users (it lacks the {0} scope): user_email is null in the '
                    'results and users given by UUID are not checked before writing.'.format(api.SCOPE_MANAGE_USERS))
            else:
                self._users = _Index(items, 'email', 'user')
        if self._users is None and needed_for is not None:
            raise InputError(
                "cannot look up user '{0}' by e-mail: listing users needs a token with the {1} scope, and the "
                "API answered: {2}. Give the user's UUID instead, which works without that scope.".format(
                    needed_for, api.SCOPE_MANAGE_USERS, self._users_error))
        return self._users.items if self._users is not None else None

    def user(self, ref):
        """The {id, email} of a user given by UUID or e-mail (case-insensitive)."""
        if ref is None or not str(ref).strip():
            raise InputError('no user given: set user to an e-mail or a UUID')
        ref = str(ref).strip()
        if is_uuid(ref):
            user_id = canonical_id(ref)
            return {'id': user_id, 'email': self.user_email(user_id)}
        self.users(needed_for=ref)
        matches = self._users.by_lower.get(ref.lower(), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise InputError("e-mail '{0}' matches {1} users (ids: {2}); give the user's UUID".format(
                ref, len(matches), ', '.join(sorted(u['id'] for u in matches))))
        close = difflib.get_close_matches(ref.lower(), list(self._users.by_lower), n=3)
        raise InputError("user '{0}' not found in the organization{1}. Users must be enrolled in the organization "
                         "before they can join a workspace.".format(
                             ref, '; did you mean: ' + ', '.join(close) if close else ''))

    def user_known(self, user_id):
        """True or False when the user list is readable (fetching it if needed), None when the token may not list users."""
        if self.users() is None:
            return None
        return user_id in self._users.by_id

    def check_user_exists(self, user_id):
        """Before adding a user given by UUID: fail now rather than at the write."""
        if self.user_known(user_id) is False:
            raise InputError('user {0} not found in the organization; check the UUID, or give the e-mail'.format(user_id))

    def user_email(self, user_id):
        """The e-mail of a user if the user list was fetched in this run, else None."""
        if self._users is None:
            return None
        found = self._users.by_id.get(user_id)
        return found['email'] if found else None


def is_role(ref: Optional[str], role: Optional[dict]) -> bool:
    """True when REF (a task's role reference) names ROLE {id, name}: its exact name or its UUID in any case.

    The one test of "the member's current role": an unchanged member costs no role lookup.
    """
    if not role or ref is None:
        return False
    ref = str(ref).strip()
    return ref == role.get('name') or (is_uuid(ref) and canonical_id(ref) == role.get('id'))
