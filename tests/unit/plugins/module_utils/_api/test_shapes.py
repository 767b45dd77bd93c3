# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's shape table (module_utils/_api/_shapes.py, as endpoints.ANSWERS uses it) agrees with tests/emulator/openapi.yaml.

The plugins never read the OpenAPI document; this test does. For every answer
in the table: the operation exists with that method and path, its 2xx answer
is the same kind (a list or an object), and every field the table requires is
required there with the same type, down to nested objects.
"""

import os
import re

import pytest
import yaml

from ansible_collections.transactionlink.access.plugins.module_utils._api import _shapes as shapes
from ansible_collections.transactionlink.access.plugins.module_utils._api.endpoints import ANSWERS
from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
OPENAPI_FILE = os.path.join(REPO, 'tests', 'emulator', 'openapi.yaml')


@pytest.fixture(scope='module')
def openapi():
    with open(OPENAPI_FILE, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def resolve(document, schema):
    while '$ref' in schema:
        node = document
        for part in schema['$ref'].lstrip('#/').split('/'):
            node = node[part]
        schema = node
    return schema


def openapi_path(document, template):
    """The OpenAPI path whose placeholders sit where TEMPLATE's do ({workspace_id} -> {workspaceId})."""
    wanted = re.sub(r'\{[^}]+\}', '{}', template)
    found = [p for p in document['paths'] if re.sub(r'\{[^}]+\}', '{}', p) == wanted]
    assert len(found) == 1, 'openapi.yaml has no single path for %s: %s' % (template, found)
    return found[0]


def disagreements(document, shape, schema, where):
    """What differs between SHAPE (the table) and SCHEMA (openapi.yaml), as readable lines."""
    schema = resolve(document, schema)
    if isinstance(shape, list):
        if schema.get('type') != 'array':
            return ['%s: the table says a list, openapi.yaml says %s' % (where, schema.get('type'))]
        return disagreements(document, shape[0], schema['items'], where + '[]')
    if isinstance(shape, dict):
        if schema.get('type') != 'object':
            return ['%s: the table says an object, openapi.yaml says %s' % (where, schema.get('type'))]
        found = []
        for field, inner in shape.items():
            if field not in schema.get('required', []):
                found.append('%s.%s: required by the table, not by openapi.yaml' % (where, field))
            elif field not in schema.get('properties', {}):
                found.append('%s.%s: not described in openapi.yaml' % (where, field))
            else:
                found += disagreements(document, inner, schema['properties'][field], where + '.' + field)
        return found
    expected = {shapes.ID: ('string', 'uuid'), shapes.STRING: ('string', None), shapes.COUNT: ('integer', None)}[shape]
    got = (schema.get('type'), schema.get('format') if shape == shapes.ID else None)
    if shape == shapes.STRING and got[0] == 'string':
        return []
    if got != expected:
        return ['%s: the table says %s, openapi.yaml says %s' % (where, expected, got)]
    if shape == shapes.COUNT and schema.get('minimum', 0) < 0:
        return ['%s: a count, but openapi.yaml allows negative numbers' % where]
    return []


@pytest.mark.parametrize('method, template', sorted(ANSWERS), ids=['%s %s' % key for key in sorted(ANSWERS)])
def test_each_answer_shape_agrees_with_openapi(openapi, method, template):
    operation = openapi['paths'][openapi_path(openapi, template)][method.lower()]
    ok = [status for status in operation['responses'] if str(status).startswith('2') and 'content' in operation['responses'][status]]
    assert len(ok) == 1, ok
    schema = operation['responses'][ok[0]]['content']['application/json']['schema']
    assert disagreements(openapi, ANSWERS[(method, template)], schema, 'answer') == []


def test_every_read_the_client_makes_has_a_shape():
    reads = [api.WORKSPACES, api.WORKSPACE_ROLES, api.DIRECT_MEMBERSHIPS, api.ALL_MEMBERSHIPS, api.USERS,
             api.ORGANIZATION_ROLES, api.ENROLLMENTS]
    assert sorted(('GET', path) for path in reads) == sorted(key for key in ANSWERS if key[0] == 'GET')


def test_the_organization_user_shape_agrees_with_every_listed_user(openapi):
    """ORGANIZATION_USER (what organization_user reads: roleId, profile) is what the users page documents per item."""
    page = resolve(openapi, openapi['paths'][api.USERS]['get']['responses']['200']['content']['application/json']['schema'])
    assert disagreements(openapi, [shapes.ORGANIZATION_USER], page['properties']['content'], 'user') == []


def test_the_check_finds_a_disagreement():
    """The comparison itself can fail: a field the document does not require is reported."""
    document = {'components': {}}
    schema = {'type': 'array', 'items': {'type': 'object', 'required': ['id'], 'properties': {'id': {'type': 'string', 'format': 'uuid'}}}}
    assert disagreements(document, [{'id': shapes.ID, 'name': shapes.STRING}], schema, 'answer') == [
        'answer[].name: required by the table, not by openapi.yaml']
    assert disagreements(document, {'id': shapes.ID}, schema, 'answer') == ['answer: the table says an object, openapi.yaml says array']


@pytest.mark.parametrize('value, shape, expected', [
    ([{'id': 'a', 'name': 'n'}], [shapes.WORKSPACE], None),
    ({'id': 'a', 'name': 'n', 'extra': 1}, shapes.WORKSPACE, None),  # fields the collection does not read are not checked
    ([{'id': ' ', 'name': 'n'}], [shapes.WORKSPACE], 'the answer[0].id is an empty string, expected a non-empty string'),
    (-1, shapes.COUNT, 'the answer is a number, expected a whole number >= 0'),
    (3, shapes.STRING, 'the answer is a number, expected a string'),
])
def test_problem_names_where_and_what(value, shape, expected):
    assert shapes.problem(value, shape) == expected
