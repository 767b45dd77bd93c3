# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's HTTP/1.1 server (emulator.server): keep-alive, framing, bodies, dropped connections."""

import http.client
import json
import socket
import threading
import time

import pytest

from emulator import seed
from emulator.app import create_app
from emulator.server import make_server
from emulator.store import Store

RISK = seed.workspace_id('Risk')
ALICE = seed.user_id('alice.martin@example.com')
ERIK = seed.user_id('erik.johansson@example.com')
MEMBERSHIP = '/workspaces/%s/memberships/%s' % (RISK, ALICE)
BODY = json.dumps({'userId': ALICE, 'roleId': seed.role_id('Risk', 'Analyst')})
HEADERS = {'Authorization': seed.TOKENS['admin'], 'Content-Type': 'application/json'}


@pytest.fixture
def served():
    app = create_app(Store())
    server = make_server('127.0.0.1', 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, server.server_address[1]
    server.shutdown()
    server.server_close()


def connection(port):
    return http.client.HTTPConnection('127.0.0.1', port, timeout=10)


def answer(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=dict(HEADERS, **(headers or {})))
    response = conn.getresponse()
    return response, response.read()


def test_one_connection_serves_many_requests_an_empty_answer_and_head_included(served):
    app, port = served
    conn = connection(port)
    response, body = answer(conn, 'PUT', MEMBERSHIP, BODY)
    assert response.status == 200 and json.loads(body)['role']['name'] == 'Analyst' and not response.will_close
    sock = conn.sock
    response, body = answer(conn, 'DELETE', '/workspaces/%s/memberships/%s' % (RISK, ERIK))
    assert response.status == 200 and body == b'' and response.getheader('Content-Length') == '0'
    response, body = answer(conn, 'HEAD', '/organizations/workspaces')
    assert response.status == 200 and body == b'' and int(response.getheader('Content-Length')) > 0
    response, body = answer(conn, 'GET', '/organizations/workspaces')
    assert response.status == 200 and len(json.loads(body)) == 4
    assert conn.sock is sock  # the same connection all along
    assert app.test_client().get('/_emulator/requests').get_json()['counts']['total'] == 4


def test_connection_close_and_http_1_0_end_the_connection(served):
    _app, port = served
    conn = connection(port)
    response, _body = answer(conn, 'GET', '/organizations/workspaces', headers={'Connection': 'close'})
    assert response.status == 200 and response.getheader('Connection') == 'close' and response.will_close
    with socket.create_connection(('127.0.0.1', port), timeout=10) as raw:
        raw.sendall(b'GET /organizations/workspaces HTTP/1.0\r\nAuthorization: ' + seed.TOKENS['admin'].encode() + b'\r\n\r\n')
        data = b''
        while True:
            chunk = raw.recv(65536)
            if not chunk:
                break  # the server closed it
            data += chunk
    assert data.startswith(b'HTTP/1.1 200 ') and b'"Risk"' in data  # a server answers with its own version


def test_chunked_and_expect_continue_bodies(served):
    app, port = served
    conn = connection(port)
    conn.putrequest('PUT', MEMBERSHIP)
    for name, value in HEADERS.items():
        conn.putheader(name, value)
    conn.putheader('Transfer-Encoding', 'chunked')
    conn.endheaders()
    half = len(BODY) // 2
    for part in (BODY[:half], BODY[half:]):
        conn.send(b'%x\r\n%s\r\n' % (len(part), part.encode()))
    conn.send(b'0\r\n\r\n')
    response = conn.getresponse()
    assert response.status == 200 and json.loads(response.read())['userId'] == ALICE
    response, body = answer(conn, 'PUT', '/workspaces/%s/memberships/%s' % (RISK, ERIK),
                            json.dumps({'userId': ERIK, 'roleId': seed.role_id('Risk', 'Admin')}), {'Expect': '100-continue'})
    assert response.status == 200 and json.loads(body)['role']['name'] == 'Admin'
    roles = dict((m['email'], m['role']) for m in app.test_client().get('/_emulator/state').get_json()['memberships']
                 if m['workspace'] == 'Risk')
    assert roles['alice.martin@example.com'] == 'Analyst' and roles['erik.johansson@example.com'] == 'Admin'


def test_a_bad_content_length_is_400_and_closes(served):
    _app, port = served
    with socket.create_connection(('127.0.0.1', port), timeout=10) as raw:
        raw.sendall(b'PUT ' + MEMBERSHIP.encode() + b' HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n')
        data = raw.makefile('rb').read()
    assert data.startswith(b'HTTP/1.1 400') and b'Connection: close' in data


def test_a_dropped_connection_gets_no_answer_and_the_next_one_works(served):
    app, port = served
    app.test_client().put('/_emulator/faults', json={'queue': [{'kind': 'lost_answer', 'status': 'reset'}]})
    conn = connection(port)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        answer(conn, 'PUT', MEMBERSHIP, BODY)
    conn.close()
    conn = connection(port)
    response, body = answer(conn, 'GET', '/workspaces/%s/memberships' % RISK)
    assert response.status == 200 and ALICE in [m['userId'] for m in json.loads(body)]  # applied before the drop


def test_latency_counts_from_the_request_line(served):
    """The latency runs from the request's first line: a client slow to send its headers has used it up."""
    app, port = served
    app.test_client().put('/_emulator/faults', json={'latency_ms': 200})
    with socket.create_connection(('127.0.0.1', port), timeout=10) as sock:
        sock.sendall(b'GET /organizations/workspaces HTTP/1.1\r\n')
        threading.Event().wait(0.3)
        headers_sent = time.monotonic()  # the emulator's clock: it runs in this process
        sock.sendall(('Host: x\r\nAuthorization: %s\r\nConnection: close\r\n\r\n' % HEADERS['Authorization']).encode())
        with sock.makefile('rb') as answer:
            assert answer.readline().startswith(b'HTTP/1.1 200 ')
    entry = app.test_client().get('/_emulator/requests').get_json()['requests'][-1]
    assert entry['started'] < headers_sent  # when the request line came in, not when the request was complete
    assert entry['ended'] - entry['started'] >= 0.2  # and no answer before the latency
