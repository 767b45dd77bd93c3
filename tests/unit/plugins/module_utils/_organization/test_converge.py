# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_organization.converge over a stand-in client: answers the emulator does not give (no content, another role than
the one written: the INFERRED body was wrong)."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._organization.converge import converge
from ansible_collections.transactionlink.access.plugins.module_utils.errors import AnswerError

ROLES = [{'id': 'r-owner', 'name': 'owner'}, {'id': 'r-admin', 'name': 'admin'}, {'id': 'r-member', 'name': 'member'}]


def user(uid, email, role, title='T'):
    return {'id': uid, 'email': email, 'roleId': role, 'profile': {'firstName': 'F', 'lastName': 'L', 'title': title}}


class Client:
    """fetch()/list_users() over a dict of users; ANSWER decides what a PUT answers: 'user', 'none' or 'ignored'."""

    concurrency = 1

    def __init__(self, answer='user'):
        self.users = {'u-1': user('u-1', 'olivia@example.com', 'r-owner'), 'u-2': user('u-2', 'adam@example.com', 'r-admin')}
        self.answer = answer
        self.sent = []

    def list_users(self):
        self.sent.append(('GET', api.USERS))
        return [dict(u) for u in self.users.values()]

    def fetch(self, endpoint, body=None, **ids):
        method, template = endpoint.method, endpoint.template
        self.sent.append((method, template))
        if method == 'GET':
            return ROLES
        current = self.users[ids['user_id']]
        if self.answer != 'ignored':
            if template == api.USER_ROLE:
                current['roleId'] = body['roleId']
            else:
                current['profile'] = dict(body)
        return None if self.answer == 'none' else dict(current)


def test_writes_answered_with_no_content_are_confirmed_by_one_read():
    client = Client('none')
    outcome = converge(client, {'users': [{'user': 'adam@example.com', 'org_role': 'member', 'title': 'X'}]})
    assert [a['action'] for a in outcome['actions']] == ['role_changed', 'profile_changed']
    assert client.sent == [('GET', api.USERS), ('GET', api.ORGANIZATION_ROLES), ('PUT', api.USER_ROLE),
                           ('PUT', api.USER_PROFILE), ('GET', api.USERS)]


@pytest.mark.parametrize('answer', ['ignored'])
@pytest.mark.parametrize('params, inferred', [
    ({'user': 'adam@example.com', 'org_role': 'member'}, 'api_facts.USER_ROLE_BODY'),
    ({'user': 'adam@example.com', 'title': 'X'}, 'api_facts.USER_PROFILE_BODY'),
])
def test_a_write_the_api_ignored_fails_naming_the_inferred_body(answer, params, inferred):
    with pytest.raises(AnswerError) as info:
        converge(Client(answer), params)
    assert inferred in str(info.value) and 'INFERRED' in str(info.value)


def test_an_ignored_write_answered_with_no_content_fails_at_the_read_back():
    client = Client('none')
    client.fetch = _ignoring(client.fetch)
    with pytest.raises(AnswerError) as info:
        converge(client, {'user': 'adam@example.com', 'org_role': 'member'})
    assert 'api_facts.USER_ROLE_BODY' in str(info.value) and 'does not have the organization role member' in str(info.value)


def _ignoring(fetch):
    def ignore(endpoint, body=None, **ids):
        if endpoint.method == 'GET':
            return fetch(endpoint, body, **ids)
        return None
    return ignore


def test_a_user_without_a_role_in_the_listing_fails_before_any_write():
    client = Client()
    del client.users['u-2']['roleId']
    with pytest.raises(AnswerError) as info:
        converge(client, {'user': 'adam@example.com', 'org_role': 'member'})
    assert "has no 'roleId'" in str(info.value) and all(method == 'GET' for method, _path in client.sent)
