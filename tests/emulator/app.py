# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Flask application: API and admin routes, faults, the request log, errors."""

import sys
import time
import traceback

from flask import Flask, current_app, g, request
from werkzeug.exceptions import HTTPException

from .admin import PREFIX, admin
from .api import api
from .errors import ApiError, error_response
from .faults import Faults
from .requestlog import RequestLog
from .store import Store


class Emulator:
    """What the views share: the state, the fault settings and the request log."""

    def __init__(self, store=None, faults=None, log=None):
        self.store = store if store is not None else Store()
        self.faults = faults if faults is not None else Faults()
        self.log = log if log is not None else RequestLog()


def is_admin_path(path):
    return path == PREFIX or path.startswith(PREFIX + '/')


def inject_fault():
    """before_request: latency, then maybe a fault instead of the answer."""
    g.faulted = False
    if is_admin_path(request.path):
        return None
    emulator = current_app.config['EMULATOR']
    latency = emulator.faults.latency()
    if latency:
        time.sleep(latency)
    fault = emulator.faults.draw()
    if fault is None:
        return None
    status, retry_after = fault
    g.faulted = True
    headers = {'Retry-After': str(retry_after)} if retry_after is not None else None
    return error_response(status, 'fault injected by the emulator: %d' % status, headers=headers)


def log_request(response):
    """after_request: every API answer goes to the request log."""
    if not is_admin_path(request.path):
        current_app.config['EMULATOR'].log.record(request.method, request.path, request.args.to_dict(), response.status_code,
                                                  g.get('faulted', False))
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


def create_app(store=None, faults=None, log=None):
    """A Flask app serving the emulated API; ``app.config['EMULATOR']`` holds its state."""
    app = Flask('transactionlink_emulator')
    app.config['EMULATOR'] = Emulator(store, faults, log)
    app.json.sort_keys = False
    app.before_request(inject_fault)
    app.after_request(log_request)
    app.register_error_handler(ApiError, api_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)
    app.register_blueprint(api)
    app.register_blueprint(admin)
    return app
