# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The documented shape of every answer the client reads.

A compact copy of what the OpenAPI document (tests/emulator/openapi.yaml,
from the vendor's reference) says about those answers, limited to the fields
the collection uses: each must be there, with its type. Fields the collection
does not read are not checked, so an API that adds fields keeps working.
The plugins never read the OpenAPI document; the unit test
tests/unit/plugins/module_utils/_api/test_shapes.py checks that these shapes, as
the endpoint table (endpoints.ANSWERS) uses them, agree with it.

A shape is ``ID``, ``STRING`` or ``COUNT``, a dict ``{field: shape}`` (an
object that has at least these fields) or a one-item list ``[shape]`` (a list
of such items).
"""

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api

ID = 'id'  # a non-empty string (a UUID as documented; its format is not checked here)
STRING = 'string'
COUNT = 'count'  # a whole number >= 0 (true/false is not one)

ROLE_REF = {'id': ID, 'name': STRING}
WORKSPACE = {'id': ID, 'name': STRING}
MEMBERSHIP = {'workspaceId': ID, 'userId': ID, 'role': ROLE_REF}
USER = {'id': ID, 'email': STRING}
# A user with what organization_user reads: the organization role and the profile (an object whose fields, each
# a string or null, are INFERRED). Documented as required in every UserResponse; checked where they are read.
ORGANIZATION_USER = {'id': ID, 'email': STRING, api.USER_ROLE_ID: ID, api.USER_PROFILE_FIELD: {}}


def page_of(item):
    """The documented page shape of a paged list of ITEM."""
    return {api.PAGE_CONTENT: [item], api.PAGE_TOTAL_ELEMENTS: COUNT, api.PAGE_TOTAL_PAGES: COUNT,
            api.PAGE_SIZE_FIELD: COUNT, api.PAGE_NUMBER: COUNT}


USER_PAGE = page_of(USER)
ORGANIZATION_ROLE = {'id': ID, 'name': STRING}
ENROLLMENT = {api.ENROLLMENT_ID: ID, api.ENROLLMENT_EMAIL: STRING, api.ENROLLMENT_STATUS: STRING}

_WORDS = {ID: 'a non-empty string', STRING: 'a string', COUNT: 'a whole number >= 0'}


def describe(shape):
    """What SHAPE is, in words: 'a list of objects with id, name'."""
    if isinstance(shape, list):
        return 'a list of ' + describe(shape[0]).replace('an object', 'objects', 1)
    if isinstance(shape, dict):
        return 'an object with ' + ', '.join(shape) if shape else 'an object'
    return _WORDS[shape]


def kind(value):
    """What VALUE is, without showing it."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true/false'
    if isinstance(value, dict):
        return 'an object'
    if isinstance(value, list):
        return 'a list'
    if isinstance(value, str):
        return 'an empty string' if not value.strip() else 'a string'
    if isinstance(value, (int, float)):
        return 'a number'
    return type(value).__name__


def _fits(value, shape):
    if shape == ID:
        return isinstance(value, str) and bool(value.strip())
    if shape == STRING:
        return isinstance(value, str)
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def problem(value, shape, where='the answer'):
    """None when VALUE has SHAPE; else what is wrong, naming where (e.g. "the answer[3] has no 'id'...")."""
    if isinstance(shape, list):
        if not isinstance(value, list):
            return '{0} is {1}, expected {2}'.format(where, kind(value), describe(shape))
        for index, item in enumerate(value):
            found = problem(item, shape[0], '{0}[{1}]'.format(where, index))
            if found:
                return found
        return None
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return '{0} is {1}, expected {2}'.format(where, kind(value), describe(shape))
        for field, inner in shape.items():
            if field not in value:
                return "{0} has no '{1}' (expected {2})".format(where, field, describe(inner))
            found = problem(value[field], inner, '{0}.{1}'.format(where, field))
            if found:
                return found
        return None
    if not _fits(value, shape):
        return '{0} is {1}, expected {2}'.format(where, kind(value), describe(shape))
    return None
