# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The one place that reaches into urllib3's and http.client's private attributes: cutting a connection.

Why: a request must end by its deadline even when the server sends its
answer a byte at a time. The worker thread reading it cannot be stopped, and
``response.close()`` would wait for the lock the reading thread holds; only
shutting the socket down ends that read at once. Neither requests nor urllib3
offers a public way to reach the socket of a response being read, so this
module looks for it where the supported versions keep it:

- urllib3 2: ``response.raw._connection.sock`` (the HTTPConnection of the response);
- urllib3 1 and any http.client-based reader: ``response.raw._fp.fp.raw._sock``
  (the socket.SocketIO under the buffered reader of http.client.HTTPResponse).

When neither is found (a library changed its internals, or a test transport
has no socket) nothing happens: the worker then ends at its own read timeout
(``timeout``), which is also the bound of one attempt. The unit test
tests/unit/plugins/module_utils/_api/test_socket_cut.py cuts a real
connection with whatever requests/urllib3 the test run has installed.
"""

import socket

from typing import Any, Optional


def response_socket(response: Any) -> Optional[socket.socket]:
    """The socket a requests RESPONSE streamed with ``stream=True`` is read from, or None when not found."""
    raw = getattr(response, 'raw', None)
    candidates = (
        getattr(getattr(raw, '_connection', None), 'sock', None),  # urllib3 2
        getattr(getattr(getattr(getattr(raw, '_fp', None), 'fp', None), 'raw', None), '_sock', None),  # http.client
    )
    for sock in candidates:
        if sock is not None:
            return sock
    return None


def cut(response: Any) -> bool:
    """Shut down RESPONSE's connection (best effort; never blocks, never raises): True when a socket was cut.

    Only the socket is shut down (closing the response would wait for the
    reader's lock): the worker's read then ends at once.
    """
    sock = response_socket(response)
    if sock is None:
        return False
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except (OSError, ValueError):
        return False
    return True
