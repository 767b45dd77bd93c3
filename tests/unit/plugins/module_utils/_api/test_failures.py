# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a failed request says (_api/failures.py): a write answered 5xx may have been applied; no long API value."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._api import failures
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError

from helpers.client import REQUESTS_ENV, Answer, error_body, make_client

M = 'workspace_membership'
ADD_ALICE = {'workspace': 'Risk', 'user': 'alice.martin@example.com', 'role': 'Viewer'}
WS, USER, ROLE = 'ws-1', 'user-1', 'role-1'


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize('write', [
    lambda client: client.set_membership(WS, USER, ROLE),
    lambda client: client.remove_membership(WS, USER),
])
@pytest.mark.parametrize('status', [500, 502, 503])
def test_a_write_answered_5xx_says_it_may_have_been_applied_and_a_rerun_converges(write, status):
    client, recorder, dummy = make_client(*[Answer(status, error_body('E', 'boom'))] * 4, max_retries=2)
    with pytest.raises(TransactionLinkError) as info:
        write(client)
    text = str(info.value)
    assert 'may have been applied' in text and 'run the task again' in text and 'converges' in text
    if status != 500:  # retried first, and says so
        assert 'gave up after 3 attempt(s)' in text


@pytest.mark.parametrize('status', [400, 409, 404])
def test_a_refused_write_or_a_failed_read_does_not_say_so(status):
    client, dummy, dummy2 = make_client(Answer(status, error_body('E', 'no')), Answer(500, error_body('E', 'boom')))
    with pytest.raises(TransactionLinkError) as info:
        client.set_membership(WS, USER, ROLE)
    assert 'may have been applied' not in str(info.value)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert 'may have been applied' not in str(info.value)


def test_a_module_whose_write_is_applied_then_answered_500_says_a_rerun_converges(tl_api, run_module):
    run_module(M, ADD_ALICE, check=True)
    reads = len(tl_api.requests()['requests'])
    tl_api.set_faults(queue=['ok'] * reads + [{'kind': 'lost_answer', 'status': 500}])
    result = run_module(M, ADD_ALICE)
    assert result['failed'] is True and 'may have been applied' in result['msg'] and 'converges' in result['msg']
    tl_api.set_faults(queue=[])
    again = run_module(M, ADD_ALICE)
    assert again.get('failed') is not True and again['changed'] is False  # the write had been applied: a rerun converges


def test_an_api_error_message_of_any_length_is_shown_shortened():
    long = 'y' * 20000
    client, dummy, dummy2 = make_client(Answer(400, error_body('E' * 5000, long, fingerprint='f' * 5000)))
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(str(info.value)) < 1000 and '20000 characters not shown' in str(info.value)


def test_a_long_non_json_body_is_shown_as_a_short_snippet():
    client, dummy, dummy2 = make_client(Answer(400, text='z' * 50000))
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(str(info.value)) < failures.SNIPPET_LENGTH + 200
