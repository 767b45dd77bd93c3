# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transport (_api/transport.py) against a real local HTTP server: an answer is bounded and read in time."""

import http.server
import json
import threading
import time
import tracemalloc

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._api import transport
from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils.errors import AnswerError

from helpers.client import REQUESTS_ENV, TOKEN

MIB = 1024 * 1024


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


class _Huge(http.server.BaseHTTPRequestHandler):
    """Answers every GET with one workspace whose name is NAME_BYTES long, sent in 1 MiB writes."""

    name_bytes = 40 * MIB

    def do_GET(self):  # pylint: disable=invalid-name
        head, tail = b'[{"id": "ws-1", "name": "', b'"}]'
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(head) + self.name_bytes + len(tail)))
        self.end_headers()
        try:
            self.wfile.write(head)
            chunk = b'x' * MIB
            for _mib in range(self.name_bytes // MIB):
                self.wfile.write(chunk)
            self.wfile.write(tail)
        except OSError:  # the client cut the connection: what it should do
            pass

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


@pytest.fixture
def huge_server():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Huge)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:{0}'.format(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_a_40_mib_answer_is_refused_by_the_deadline_with_bounded_memory_and_a_short_message(huge_server):
    client = TransactionLinkClient(huge_server, TOKEN, timeout=5, max_retries=0)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(AnswerError) as info:
            client.list_workspaces()
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 5, 'the request outlived its deadline'
    assert peak < transport.MAX_ANSWER_BYTES * 3, 'memory grew with the answer: {0} bytes'.format(peak)
    text = str(info.value)
    assert 'longer than {0} bytes'.format(transport.MAX_ANSWER_BYTES) in text and len(text) < 600
    assert 'xxxxxxxxxx' not in text


def test_an_answer_just_under_the_bound_is_read_whole(monkeypatch, huge_server):
    monkeypatch.setattr(_Huge, 'name_bytes', 2 * MIB)
    client = TransactionLinkClient(huge_server, TOKEN, timeout=5, max_retries=0)
    assert [len(w['name']) for w in client.list_workspaces()] == [2 * MIB]


class _Body:
    """A response stand-in without a raw stream, as the tests' adapters give."""

    raw = None
    status_code = 200
    headers = {}

    def __init__(self, content):
        self.content = content


def test_read_reply_bounds_a_body_given_at_once_too():
    assert transport.read_reply(_Body(b'[1]'), limit=3).json() == [1]
    with pytest.raises(transport.TooLarge):
        transport.read_reply(_Body(b'[1, 2]'), limit=3)


def test_a_reply_decodes_its_body():
    reply = transport.Reply(200, {}, json.dumps({'a': 'é'}).encode('utf-8'))
    assert reply.json() == {'a': 'é'} and 'a' in reply.text
