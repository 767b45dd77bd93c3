# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A requests transport that answers from the emulator app in the same process.

Mount ``WSGIAdapter(app)`` on a ``requests.Session`` and every request it
sends is answered by the Flask app directly: no port, no thread, no process.
What the client sees (status, headers, body, a dropped connection) is what
the real server would send.
"""

import io
import threading

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

# An answer carrying DROP_HEADER stands for a dropped connection (the real
# server closes the socket instead of answering).
from .errors import DROP_HEADER


class WSGIAdapter(BaseAdapter):
    """Send each request to APP (a Flask app) through its test client."""

    def __init__(self, app):
        super().__init__()
        self.app = app
        self._local = threading.local()

    def _client(self):
        client = getattr(self._local, 'client', None)
        if client is None:
            client = self._local.client = self.app.test_client()
        return client

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        split = requests.utils.urlparse(request.url)
        body = request.body
        if isinstance(body, str):
            body = body.encode('utf-8')
        answer = self._client().open(
            split.path, method=request.method, query_string=split.query, headers=dict(request.headers),
            data=body or b'')
        if DROP_HEADER in answer.headers:
            raise requests.exceptions.ConnectionError(
                'Connection aborted: the emulator dropped the connection (%s)' % answer.headers[DROP_HEADER],
                request=request)
        response = requests.Response()
        response.status_code = answer.status_code
        response.headers = CaseInsensitiveDict(answer.headers.items())
        response.raw = io.BytesIO(answer.get_data())
        response.url = request.url
        response.request = request
        response.reason = answer.status.split(' ', 1)[-1]
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        return response

    def close(self):
        pass
