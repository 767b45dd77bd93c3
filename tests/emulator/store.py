# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's state: the organization, and its persistence in a JSON file.

The state (workspaces, roles, users, memberships, tokens) lives in dicts keyed
by id, so every look-up and every change costs the same whatever the size of
the organization (10,000 memberships, 2,000 users). One lock guards them; it
is never held while the server sleeps (injected latency).

Persistence, with a state file PATH: the snapshot PATH (the whole state, JSON)
and the journal PATH.journal (one JSON line per change since the snapshot).
A change is applied, then appended to the journal and flushed to the
operating system before its answer leaves: nothing is rewritten per change,
and a change that was answered survives even a SIGKILL of the emulator
(not a power loss: no fsync). The snapshot is rewritten, atomically
(temporary file + os.replace), and the journal emptied: at start (after the
journal is replayed), on ``reset()``, on ``close()`` (the server calls it
when it stops on SIGTERM/SIGINT) and every COMPACT_AFTER changes. A stopped
emulator leaves only PATH.
"""

import bisect
import datetime
import json
import os
import tempfile
import threading
import uuid

from . import seed as seeds

ADMIN_ROLE_NAME = 'Admin'
ORG_ADMIN_ROLES = ('owner', 'admin')
REQUIRED_KEYS = ('workspaces', 'roles', 'users', 'memberships', 'tokens', 'organizationRoles')
# Keys of the state file other than the indexed lists, kept as they are.
META_KEYS = ('version', 'seed', 'organization', 'organizationRoles')
JOURNAL_SUFFIX = '.journal'
CHANGE_OPS = ('put', 'delete', 'token', 'enrollment', 'user')
# Enrollment (invitation) statuses, as documented.
PENDING, ACCEPTED, EXPIRED, CANCELLED = 'PENDING', 'ACCEPTED', 'EXPIRED', 'CANCELLED'
ENROLLMENT_STATUSES = (PENDING, ACCEPTED, EXPIRED, CANCELLED)
COMPACT_AFTER = 100000


class Store:
    """The organization's state, optionally kept in the JSON file PATH (and its journal)."""

    def __init__(self, path=None, state=None, journal=()):
        """STATE: the snapshot (default: the demo seed); JOURNAL: changes to replay on it."""
        self.path = path
        self.journal_path = path + JOURNAL_SUFFIX if path else None
        self.lock = threading.RLock()
        self.saves = 0  # how many times the snapshot was written
        self.journal_entries = 0  # changes in the journal since the last snapshot
        self._journal = None
        self._load(state if state is not None else seeds.demo())
        for change in journal:
            self._apply(change)
        self.save()

    @classmethod
    def open(cls, path=None, seed='demo', workspaces=None, users=None, reset=False):
        """Load PATH and replay its journal when PATH exists (unless RESET), else seed a new state."""
        if path and not reset and os.path.exists(path):
            with open(path, encoding='utf-8') as handle:
                try:
                    state = json.load(handle)
                except ValueError as e:
                    raise ValueError('state file %s is not valid JSON (%s): fix it or start with --reset' % (path, e)) from e
            missing = [key for key in REQUIRED_KEYS if not isinstance(state, dict) or key not in state]
            if missing:
                raise ValueError('state file %s lacks %s: start with --reset' % (path, ', '.join(missing)))
            return cls(path, state, _read_journal(path + JOURNAL_SUFFIX))
        return cls(path, seeds.build(seed, workspaces, users))

    def _load(self, state):
        """Build the indexes from STATE (the dict of the state file). Called with the lock held, or before any thread."""
        self._meta = dict((key, state[key]) for key in META_KEYS if key in state)
        self._workspaces = dict((w['id'], w) for w in state['workspaces'])
        self._roles = dict((r['id'], r) for r in state['roles'])
        self._roles_by_workspace = {}
        self._admin_role = {}
        for role in state['roles']:
            self._roles_by_workspace.setdefault(role['workspaceId'], []).append(role)
            if role['name'] == ADMIN_ROLE_NAME:
                self._admin_role.setdefault(role['workspaceId'], role['id'])
        self._org_role_names = dict((r['id'], r['name']) for r in self._meta.get('organizationRoles', []))
        users = [self._documented_user(u) for u in state['users']]
        self._users = dict((u['id'], u) for u in users)
        self._users_by_email = sorted(users, key=lambda u: u['email'].lower())
        self._index_org_admins()
        # (workspace, user) -> role, in the order the memberships were made; and per workspace.
        self._memberships = {}
        self._by_workspace = {}
        for m in state['memberships']:
            self._apply({'op': 'put', 'workspaceId': m['workspaceId'], 'userId': m['userId'], 'roleId': m['roleId']})
        self._tokens = dict((t['token'], t) for t in state['tokens'])
        # Enrollments (invitations), in the order they were made; a state file from before them has none.
        self._enrollments = {}
        for enrollment in state.get('enrollments', []):
            self._apply({'op': 'enrollment', 'enrollment': enrollment})

    def _apply(self, change):
        """Apply one change (a journal entry) to the indexes; the same whether live or replayed."""
        op = change['op']
        if op == 'put':
            ws, user = change['workspaceId'], change['userId']
            self._memberships[(ws, user)] = change['roleId']  # a changed role keeps its place
            self._by_workspace.setdefault(ws, {})[user] = change['roleId']
        elif op == 'delete':
            ws, user = change['workspaceId'], change['userId']
            if self._memberships.pop((ws, user), None) is not None:
                del self._by_workspace[ws][user]
        elif op == 'enrollment':
            enrollment = change['enrollment']
            self._enrollments[enrollment['enrollmentId']] = dict(enrollment)  # a changed one keeps its place
        elif op == 'user':
            self._put_user(change['user'])
        elif op == 'token':
            token = change['token']
            self._tokens.pop(token['token'], None)
            self._tokens[token['token']] = token
        else:
            raise ValueError('unknown change %r' % (op,))

    def _record(self, change):
        """Called with the lock held: apply CHANGE and append it to the journal (flushed)."""
        self._apply(change)
        if not self.path:
            return
        if self._journal is None:
            self._journal = open(self.journal_path, 'a', encoding='utf-8')  # pylint: disable=consider-using-with
        self._journal.write(json.dumps(change) + '\n')
        self._journal.flush()
        self.journal_entries += 1
        if self.journal_entries >= COMPACT_AFTER:
            self.save()

    def _documented_user(self, user):
        """USER in the documented UserResponse shape. A state file written before the emulator served it
        (names, title, status and organizationRole at the top level) is read as it would have been served."""
        if 'profile' in user:
            return _copy(user)
        role_ids = dict((name, role_id) for role_id, name in self._org_role_names.items())
        return {'id': user['id'], 'email': user['email'], 'idpId': user.get('idpId'),
                'roleId': role_ids.get(user.get('organizationRole'), role_ids.get('member')),
                'profile': {'firstName': user.get('firstName'), 'lastName': user.get('lastName'), 'title': user.get('title')},
                'createdDateTime': user.get('createdDateTime', seeds.CREATED)}

    def _index_org_admins(self):
        """The owners and admins of the organization (inherited access to every workspace), by e-mail."""
        self._org_admins = [u['id'] for u in self._users_by_email if self._org_role_names.get(u['roleId']) in ORG_ADMIN_ROLES]

    def _put_user(self, user):
        """Index a new user (an accepted invitation) or a changed one (role, profile); with the lock held, or while loading."""
        user = self._documented_user(user)
        current = self._users.get(user['id'])
        self._users[user['id']] = user
        if current is None:
            bisect.insort(self._users_by_email, user, key=lambda u: u['email'].lower())
        else:  # the e-mail never changes: same place
            self._users_by_email = [user if u['id'] == user['id'] else u for u in self._users_by_email]
        self._index_org_admins()

    def _readable_user(self, user):
        """USER with its organization role's name (organizationRole), as the admin routes show it."""
        return dict(_copy(user), organizationRole=self._org_role_names.get(user['roleId']))

    def reset(self, seed='demo', workspaces=None, users=None):
        state = seeds.build(seed, workspaces, users)
        with self.lock:
            self._load(state)
            self.save()

    # Persistence.

    def document(self):
        """The state as the JSON file holds it (a new dict; the lists share their unchanged items)."""
        with self.lock:
            state = dict(self._meta)
            state['workspaces'] = list(self._workspaces.values())
            state['roles'] = list(self._roles.values())
            state['users'] = list(self._users.values())
            state['memberships'] = [{'workspaceId': ws, 'userId': user, 'roleId': role}
                                    for (ws, user), role in self._memberships.items()]
            state['tokens'] = list(self._tokens.values())
            state['enrollments'] = list(self._enrollments.values())
            return state

    def save(self):
        """Write the snapshot now and empty the journal; nothing without a file."""
        if not self.path:
            return False
        with self.lock:
            _write_json(self.path, self.document())
            if self._journal is not None:
                self._journal.close()
                self._journal = None
            if os.path.exists(self.journal_path):
                os.unlink(self.journal_path)
            self.journal_entries = 0
            self.saves += 1
        return True

    def close(self):
        """Write the snapshot (the journal's changes included) and close the journal."""
        self.save()

    # Look-ups. Each returns a new dict (or list of new dicts) or None.

    def token(self, value):
        with self.lock:
            token = self._tokens.get(value)
            return _copy(token) if token is not None else None

    def add_token(self, name, value, scopes, workspaces=None):
        token = {'name': name, 'token': value, 'scopes': list(scopes),
                 'workspaces': list(workspaces) if workspaces is not None else None}
        with self.lock:
            self._record({'op': 'token', 'token': token})

    def workspaces(self):
        with self.lock:
            return [dict(w) for w in self._workspaces.values()]

    def workspace(self, workspace_id):
        with self.lock:
            ws = self._workspaces.get(workspace_id)
            return dict(ws) if ws is not None else None

    def roles(self, workspace_id=None):
        with self.lock:
            if workspace_id is None:
                return [dict(r) for r in self._roles.values()]
            return [dict(r) for r in self._roles_by_workspace.get(workspace_id, ())]

    def role(self, role_id):
        with self.lock:
            role = self._roles.get(role_id)
            return dict(role) if role is not None else None

    def organization_roles(self):
        with self.lock:
            return [dict(r) for r in self._meta.get('organizationRoles', [])]

    def users(self):
        """Every user, ordered by e-mail (the order of the paged listing)."""
        with self.lock:
            return [dict(u) for u in self._users_by_email]

    def organization_role_name(self, role_id):
        """The name (owner, admin, member) of the organization role ROLE_ID, or None."""
        with self.lock:
            return self._org_role_names.get(role_id)

    def users_with_role(self, name):
        """The ids of the users whose organization role is NAME, by e-mail."""
        with self.lock:
            return [u['id'] for u in self._users_by_email if self._org_role_names.get(u['roleId']) == name]

    def users_page(self, start, stop):
        """(users START:STOP in e-mail order, the number of users)."""
        with self.lock:
            return [dict(u) for u in self._users_by_email[start:stop]], len(self._users_by_email)

    def user(self, user_id):
        with self.lock:
            user = self._users.get(user_id)
            return dict(user) if user is not None else None

    def direct_memberships(self, workspace_id):
        """[(user_id, role_id)] of the workspace's direct memberships, in the order they were made."""
        with self.lock:
            return list(self._by_workspace.get(workspace_id, {}).items())

    def inherited_memberships(self, workspace_id):
        """[(user_id, role_id)] of the organization owners and admins without a direct membership:
        they have the workspace's Admin role. Ordered by e-mail."""
        with self.lock:
            admin_role = self._admin_role.get(workspace_id)
            if admin_role is None:
                return []
            direct = self._by_workspace.get(workspace_id, {})
            return [(user, admin_role) for user in self._org_admins if user not in direct]

    def counts(self):
        with self.lock:
            return {'workspaces': len(self._workspaces), 'users': len(self._users), 'memberships': len(self._memberships)}

    def seed(self):
        with self.lock:
            return self._meta.get('seed')

    # Changes.

    def put_membership(self, workspace_id, user_id, role_id):
        """Add the membership or change its role in place. Return 'added', 'updated' or 'unchanged'."""
        with self.lock:
            current = self._memberships.get((workspace_id, user_id))
            if current == role_id:
                return 'unchanged'
            self._record({'op': 'put', 'workspaceId': workspace_id, 'userId': user_id, 'roleId': role_id})
            return 'added' if current is None else 'updated'

    def delete_membership(self, workspace_id, user_id):
        """Remove a direct membership. Return False when there was none."""
        with self.lock:
            if (workspace_id, user_id) not in self._memberships:
                return False
            self._record({'op': 'delete', 'workspaceId': workspace_id, 'userId': user_id})
            return True

    def set_user_role(self, user_id, role_id):
        """Give the user the organization role ROLE_ID; return the user. A change to member ends inherited access."""
        with self.lock:
            user = dict(self._users[user_id], roleId=role_id)
            if user != self._users[user_id]:
                self._record({'op': 'user', 'user': user})
            return _copy(user)

    def set_user_profile(self, user_id, profile):
        """Replace the user's profile with PROFILE ({firstName, lastName, title}); return the user."""
        with self.lock:
            user = dict(self._users[user_id], profile=dict(profile))
            if user != self._users[user_id]:
                self._record({'op': 'user', 'user': user})
            return _copy(user)

    # Enrollments (invitations to the organization).

    def enrollments_page(self, start, stop):
        """(enrollments START:STOP in the order they were made, how many in all)."""
        with self.lock:
            items = list(self._enrollments.values())
            return [dict(e) for e in items[start:stop]], len(items)

    def enrollment(self, enrollment_id):
        with self.lock:
            enrollment = self._enrollments.get(enrollment_id)
            return dict(enrollment) if enrollment is not None else None

    def find_enrollments(self, email):
        """Every enrollment of EMAIL (case-insensitive), in the order they were made."""
        with self.lock:
            return [dict(e) for e in self._enrollments.values() if e['email'].lower() == email.lower()]

    def user_by_email(self, email):
        with self.lock:
            for user in self._users.values():
                if user['email'].lower() == email.lower():
                    return dict(user)
            return None

    def create_enrollment(self, email, role_id, first_name=None, last_name=None, title=None, status=PENDING, sent=True):
        """A new enrollment (PENDING, its invitation sent now); its id is a uuid5 of its number, so runs agree on ids.
        Without SENT its lastInvitationSentAt is null (documented as nullable)."""
        with self.lock:
            number = len(self._enrollments) + 1
            enrollment = {'enrollmentId': str(uuid.uuid5(seeds.NAMESPACE, 'enrollment:%d' % number)), 'email': email,
                          'status': status, 'lastInvitationSentAt': _now() if sent else None, 'roleId': role_id,
                          'firstName': first_name, 'lastName': last_name, 'title': title}
            self._record({'op': 'enrollment', 'enrollment': enrollment})
            return dict(enrollment)

    def set_enrollment_status(self, enrollment_id, status, sent=False):
        """Change an enrollment's status (and, with SENT, its lastInvitationSentAt); return it."""
        with self.lock:
            enrollment = dict(self._enrollments[enrollment_id], status=status)
            if sent:
                enrollment['lastInvitationSentAt'] = _now()
            self._record({'op': 'enrollment', 'enrollment': enrollment})
            return dict(enrollment)

    def accept_enrollment(self, enrollment_id):
        """The person accepts: the enrollment is ACCEPTED and the user exists (id: seed.user_id of the e-mail)."""
        with self.lock:
            enrollment = self._enrollments[enrollment_id]
            role_id = enrollment.get('roleId')
            if role_id not in self._org_role_names:
                role_id = dict((name, r) for r, name in self._org_role_names.items()).get('member')
            user = {'id': seeds.user_id(enrollment['email']), 'email': enrollment['email'], 'idpId': None,
                    'roleId': role_id, 'profile': {'firstName': enrollment.get('firstName'),
                                                   'lastName': enrollment.get('lastName'), 'title': enrollment.get('title')},
                    'createdDateTime': _now()}
            if user['id'] not in self._users:
                self._record({'op': 'user', 'user': user})
            self.set_enrollment_status(enrollment_id, ACCEPTED)
            return self._readable_user(self._users[user['id']])

    def snapshot(self):
        """The whole state, with the memberships readable (workspace, e-mail, role names) and each user's
        organization role by name (organizationRole)."""
        with self.lock:
            state = _copy(self.document())
            state['users'] = [self._readable_user(u) for u in state['users']]
            names = dict((ws, w['name']) for ws, w in self._workspaces.items())
            roles = dict((r, role['name']) for r, role in self._roles.items())
            emails = dict((u, user['email']) for u, user in self._users.items())
        state['memberships'] = [{
            'workspaceId': m['workspaceId'], 'workspace': names.get(m['workspaceId']),
            'userId': m['userId'], 'email': emails.get(m['userId']),
            'roleId': m['roleId'], 'role': roles.get(m['roleId']),
        } for m in state['memberships']]
        return state


