# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The documented ErrorResponse: ``{"fingerprint": uuid, "errors": [{"code", "message"}]}``."""

import uuid

from flask import jsonify

# An answer carrying this header stands for a dropped connection: the served
# app closes the socket instead of sending it (app.DropConnections), and the
# in-process transport (transport.py) raises requests.ConnectionError.
DROP_HEADER = 'X-Emulator-Drop'
# An answer carrying this header (seconds) has its body sent one byte at a time, that many seconds apart, by
# the emulator's server (server.py); the header itself is not sent. The in-process transport ignores it.
DRIP_HEADER = 'X-Emulator-Drip'

CODES = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'TOO_MANY_REQUESTS',
    500: 'INTERNAL_ERROR',
    502: 'BAD_GATEWAY',
    503: 'SERVICE_UNAVAILABLE',
    504: 'GATEWAY_TIMEOUT',
}


class ApiError(Exception):
    """Raised by a view: answered with an ErrorResponse."""

    def __init__(self, status, message, code=None, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, 'ERROR')
        self.headers = headers or {}


def error_response(status, message, code=None, headers=None):
    """A Flask response with the ErrorResponse body."""
    body = {'fingerprint': str(uuid.uuid4()), 'errors': [{'code': code or CODES.get(status, 'ERROR'), 'message': message}]}
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def drop_response(reason):
    """An answer that stands for a dropped connection (see DROP_HEADER); its body is never sent by the server."""
    return error_response(502, 'the emulator dropped the connection (%s)' % reason, headers={DROP_HEADER: reason})
