# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Flask application: API and admin routes, faults, the request log, errors."""

import socket
import struct
import sys
import time
import traceback

from flask import Flask, current_app, g, request
from werkzeug.exceptions import HTTPException

from .admin import PREFIX, admin
from .api import UUID_RE, api, check_strict
from .errors import DRIP_HEADER, DROP_HEADER, ApiError, drop_response, error_response
from .faults import RESET, Faults
from .requestlog import RequestLog
from .server import ARRIVED
from .store import Store


class Emulator:
    """What the views share: the state, the fault settings, the request log and the mode.

    STRICT: refuse (400) a page size over 100 and any query parameter an endpoint does not document (api.py,
    check_strict), instead of capping the size and ignoring the parameter. ``strict`` may be changed at run time
    (``POST /_emulator/reset`` with ``strict``); a reset without it goes back to ``start_strict``.
    """

    def __init__(self, store=None, faults=None, log=None, strict=False):
        self.store = store if store is not None else Store()
        self.faults = faults if faults is not None else Faults()
        self.log = log if log is not None else RequestLog()
        self.start_strict = self.strict = bool(strict)


def is_admin_path(path):
    return path == PREFIX or path.startswith(PREFIX + '/')


def inject_fault():
    """before_request: draw the request's fault and set its answer's deadline, maybe answer the fault instead.

    The latency (and a spike) is a deadline, not a sleep here: the request is handled at once and finish()
    holds the answer until ``started`` + latency, so the emulator's own work happens within the latency instead
    of being added to it, as on a real API whose latency is the whole time to an answer."""
    g.started = request.environ.get(ARRIVED) or time.monotonic()
    g.deadline = None
    g.fault = None
    g.lost_answer = None
    g.uppercase_ids = False
    g.drip = None
    if is_admin_path(request.path):
        return None
    redirect = current_app.config['EMULATOR'].faults.redirect_for(request.method)
    if redirect is not None:  # answered instead of the request: nothing applied
        g.fault = 'redirect'
        response = current_app.response_class(status=redirect['status'], headers={'Location': redirect['location']})
        return response
    if current_app.config['EMULATOR'].faults.not_found_for(request.method):  # a path the server does not have
        g.fault = 'not_found'
        return error_response(404, 'no such resource: %s %s' % (request.method, request.path))
    draw = current_app.config['EMULATOR'].faults.draw()
    g.uppercase_ids = draw.uppercase_ids
    g.drip = draw.drip
    if draw.delay:
        g.deadline = g.started + draw.delay
    fault = draw.fault
    if fault is None:
        return None
    g.fault = fault['kind']
    if fault['kind'] == 'lost_answer':  # handled normally; finish() loses the answer
        g.lost_answer = fault['status']
        return None
    if fault['kind'] == 'reset':
        return drop_response('reset')
    status, retry_after = fault['status'], fault['retry_after']
    headers = {'Retry-After': str(retry_after)} if retry_after is not None else None
    return error_response(status, 'fault injected by the emulator: %d' % status, headers=headers)


def wait_until(deadline):
    """Sleep (no lock held) until DEADLINE (time.monotonic()), if it is still ahead; None: no wait."""
    if deadline is None:
        return
    remaining = deadline - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def upper_ids(value):
    """VALUE (decoded JSON) with every UUID string in upper case."""
    if isinstance(value, str):
        return value.upper() if UUID_RE.match(value) else value
    if isinstance(value, list):
        return [upper_ids(v) for v in value]
    if isinstance(value, dict):
        return dict((k, upper_ids(v)) for k, v in value.items())
    return value


def finish(response):
    """after_request: lose the answer (lost_answer), upper-case ids (uppercase_ids), wrong shapes, drip; log the request."""
    if is_admin_path(request.path):
        return response
    handled_status = None
    if g.get('lost_answer') is not None:
        handled_status = response.status_code
        if g.lost_answer == RESET:
            response = drop_response('lost answer')
        else:
            response = error_response(g.lost_answer, 'fault injected by the emulator: %d (the answer was lost)' % g.lost_answer)
    if g.get('uppercase_ids') and response.is_json and DROP_HEADER not in response.headers:
        response.set_data(current_app.json.dumps(upper_ids(response.get_json())))
    if response.status_code == 200 and response.is_json and g.get('fault') is None:
        body = response.get_json()
        changed = current_app.config['EMULATOR'].faults.reshape(request.endpoint, body)
        if changed is not body:
            response.set_data(current_app.json.dumps(changed))
    if g.get('drip') is not None and DROP_HEADER not in response.headers:
        response.headers[DRIP_HEADER] = str(g.drip)
    dropped = DROP_HEADER in response.headers
    wait_until(g.get('deadline'))
    current_app.config['EMULATOR'].log.record(
        request.method, request.path, request.args.to_dict(), None if dropped else response.status_code,
        fault=g.get('fault'), started=g.get('started'), ended=time.monotonic(), handled_status=handled_status)
    return response


def api_error(error):
    return error_response(error.status, error.message, error.code, error.headers)


def http_error(error):
    headers = {}
    if error.code == 405 and getattr(error, 'valid_methods', None):
        headers['Allow'] = ', '.join(error.valid_methods)
    message = {404: 'no such resource: %s %s' % (request.method, request.path),
               405: 'method %s not allowed on %s' % (request.method, request.path)}.get(error.code, error.description)
    return error_response(error.code or 500, message, headers=headers)


def unexpected_error(error):
    traceback.print_exc(file=sys.stderr)
    return error_response(500, 'unexpected error in the emulator: %s' % type(error).__name__)


class DropConnections:
    """WSGI middleware: an answer with DROP_HEADER closes the connection instead of being sent.

    Works under the emulator's server (server.py) and werkzeug's, which put the
    socket in ``environ['werkzeug.socket']``: the socket is shut down with
    SO_LINGER 0 (a reset when it closes) and ConnectionAbortedError tells the
    server the connection is gone, so the client gets no answer at all.
    Without that socket (the in-process transport, another WSGI server) the
    answer goes out with its header, for the transport to act on."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        sock = environ.get('werkzeug.socket')
        if sock is None:
            return self.wsgi_app(environ, start_response)
        dropped = []

        def start(status, headers, exc_info=None):
            if any(name.lower() == DROP_HEADER.lower() for name, _value in headers):
                dropped.append(True)
                return lambda data: None
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, start)
        if not dropped:
            return result
        if hasattr(result, 'close'):
            result.close()
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        raise ConnectionAbortedError('connection dropped by the emulator (fault injection)')


def create_app(store=None, faults=None, log=None, strict=False):
    """A Flask app serving the emulated API; ``app.config['EMULATOR']`` holds its state. STRICT: see Emulator."""
    app = Flask('transactionlink_emulator')
    app.config['EMULATOR'] = Emulator(store, faults, log, strict)
    app.json.sort_keys = False
    app.before_request(inject_fault)
    app.before_request(check_strict)
    app.after_request(finish)
    app.register_error_handler(ApiError, api_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    app.wsgi_app = DropConnections(app.wsgi_app)
    return app
