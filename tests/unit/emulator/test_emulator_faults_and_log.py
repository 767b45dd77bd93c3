# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection, the request log and the other admin routes (Flask test client)."""

import time

import pytest

from emulator import seed
from emulator.errors import DROP_HEADER
from emulator.faults import Faults, FaultError
from helpers.client import FakeClock

RISK = seed.workspace_id('Risk')
ALICE = seed.user_id('alice.martin@example.com')
UNKNOWN_USER = '00000000-0000-4000-8000-00000000abcd'
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
    second = dict(log['requests'][1])
    started, ended = second.pop('started'), second.pop('ended')
    assert second == {'method': 'GET', 'path': '/organizations/users', 'query': {'page': '1', 'size': '5'},
                      'status': 200, 'faulted': False, 'fault': None, 'handled_status': None}
    assert log['requests'][0]['ended'] <= started <= ended <= log['requests'][2]['started']
    assert [r['status'] for r in log['requests']] == [200, 200, 200, 200, 404, 401]
    assert admin(api, 'DELETE', '/requests').status_code == 204
    assert admin(api, 'GET', '/requests').get_json()['counts']['total'] == 0


def test_reset_restores_demo_and_clears_log_and_faults(api):
    api.delete('/workspaces/%s/memberships/%s' % (RISK, seed.user_id('erik.johansson@example.com')))
    admin(api, 'PUT', '/faults', {'rate': 1})
    health = admin(api, 'POST', '/reset').get_json()
    assert health == {'status': 'ok', 'seed': 'demo', 'strict': False, 'workspaces': 4, 'users': 40, 'memberships': 6}
    assert admin(api, 'GET', '/requests').get_json()['counts']['total'] == 0
    assert admin(api, 'GET', '/faults').get_json()['rate'] == 0
    assert api.get(WORKSPACES).status_code == 200


def test_reset_to_bench(api):
    health = admin(api, 'POST', '/reset', {'seed': 'bench', 'workspaces': 12, 'users': 250}).get_json()
    assert health == {'status': 'ok', 'seed': 'bench', 'strict': False, 'workspaces': 12, 'users': 251, 'memberships': 0}
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


# Faults of the network: resets, lost answers, spikes; Retry-After ranges.

MEMBERSHIP = '/workspaces/%s/memberships/%s' % (RISK, ALICE)
VIEWER_BODY = {'userId': ALICE, 'roleId': seed.role_id('Risk', 'Viewer')}


def risk_members(api):
    return [m['email'] for m in admin(api, 'GET', '/state').get_json()['memberships'] if m['workspace'] == 'Risk']


def test_queue_reset_drops_the_connection_and_applies_nothing(api):
    admin(api, 'PUT', '/faults', {'queue': ['reset']})
    response = api.put(MEMBERSHIP, json=VIEWER_BODY, check=False)
    assert response.headers[DROP_HEADER] == 'reset'  # the server closes the socket instead (test_emulator_transport.py)
    assert 'alice.martin@example.com' not in risk_members(api)
    entry = admin(api, 'GET', '/requests').get_json()['requests'][0]
    assert (entry['status'], entry['faulted'], entry['fault'], entry['handled_status']) == (None, True, 'reset', None)
    assert api.put(MEMBERSHIP, json=VIEWER_BODY).status_code == 200  # the queue is used up


def test_queue_lost_answer_applies_the_write_then_answers_504(api, assert_error):
    admin(api, 'PUT', '/faults', {'queue': [{'kind': 'lost_answer', 'status': 504}]})
    assert_error(api.put(MEMBERSHIP, json=VIEWER_BODY), 504, 'GATEWAY_TIMEOUT', 'lost')
    assert 'alice.martin@example.com' in risk_members(api)
    log = admin(api, 'GET', '/requests').get_json()
    entry = log['requests'][0]
    assert (entry['status'], entry['faulted'], entry['fault'], entry['handled_status']) == (504, True, 'lost_answer', 200)
    assert (log['counts']['writes'], log['counts']['applied_writes'], log['counts']['lost_answers'], log['counts']['faulted']) == (1, 1, 1, 1)


