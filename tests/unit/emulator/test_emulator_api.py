# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulated API: auth, scopes, validation, memberships, users (Flask test client)."""

import pytest

from emulator import seed

RISK = seed.workspace_id('Risk')
PAYMENTS = seed.workspace_id('Payments')
COMPLIANCE = seed.workspace_id('Compliance')
ALICE = seed.user_id('alice.martin@example.com')
DANA = seed.user_id('dana.kowalski@example.com')
ERIK = seed.user_id('erik.johansson@example.com')
OLIVIA = seed.user_id(seed.DEMO_OWNER)
ADAM = seed.user_id(seed.DEMO_ADMIN)
UNKNOWN = '00000000-0000-4000-8000-000000000000'


def membership_path(workspace, user):
    return '/workspaces/%s/memberships/%s' % (workspace, user)


def put_body(user, workspace, role):
    return {'userId': user, 'roleId': seed.role_id(workspace, role)}


def direct(api, workspace):
    response = api.get('/workspaces/%s/memberships' % workspace)
    assert response.status_code == 200
    return dict((m['userId'], m['role']['name']) for m in response.get_json())


# Authentication


def test_missing_token_is_401(api, assert_error):
    assert_error(api.get('/organizations/workspaces', token=None), 401, 'UNAUTHORIZED', 'missing Authorization')


def test_bearer_prefix_is_401_and_says_why(api, assert_error):
    response = api.get('/organizations/workspaces', token='Bearer ' + seed.TOKENS['admin'])
    assert_error(response, 401, 'UNAUTHORIZED', 'without the Bearer prefix')


def test_unknown_token_is_401(api, assert_error):
    assert_error(api.get('/organizations/workspaces', token='tot_' + 'x' * 52), 401, 'UNAUTHORIZED', 'unknown')


def test_every_error_has_a_new_fingerprint(api):
    first = api.get('/organizations/workspaces', token=None).get_json()['fingerprint']
    second = api.get('/organizations/workspaces', token=None).get_json()['fingerprint']
    assert first != second


def test_seeded_tokens_have_the_documented_shape():
    for value in seed.all_tokens().values():
        assert value.startswith('tot_') and len(value) == 56
    assert set(seed.TOKENS) == {'admin', 'readonly', 'access_manager'}


# Scopes


def test_readonly_token_can_list_but_not_write(api, app, assert_error):
    assert api.get('/workspaces/%s/memberships' % RISK, token='readonly').status_code == 200
    response = api.put(membership_path(RISK, ALICE), token='readonly', json=put_body(ALICE, 'Risk', 'Viewer'))
    assert_error(response, 403, 'FORBIDDEN', 'can_manage_workspace_access')
    response = api.delete(membership_path(RISK, ERIK), token='readonly')
    assert_error(response, 403, 'FORBIDDEN', 'can_manage_workspace_access')
    assert ALICE not in direct(api, RISK) and ERIK in direct(api, RISK)


def test_users_need_can_manage_users(api, assert_error):
    assert_error(api.get('/organizations/users', token='access_manager'), 403, 'FORBIDDEN', 'can_manage_users')
    assert_error(api.get('/organizations/users/%s' % ALICE, token='readonly'), 403, 'FORBIDDEN', 'can_manage_users')
    assert_error(api.get('/organizations/roles', token='access_manager'), 403, 'FORBIDDEN', 'can_manage_users')
    assert api.get('/organizations/users', token='admin').status_code == 200


def test_access_manager_can_write(api):
    response = api.put(membership_path(RISK, ALICE), token='access_manager', json=put_body(ALICE, 'Risk', 'Viewer'))
    assert response.status_code == 200
    assert direct(api, RISK)[ALICE] == 'Viewer'


def test_token_limited_to_a_workspace(api, assert_error):
    listed = api.get('/organizations/workspaces', token='risk_viewer').get_json()
    assert [w['name'] for w in listed] == ['Risk']
    assert api.get('/workspaces/%s/memberships' % RISK, token='risk_viewer').status_code == 200
    assert_error(api.get('/workspaces/%s/memberships' % PAYMENTS, token='risk_viewer'), 403, 'FORBIDDEN', PAYMENTS)
    assert_error(api.get('/organizations/workspaces/%s/roles' % PAYMENTS, token='risk_viewer'), 403, 'FORBIDDEN')


# Listings


def test_workspaces(api):
    body = api.get('/organizations/workspaces').get_json()
    assert body == [{'id': seed.workspace_id(n), 'name': n, 'workspaceType': 'LIVE'} for n in seed.DEMO_WORKSPACES]


def test_roles_are_per_workspace(api):
    risk = api.get('/organizations/workspaces/%s/roles' % RISK).get_json()
    payments = api.get('/organizations/workspaces/%s/roles' % PAYMENTS).get_json()
    assert [r['name'] for r in risk] == ['Viewer', 'Analyst', 'Admin'] == [r['name'] for r in payments]
    assert not set(r['id'] for r in risk) & set(r['id'] for r in payments)
    assert all(r['workspaceId'] == RISK and r['type'] == 'WORKSPACE' for r in risk)


