# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""socket_cut against the requests and urllib3 this test run has installed: it finds the socket of a response
being read and cutting it ends that read at once. Run in every cell of the units matrix (each ansible-core and
Python with its own requests/urllib3), so a library that moves its private attributes fails here first."""

import socket
import threading
import time

import pytest
import requests

from ansible_collections.transactionlink.access.plugins.module_utils._api import socket_cut


@pytest.fixture
def dripping_server():
    """A server that sends the headers of a 1000-byte answer, then one byte every 2 seconds."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    stop = threading.Event()

    def serve():
        connection, dummy = listener.accept()
        connection.recv(65536)
        connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[')
        while not stop.wait(2):
            try:
                connection.sendall(b' ')
            except OSError:
                break
        connection.close()
    threading.Thread(target=serve, daemon=True).start()
    yield 'http://127.0.0.1:{0}/'.format(listener.getsockname()[1])
    stop.set()
    listener.close()


def test_the_socket_of_a_streamed_response_is_found_and_cutting_it_ends_the_read(dripping_server):
    session = requests.Session()
    session.trust_env = False
    response = session.get(dripping_server, stream=True, timeout=30)
    assert isinstance(socket_cut.response_socket(response), socket.socket)
    ended = threading.Event()

    def read():
        try:
            len(response.content)
        except Exception:  # pylint: disable=broad-exception-caught  # a cut read may end either way
            pass
        ended.set()
    threading.Thread(target=read, daemon=True).start()
    time.sleep(0.3)
    assert not ended.is_set()
    started = time.monotonic()
    assert socket_cut.cut(response) is True
    assert ended.wait(5) and time.monotonic() - started < 1.5


@pytest.mark.parametrize('response', [None, object(), requests.Response()])
def test_a_response_without_a_socket_is_left_alone(response):
    assert socket_cut.response_socket(response) is None and socket_cut.cut(response) is False
