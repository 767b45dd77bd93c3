# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process transport (emulator.transport.WSGIAdapter): what a requests session sees, dropped connections included."""

import pytest
import requests

from emulator import seed
from emulator.app import create_app
from emulator.store import Store
from emulator.transport import WSGIAdapter
from helpers.inprocess import UNUSED_URL

URL = UNUSED_URL  # never contacted
RISK = seed.workspace_id('Risk')
ALICE = seed.user_id('alice.martin@example.com')
MEMBERSHIP = '/workspaces/%s/memberships/%s' % (RISK, ALICE)
BODY = {'userId': ALICE, 'roleId': seed.role_id('Risk', 'Analyst')}


@pytest.fixture
def app():
    return create_app(Store())


@pytest.fixture
def session(app):
    session = requests.Session()
    session.trust_env = False
    session.mount('http://', WSGIAdapter(app))
    session.headers['Authorization'] = seed.TOKENS['admin']
    return session


def faults(app, **settings):
    assert app.test_client().put('/_emulator/faults', json=settings).status_code == 200


def risk_members(app):
    return dict((m['userId'], m['role']) for m in app.test_client().get('/_emulator/state').get_json()['memberships']
                if m['workspaceId'] == RISK)


def test_answers_come_through(session):
    response = session.get(URL + '/organizations/users', params={'page': 1, 'size': 5})
    assert response.status_code == 200 and response.json()['number'] == 1 and len(response.json()['content']) == 5
    assert response.headers['Content-Type'] == 'application/json'
    assert session.put(URL + MEMBERSHIP, json=BODY).json()['role']['name'] == 'Analyst'


def test_a_reset_is_a_connection_error_and_nothing_is_applied(app, session):
    faults(app, queue=['reset'])
    with pytest.raises(requests.ConnectionError, match='dropped the connection'):
        session.put(URL + MEMBERSHIP, json=BODY)
    assert ALICE not in risk_members(app)
    assert session.put(URL + MEMBERSHIP, json=BODY).status_code == 200


def test_a_lost_answer_is_applied_and_then_a_connection_error_or_a_gateway_status(app, session):
    faults(app, queue=[{'kind': 'lost_answer', 'status': 'reset'}, {'kind': 'lost_answer', 'status': 502}])
    with pytest.raises(requests.ConnectionError):
        session.put(URL + MEMBERSHIP, json=BODY)
    assert risk_members(app)[ALICE] == 'Analyst'
    response = session.delete(URL + MEMBERSHIP)
    assert response.status_code == 502 and response.json()['errors'][0]['code'] == 'BAD_GATEWAY'
    assert ALICE not in risk_members(app)
    log = app.test_client().get('/_emulator/requests').get_json()
    assert [(r['status'], r['handled_status']) for r in log['requests']] == [(None, 200), (502, 200)]


def test_paths_and_queries_are_decoded_as_a_server_would(session):
    response = session.get(URL + '/organizations/users/%20not-a-uuid')
    assert response.status_code == 400 and "' not-a-uuid'" in response.json()['errors'][0]['message']
    response = session.get(URL + '/organizations/users?size=%31%30&page=0')  # size=10
    assert response.json()['size'] == 10
    response = session.put(URL + MEMBERSHIP, data='{"userId": "%s", "roleId": "%s"}' % (ALICE, BODY['roleId']),
                           headers={'Content-Type': 'application/json'})
    assert response.status_code == 200 and response.reason == 'OK'
    assert session.get(URL + '/nope').status_code == 404


def test_each_request_is_answered_once_from_several_threads(app, session):
    import concurrent.futures
    users = [u['id'] for u in app.config['EMULATOR'].store.users()][:24]
    role = seed.role_id('Risk', 'Viewer')
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda user: session.put(URL + '/workspaces/%s/memberships/%s' % (RISK, user),
                                                          json={'userId': user, 'roleId': role}).status_code, users))
    assert statuses == [200] * 24
    assert set(users) <= set(risk_members(app))
    assert app.test_client().get('/_emulator/requests').get_json()['counts']['PUT'] == 24