def test_demo_direct_memberships(api):
    assert direct(api, RISK) == {DANA: 'Analyst', ERIK: 'Viewer', ADAM: 'Admin'}
    assert direct(api, PAYMENTS) == {DANA: 'Viewer', seed.user_id('fatima.haddad@example.com'): 'Analyst'}
    assert direct(api, COMPLIANCE) == {DANA: 'Admin'}
    assert direct(api, seed.workspace_id('Customer Support')) == {}


def test_inherited_memberships_add_org_admins_without_direct_membership(api):
    everyone = api.get('/organizations/workspaces/%s/memberships' % RISK).get_json()
    by_user = dict((m['userId'], m) for m in everyone)
    # adam is a direct Admin of Risk: listed once; olivia (owner) inherits Admin.
    assert len(everyone) == 4 and set(by_user) == {DANA, ERIK, ADAM, OLIVIA}
    assert by_user[OLIVIA]['role']['id'] == seed.role_id('Risk', 'Admin')
    assert set(by_user[OLIVIA]) == {'workspaceId', 'userId', 'role'}  # nothing marks it inherited
    payments = dict((m['userId'], m['role']['name']) for m in api.get('/organizations/workspaces/%s/memberships' % PAYMENTS).get_json())
    assert payments[ADAM] == 'Admin' and payments[OLIVIA] == 'Admin'
    assert ADAM not in direct(api, PAYMENTS)


def test_inherited_entry_yields_to_a_direct_membership(api):
    assert api.put(membership_path(PAYMENTS, OLIVIA), json=put_body(OLIVIA, 'Payments', 'Viewer')).status_code == 200
    entries = [m for m in api.get('/organizations/workspaces/%s/memberships' % PAYMENTS).get_json() if m['userId'] == OLIVIA]
    assert [m['role']['name'] for m in entries] == ['Viewer']


def test_users_pagination_covers_everyone_once(api):
    seen = []
    page = 0
    while True:
        body = api.get('/organizations/users?page=%d&size=7' % page).get_json()
        assert body['size'] == 7 and body['number'] == page
        assert body['totalElements'] == 40 and body['totalPages'] == 6
        seen.extend(u['email'] for u in body['content'])
        page += 1
        if page >= body['totalPages']:
            break
    assert len(seen) == len(set(seen)) == 40
    assert seen == sorted(seen)
    for name in ('alice.martin', 'bob.nguyen', 'carol.smith', 'dana.kowalski', 'erik.johansson', 'fatima.haddad',
                 'george.okafor', 'hana.suzuki', 'olivia.owner', 'adam.admin'):
        assert name + '@example.com' in seen


def test_users_default_size_and_cap(api):
    body = api.get('/organizations/users').get_json()
    assert (body['size'], body['number'], len(body['content']), body['totalPages']) == (20, 0, 20, 2)
    body = api.get('/organizations/users?size=500').get_json()
    assert (body['size'], len(body['content']), body['totalPages']) == (100, 40, 1)
    body = api.get('/organizations/users?page=9&size=20').get_json()
    assert body['content'] == [] and body['number'] == 9


@pytest.mark.parametrize('query', ['page=-1', 'page=x', 'size=0', 'size=-5', 'size=1.5', 'page='])
def test_users_bad_page_or_size_is_400(api, assert_error, query):
    assert_error(api.get('/organizations/users?' + query), 400, 'BAD_REQUEST', 'must be an integer')


def test_user_by_id(api, assert_error):
    body = api.get('/organizations/users/%s' % ALICE).get_json()
    assert body == {'id': ALICE, 'email': 'alice.martin@example.com', 'idpId': None,
                    'roleId': seed.organization_role_id('demo', 'member'),
                    'profile': {'firstName': 'Alice', 'lastName': 'Martin', 'title': 'Risk Analyst'},
                    'createdDateTime': seed.CREATED}
    assert_error(api.get('/organizations/users/%s' % UNKNOWN), 404, 'NOT_FOUND', UNKNOWN)
    assert_error(api.get('/organizations/users/not-a-uuid'), 400, 'BAD_REQUEST', 'UUID')


def test_organization_roles(api):
    body = api.get('/organizations/roles').get_json()
    assert [r['name'] for r in body] == ['owner', 'admin', 'member']


# Writes


