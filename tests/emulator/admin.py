# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Admin routes under /_emulator/: not authenticated, not logged, never faulted."""

import hashlib

from flask import Blueprint, current_app, jsonify, request

from .errors import ApiError
from .faults import FaultError
from .seed import ALL_SCOPES, SEEDS
from .store import ENROLLMENT_STATUSES

PREFIX = '/_emulator'

admin = Blueprint('admin', __name__, url_prefix=PREFIX)


def emulator():
    return current_app.config['EMULATOR']


def json_object(required=False):
    body = request.get_json(silent=True)
    if body is None and not required and not request.get_data():
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, 'the body must be a JSON object')
    return body


@admin.get('/health')
def health():
    store = emulator().store
    return jsonify(dict({'status': 'ok', 'seed': store.seed(), 'strict': emulator().strict}, **store.counts()))


@admin.get('/requests')
def requests_log():
    return jsonify(emulator().log.describe())


@admin.delete('/requests')
def clear_requests():
    emulator().log.clear()
    return '', 204


@admin.post('/reset')
def reset():
    """Reseed (body: optional seed, workspaces, users, strict); also clears the request log and the faults.
    STRICT (true/false) sets strict mode; without it, the mode is the one the emulator started with."""
    body = json_object()
    unknown = sorted(set(body) - set(('seed', 'workspaces', 'users', 'strict')))
    if unknown:
        raise ApiError(400, 'unknown reset option(s): %s' % ', '.join(unknown))
    if not isinstance(body.get('strict', False), bool):
        raise ApiError(400, 'strict must be true or false')
    seed = body.get('seed', 'demo')
    if seed not in SEEDS:
        raise ApiError(400, 'seed must be one of %s, not %r' % (', '.join(SEEDS), seed))
    for key in ('workspaces', 'users'):
        if key in body and (isinstance(body[key], bool) or not isinstance(body[key], int) or body[key] < (1 if key == 'workspaces' else 0)):
            raise ApiError(400, '%s must be a positive integer' % key)
    emulator().store.reset(seed, body.get('workspaces'), body.get('users'))
    emulator().strict = body.get('strict', emulator().start_strict)
    emulator().log.clear()
    emulator().faults.clear()
    return health()


@admin.get('/state')
def state():
    return jsonify(emulator().store.snapshot())


@admin.get('/faults')
def get_faults():
    return jsonify(emulator().faults.describe())


@admin.put('/faults')
def put_faults():
    """Change the given fault settings (see faults.py), keep the others."""
    try:
        emulator().faults.update(**json_object(required=True))
    except FaultError as e:
        raise ApiError(400, str(e)) from e
    return jsonify(emulator().faults.describe())


@admin.delete('/faults')
def clear_faults():
    emulator().faults.clear()
    return jsonify(emulator().faults.describe())


@admin.post('/tokens')
def add_token():
    """Add a token: body {"name", "scopes": [...], "workspaces": [ids] or null}; 201 with its value."""
    body = json_object(required=True)
    name = body.get('name')
    scopes = body.get('scopes', [])
    workspaces = body.get('workspaces')
    if not isinstance(name, str) or not name:
        raise ApiError(400, 'name is required')
    if not isinstance(scopes, list) or any(s not in ALL_SCOPES for s in scopes):
        raise ApiError(400, 'scopes must be a list of %s' % ', '.join(ALL_SCOPES))
    if workspaces is not None and (not isinstance(workspaces, list) or not all(isinstance(w, str) for w in workspaces)):
        raise ApiError(400, 'workspaces must be a list of workspace ids or null')
    value = 'tot_' + hashlib.sha256(('transactionlink-emulator-' + name).encode('utf-8')).hexdigest()[:52]
    emulator().store.add_token(name, value, scopes, [w.lower() for w in workspaces] if workspaces is not None else None)
    return jsonify({'name': name, 'token': value, 'scopes': scopes, 'workspaces': workspaces}), 201


# Enrollments: what the invited person (or time) does, for tests.

@admin.post('/enrollments')
def add_enrollment():
    """An enrollment made outside the API (body {"email", "status": "PENDING", "organizationRole": "member",
    "sent": false}): with ``sent`` false (the default) its lastInvitationSentAt is null, as the API documents it may be."""
    body = json_object(required=True)
    unknown = sorted(set(body) - set(('email', 'status', 'organizationRole', 'sent')))
    if unknown:
        raise ApiError(400, 'unknown enrollment field(s): %s' % ', '.join(unknown))
    email, status = body.get('email'), body.get('status', 'PENDING')
    if not isinstance(email, str) or '@' not in email:
        raise ApiError(400, 'email is required')
    if status not in ENROLLMENT_STATUSES:
        raise ApiError(400, 'status must be one of %s' % ', '.join(ENROLLMENT_STATUSES))
    roles = dict((r['name'], r['id']) for r in emulator().store.organization_roles())
    role = body.get('organizationRole', 'member')
    if role not in roles:
        raise ApiError(400, 'organizationRole must be one of %s' % ', '.join(roles))
    enrollment = emulator().store.create_enrollment(email, roles[role], status=status, sent=bool(body.get('sent', False)))
    return jsonify({'enrollment': enrollment}), 201


def _enrollment(ref):
    """The enrollment REF names: its id, or an e-mail (then its PENDING one, else its latest)."""
    store = emulator().store
    if '@' in ref:
        found = store.find_enrollments(ref)
        pending = [e for e in found if e['status'] == 'PENDING']
        if pending or found:
            return (pending or found)[-1]
        raise ApiError(404, 'no enrollment for %s' % ref)
    enrollment = store.enrollment(ref.lower())
    if enrollment is None:
        raise ApiError(404, 'enrollment %s not found' % ref)
    return enrollment


@admin.post('/enrollments/<ref>/accept')
def accept_enrollment(ref):
    """The person accepts a PENDING invitation (by enrollment id or e-mail): they become a user of the organization."""
    with emulator().store.lock:
        enrollment = _enrollment(ref)
        if enrollment['status'] != 'PENDING':
            raise ApiError(400, 'enrollment %s is %s: only a PENDING one can be accepted' % (enrollment['enrollmentId'], enrollment['status']))
        user = emulator().store.accept_enrollment(enrollment['enrollmentId'])
    return jsonify({'enrollment': emulator().store.enrollment(enrollment['enrollmentId']), 'user': user})


@admin.post('/enrollments/<ref>/expire')
def expire_enrollment(ref):
    """A PENDING invitation (by enrollment id or e-mail) expires."""
    with emulator().store.lock:
        enrollment = _enrollment(ref)
        if enrollment['status'] != 'PENDING':
            raise ApiError(400, 'enrollment %s is %s: only a PENDING one can expire' % (enrollment['enrollmentId'], enrollment['status']))
        enrollment = emulator().store.set_enrollment_status(enrollment['enrollmentId'], 'EXPIRED')
    return jsonify({'enrollment': enrollment})
