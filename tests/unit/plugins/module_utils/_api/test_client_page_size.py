# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""No maximum page size is documented: a listing refused for its size is read at the documented default.

Against the emulator in this process, in strict mode (a page size over 100 is
a 400 there, as a real API may answer), and against a scripted transport for
the refusals that are not about the size.
"""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError

from helpers.client import REQUESTS_ENV, Answer, error_body, make_client
from helpers.inprocess import InProcessEmulator


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


def client_of(emulator):
    return TransactionLinkClient(emulator.url, emulator.tokens['admin'], **emulator.inject())


def test_a_refused_size_is_read_again_at_the_default_once_per_run_with_one_warning():
    emulator = InProcessEmulator(strict=True)
    client = client_of(emulator)
    assert len(client.list_users()) == 40
    client.call('POST', api.ENROLLMENTS, body={'email': 'n@example.com', 'roleId': client.call(
        'GET', api.ORGANIZATION_ROLES)[2]['id']}, scope=api.SCOPE_MANAGE_USERS)
    assert len(client.get_all_pages(api.ENROLLMENTS, scope=api.SCOPE_MANAGE_USERS)) == 1
    sizes = [(r['path'], r['query'].get('size'), r['status']) for r in emulator.requests()['requests'] if r['method'] == 'GET']
    assert sizes == [(api.USERS, str(api.PAGE_SIZE), 400), (api.USERS, '20', 200), (api.USERS, '20', 200),
                     (api.ORGANIZATION_ROLES, None, 200), (api.ENROLLMENTS, '20', 200)]  # the second listing asks 20 at once
    summary = client.retry_summary()
    assert summary.count('was refused') == 1 and 'api_facts.PAGE_SIZE (1000) is INFERRED' in summary
    assert 'default size 20' in summary


def test_a_lenient_api_is_read_at_the_large_size_without_a_warning():
    emulator = InProcessEmulator()
    client = client_of(emulator)
    assert len(client.list_users()) == 40
    assert [r['query']['size'] for r in emulator.requests()['requests']] == [str(api.PAGE_SIZE)]
    assert client.retry_summary() is None


def test_a_refusal_at_the_default_size_is_an_error():
    refused = Answer(400, error_body('BAD_REQUEST', 'page must be an integer'))
    client, recorder, dummy = make_client(refused, refused)
    with pytest.raises(TransactionLinkError) as info:
        client.list_users()
    assert info.value.status == 400 and 'page must be an integer' in str(info.value)
    assert [s['url'].split('size=')[1] for s in recorder.sent] == [str(api.PAGE_SIZE), '20']
    assert client.retry_summary() is None  # nothing was worked around


@pytest.mark.parametrize('status', [401, 403, 404])
def test_other_refusals_are_not_retried_at_another_size(status):
    client, recorder, dummy = make_client(Answer(status, error_body('NO', 'no')))
    with pytest.raises(TransactionLinkError):
        client.list_users()
    assert len(recorder.sent) == 1
