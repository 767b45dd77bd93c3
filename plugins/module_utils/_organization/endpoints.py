# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The organization endpoints of organization_user, over the client's endpoint table (``fetch``) and ``list_users()``.
Every path, field and body comes from api_facts; every id leaves here canonical.
"""

from typing import List, Optional

from ansible_collections.transactionlink.access.plugins.module_utils._api import _shapes as shapes
from ansible_collections.transactionlink.access.plugins.module_utils._api import endpoints
from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._organization.records import (
    OrgRole, OrgUser, Profile)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import AnswerError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id


def organization_roles(client) -> List[OrgRole]:
    """The organization roles (owner, admin, member)."""
    roles = client.fetch(endpoints.ORGANIZATION_ROLES)
    return [OrgRole(r['id'], r['name']) for r in roles]


def org_user(item, where='the answer') -> OrgUser:
    """A UserResponse as an OrgUser; AnswerError when it lacks what organization_user reads (roleId, profile)."""
    found = shapes.problem(item, shapes.ORGANIZATION_USER, where)
    if found:
        raise AnswerError('GET', api.USERS, 200, found, hint=(
            'The API documents roleId and profile in every user; nothing was written'))
    profile = item[api.USER_PROFILE_FIELD]
    values = dict((field, _text(profile.get(key))) for field, key in api.USER_PROFILE_BODY.items())
    return OrgUser(canonical_id(item['id']), item['email'], canonical_id(item[api.USER_ROLE_ID]), Profile(**values))


def _text(value):
    return value if isinstance(value, str) else None


def users(client) -> List[OrgUser]:
    """Every user of the organization (every page), with role and profile."""
    return [org_user(item, 'the users[{0}]'.format(index)) for index, item in enumerate(client.list_users())]


def set_role(client, user_id: str, role_id: str) -> Optional[OrgUser]:
    """PUT the user's organization role (body api_facts.USER_ROLE_BODY, INFERRED); the user answered, or None."""
    body = {api.USER_ROLE_BODY['org_role']: role_id}
    return _answered(client.fetch(endpoints.SET_USER_ROLE, body=body, user_id=user_id))


def set_profile(client, user_id: str, profile: Profile) -> Optional[OrgUser]:
    """PUT the user's whole profile (body api_facts.USER_PROFILE_BODY, INFERRED); the user answered, or None."""
    values = profile.as_dict()
    body = dict((key, values[field]) for field, key in api.USER_PROFILE_BODY.items())
    return _answered(client.fetch(endpoints.SET_USER_PROFILE, body=body, user_id=user_id))


def _answered(answer) -> Optional[OrgUser]:
    return None if answer is None else org_user(answer)