def test_put_adds_then_changes_role_in_place(api):
    response = api.put(membership_path(RISK, ALICE), json=put_body(ALICE, 'Risk', 'Viewer'))
    assert response.status_code == 200
    assert response.get_json() == {'workspaceId': RISK, 'userId': ALICE, 'role': {
        'id': seed.role_id('Risk', 'Viewer'), 'name': 'Viewer', 'workspaceId': RISK, 'createdDateTime': seed.CREATED, 'type': 'WORKSPACE'}}
    order = list(direct(api, RISK))
    response = api.put(membership_path(RISK, ALICE), json=put_body(ALICE, 'Risk', 'Analyst'))
    assert response.status_code == 200 and response.get_json()['role']['name'] == 'Analyst'
    after = direct(api, RISK)
    assert after[ALICE] == 'Analyst' and list(after) == order
    assert api.put(membership_path(RISK, ALICE), json=put_body(ALICE, 'Risk', 'Analyst')).status_code == 200
    assert len(direct(api, RISK)) == 4


def test_delete_then_404(api, assert_error):
    response = api.delete(membership_path(RISK, ERIK))
    assert response.status_code == 200 and response.get_data() == b''  # documented: "200", "No content"
    assert ERIK not in direct(api, RISK)
    assert_error(api.delete(membership_path(RISK, ERIK)), 404, 'NOT_FOUND', 'no direct membership')


def test_delete_of_inherited_access_is_404(api, assert_error):
    assert_error(api.delete(membership_path(PAYMENTS, ADAM)), 404, 'NOT_FOUND', 'no direct membership')


@pytest.mark.parametrize('path, body, words', [
    (membership_path('not-a-uuid', ALICE), put_body(ALICE, 'Risk', 'Viewer'), ['workspaceId', 'UUID']),
    (membership_path(RISK, 'alice'), put_body(ALICE, 'Risk', 'Viewer'), ['userId', 'UUID']),
    (membership_path(RISK, ALICE), {'userId': DANA, 'roleId': seed.role_id('Risk', 'Viewer')}, ['differs']),
    (membership_path(RISK, ALICE), {'userId': ALICE}, ['roleId is required']),
    (membership_path(RISK, ALICE), {'roleId': seed.role_id('Risk', 'Viewer')}, ['userId is required']),
    (membership_path(RISK, ALICE), {'userId': ALICE, 'roleId': 'Viewer'}, ['roleId', 'UUID']),
    (membership_path(RISK, ALICE), {'userId': 'x', 'roleId': seed.role_id('Risk', 'Viewer')}, ['userId', 'UUID']),
    (membership_path(RISK, ALICE), put_body(ALICE, 'Payments', 'Viewer'), ['belongs to another workspace']),
    (membership_path(RISK, ALICE), dict(put_body(ALICE, 'Risk', 'Viewer'), extra=1), ['unknown field']),
    (membership_path(RISK, ALICE), ['not', 'an', 'object'], ['JSON object']),
])
def test_put_validation_is_400_and_changes_nothing(api, assert_error, path, body, words):
    before = api.app.config['EMULATOR'].store.snapshot()['memberships']
    assert_error(api.put(path, json=body), 400, 'BAD_REQUEST', *words)
    assert api.app.config['EMULATOR'].store.snapshot()['memberships'] == before


def test_put_body_that_is_not_json_is_400(api, assert_error):
    response = api.put(membership_path(RISK, ALICE), data='userId=x', headers={'Content-Type': 'text/plain'}, check=False)
    assert_error(response, 400, 'BAD_REQUEST', 'JSON object')


@pytest.mark.parametrize('path, body, words', [
    (membership_path(UNKNOWN, ALICE), put_body(ALICE, 'Risk', 'Viewer'), ['workspace', UNKNOWN]),
    (membership_path(RISK, UNKNOWN), put_body(UNKNOWN, 'Risk', 'Viewer'), ['user', UNKNOWN]),
    (membership_path(RISK, ALICE), {'userId': ALICE, 'roleId': UNKNOWN}, ['role', UNKNOWN]),
])
def test_put_unknown_ids_are_404(api, assert_error, path, body, words):
    assert_error(api.put(path, json=body), 404, 'NOT_FOUND', *words)


def test_unknown_workspace_on_listings_is_404(api, assert_error):
    for path in ('/workspaces/%s/memberships', '/organizations/workspaces/%s/memberships', '/organizations/workspaces/%s/roles'):
        assert_error(api.get(path % UNKNOWN), 404, 'NOT_FOUND', UNKNOWN)
        assert_error(api.get(path % 'nope'), 400, 'BAD_REQUEST', 'UUID')


def test_unknown_path_and_wrong_method(api, assert_error):
    assert_error(api.get('/nope', check=False), 404, 'NOT_FOUND', '/nope')
    response = api.call('POST', '/workspaces/%s/memberships/%s' % (RISK, ALICE), json={}, check=False)
    assert_error(response, 405, 'METHOD_NOT_ALLOWED', 'POST')
    assert 'PUT' in response.headers['Allow']


def test_uppercase_uuid_is_accepted(api):
    response = api.put(membership_path(RISK.upper(), ALICE.upper()), json={'userId': ALICE.upper(), 'roleId': seed.role_id('Risk', 'Admin').upper()},
                       check=False)
    assert response.status_code == 200 and response.get_json()['workspaceId'] == RISK
    assert direct(api, RISK)[ALICE] == 'Admin'
