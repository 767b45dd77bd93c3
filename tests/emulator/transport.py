# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A requests transport that answers from the emulator app in the same process.

Mount ``WSGIAdapter(app)`` on a ``requests.Session`` and every request it
sends is answered by the WSGI app (the emulator's Flask app) directly: no
port, no thread, no process, and none of werkzeug's test-client machinery
(the environ is built here, as a server would). What the client sees
(status, headers, body, a dropped connection as requests.ConnectionError) is
what the real server would send. Thread-safe: each call has its own environ.
"""

import io
import sys
from urllib.parse import unquote_to_bytes, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

# An answer carrying DROP_HEADER stands for a dropped connection (the real
# server closes the socket instead of answering).
from .errors import DROP_HEADER

DEFAULT_PORTS = {'http': '80', 'https': '443'}


def environ_for(request):
    """The WSGI environ of a requests.PreparedRequest, as a server (server.py, werkzeug's) would build it."""
    split = urlsplit(request.url)
    body = request.body or b''
    if isinstance(body, str):
        body = body.encode('utf-8')
    elif not isinstance(body, bytes):  # a file or an iterator
        body = body.read() if hasattr(body, 'read') else b''.join(body)
    environ = {
        'REQUEST_METHOD': request.method,
        'SCRIPT_NAME': '',
        'PATH_INFO': unquote_to_bytes(split.path or '/').decode('latin-1'),
        'QUERY_STRING': split.query,
        'SERVER_NAME': split.hostname or 'localhost',
        'SERVER_PORT': str(split.port) if split.port else DEFAULT_PORTS.get(split.scheme, '80'),
        'SERVER_PROTOCOL': 'HTTP/1.1',
        'REMOTE_ADDR': '127.0.0.1',
        'REMOTE_PORT': '0',
        'CONTENT_LENGTH': str(len(body)),
        'HTTP_HOST': split.netloc,
        'wsgi.version': (1, 0),
        'wsgi.url_scheme': split.scheme or 'http',
        'wsgi.input': io.BytesIO(body),
        'wsgi.errors': sys.stderr,
        'wsgi.multithread': True,
        'wsgi.multiprocess': False,
        'wsgi.run_once': False,
    }
    for name, value in request.headers.items():
        key = name.upper().replace('-', '_')
        if key == 'CONTENT_TYPE':
            environ['CONTENT_TYPE'] = value
        elif key != 'CONTENT_LENGTH':
            environ['HTTP_' + key] = value
    return environ


class WSGIAdapter(BaseAdapter):
    """Send each request to APP, a WSGI app (the emulator's Flask app), and answer with what it returns."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer['status'], answer['headers'] = status, headers
            return lambda data: answer.setdefault('written', []).append(data)

        result = self.app(environ_for(request), start_response)
        try:
            body = b''.join(answer.get('written', [])) + b''.join(result)
        finally:
            if hasattr(result, 'close'):
                result.close()
        headers = CaseInsensitiveDict(answer['headers'])
        if DROP_HEADER in headers:
            raise requests.exceptions.ConnectionError(
                'Connection aborted: the emulator dropped the connection (%s)' % headers[DROP_HEADER], request=request)
        code, _sep, reason = answer['status'].partition(' ')
        response = requests.Response()
        response.status_code = int(code)
        response.reason = reason
        response.headers = headers
        response.raw = io.BytesIO(body)
        response.url = request.url
        response.request = request
        response.encoding = requests.utils.get_encoding_from_headers(headers)
        response.connection = self
        return response

    def close(self):
        pass
