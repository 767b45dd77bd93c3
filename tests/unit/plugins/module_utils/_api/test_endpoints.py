# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The endpoint table (_api/endpoints.py): one entry is all an endpoint needs, paged or not, read or write."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import _shapes as shapes
from ansible_collections.transactionlink.access.plugins.module_utils._api import endpoints
from ansible_collections.transactionlink.access.plugins.module_utils.errors import AnswerError, InputError

UPPER = 'AAAAAAAA-0000-4000-8000-000000000001'


class Scripted(endpoints.Endpoints):
    """The endpoint methods over a request() that answers from a list and records what was asked."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, path, params=None, body=None, scope=None):
        self.sent.append((method, path, params, body, scope))
        return self.answers.pop(0)


def test_a_new_endpoint_is_one_entry_read_checked_and_with_canonical_ids():
    user = endpoints.Endpoint('GET', '/organizations/users/{user_id}', api.SCOPE_MANAGE_USERS, shapes.USER)
    client = Scripted({'id': UPPER, 'email': 'a@example.com'})
    assert client.fetch(user, user_id='a b') == {'id': UPPER.lower(), 'email': 'a@example.com'}
    assert client.sent == [('GET', '/organizations/users/a%20b', None, None, api.SCOPE_MANAGE_USERS)]
    with pytest.raises(AnswerError, match="has no 'email'"):
        Scripted({'id': UPPER}).fetch(user, user_id='u')


def test_a_paged_endpoint_reads_every_page():
    page = {'content': [{'id': UPPER, 'email': 'a@example.com'}], 'totalElements': 2, 'totalPages': 2, 'size': 1,
            'number': 0}
    second = dict(page, content=[{'id': 'b', 'email': 'b@example.com'}], number=1)
    client = Scripted(page, second)
    assert [u['id'] for u in client.fetch(endpoints.USERS)] == [UPPER.lower(), 'b']
    assert [s[2][api.PAGE_PARAM] for s in client.sent] == [0, 1]


def test_a_write_refuses_an_empty_id_and_takes_an_empty_answer():
    with pytest.raises(InputError, match="refusing to write with enrollment_id ''"):
        Scripted().fetch(endpoints.RESEND_ENROLLMENT, enrollment_id='')
    assert Scripted(None).fetch(endpoints.CANCEL_ENROLLMENT, enrollment_id='e1') is None


def test_every_endpoint_with_an_answer_is_in_the_answers_table():
    assert set(endpoints.ANSWERS) == set((e.method, e.template) for e in endpoints.ENDPOINTS if e.shape is not None)
    assert (api.MEMBERSHIP_DELETE_METHOD, api.MEMBERSHIP) not in endpoints.ANSWERS
    assert endpoints.ENDPOINTS[0] is endpoints.WORKSPACES and endpoints.ENDPOINTS[-1] is endpoints.SET_USER_PROFILE
    assert len(endpoints.ENDPOINTS) == len(set(id(e) for e in endpoints.ENDPOINTS)) == 14