def test_queue_lost_answer_of_a_delete_as_a_dropped_connection(api):
    erik = '/workspaces/%s/memberships/%s' % (RISK, seed.user_id('erik.johansson@example.com'))
    admin(api, 'PUT', '/faults', {'queue': [{'kind': 'lost_answer', 'status': 'reset'}]})
    assert api.delete(erik, check=False).headers[DROP_HEADER] == 'lost answer'
    assert 'erik.johansson@example.com' not in risk_members(api)
    assert api.delete(erik).status_code == 404  # what a client retrying the removal gets
    log = admin(api, 'GET', '/requests').get_json()
    assert [(r['status'], r['fault'], r['handled_status']) for r in log['requests']] == [(None, 'lost_answer', 200), (404, None, None)]
    assert (log['counts']['resets'], log['counts']['lost_answers'], log['counts']['applied_writes']) == (1, 1, 1)


def test_lost_answer_default_status_and_a_failed_write_is_not_applied(api):
    admin(api, 'PUT', '/faults', {'queue': ['lost_answer']})
    assert admin(api, 'GET', '/faults').get_json()['queue'] == [{'kind': 'lost_answer', 'status': 504}]
    response = api.put(MEMBERSHIP, json={'userId': ALICE, 'roleId': seed.role_id('Payments', 'Viewer')})  # 400 when handled
    assert response.status_code == 504
    log = admin(api, 'GET', '/requests').get_json()
    assert log['requests'][0]['handled_status'] == 400 and log['counts']['applied_writes'] == 0


def test_random_lost_answers_and_resets(api):
    admin(api, 'PUT', '/faults', {'lost_answer_rate': 1, 'lost_answer_statuses': [502]})
    assert api.put(MEMBERSHIP, json=VIEWER_BODY).status_code == 502
    assert 'alice.martin@example.com' in risk_members(api)
    admin(api, 'PUT', '/faults', {'lost_answer_rate': 0, 'reset_rate': 1})
    erik = '/workspaces/%s/memberships/%s' % (RISK, seed.user_id('erik.johansson@example.com'))
    assert DROP_HEADER in api.delete(erik, check=False).headers
    assert 'erik.johansson@example.com' in risk_members(api)  # a reset applies nothing
    counts = admin(api, 'GET', '/requests').get_json()['counts']
    assert (counts['writes'], counts['applied_writes'], counts['lost_answers'], counts['resets']) == (2, 1, 1, 1)


def test_random_mix_is_reproducible_and_covers_every_kind(api):
    def run():
        admin(api, 'PUT', '/faults', {'rate': 0.2, 'statuses': [429, 503], 'reset_rate': 0.1, 'lost_answer_rate': 0.2,
                                      'lost_answer_statuses': [502, 504, 'reset'], 'seed': 11, 'retry_after': 0})
        admin(api, 'DELETE', '/requests')
        for _i in range(80):
            api.get(WORKSPACES, check=False)
        return [(r['status'], r['fault']) for r in admin(api, 'GET', '/requests').get_json()['requests']]

    first = run()
    assert first == run()
    assert set(first) == {(200, None), (429, 'status'), (503, 'status'), (None, 'reset'),
                          (502, 'lost_answer'), (504, 'lost_answer'), (None, 'lost_answer')}


def test_retry_after_range_draws_whole_seconds_or_decimals(api):
    admin(api, 'PUT', '/faults', {'rate': 1, 'statuses': [429], 'retry_after': [0, 2], 'seed': 3})
    values = [api.get(WORKSPACES).headers['Retry-After'] for _i in range(30)]
    assert set(values) == {'0', '1', '2'}
    admin(api, 'PUT', '/faults', {'retry_after': [0.5, 1.5]})
    seconds = [float(api.get(WORKSPACES).headers['Retry-After']) for _i in range(10)]
    assert all(0.5 <= s <= 1.5 for s in seconds) and len(set(seconds)) > 1
    admin(api, 'PUT', '/faults', {'rate': 0, 'queue': [{'status': 503, 'retry_after': [4, 4]}]})
    assert api.get(WORKSPACES).headers['Retry-After'] == '4'