def _now():
    """The current UTC time as the API writes it (ISO 8601, microseconds: later invitations sort later)."""
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')


def _copy(value):
    """A deep copy of plain JSON data (dicts, lists, scalars): faster than copy.deepcopy."""
    if isinstance(value, dict):
        return dict((k, _copy(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _read_journal(path):
    """The changes in the journal PATH ([] when there is none). A torn last line (a kill mid-write) is left out."""
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as handle:
        lines = handle.read().split('\n')
    changes = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            change = json.loads(line)
        except ValueError as e:
            if number == len(lines):  # the last line, without its newline: written when the process died
                break
            raise ValueError('journal %s line %d is not valid JSON (%s): start with --reset' % (path, number, e)) from e
        if not isinstance(change, dict) or change.get('op') not in CHANGE_OPS:
            raise ValueError('journal %s line %d is not a change: start with --reset' % (path, number))
        changes.append(change)
    return changes


def _write_json(path, state):
    """Write STATE to PATH atomically: keys sorted, one list item per line (readable, and fast to write)."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix='.tl-state-', suffix='.json', dir=directory)
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as handle:
            handle.write('{\n')
            keys = sorted(state)
            for index, key in enumerate(keys):
                value = state[key]
                handle.write(' %s: ' % json.dumps(key))
                if isinstance(value, list) and value:
                    handle.write('[\n  ')
                    handle.write(',\n  '.join(json.dumps(item) for item in value))
                    handle.write('\n ]')
                else:
                    handle.write(json.dumps(value, sort_keys=True))
                handle.write(',\n' if index < len(keys) - 1 else '\n')
            handle.write('}\n')
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
