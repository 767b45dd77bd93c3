# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The TransactionLink API endpoints the collection uses, as documented.

Paths are the ones in ``plugins/module_utils/api_facts.py`` (Flask syntax).
Every view first checks the token and its scope, then the path and body.
"""

import functools
import re

from flask import Blueprint, current_app, g, jsonify, request

from .errors import ApiError
from .seed import SCOPE_MANAGE_ACCESS, SCOPE_MANAGE_USERS, SCOPE_VIEW_WORKSPACE

AUTH_HEADER = 'Authorization'
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
# The documented UserResponse: the organization role by id, names and title in profile, no status.
USER_FIELDS = ('id', 'email', 'idpId', 'roleId', 'profile', 'createdDateTime')
PROFILE_FIELDS = ('firstName', 'lastName', 'title')
OWNER_ROLE = 'owner'
# The query parameters each endpoint documents (view name -> names); every other endpoint documents none.
# In strict mode any other query parameter is refused (400), and so is a page size over MAX_PAGE_SIZE.
DOCUMENTED_QUERY = {'api.list_users': ('page', 'size'), 'api.list_enrollments': ('page', 'size')}

api = Blueprint('api', __name__)


def store():
    return current_app.config['EMULATOR'].store


def requires(scope):
    """Decorator: the request needs a known organization token with SCOPE."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            g.token = authorize(scope)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def authorize(scope):
    value = request.headers.get(AUTH_HEADER)
    if value is None or not value.strip():
        raise ApiError(401, 'missing %s header: send the organization token (tot_...) as its value' % AUTH_HEADER)
    if value.strip().lower().startswith('bearer'):
        raise ApiError(401, 'the organization token is sent without the Bearer prefix: use "%s: tot_..."' % AUTH_HEADER)
    token = store().token(value)
    if token is None:
        raise ApiError(401, 'unknown or invalid organization token')
    if scope not in token['scopes']:
        raise ApiError(403, 'the token lacks the scope %s that %s %s needs' % (scope, request.method, request.path))
    return token


def uuid_param(value, what):
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise ApiError(400, '%s must be a UUID, not %r' % (what, value))
    return value.lower()


def workspace_or_error(workspace_id):
    workspace_id = uuid_param(workspace_id, 'workspaceId')
    workspace = store().workspace(workspace_id)
    if workspace is None:
        raise ApiError(404, 'workspace %s not found' % workspace_id)
    allowed = g.token.get('workspaces')
    if allowed is not None and workspace_id not in allowed:
        raise ApiError(403, 'the token has no access to workspace %s' % workspace_id)
    return workspace


def user_or_error(user_id, what='userId'):
    user_id = uuid_param(user_id, what)
    user = store().user(user_id)
    if user is None:
        raise ApiError(404, 'user %s not found in the organization' % user_id)
    return user


def membership(workspace_id, user_id, role_id):
    """A WorkspaceMembershipResponse."""
    return {'workspaceId': workspace_id, 'userId': user_id, 'role': store().role(role_id)}


def user_item(user):
    item = dict((field, user.get(field)) for field in USER_FIELDS)
    item['profile'] = dict((field, (user.get('profile') or {}).get(field)) for field in PROFILE_FIELDS)
    return item


