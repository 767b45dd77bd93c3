# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's HTTP server: threaded, HTTP/1.1 with keep-alive, optional TLS.

werkzeug's development server closes the connection after every answer, so
each request of a client costs a new TCP (and TLS) connection and a new
thread; at 10,000 requests that is most of the work on both sides. This
server keeps a connection open (HTTP/1.1 keep-alive, as a real API behind a
load balancer does), one thread per connection, and hands each request to
the WSGI app (the emulator's Flask app) with an environ like werkzeug's:

- every answer has a Content-Length (the app's body is collected first);
- a request body needs Content-Length or ``Transfer-Encoding: chunked``;
- ``Connection: close`` from the client, HTTP/1.0 without keep-alive, or an
  idle connection (IDLE_TIMEOUT seconds) end the connection;
- ``environ['werkzeug.socket']`` is the connection, so
  ``app.DropConnections`` can drop it (an injected reset): the app raises
  ConnectionAbortedError and the connection ends without an answer;
- with an ``ssl.SSLContext`` it serves HTTPS; the handshake happens in the
  connection's thread, so a silent client blocks nobody.
"""

import http.server
import io
import logging
import socket
import socketserver
import sys
import time
from urllib.parse import unquote_to_bytes

from .errors import DRIP_HEADER

IDLE_TIMEOUT = 60
# environ key: time.monotonic() when the request's first line came in (the app's latency counts from it)
ARRIVED = 'emulator.arrived'
MAX_BODY = 10 * 1024 * 1024
LOG = logging.getLogger('emulator.access')


class BadRequest(Exception):
    """A request the server answers with 400 (or STATUS) and then closes."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


class RequestHandler(http.server.BaseHTTPRequestHandler):
    """One connection: its requests, one after the other, each answered by ``server.app``."""

    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True
    timeout = IDLE_TIMEOUT
    server_version = 'TransactionLinkEmulator/1'
    sys_version = ''

    def handle_one_request(self):
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (OSError, ValueError):  # reset, timeout, TLS error, closed
            self.close_connection = True
            return
        if not self.raw_requestline:
            self.close_connection = True
            return
        self.arrived = time.monotonic()
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():  # it answered the error
            return
        try:
            self.run_wsgi()
            self.wfile.flush()
        except BadRequest as e:
            self.close_connection = True
            self.send_error(e.status, str(e))
        except (ConnectionError, TimeoutError, socket.timeout):
            self.close_connection = True

    def read_body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            return self.read_chunked()
        length = self.headers.get('Content-Length')
        if length is None:
            return b''
        if not length.isdigit() or int(length) > MAX_BODY:
            raise BadRequest('bad Content-Length %r' % length)
        return self.rfile.read(int(length))

    def read_chunked(self):
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(1024).split(b';', 1)[0].strip()
            try:
                size = int(line, 16)
            except ValueError:
                raise BadRequest('bad chunk size %r' % line) from None
            total += size
            if total > MAX_BODY:
                raise BadRequest('body too large', 413)
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailers
                    pass
                return b''.join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(3)

    def environ(self, body):
        path, _sep, query = self.path.partition('?')
        if path.startswith(('http://', 'https://')):  # absolute form
            path = '/' + path.split('/', 3)[3] if path.count('/') >= 3 else '/'
        server_name, server_port = self.server.server_address[:2]
        environ = {
            'REQUEST_METHOD': self.command,
            'SCRIPT_NAME': '',
            'PATH_INFO': unquote_to_bytes(path).decode('latin-1'),
            'QUERY_STRING': query,
            'REQUEST_URI': self.path,
            'RAW_URI': self.path,
            'SERVER_NAME': str(server_name),
            'SERVER_PORT': str(server_port),
            'SERVER_PROTOCOL': self.request_version,
            'SERVER_SOFTWARE': self.server_version,
            'REMOTE_ADDR': self.client_address[0],
            'REMOTE_PORT': str(self.client_address[1]),
            'CONTENT_LENGTH': str(len(body)),
            'wsgi.version': (1, 0),
            'wsgi.url_scheme': 'https' if self.server.ssl_context is not None else 'http',
            'wsgi.input': io.BytesIO(body),
            'wsgi.errors': sys.stderr,
            'wsgi.multithread': True,
            'wsgi.multiprocess': False,
            'wsgi.run_once': False,
            'werkzeug.socket': self.connection,
            ARRIVED: self.arrived,
        }
        for name, value in self.headers.items():
            key = name.upper().replace('-', '_')
            if key == 'CONTENT_TYPE':
                environ['CONTENT_TYPE'] = value
            elif key not in ('CONTENT_LENGTH', 'TRANSFER_ENCODING'):
                key = 'HTTP_' + key
                environ[key] = environ[key] + ',' + value if key in environ else value
        return environ

    def run_wsgi(self):
        environ = self.environ(self.read_body())
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer['status'], answer['headers'] = status, headers
            return answer.setdefault('written', []).append

        try:
            result = self.server.app(environ, start_response)
            try:
                body = b''.join(answer.get('written', [])) + b''.join(result)
            finally:
                if hasattr(result, 'close'):
                    result.close()
        except ConnectionAbortedError:  # the app dropped the connection (DropConnections)
            self.close_connection = True
            return
        except Exception:  # pylint: disable=broad-except
            LOG.exception('error in the WSGI app')
            self.close_connection = True
            self.send_error(500)
            return
        code, _sep, reason = answer['status'].partition(' ')
        code = int(code)
        self.send_response(code, reason)
        length = str(len(body))
        drip = None
        for name, value in answer['headers']:
            if name.lower() == DRIP_HEADER.lower():
                drip = float(value)
            elif name.lower() == 'content-length' and self.command == 'HEAD':
                length = value  # what a GET would send
            elif name.lower() not in ('content-length', 'connection', 'transfer-encoding', 'date', 'server'):
                self.send_header(name, value)
        no_body = code in (204, 304) or code < 200
        if not no_body:
            self.send_header('Content-Length', length)
        if self.close_connection:
            self.send_header('Connection', 'close')
        self.end_headers()
        if not no_body and self.command != 'HEAD':
            if drip is None:
                self.wfile.write(body)
            else:  # a slow-drip body (fault injection): one byte at a time, until the client goes away
                self.close_connection = True
                for index in range(len(body)):
                    self.wfile.write(body[index:index + 1])
                    self.wfile.flush()
                    time.sleep(drip)

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if LOG.isEnabledFor(logging.INFO):
            LOG.info('%s - - [%s] %s', self.address_string(), self.log_date_time_string(), format % args)

    def log_request(self, code='-', size='-'):
        if LOG.isEnabledFor(logging.INFO):
            super().log_request(code, size)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """A threaded HTTP/1.1 server for a WSGI APP; HTTPS with SSL_CONTEXT."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, host, port, app, ssl_context=None):
        self.address_family = socket.AF_INET6 if ':' in host else socket.AF_INET
        super().__init__((host, port), RequestHandler)
        self.app = app
        self.ssl_context = ssl_context
        if ssl_context is not None:
            self.socket = ssl_context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)  # not HTTPServer's: no reverse DNS look-up of the address
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        LOG.debug('error on a connection from %s', client_address, exc_info=True)


def make_server(host, port, app, ssl_context=None):
    return Server(host, port, app, ssl_context)
