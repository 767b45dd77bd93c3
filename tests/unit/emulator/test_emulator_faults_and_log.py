# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection, the request log and the other admin routes (Flask test client)."""

import time

import pytest

from emulator import seed
from emulator.faults import Faults, FaultError

RISK = seed.workspace_id('Risk')
ALICE = seed.user_id('alice.martin@example.com')
WORKSPACES = '/organizations/workspaces'


def admin(api, method, path, json=None):
    response = api.client.open('/_emulator' + path, method=method, json=json)
    return response


def test_fault_queue_answers_in_order_then_normal(api, assert_error):
    assert admin(api, 'PUT', '/faults', {'queue': [429, 503, 500]}).status_code == 200
    first = api.get(WORKSPACES)
    assert_error(first, 429, 'TOO_MANY_REQUESTS', 'fault injected')
    assert first.headers['Retry-After'] == '1'
    second = api.get(WORKSPACES)
    assert_error(second, 503, 'SERVICE_UNAVAILABLE')
    assert 'Retry-After' not in second.headers
    assert_error(api.get(WORKSPACES), 500, 'INTERNAL_ERROR')
    assert api.get(WORKSPACES).status_code == 200
    assert admin(api, 'GET', '/faults').get_json()['queue'] == []


def test_fault_queue_entry_with_its_own_retry_after(api):
    admin(api, 'PUT', '/faults', {'queue': [{'status': 429, 'retry_after': 3}, {'status': 503, 'retry_after': 0}]})
    assert api.get(WORKSPACES).headers['Retry-After'] == '3'
    assert api.get(WORKSPACES).headers['Retry-After'] == '0'


def test_faulted_write_changes_nothing_and_is_logged_as_a_write(api):
    admin(api, 'PUT', '/faults', {'queue': [502]})
    response = api.put('/workspaces/%s/memberships/%s' % (RISK, ALICE), json={'userId': ALICE, 'roleId': seed.role_id('Risk', 'Viewer')})
    assert response.status_code == 502
    members = [m['email'] for m in admin(api, 'GET', '/state').get_json()['memberships'] if m['workspace'] == 'Risk']
    assert 'alice.martin@example.com' not in members
    log = admin(api, 'GET', '/requests').get_json()
    assert log['counts']['writes'] == 1 and log['counts']['applied_writes'] == 0 and log['counts']['faulted'] == 1
    assert log['requests'][0]['faulted'] is True and log['requests'][0]['status'] == 502


def test_faults_come_before_auth(api):
    admin(api, 'PUT', '/faults', {'queue': [429]})
    assert api.get(WORKSPACES, token=None).status_code == 429
    assert api.get(WORKSPACES, token=None).status_code == 401


def test_random_faults_are_reproducible_with_a_seed(api):
    def run():
        admin(api, 'PUT', '/faults', {'rate': 0.5, 'statuses': [429, 502, 503, 504], 'seed': 42, 'retry_after': 2})
        return [api.get(WORKSPACES) for _i in range(40)]

    first = run()
    second = run()
    statuses = [r.status_code for r in first]
    assert statuses == [r.status_code for r in second]
    assert 200 in statuses and set(statuses) - {200} and set(statuses) <= {200, 429, 502, 503, 504}
    for response in first:
        if response.status_code == 429:
            assert response.headers['Retry-After'] == '2'
        elif response.status_code != 200:
            assert 'Retry-After' not in response.headers


def test_rate_one_faults_everything_and_admin_routes_never(api):
    admin(api, 'PUT', '/faults', {'rate': 1, 'statuses': [503]})
    assert all(api.get(WORKSPACES).status_code == 503 for _i in range(5))
    assert admin(api, 'GET', '/health').status_code == 200
    assert admin(api, 'GET', '/requests').get_json()['counts']['total'] == 5
    assert admin(api, 'DELETE', '/faults').status_code == 200
    assert api.get(WORKSPACES).status_code == 200


def test_latency(api):
    admin(api, 'PUT', '/faults', {'latency_ms': 150})
    start = time.monotonic()
    assert api.get(WORKSPACES).status_code == 200
    assert time.monotonic() - start >= 0.15


@pytest.mark.parametrize('settings', [
    {'rate': 2}, {'rate': 'x'}, {'statuses': [418]}, {'statuses': []}, {'queue': [200]}, {'queue': 429},
    {'queue': [{'status': 429, 'bogus': 1}]}, {'retry_after': -1}, {'latency_ms': -5}, {'seed': 'x'}, {'nope': 1},
])
def test_bad_fault_settings_are_400_and_change_nothing(api, settings):
    before = admin(api, 'GET', '/faults').get_json()
    response = admin(api, 'PUT', '/faults', settings)
    assert response.status_code == 400 and response.get_json()['errors'][0]['code'] == 'BAD_REQUEST'
    assert admin(api, 'GET', '/faults').get_json() == before


