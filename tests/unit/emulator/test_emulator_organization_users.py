# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's users as documented (UserResponse), PUT .../role and PUT .../profile, and strict mode.

Every API answer is validated against tests/emulator/openapi.yaml by the ``api`` fixture.
"""

import json

import pytest

from emulator import __main__ as cli
from emulator import seed
from emulator.store import Store

USERS = '/organizations/users'
ADAM = seed.user_id('adam.admin@example.com')
OLIVIA = seed.user_id('olivia.owner@example.com')
ALICE = seed.user_id('alice.martin@example.com')
PAYMENTS = seed.workspace_id('Payments')
ROLE = dict((name, seed.organization_role_id('demo', name)) for name in seed.ORGANIZATION_ROLE_NAMES)


def role_path(user):
    return '%s/%s/role' % (USERS, user)


def profile_path(user):
    return '%s/%s/profile' % (USERS, user)


def inherited_users(api, workspace=PAYMENTS):
    return set(m['userId'] for m in api.get('/organizations/workspaces/%s/memberships' % workspace).get_json())


def test_users_are_served_in_the_documented_shape(api):
    page = api.get(USERS + '?size=100').get_json()
    assert all(set(u) == {'id', 'email', 'idpId', 'roleId', 'profile', 'createdDateTime'} for u in page['content'])
    roles = dict((u['email'], u['roleId']) for u in page['content'])
    assert (roles['olivia.owner@example.com'], roles['adam.admin@example.com'], roles['alice.martin@example.com']) == (
        ROLE['owner'], ROLE['admin'], ROLE['member'])


def test_a_change_to_member_ends_inherited_access_and_a_promotion_grants_it(api):
    assert ADAM in inherited_users(api)
    answer = api.put(role_path(ADAM), json={'roleId': ROLE['member']})
    assert answer.status_code == 200 and answer.get_json()['roleId'] == ROLE['member']
    assert ADAM not in inherited_users(api)
    api.put(role_path(ALICE), json={'roleId': ROLE['admin']})
    assert ALICE in inherited_users(api)


def test_the_last_owner_keeps_the_role_until_another_owner_exists(api, assert_error):
    assert_error(api.put(role_path(OLIVIA), json={'roleId': ROLE['admin']}), 400, 'BAD_REQUEST', 'last owner')
    api.put(role_path(ADAM), json={'roleId': ROLE['owner']})
    assert api.put(role_path(OLIVIA), json={'roleId': ROLE['member']}).status_code == 200


@pytest.mark.parametrize('body, words', [
    ({}, ['roleId is required']),
    ({'roleId': 'owner'}, ['roleId', 'UUID']),
    ({'roleId': seed.role_id('Risk', 'Admin')}, ['not an organization role']),
    ({'roleId': ROLE['admin'], 'name': 'admin'}, ['unknown field(s) in the body: name']),
])
def test_a_bad_role_body_is_refused(api, assert_error, body, words):
    assert_error(api.put(role_path(ALICE), json=body), 400, 'BAD_REQUEST', *words)


def test_put_profile_replaces_the_whole_profile(api, assert_error):
    answer = api.put(profile_path(ALICE), json={'title': 'Head of Risk'})
    assert answer.get_json()['profile'] == {'firstName': None, 'lastName': None, 'title': 'Head of Risk'}
    answer = api.put(profile_path(ALICE), json={'firstName': 'Alice', 'lastName': 'Martin', 'title': None})
    assert answer.get_json()['profile'] == {'firstName': 'Alice', 'lastName': 'Martin', 'title': None}
    assert_error(api.put(profile_path(ALICE), json={'status': 'ACTIVE'}), 400, 'BAD_REQUEST', 'unknown field(s)')
    assert_error(api.put(profile_path(ALICE), json={'title': 3}), 400, 'BAD_REQUEST', 'title must be a string or null')


@pytest.mark.parametrize('path', [role_path(ALICE), profile_path(ALICE)])
def test_user_writes_need_can_manage_users(api, assert_error, path):
    assert_error(api.put(path, token='access_manager', json={}), 403, 'FORBIDDEN', 'can_manage_users')


def test_strict_mode_refuses_a_large_page_and_undocumented_parameters(api, assert_error):
    assert api.get(USERS + '?size=1000').get_json()['size'] == 100  # lenient: capped, as before
    assert api.get('/organizations/workspaces?page=0').status_code == 200  # lenient: ignored
    api.client.post('/_emulator/reset', json={'strict': True})
    assert api.client.get('/_emulator/health').get_json()['strict'] is True
    assert_error(api.get(USERS + '?size=1000'), 400, 'BAD_REQUEST', 'size must be at most 100, not 1000')
    assert_error(api.get(USERS + '?page=0&size=20&sort=email'), 400, 'BAD_REQUEST', 'undocumented query parameter(s) sort')
    assert_error(api.get('/organizations/workspaces?page=0'), 400, 'BAD_REQUEST', 'documents none')
    assert api.get(USERS + '?page=1&size=100').status_code == 200
    api.client.post('/_emulator/reset')  # back to the mode the emulator started in
    assert api.get(USERS + '?size=1000').status_code == 200


def test_strict_mode_from_the_command_line_and_the_environment(monkeypatch):
    monkeypatch.delenv(cli.STRICT_ENV, raising=False)
    assert cli.parse_args([]).strict is False and cli.parse_args(['--strict']).strict is True
    monkeypatch.setenv(cli.STRICT_ENV, 'true')
    assert cli.parse_args([]).strict is True


def test_a_state_file_of_the_old_user_shape_is_served_as_documented(tmp_path):
    state = seed.demo()
    state['users'] = [{'id': u['id'], 'email': u['email'], 'firstName': u['profile']['firstName'], 'lastName': 'X',
                       'title': 'T', 'status': 'ACTIVE', 'organizationRole': 'admin' if u['id'] == ADAM else 'member'}
                      for u in state['users']]
    path = tmp_path / 'state.json'
    path.write_text(json.dumps(state))
    store = Store.open(str(path))
    adam = store.user(ADAM)
    assert (adam['roleId'], adam['profile']) == (ROLE['admin'], {'firstName': 'Adam', 'lastName': 'X', 'title': 'T'})
    assert store.users_with_role('admin') == [ADAM]