def json_body(fields, example):
    """The request's JSON object body, with no field outside FIELDS (400 otherwise)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, 'the body must be a JSON object %s' % example)
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise ApiError(400, 'unknown field(s) in the body: %s' % ', '.join(unknown))
    return body


def check_strict():
    """before_request, strict mode only: refuse a query parameter the endpoint does not document, and a page
    size over MAX_PAGE_SIZE (what a real API that caps its pages may do instead of capping silently)."""
    if not current_app.config['EMULATOR'].strict or request.endpoint is None or not request.endpoint.startswith('api.'):
        return
    documented = DOCUMENTED_QUERY.get(request.endpoint, ())
    unknown = sorted(set(request.args) - set(documented))
    if unknown:
        raise ApiError(400, 'undocumented query parameter(s) %s: %s %s documents %s (strict mode)' % (
            ', '.join(unknown), request.method, request.path, ', '.join(documented) or 'none'))
    size = request.args.get('size')
    if 'size' in documented and size is not None and re.match(r'^[0-9]+$', size) and int(size) > MAX_PAGE_SIZE:
        raise ApiError(400, 'query parameter size must be at most %d, not %s (strict mode)' % (MAX_PAGE_SIZE, size))


def int_arg(name, default, minimum):
    value = request.args.get(name)
    if value is None:
        return default
    if not re.match(r'^[0-9]+$', value) or int(value) < minimum:
        raise ApiError(400, 'query parameter %s must be an integer >= %d, not %r' % (name, minimum, value))
    return int(value)


@api.get('/organizations/workspaces')
@requires(SCOPE_VIEW_WORKSPACE)
def list_workspaces():
    allowed = g.token.get('workspaces')
    return jsonify([ws for ws in store().workspaces() if allowed is None or ws['id'] in allowed])


@api.get('/organizations/workspaces/<workspace_id>/roles')
@requires(SCOPE_VIEW_WORKSPACE)
def list_workspace_roles(workspace_id):
    workspace = workspace_or_error(workspace_id)
    return jsonify(store().roles(workspace['id']))


@api.get('/workspaces/<workspace_id>/memberships')
@requires(SCOPE_VIEW_WORKSPACE)
def list_direct_memberships(workspace_id):
    workspace = workspace_or_error(workspace_id)
    return jsonify([membership(workspace['id'], user, role) for user, role in store().direct_memberships(workspace['id'])])


@api.get('/organizations/workspaces/<workspace_id>/memberships')
@requires(SCOPE_VIEW_WORKSPACE)
def list_all_memberships(workspace_id):
    """Direct and inherited memberships; nothing marks an inherited one (as documented)."""
    workspace = workspace_or_error(workspace_id)
    pairs = store().direct_memberships(workspace['id']) + store().inherited_memberships(workspace['id'])
    return jsonify([membership(workspace['id'], user, role) for user, role in pairs])


@api.put('/workspaces/<workspace_id>/memberships/<user_id>')
@requires(SCOPE_MANAGE_ACCESS)
def put_membership(workspace_id, user_id):
    """Add a membership or change a member's role (an upsert); 200 with the membership."""
    workspace = workspace_or_error(workspace_id)
    user_id = uuid_param(user_id, 'userId')
    body = json_body(('userId', 'roleId'), '{"userId": "<uuid>", "roleId": "<uuid>"}')
    for field in ('userId', 'roleId'):
        if body.get(field) is None:
            raise ApiError(400, '%s is required in the body' % field)
    body_user = uuid_param(body['userId'], 'body userId')
    if body_user != user_id:
        raise ApiError(400, 'body userId %s differs from the userId %s in the path' % (body_user, user_id))
    role_id = uuid_param(body['roleId'], 'roleId')
    user = user_or_error(user_id)
    role = store().role(role_id)
    if role is None:
        raise ApiError(404, 'role %s not found' % role_id)
    if role['workspaceId'] != workspace['id']:
        raise ApiError(400, 'role %s belongs to another workspace (%s), not to workspace %s' % (role_id, role['workspaceId'], workspace['id']))
    store().put_membership(workspace['id'], user['id'], role['id'])
    return jsonify(membership(workspace['id'], user['id'], role['id']))


@api.delete('/workspaces/<workspace_id>/memberships/<user_id>')
@requires(SCOPE_MANAGE_ACCESS)
def delete_membership(workspace_id, user_id):
    """Remove a direct membership: 200 with no body (as documented: "200", "No content"); 404 when the user is
    not a direct member."""
    workspace = workspace_or_error(workspace_id)
    user = user_or_error(user_id)
    if not store().delete_membership(workspace['id'], user['id']):
        raise ApiError(404, 'user %s has no direct membership in workspace %s' % (user['id'], workspace['id']))
    return current_app.response_class(status=200)