def test_faults_class_rejects_partial_updates_atomically():
    faults = Faults(rate=0.1)
    with pytest.raises(FaultError):
        faults.update(rate=0.9, statuses=[999])
    assert faults.describe()['rate'] == 0.1


def test_request_log_counts(api):
    path = '/workspaces/%s/memberships/%s' % (RISK, ALICE)
    api.get(WORKSPACES)
    api.get('/organizations/users?page=1&size=5')
    api.put(path, json={'userId': ALICE, 'roleId': seed.role_id('Risk', 'Viewer')})
    api.delete(path)
    api.delete(path)  # 404: still a write request
    api.get(WORKSPACES, token=None)
    admin(api, 'GET', '/state')  # admin routes are not logged
    log = admin(api, 'GET', '/requests').get_json()
    counts = log['counts']
    assert (counts['total'], counts['GET'], counts['PUT'], counts['DELETE'], counts['writes'], counts['applied_writes']) == (6, 3, 1, 2, 3, 2)
    assert log['requests'][1] == {'method': 'GET', 'path': '/organizations/users', 'query': {'page': '1', 'size': '5'},
                                  'status': 200, 'faulted': False}
    assert [r['status'] for r in log['requests']] == [200, 200, 200, 204, 404, 401]
    assert admin(api, 'DELETE', '/requests').status_code == 204
    assert admin(api, 'GET', '/requests').get_json()['counts']['total'] == 0


def test_reset_restores_demo_and_clears_log_and_faults(api):
    api.delete('/workspaces/%s/memberships/%s' % (RISK, seed.user_id('erik.johansson@example.com')))
    admin(api, 'PUT', '/faults', {'rate': 1})
    health = admin(api, 'POST', '/reset').get_json()
    assert health == {'status': 'ok', 'seed': 'demo', 'workspaces': 4, 'users': 40, 'memberships': 6}
    assert admin(api, 'GET', '/requests').get_json()['counts']['total'] == 0
    assert admin(api, 'GET', '/faults').get_json()['rate'] == 0
    assert api.get(WORKSPACES).status_code == 200


def test_reset_to_bench(api):
    health = admin(api, 'POST', '/reset', {'seed': 'bench', 'workspaces': 12, 'users': 250}).get_json()
    assert health == {'status': 'ok', 'seed': 'bench', 'workspaces': 12, 'users': 251, 'memberships': 0}
    names = [w['name'] for w in api.get(WORKSPACES).get_json()]
    assert names[0] == 'ws-01' and names[-1] == 'ws-12'
    page = api.get('/organizations/users?page=2&size=100').get_json()
    assert page['totalElements'] == 251 and page['totalPages'] == 3 and len(page['content']) == 51
    assert [r['name'] for r in api.get('/organizations/workspaces/%s/roles' % seed.workspace_id('ws-03')).get_json()] == ['Viewer', 'Analyst', 'Admin']
    assert admin(api, 'POST', '/reset', {'seed': 'nope'}).status_code == 400


def test_state_is_readable(api):
    state = admin(api, 'GET', '/state').get_json()
    readable = sorted((m['workspace'], m['email'], m['role']) for m in state['memberships'])
    assert readable == sorted([
        ('Risk', 'dana.kowalski@example.com', 'Analyst'), ('Payments', 'dana.kowalski@example.com', 'Viewer'),
        ('Compliance', 'dana.kowalski@example.com', 'Admin'), ('Risk', 'erik.johansson@example.com', 'Viewer'),
        ('Payments', 'fatima.haddad@example.com', 'Analyst'), ('Risk', 'adam.admin@example.com', 'Admin')])
    org_roles = dict((u['email'], u['organizationRole']) for u in state['users'])
    assert [e for e, r in org_roles.items() if r != 'member'] == ['olivia.owner@example.com', 'adam.admin@example.com']


def test_added_token_with_scopes(api, assert_error):
    response = admin(api, 'POST', '/tokens', {'name': 'users-only', 'scopes': ['can_manage_users']})
    assert response.status_code == 201
    token = response.get_json()['token']
    assert token.startswith('tot_') and len(token) == 56
    assert api.get('/organizations/users', token=token).status_code == 200
    assert_error(api.get(WORKSPACES, token=token), 403, 'FORBIDDEN', 'can_view_workspace')
    assert admin(api, 'POST', '/tokens', {'name': 'x', 'scopes': ['root']}).status_code == 400