def test_latency_spikes_and_ok_entries(api, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr('emulator.app.time', clock)
    admin(api, 'PUT', '/faults', {'latency_ms': 20, 'queue': ['ok', {'kind': 'spike', 'ms': 3000}, 429]})
    assert [api.get(WORKSPACES).status_code for _i in range(4)] == [200, 200, 429, 200]
    assert clock.sleeps == pytest.approx([0.02, 3.02, 0.02, 0.02])
    admin(api, 'PUT', '/faults', {'latency_ms': 0, 'spike_rate': 1, 'spike_ms': 500})
    api.get(WORKSPACES)
    assert clock.sleeps[-1] == pytest.approx(0.5)
    assert admin(api, 'GET', '/requests').get_json()['counts']['faulted'] == 1  # a spike is not a fault


def test_latency_is_the_time_to_the_answer_and_the_emulator_works_within_it(api, monkeypatch):
    """``latency_ms`` is when the answer leaves, counted from the request's arrival: the emulator's own work
    happens within it (only the rest is slept), and work longer than the latency adds no sleep."""
    clock = FakeClock()
    monkeypatch.setattr('emulator.app.time', clock)
    work = []
    real_workspaces = api.app.config['EMULATOR'].store.workspaces

    def slow_workspaces():
        clock.work(work[-1])
        return real_workspaces()

    monkeypatch.setattr(api.app.config['EMULATOR'].store, 'workspaces', slow_workspaces)
    admin(api, 'PUT', '/faults', {'latency_ms': 20})
    work.append(0.015)
    assert api.get(WORKSPACES).status_code == 200
    work.append(0.05)
    assert api.get(WORKSPACES).status_code == 200
    assert clock.sleeps == pytest.approx([0.005])
    entries = admin(api, 'GET', '/requests').get_json()['requests']
    assert [e['ended'] - e['started'] for e in entries] == pytest.approx([0.02, 0.05])


def test_request_log_times_show_whether_a_client_waited_retry_after(api):
    """``started``/``ended`` let a test prove that no request started before a 429's Retry-After was over."""
    admin(api, 'PUT', '/faults', {'queue': [{'status': 429, 'retry_after': 0.2}, {'status': 429, 'retry_after': 30}]})
    first = api.get(WORKSPACES)
    time.sleep(float(first.headers['Retry-After']))  # a polite client
    second = api.get(WORKSPACES)
    assert second.headers['Retry-After'] == '30'
    api.get(WORKSPACES)  # an impolite one: at once
    entries = admin(api, 'GET', '/requests').get_json()['requests']
    assert all(e['started'] <= e['ended'] for e in entries)
    assert entries[1]['started'] - entries[0]['ended'] >= 0.2
    assert entries[2]['started'] - entries[1]['ended'] < 30


def test_uppercase_ids_in_every_answer_and_any_case_accepted(api):
    """The api fixture validates every answer against openapi.yaml: upper-case UUIDs are valid there."""
    admin(api, 'PUT', '/faults', {'uppercase_ids': True})
    workspaces = api.get(WORKSPACES).get_json()
    assert workspaces[0] == {'id': RISK.upper(), 'name': 'Risk', 'workspaceType': 'LIVE'}
    member = api.get('/workspaces/%s/memberships' % RISK.upper()).get_json()[0]
    assert member['workspaceId'] == RISK.upper() and member['userId'] == member['userId'].upper()
    assert member['role']['id'] == member['role']['id'].upper() and member['role']['workspaceId'] == RISK.upper()
    put = api.put(MEMBERSHIP, json=VIEWER_BODY).get_json()  # lower case in, upper case out
    assert (put['userId'], put['role']['id']) == (ALICE.upper(), seed.role_id('Risk', 'Viewer').upper())
    user = api.get('/organizations/users/%s' % ALICE.upper()).get_json()
    assert user['id'] == ALICE.upper() and user['email'] == 'alice.martin@example.com'  # only UUIDs change
    assert all(u['id'] == u['id'].upper() for u in api.get('/organizations/users').get_json()['content'])
    roles = api.get('/organizations/roles').get_json()
    assert all(r['id'] == r['id'].upper() and r['organizationId'] == r['organizationId'].upper() for r in roles)
    assert api.get('/organizations/workspaces/%s/roles' % RISK).get_json()[0]['id'] == seed.role_id('Risk', 'Viewer').upper()
    error = api.get('/organizations/users/%s' % UNKNOWN_USER).get_json()
    assert error['fingerprint'] == error['fingerprint'].upper()
    assert admin(api, 'GET', '/state').get_json()['workspaces'][0]['id'] == RISK  # the admin API is left alone
    admin(api, 'PUT', '/faults', {'uppercase_ids': False})
    assert api.get(WORKSPACES).get_json()[0]['id'] == RISK


@pytest.mark.parametrize('settings', [
    {'reset_rate': 2}, {'lost_answer_rate': -0.1}, {'spike_rate': 'x'}, {'spike_ms': -1},
    {'lost_answer_statuses': [429]}, {'lost_answer_statuses': ['drop']}, {'lost_answer_statuses': []},
    {'retry_after': [2, 1]}, {'retry_after': [1]}, {'retry_after': [0, 'x']}, {'retry_after': 'soon'},
    {'queue': [{'kind': 'bogus'}]}, {'queue': [{'kind': 'reset', 'status': 500}]}, {'queue': ['status']},
    {'queue': [{'kind': 'lost_answer', 'status': 429}]}, {'queue': [{'kind': 'spike', 'ms': -3}]},
    {'queue': [{'status': 503, 'retry_after': [3, 1]}]}, {'uppercase_ids': 'yes'}, {'uppercase_ids': 1},
])
def test_bad_new_fault_settings_are_400_and_change_nothing(api, settings):
    before = admin(api, 'GET', '/faults').get_json()
    response = admin(api, 'PUT', '/faults', settings)
    assert response.status_code == 400 and response.get_json()['errors'][0]['code'] == 'BAD_REQUEST'
    assert admin(api, 'GET', '/faults').get_json() == before


def test_fault_settings_are_listed_and_cleared(api):
    assert admin(api, 'PUT', '/faults', {'uppercase_ids': True, 'reset_rate': 0.5, 'retry_after': [1, 3]}).status_code == 200
    settings = admin(api, 'GET', '/faults').get_json()
    assert (settings['uppercase_ids'], settings['reset_rate'], settings['retry_after']) == (True, 0.5, [1, 3])
    assert set(settings) == {'rate', 'statuses', 'retry_after', 'latency_ms', 'queue', 'seed', 'reset_rate', 'lost_answer_rate',
                             'lost_answer_statuses', 'spike_rate', 'spike_ms', 'uppercase_ids', 'rate_limit', 'redirect',
                             'wrong_shapes', 'not_found_methods'}
    cleared = admin(api, 'DELETE', '/faults').get_json()
    assert (cleared['uppercase_ids'], cleared['reset_rate'], cleared['retry_after']) == (False, 0.0, 1)


# -- hostile answers (issue 15): redirects, wrong shapes, a lying page count, a slow-drip body ---------------

def test_a_redirect_answers_the_writes_it_names_and_applies_nothing(api):
    before = api.emulator.store.snapshot()['memberships']
    assert admin(api, 'PUT', '/faults', {'redirect': {'status': 302, 'location': '/organizations/workspaces'}}).status_code == 200
    answer = api.put('/workspaces/%s/memberships/%s' % (RISK, ALICE), json={'userId': ALICE, 'roleId': seed.role_id('Risk', 'Viewer')},
                     check=False)
    assert answer.status_code == 302 and answer.headers['Location'] == '/organizations/workspaces'
    assert api.get(WORKSPACES).status_code == 200  # GET is not in the default methods (PUT, DELETE)
    assert api.emulator.store.snapshot()['memberships'] == before
    log = admin(api, 'GET', '/requests').get_json()
    assert (log['requests'][0]['fault'], log['requests'][0]['status']) == ('redirect', 302)
    assert log['counts']['applied_writes'] == 0 and log['counts']['faulted'] == 1


def test_not_found_methods_answer_404_and_apply_nothing(api):
    before = api.emulator.store.snapshot()['memberships']
    assert admin(api, 'PUT', '/faults', {'not_found_methods': ['DELETE']}).status_code == 200
    member = next(m for m in before if m['workspaceId'] == RISK)
    answer = api.delete('/workspaces/%s/memberships/%s' % (RISK, member['userId']), check=False)
    assert answer.status_code == 404
    assert api.get(WORKSPACES).status_code == 200  # other methods answer as usual
    assert api.emulator.store.snapshot()['memberships'] == before
    assert admin(api, 'PUT', '/faults', {'not_found_methods': 'DELETE'}).status_code == 400


@pytest.mark.parametrize('name, path, check', [
    ('workspaces_as_dict', WORKSPACES, lambda body: isinstance(body, dict) and isinstance(body['content'], list)),
    ('workspaces_as_strings', WORKSPACES, lambda body: body and all(isinstance(w, str) for w in body)),
    ('workspace_without_id', WORKSPACES, lambda body: body and all('id' not in w and 'name' in w for w in body)),
    ('memberships_without_user_id', '/workspaces/%s/memberships' % RISK, lambda body: body and all('userId' not in m for m in body)),
    ('memberships_without_user_id', '/organizations/workspaces/%s/memberships' % RISK, lambda body: all('userId' not in m for m in body)),
    ('users_content_not_list', '/organizations/users', lambda body: isinstance(body['content'], dict) and body['content']),
    ('users_total_pages_lie', '/organizations/users', lambda body: body['totalPages'] == 10 ** 9 and body['totalElements'] < 100),
])
def test_wrong_shapes_change_only_their_endpoints(api, name, path, check):
    assert admin(api, 'PUT', '/faults', {'wrong_shapes': [name]}).status_code == 200
    answer = api.get(path, check=False)
    assert answer.status_code == 200 and check(answer.get_json())
    assert api.get('/organizations/roles').status_code == 200  # validated: other endpoints keep their shape
    admin(api, 'DELETE', '/faults')
    assert api.get(path).status_code == 200  # validated against openapi.yaml again


@pytest.mark.parametrize('settings', [
    {'redirect': {'status': 200}}, {'redirect': {'location': ''}}, {'redirect': {'methods': ['FETCH']}},
    {'redirect': 'yes'}, {'redirect': {'status': 302, 'to': '/x'}}, {'wrong_shapes': ['no_such_shape']},
    {'wrong_shapes': 'workspaces_as_dict'}, {'queue': [{'kind': 'drip', 'ms': -1}]},
])
def test_bad_hostile_settings_are_400(api, settings):
    assert admin(api, 'PUT', '/faults', settings).status_code == 400
    assert admin(api, 'GET', '/faults').get_json()['redirect'] is None


def test_a_drip_entry_marks_one_answer_for_the_server_to_drip(api):
    admin(api, 'PUT', '/faults', {'queue': [{'kind': 'drip', 'ms': 1500}]})
    assert api.get(WORKSPACES).headers['X-Emulator-Drip'] == '1.5'
    assert 'X-Emulator-Drip' not in api.get(WORKSPACES).headers


def test_the_emulator_process_drips_the_body_one_byte_at_a_time(emulator):
    import socket
    emulator.set_faults(queue=[{'kind': 'drip', 'ms': 300}])
    host, port = emulator.url.split('//')[1].split(':')
    sock = socket.create_connection((host, int(port)), timeout=5)
    try:
        sock.sendall(('GET /organizations/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\n\r\n'
                      % emulator.tokens['admin']).encode('ascii'))
        started = time.monotonic()
        received = b''
        while b'\r\n\r\n' not in received:
            received += sock.recv(4096)
        headers, body = received.split(b'\r\n\r\n', 1)
        assert b'200' in headers.split(b'\r\n')[0] and b'X-Emulator-Drip' not in headers
        while len(body) < 3:
            body += sock.recv(4096)
        assert time.monotonic() - started >= 0.5 and len(body) < 10  # about one byte per 300 ms, not the whole body
    finally:
        sock.close()
