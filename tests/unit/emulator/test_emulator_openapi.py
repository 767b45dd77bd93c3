# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every response of every endpoint, success and error, against tests/emulator/openapi.yaml.

The ``api`` fixture validates each response it gets; these cases make sure
every (operation, status) pair the emulator can answer is exercised, and that
the document itself lists exactly the endpoints the emulator serves and the
collection uses.
"""

import importlib.util
import os
import re

import pytest
import yaml

from emulator import seed
from helpers.paths import REPO_ROOT

RISK = seed.workspace_id('Risk')
PAYMENTS = seed.workspace_id('Payments')
ALICE = seed.user_id('alice.martin@example.com')
ERIK = seed.user_id('erik.johansson@example.com')
UNKNOWN = '00000000-0000-4000-8000-000000000000'
REPO = REPO_ROOT
OPENAPI_FILE = os.path.join(REPO, 'tests', 'emulator', 'openapi.yaml')

WS_PATHS = {
    'listWorkspaceRoles': '/organizations/workspaces/%s/roles',
    'listDirectMemberships': '/workspaces/%s/memberships',
    'listAllMemberships': '/organizations/workspaces/%s/memberships',
}
MEMBERSHIP = '/workspaces/%s/memberships/%s'
USER_ROLE = '/organizations/users/%s/role'
USER_PROFILE = '/organizations/users/%s/profile'
VIEWER = {'userId': ALICE, 'roleId': seed.role_id('Risk', 'Viewer')}

CASES = [
    ('GET', '/organizations/workspaces', 'admin', None, 200),
    ('GET', '/organizations/workspaces', None, None, 401),
    ('GET', '/organizations/workspaces', seed.TOKENS['admin'][:-1], None, 401),
    ('GET', '/organizations/roles', 'admin', None, 200),
    ('GET', '/organizations/roles', 'readonly', None, 403),
    ('GET', '/organizations/users', 'admin', None, 200),
    ('GET', '/organizations/users?page=1&size=100', 'admin', None, 200),
    ('GET', '/organizations/users?size=abc', 'admin', None, 400),
    ('GET', '/organizations/users', 'readonly', None, 403),
    ('GET', '/organizations/users', None, None, 401),
    ('GET', '/organizations/users/%s' % ALICE, 'admin', None, 200),
    ('GET', '/organizations/users/%s' % UNKNOWN, 'admin', None, 404),
    ('GET', '/organizations/users/bad', 'admin', None, 400),
    ('GET', '/organizations/users/%s' % ALICE, 'access_manager', None, 403),
    ('PUT', MEMBERSHIP % (RISK, ALICE), 'admin', VIEWER, 200),
    ('PUT', MEMBERSHIP % (RISK, ALICE), 'admin', {'userId': ALICE, 'roleId': seed.role_id('Payments', 'Viewer')}, 400),
    ('PUT', MEMBERSHIP % (RISK, ALICE), 'admin', {'userId': ALICE, 'roleId': UNKNOWN}, 404),
    ('PUT', MEMBERSHIP % (RISK, ALICE), 'readonly', VIEWER, 403),
    ('PUT', MEMBERSHIP % (RISK, ALICE), None, VIEWER, 401),
    ('DELETE', MEMBERSHIP % (RISK, ERIK), 'admin', None, 200),
    ('DELETE', MEMBERSHIP % (RISK, ALICE), 'admin', None, 404),
    ('DELETE', MEMBERSHIP % (RISK, 'bad'), 'admin', None, 400),
    ('DELETE', MEMBERSHIP % (RISK, ERIK), 'readonly', None, 403),
    ('DELETE', MEMBERSHIP % (RISK, ERIK), 'Bearer ' + seed.TOKENS['admin'], None, 401),
    ('PUT', USER_ROLE % ALICE, 'admin', {'roleId': seed.organization_role_id('demo', 'admin')}, 200),
    ('PUT', USER_ROLE % ALICE, 'admin', {'roleId': UNKNOWN}, 400),
    ('PUT', USER_ROLE % UNKNOWN, 'admin', {'roleId': UNKNOWN}, 404),
    ('PUT', USER_ROLE % ALICE, 'access_manager', {}, 403),
    ('PUT', USER_ROLE % ALICE, None, {}, 401),
    ('PUT', USER_PROFILE % ALICE, 'admin', {'firstName': 'Alice', 'lastName': None, 'title': 'Analyst'}, 200),
    ('PUT', USER_PROFILE % ALICE, 'admin', {'title': 3}, 400),
    ('PUT', USER_PROFILE % UNKNOWN, 'admin', {}, 404),
    ('PUT', USER_PROFILE % ALICE, 'readonly', {}, 403),
    ('PUT', USER_PROFILE % ALICE, None, {}, 401),
]
for _operation, _path in sorted(WS_PATHS.items()):
    CASES += [
        ('GET', _path % RISK, 'admin', None, 200),
        ('GET', _path % UNKNOWN, 'admin', None, 404),
        ('GET', _path % 'bad', 'admin', None, 400),
        ('GET', _path % PAYMENTS, 'risk_viewer', None, 403),
        ('GET', _path % RISK, None, None, 401),
    ]


@pytest.mark.parametrize('method, path, token, body, status', CASES, ids=['%s %s %s' % (c[0], c[1], c[4]) for c in CASES])
def test_response_matches_openapi(api, method, path, token, body, status):
    response = api.call(method, path, token=token, json=body)  # validates against the document
    assert response.status_code == status, response.get_data(as_text=True)


@pytest.mark.parametrize('status', [429, 500, 502, 503, 504])
@pytest.mark.parametrize('method, path, body', [
    ('GET', '/organizations/workspaces', None),
    ('GET', '/organizations/users', None),
    ('PUT', MEMBERSHIP % (RISK, ALICE), VIEWER),
    ('DELETE', MEMBERSHIP % (RISK, ERIK), None),
])
def test_fault_responses_match_openapi(api, method, path, body, status):
    api.client.put('/_emulator/faults', json={'queue': [status]})
    response = api.call(method, path, json=body)
    assert response.status_code == status


def test_the_validator_rejects_a_wrong_body(api, validate):
    """The validation in the ``api`` fixture can fail: a membership without its role does not pass."""
    from openapi_core.exceptions import OpenAPIError

    response = api.get(WS_PATHS['listDirectMemberships'] % RISK)
    response.set_data(b'[{"workspaceId": "%s", "userId": "%s"}]' % (RISK.encode(), ALICE.encode()))
    with pytest.raises(OpenAPIError):
        validate(response)
    error = api.get('/organizations/workspaces', token=None)
    error.set_data(b'{"errors": [{"code": "UNAUTHORIZED", "message": "x"}]}')
    with pytest.raises(OpenAPIError):
        validate(error)


def _flask_to_openapi(rule):
    return re.sub(r'<([a-z_]+)>', lambda m: '{%s}' % ''.join(w.capitalize() if i else w for i, w in enumerate(m.group(1).split('_'))), rule)


def test_document_lists_exactly_the_served_endpoints(app):
    with open(OPENAPI_FILE) as handle:
        document = yaml.safe_load(handle)
    documented = set((path, method.upper()) for path, item in document['paths'].items() for method in item if method != 'parameters')
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith('api.'):
            for method in rule.methods - {'HEAD', 'OPTIONS'}:
                served.add((_flask_to_openapi(rule.rule), method))
    assert documented == served
    assert document['components']['securitySchemes']['organizationToken'] == {
        'type': 'apiKey', 'in': 'header', 'name': 'Authorization',
        'description': document['components']['securitySchemes']['organizationToken']['description']}


def test_emulator_serves_every_path_of_api_facts(app):
    """The collection's paths (plugins/module_utils/api_facts.py) are the emulator's paths."""
    spec = importlib.util.spec_from_file_location('tl_api_facts', os.path.join(REPO, 'plugins', 'module_utils', 'api_facts.py'))
    facts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(facts)
    served = set(_flask_to_openapi(rule.rule) for rule in app.url_map.iter_rules() if rule.endpoint.startswith('api.'))
    for name in ('WORKSPACES', 'WORKSPACE_ROLES', 'DIRECT_MEMBERSHIPS', 'ALL_MEMBERSHIPS', 'MEMBERSHIP', 'USERS',
                 'USER_ROLE', 'USER_PROFILE'):
        path = getattr(facts, name).replace('{workspace_id}', '{workspaceId}').replace('{user_id}', '{userId}')
        assert path in served, name
    methods = {}
    for rule in app.url_map.iter_rules():
        methods.setdefault(_flask_to_openapi(rule.rule), set()).update(rule.methods)
    membership = facts.MEMBERSHIP.replace('{workspace_id}', '{workspaceId}').replace('{user_id}', '{userId}')
    assert facts.MEMBERSHIP_WRITE_METHOD in methods[membership] and facts.MEMBERSHIP_DELETE_METHOD in methods[membership]
