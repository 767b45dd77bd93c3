# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Seed data for the emulator: the ``demo`` organization and the ``bench`` one.

Every id is a uuid5 of a fixed name, so two runs (and the tests) agree on ids.
This module only builds plain dicts: it imports nothing outside the standard
library, so the pytest fixtures can read ``TOKENS`` without Flask.
"""

import uuid

NAMESPACE = uuid.UUID('7b0f5a52-3c1e-5d8e-9a4f-2f6a1c0e7d11')

SCOPE_VIEW_WORKSPACE = 'can_view_workspace'
SCOPE_MANAGE_ACCESS = 'can_manage_workspace_access'
SCOPE_MANAGE_USERS = 'can_manage_users'
ALL_SCOPES = (SCOPE_VIEW_WORKSPACE, SCOPE_MANAGE_ACCESS, SCOPE_MANAGE_USERS)

# Fixed organization tokens: 'tot_' + 52 characters, as documented.
TOKENS = {
    'admin': 'tot_b04b2259d98c6b0e71092c16abec648cf6e1a72104320fb73f0e',
    'readonly': 'tot_cb9fed19e9336ebc68e53006f4f20ba99760074a8af0a07cbca8',
    'access_manager': 'tot_4e371b0492fbfc5c3c910f374870f96be39e6c33bdfdeffceac8',
}
# A token limited to one workspace (demo seed: Risk; bench seed: ws-01).
LIMITED_TOKENS = {
    'risk_viewer': 'tot_8d5d76b0fe5c45b7d1f2b44b0abda2b9e6ac9f63e14102f81853',
}
TOKEN_SCOPES = {
    'admin': list(ALL_SCOPES),
    'readonly': [SCOPE_VIEW_WORKSPACE],
    'access_manager': [SCOPE_VIEW_WORKSPACE, SCOPE_MANAGE_ACCESS],
    'risk_viewer': [SCOPE_VIEW_WORKSPACE],
}

WORKSPACE_ROLE_NAMES = ('Viewer', 'Analyst', 'Admin')
ORGANIZATION_ROLE_NAMES = ('owner', 'admin', 'member')
CREATED = '2026-01-15T09:00:00Z'

DEMO_WORKSPACES = ('Risk', 'Payments', 'Compliance', 'Customer Support')
DEMO_OWNER = 'olivia.owner@example.com'
DEMO_ADMIN = 'adam.admin@example.com'
# (first, last, title); 40 users in all, the two organization admins included.
DEMO_PEOPLE = (
    ('Olivia', 'Owner', 'Chief Operating Officer'),
    ('Adam', 'Admin', 'IT Administrator'),
    ('Alice', 'Martin', 'Risk Analyst'),
    ('Bob', 'Nguyen', 'Payments Engineer'),
    ('Carol', 'Smith', 'Compliance Officer'),
    ('Dana', 'Kowalski', 'Head of Risk'),
    ('Erik', 'Johansson', 'Fraud Analyst'),
    ('Fatima', 'Haddad', 'Payments Analyst'),
    ('George', 'Okafor', 'Support Agent'),
    ('Hana', 'Suzuki', 'Data Scientist'),
    ('Ivan', 'Petrov', 'Risk Analyst'),
    ('Julia', 'Rossi', 'Support Lead'),
    ('Kenji', 'Tanaka', 'Backend Engineer'),
    ('Laura', 'Schmidt', 'Compliance Analyst'),
    ('Miguel', 'Garcia', 'Payments Operations'),
    ('Nina', 'Larsen', 'KYC Specialist'),
    ('Omar', 'Farouk', 'Fraud Analyst'),
    ('Paula', 'Costa', 'Support Agent'),
    ('Quentin', 'Dubois', 'Auditor'),
    ('Rita', 'Oliveira', 'Risk Manager'),
    ('Samuel', 'Okoye', 'Support Agent'),
    ('Tara', 'Walsh', 'Product Manager'),
    ('Umar', 'Hussain', 'KYC Specialist'),
    ('Vera', 'Novak', 'Compliance Analyst'),
    ('William', 'Brown', 'Finance Controller'),
    ('Xenia', 'Popescu', 'Data Analyst'),
    ('Yusuf', 'Demir', 'Support Agent'),
    ('Zoe', 'Clarke', 'Risk Analyst'),
    ('Aaron', 'Fischer', 'Payments Engineer'),
    ('Beatriz', 'Santos', 'Support Agent'),
    ('Chen', 'Wei', 'Fraud Analyst'),
    ('Diego', 'Fernandez', 'Compliance Officer'),
    ('Elena', 'Ivanova', 'Data Engineer'),
    ('Felix', 'Wagner', 'Support Agent'),
    ('Grace', 'Kim', 'Risk Analyst'),
    ('Hugo', 'Moreau', 'Payments Analyst'),
    ('Ines', 'Lopez', 'KYC Specialist'),
    ('Jonas', 'Berg', 'Auditor'),
    ('Kira', 'Sato', 'Support Agent'),
    ('Liam', 'Murphy', 'Security Engineer'),
)
# (email, workspace, role): the direct memberships of the demo organization.
DEMO_MEMBERSHIPS = (
    ('dana.kowalski@example.com', 'Risk', 'Analyst'),
    ('dana.kowalski@example.com', 'Payments', 'Viewer'),
    ('dana.kowalski@example.com', 'Compliance', 'Admin'),
    ('erik.johansson@example.com', 'Risk', 'Viewer'),
    ('fatima.haddad@example.com', 'Payments', 'Analyst'),
    (DEMO_ADMIN, 'Risk', 'Admin'),
)

SEEDS = ('demo', 'bench')
BENCH_DEFAULT_WORKSPACES = 3
BENCH_DEFAULT_USERS = 100


def _id(kind, *names):
    return str(uuid.uuid5(NAMESPACE, ':'.join((kind,) + names)))


def organization_id(seed):
    return _id('organization', seed)


def workspace_id(name):
    """Id of the workspace NAME (the same in every seed that has it)."""
    return _id('workspace', name)


def role_id(workspace_name, role_name):
    """Id of the workspace role ROLE_NAME in the workspace WORKSPACE_NAME."""
    return _id('role', workspace_name, role_name)


def user_id(email):
    return _id('user', email.lower())


def organization_role_id(seed, name):
    return _id('organization-role', seed, name)


def _workspace(name):
    return {'id': workspace_id(name), 'name': name, 'workspaceType': 'LIVE'}


def _roles(workspace_name):
    return [{'id': role_id(workspace_name, role), 'name': role, 'workspaceId': workspace_id(workspace_name),
             'createdDateTime': CREATED, 'type': 'WORKSPACE'} for role in WORKSPACE_ROLE_NAMES]


def user(seed, email, first, last, title, org_role, created=CREATED):
    """A user as the API answers it (the documented UserResponse): the organization role is its id (roleId),
    the names and the title are in ``profile``; there is no status."""
    return {'id': user_id(email), 'email': email, 'idpId': None, 'roleId': organization_role_id(seed, org_role),
            'profile': {'firstName': first, 'lastName': last, 'title': title}, 'createdDateTime': created}


def _tokens(limited_workspace):
    tokens = []
    for name, value in sorted(TOKENS.items()):
        tokens.append({'name': name, 'token': value, 'scopes': list(TOKEN_SCOPES[name]), 'workspaces': None})
    for name, value in sorted(LIMITED_TOKENS.items()):
        tokens.append({'name': name, 'token': value, 'scopes': list(TOKEN_SCOPES[name]),
                       'workspaces': [workspace_id(limited_workspace)]})
    return tokens


def _organization(seed, name):
    org_id = organization_id(seed)
    return {
        'version': 1,
        'seed': seed,
        'organization': {'id': org_id, 'name': name},
        'organizationRoles': [{'id': organization_role_id(seed, role), 'name': role, 'organizationId': org_id}
                              for role in ORGANIZATION_ROLE_NAMES],
    }


def demo():
    """The demo organization: 4 workspaces, 40 users, 2 organization admins."""
    state = _organization('demo', 'Demo Bank')
    state['workspaces'] = [_workspace(name) for name in DEMO_WORKSPACES]
    state['roles'] = [role for name in DEMO_WORKSPACES for role in _roles(name)]
    users = []
    for first, last, title in DEMO_PEOPLE:
        email = '%s.%s@example.com' % (first.lower(), last.lower())
        org_role = {DEMO_OWNER: 'owner', DEMO_ADMIN: 'admin'}.get(email, 'member')
        users.append(user('demo', email, first, last, title, org_role))
    state['users'] = users
    state['memberships'] = [{'workspaceId': workspace_id(ws), 'userId': user_id(email), 'roleId': role_id(ws, role)}
                            for email, ws, role in DEMO_MEMBERSHIPS]
    state['tokens'] = _tokens(DEMO_WORKSPACES[0])
    return state


def bench(workspaces=BENCH_DEFAULT_WORKSPACES, users=BENCH_DEFAULT_USERS):
    """WORKSPACES workspaces ws-01.., USERS users user001@example.com.., one owner, no memberships."""
    if workspaces < 1 or users < 0:
        raise ValueError('bench needs at least 1 workspace and 0 or more users')
    state = _organization('bench', 'Bench Org')
    names = ['ws-%02d' % (i + 1) for i in range(workspaces)]
    state['workspaces'] = [_workspace(name) for name in names]
    state['roles'] = [role for name in names for role in _roles(name)]
    people = [user('bench', DEMO_OWNER, 'Olivia', 'Owner', 'Chief Operating Officer', 'owner')]
    for i in range(users):
        email = 'user%03d@example.com' % (i + 1)
        people.append(user('bench', email, 'User', '%03d' % (i + 1), 'Bench User', 'member'))
    state['users'] = people
    state['memberships'] = []
    state['tokens'] = _tokens(names[0])
    return state


def build(seed='demo', workspaces=None, users=None):
    """The initial state for SEED ('demo' or 'bench')."""
    if seed == 'demo':
        return demo()
    if seed == 'bench':
        return bench(BENCH_DEFAULT_WORKSPACES if workspaces is None else workspaces,
                     BENCH_DEFAULT_USERS if users is None else users)
    raise ValueError('unknown seed %r (known: %s)' % (seed, ', '.join(SEEDS)))


def all_tokens():
    """Every seeded token, name -> value."""
    tokens = dict(TOKENS)
    tokens.update(LIMITED_TOKENS)
    return tokens
