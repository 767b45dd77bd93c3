# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's state: the organization, and its persistence in a JSON file.

The whole state (workspaces, roles, users, memberships, tokens) is one dict,
written atomically (temporary file + os.replace) after every change, and read
back at start, so a restarted emulator keeps it. All access goes through one
lock: the server is threaded.
"""

import copy
import json
import os
import tempfile
import threading

from . import seed as seeds

ADMIN_ROLE_NAME = 'Admin'
ORG_ADMIN_ROLES = ('owner', 'admin')


class Store:
    """The organization's state, optionally kept in the JSON file PATH."""

    def __init__(self, path=None, state=None):
        self.path = path
        self.lock = threading.RLock()
        self.state = state if state is not None else seeds.demo()
        self.save()

    @classmethod
    def open(cls, path=None, seed='demo', workspaces=None, users=None, reset=False):
        """Load PATH when it exists (unless RESET), else seed a new state."""
        if path and not reset and os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                try:
                    state = json.load(handle)
                except ValueError as e:
                    raise ValueError('state file %s is not valid JSON (%s): fix it or start with --reset' % (path, e))
            missing = [key for key in ('workspaces', 'roles', 'users', 'memberships', 'tokens', 'organizationRoles') if key not in state]
            if missing:
                raise ValueError('state file %s lacks %s: start with --reset' % (path, ', '.join(missing)))
            return cls(path, state)
        return cls(path, seeds.build(seed, workspaces, users))

    def reset(self, seed='demo', workspaces=None, users=None):
        state = seeds.build(seed, workspaces, users)
        with self.lock:
            self.state = state
            self.save()

    def save(self):
        """Write the state to the file, atomically; nothing when there is no file."""
        if not self.path:
            return
        with self.lock:
            directory = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(directory, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix='.tl-state-', suffix='.json', dir=directory)
            try:
                with os.fdopen(fd, 'w', encoding='utf-8') as handle:
                    json.dump(self.state, handle, indent=1, sort_keys=True)
                    handle.write('\n')
                os.replace(tmp, self.path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise

    # Look-ups. Every one returns a copy or None.

    def token(self, value):
        with self.lock:
            for token in self.state['tokens']:
                if token['token'] == value:
                    return copy.deepcopy(token)
        return None

    def add_token(self, name, value, scopes, workspaces=None):
        with self.lock:
            self.state['tokens'] = [t for t in self.state['tokens'] if t['token'] != value]
            self.state['tokens'].append({'name': name, 'token': value, 'scopes': list(scopes),
                                         'workspaces': list(workspaces) if workspaces is not None else None})
            self.save()

    def workspaces(self):
        with self.lock:
            return copy.deepcopy(self.state['workspaces'])

    def workspace(self, workspace_id):
        with self.lock:
            for ws in self.state['workspaces']:
                if ws['id'] == workspace_id:
                    return copy.deepcopy(ws)
        return None

    def roles(self, workspace_id=None):
        with self.lock:
            return [copy.deepcopy(r) for r in self.state['roles'] if workspace_id is None or r['workspaceId'] == workspace_id]

    def role(self, role_id):
        with self.lock:
            for role in self.state['roles']:
                if role['id'] == role_id:
                    return copy.deepcopy(role)
        return None

    def organization_roles(self):
        with self.lock:
            return copy.deepcopy(self.state['organizationRoles'])

    def users(self):
        """Every user, ordered by e-mail (the order of the paged listing)."""
        with self.lock:
            return sorted(copy.deepcopy(self.state['users']), key=lambda u: u['email'].lower())

    def user(self, user_id):
        with self.lock:
            for user in self.state['users']:
                if user['id'] == user_id:
                    return copy.deepcopy(user)
        return None

    def direct_memberships(self, workspace_id):
        """[(user_id, role_id)] of the workspace's direct memberships, in the order they were made."""
        with self.lock:
            return [(m['userId'], m['roleId']) for m in self.state['memberships'] if m['workspaceId'] == workspace_id]

    def inherited_memberships(self, workspace_id):
        """[(user_id, role_id)] of the organization owners and admins without a direct membership:
        they have the workspace's Admin role. Ordered by e-mail."""
        with self.lock:
            direct = set(user for user, _role in self.direct_memberships(workspace_id))
            admin_role = [r['id'] for r in self.state['roles'] if r['workspaceId'] == workspace_id and r['name'] == ADMIN_ROLE_NAME]
            if not admin_role:
                return []
            return [(u['id'], admin_role[0]) for u in self.users()
                    if u.get('organizationRole') in ORG_ADMIN_ROLES and u['id'] not in direct]

    # Changes. Each one is saved before it returns.

    def put_membership(self, workspace_id, user_id, role_id):
        """Add the membership or change its role in place. Return 'added', 'updated' or 'unchanged'."""
        with self.lock:
            for membership in self.state['memberships']:
                if membership['workspaceId'] == workspace_id and membership['userId'] == user_id:
                    if membership['roleId'] == role_id:
                        return 'unchanged'
                    membership['roleId'] = role_id
                    self.save()
                    return 'updated'
            self.state['memberships'].append({'workspaceId': workspace_id, 'userId': user_id, 'roleId': role_id})
            self.save()
            return 'added'

    def delete_membership(self, workspace_id, user_id):
        """Remove a direct membership. Return False when there was none."""
        with self.lock:
            kept = [m for m in self.state['memberships'] if not (m['workspaceId'] == workspace_id and m['userId'] == user_id)]
            if len(kept) == len(self.state['memberships']):
                return False
            self.state['memberships'] = kept
            self.save()
            return True

    def snapshot(self):
        """The whole state, with the memberships readable (workspace, e-mail, role names)."""
        with self.lock:
            state = copy.deepcopy(self.state)
            workspaces = dict((w['id'], w['name']) for w in state['workspaces'])
            roles = dict((r['id'], r['name']) for r in state['roles'])
            emails = dict((u['id'], u['email']) for u in state['users'])
            state['memberships'] = [{
                'workspaceId': m['workspaceId'], 'workspace': workspaces.get(m['workspaceId']),
                'userId': m['userId'], 'email': emails.get(m['userId']),
                'roleId': m['roleId'], 'role': roles.get(m['roleId']),
            } for m in state['memberships']]
            return state