@api.get('/organizations/users')
@requires(SCOPE_MANAGE_USERS)
def list_users():
    """One page (0-based) of the organization's users, ordered by e-mail; size capped at 100."""
    page = int_arg('page', 0, 0)
    size = min(int_arg('size', DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    users, total = store().users_page(page * size, (page + 1) * size)
    return jsonify({'content': [user_item(u) for u in users], 'totalElements': total, 'totalPages': (total + size - 1) // size,
                    'size': size, 'number': page})


@api.get('/organizations/users/<user_id>')
@requires(SCOPE_MANAGE_USERS)
def get_user(user_id):
    return jsonify(user_item(user_or_error(user_id)))


@api.put('/organizations/users/<user_id>/role')
@requires(SCOPE_MANAGE_USERS)
def put_user_role(user_id):
    """Change a user's organization role: 200 with the user (INFERRED answer). A change to member ends the
    inherited access of an owner or admin. Refused (400): no organization role, or the last owner's change."""
    user = user_or_error(user_id)
    body = json_body(('roleId',), '{"roleId": "<uuid>"}')
    if body.get('roleId') is None:
        raise ApiError(400, 'roleId is required in the body')
    role_id = uuid_param(body['roleId'], 'roleId')
    with store().lock:  # the owner check and the change as one step
        name = store().organization_role_name(role_id)
        if name is None:
            raise ApiError(400, 'roleId %s is not an organization role' % role_id)
        if name != OWNER_ROLE and store().users_with_role(OWNER_ROLE) == [user['id']]:
            raise ApiError(400, 'user %s is the last owner of the organization: make another user owner first' % user['id'])
        return jsonify(user_item(store().set_user_role(user['id'], role_id)))


@api.put('/organizations/users/<user_id>/profile')
@requires(SCOPE_MANAGE_USERS)
def put_user_profile(user_id):
    """Replace a user's profile (first name, last name, title): 200 with the user (INFERRED answer). A field
    left out or null becomes null: the body is the whole profile."""
    user = user_or_error(user_id)
    body = json_body(PROFILE_FIELDS, '{"firstName": "...", "lastName": "...", "title": "..."}')
    for field in PROFILE_FIELDS:
        if body.get(field) is not None and not isinstance(body[field], str):
            raise ApiError(400, '%s must be a string or null' % field)
    profile = dict((field, body.get(field)) for field in PROFILE_FIELDS)
    return jsonify(user_item(store().set_user_profile(user['id'], profile)))


@api.get('/organizations/roles')
@requires(SCOPE_MANAGE_USERS)
def list_organization_roles():
    return jsonify(store().organization_roles())


# Enrollments (invitations to the organization), scope can_manage_users.

ENROLLMENT_FIELDS = ('enrollmentId', 'email', 'status', 'lastInvitationSentAt')
ENROLLMENT_BODY = ('email', 'roleId', 'firstName', 'lastName', 'title')
EMAIL_RE = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')


def enrollment_item(enrollment):
    return dict((field, enrollment[field]) for field in ENROLLMENT_FIELDS)


def enrollment_or_error(enrollment_id):
    enrollment_id = uuid_param(enrollment_id, 'enrollmentId')
    enrollment = store().enrollment(enrollment_id)
    if enrollment is None:
        raise ApiError(404, 'enrollment %s not found' % enrollment_id)
    return enrollment


@api.get('/organizations/enrollments')
@requires(SCOPE_MANAGE_USERS)
def list_enrollments():
    """One page (0-based) of the enrollments in the order they were made; size capped at 100. Only page and size
    are documented: another query parameter (a status filter) is ignored, or refused in strict mode."""
    page = int_arg('page', 0, 0)
    size = min(int_arg('size', DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    items, total = store().enrollments_page(page * size, (page + 1) * size)
    return jsonify({'content': [enrollment_item(e) for e in items], 'totalElements': total,
                    'totalPages': (total + size - 1) // size, 'size': size, 'number': page})


@api.post('/organizations/enrollments')
@requires(SCOPE_MANAGE_USERS)
def create_enrollment():
    """Invite a person: 200 with the new PENDING enrollment. Refused (400) for an e-mail that is a user already
    or has a PENDING enrollment."""
    body = json_body(ENROLLMENT_BODY, '{"email": "...", "roleId": "<uuid>", "firstName", "lastName", "title"}')
    email = body.get('email')
    if not isinstance(email, str) or not EMAIL_RE.match(email):
        raise ApiError(400, 'email is required in the body and must be an e-mail address, not %r' % (email,))
    if body.get('roleId') is None:
        raise ApiError(400, 'roleId is required in the body')
    role_id = uuid_param(body['roleId'], 'roleId')
    if role_id not in [r['id'] for r in store().organization_roles()]:
        raise ApiError(400, 'roleId %s is not an organization role' % role_id)
    for field in ('firstName', 'lastName', 'title'):
        if body.get(field) is not None and not isinstance(body[field], str):
            raise ApiError(400, '%s must be a string' % field)
    with store().lock:  # the checks and the creation as one step
        if store().user_by_email(email) is not None:
            raise ApiError(400, 'a user with the e-mail %s exists already' % email)
        if any(e['status'] == 'PENDING' for e in store().find_enrollments(email)):
            raise ApiError(400, 'the e-mail %s has a PENDING enrollment already' % email)
        enrollment = store().create_enrollment(email, role_id, body.get('firstName'), body.get('lastName'), body.get('title'))
    return jsonify(enrollment_item(enrollment))


@api.post('/organizations/enrollments/<enrollment_id>/resend')
@requires(SCOPE_MANAGE_USERS)
def resend_enrollment(enrollment_id):
    """Send a PENDING or EXPIRED invitation again: 200, PENDING with a new lastInvitationSentAt; 400 otherwise."""
    with store().lock:
        enrollment = enrollment_or_error(enrollment_id)
        if enrollment['status'] not in ('PENDING', 'EXPIRED'):
            raise ApiError(400, 'enrollment %s is %s: only a PENDING or EXPIRED one can be resent' % (
                enrollment['enrollmentId'], enrollment['status']))
        enrollment = store().set_enrollment_status(enrollment['enrollmentId'], 'PENDING', sent=True)
    return jsonify(enrollment_item(enrollment))


@api.post('/organizations/enrollments/<enrollment_id>/cancel')
@requires(SCOPE_MANAGE_USERS)
def cancel_enrollment(enrollment_id):
    """Cancel a PENDING invitation: 200, CANCELLED; 400 for any other status."""
    with store().lock:
        enrollment = enrollment_or_error(enrollment_id)
        if enrollment['status'] != 'PENDING':
            raise ApiError(400, 'enrollment %s is %s: only a PENDING one can be cancelled' % (
                enrollment['enrollmentId'], enrollment['status']))
        enrollment = store().set_enrollment_status(enrollment['enrollmentId'], 'CANCELLED')
    return jsonify(enrollment_item(enrollment))
