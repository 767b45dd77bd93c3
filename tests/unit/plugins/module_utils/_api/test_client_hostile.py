# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the client does when the server answers wrongly (issue 15, items 6 to 10).

A scripted transport (helpers.client) for the exact cases, the in-process
emulator (its hostile answers switched on per test) for module runs, and the
emulator process only for the slow-drip body, which needs a real socket.
"""

import base64
import threading
import time
from urllib.parse import quote

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import client as tl
from ansible_collections.transactionlink.access.plugins.module_utils._api import redaction
from ansible_collections.transactionlink.access.plugins.module_utils._api import retry
from ansible_collections.transactionlink.access.plugins.module_utils.errors import (
    AnswerError, InputError, TransactionLinkError)

from emulator import seed
from helpers.client import REQUESTS_ENV, TOKEN, Answer, FakeClock, make_client

M, INFO = 'workspace_membership', 'workspace_membership_info'
ALICE = 'alice.martin@example.com'
ADD_ALICE = {'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}
SECRET = 'b04b2259d98c6b0e71092c16abec648cf6e1a72104320fb73f0e'  # 52 characters, as the documented example
REAL_TOKEN = 'tot_' + SECRET


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


def page(content, total=None, size=2, number=0, pages=None):
    total = len(content) if total is None else total
    return {'content': content, 'totalElements': total, 'size': size, 'number': number,
            'totalPages': -(-total // size) if pages is None else pages}


def users(*ids):
    return [{'id': i, 'email': i + '@example.com'} for i in ids]


# -- 6: the token is masked in every form it may take --------------------------------------------------------

@pytest.mark.parametrize('form', [
    SECRET,  # without its prefix
    SECRET.upper(),
    SECRET[-25:],  # its tail
    SECRET[:20],  # its head
    SECRET[10:31],  # any 20+ run of it
    'tot%5F' + SECRET,  # URL-encoded prefix
    quote(REAL_TOKEN, safe=''),
    base64.b64encode(REAL_TOKEN.encode()).decode(),
    base64.b64encode(('user:' + REAL_TOKEN).encode()).decode(),  # at another offset of a base64 text
    base64.urlsafe_b64encode(('xy' + SECRET).encode()).decode().rstrip('='),
], ids=['no-prefix', 'upper', 'tail', 'head', 'middle', 'tot%5F', 'quoted', 'base64', 'base64-offset', 'base64-urlsafe'])
def test_redact_masks_the_secret_part_in_any_form(form):
    text = redact_in('bad gateway for {0} (upstream)'.format(form))
    assert text.startswith('bad gateway for ') and text.endswith(' (upstream)') and redaction.REDACTED in text
    assert SECRET[:20].lower() not in text.lower() and SECRET[-20:].lower() not in text.lower()
    for core in redaction._base64_cores(SECRET.encode()):  # pylint: disable=protected-access
        assert core[:20] not in text


def redact_in(text):
    return redaction.redact(text, REAL_TOKEN)


def test_redact_keeps_shorter_runs_and_other_text():
    assert redact_in('id {0} and {1}'.format(SECRET[:19], 'Risk')) == 'id {0} and Risk'.format(SECRET[:19])


def test_an_error_body_that_echoes_the_token_without_its_prefix_is_masked():
    client, dummy, dummy2 = make_client(Answer(502, text='bad gateway for {0} ({1}...)'.format(SECRET, SECRET[:8])),
                                        token=REAL_TOKEN, max_retries=0)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert SECRET[:20] not in str(info.value) and 'bad gateway for ' + redaction.REDACTED in str(info.value)


# -- 7: redirects are not followed ---------------------------------------------------------------------------

def test_a_redirected_write_is_an_error_naming_the_location_and_nothing_is_followed():
    client, recorder, dummy = make_client(
        Answer(302, headers={'Location': '/organizations/workspaces?key=' + TOKEN}), Answer(200, []))
    with pytest.raises(AnswerError) as info:
        client.set_membership('ws-1', 'user-1', 'role-1')
    assert [s['method'] for s in recorder.sent] == ['PUT']  # the redirect was not followed as a GET
    text = str(info.value)
    assert text.startswith('PUT /workspaces/ws-1/memberships/user-1: unexpected answer (HTTP 302): a redirect to '
                           '/organizations/workspaces?key=' + redaction.REDACTED)
    assert TOKEN not in text and 'check that api_url' in text and info.value.status == 302


def test_a_redirected_write_is_reported_as_failed_not_added(tl_api, run_module):
    tl_api.set_faults(redirect={'status': 302, 'location': '/organizations/workspaces', 'methods': ['PUT']})
    result = run_module(M, ADD_ALICE)
    assert result['failed'] is True and result['changed'] is False and result['actions'] == []
    assert 'a redirect to /organizations/workspaces, which is not followed' in result['msg']
    counts = tl_api.requests()['counts']
    assert (counts['PUT'], counts['applied_writes']) == (1, 0)
    assert [r['method'] for r in tl_api.requests()['requests']][-1] == 'PUT'  # no GET after the redirect


# -- 8: the page count is bounded ----------------------------------------------------------------------------

def test_a_total_pages_larger_than_the_elements_make_fails_after_one_request():
    client, recorder, dummy = make_client(*[Answer(200, page(users('a', 'b'), total=5, pages=50))] * 50)
    with pytest.raises(AnswerError) as info:
        client.list_users()
    assert len(recorder.sent) == 1
    assert str(info.value).startswith('GET /organizations/users: unexpected answer (HTTP 200): page 0 claims totalPages 50, '
                                      'but totalElements 5 at size 2 make 3 page(s)')


def test_a_page_count_beyond_max_pages_fails_even_when_the_counts_agree():
    lie = page(users('a'), total=10 ** 9 * 1000, size=1000, pages=10 ** 9)
    client, recorder, dummy = make_client(Answer(200, lie))
    with pytest.raises(AnswerError, match='make 1000000000 pages, more than the {0} the client reads'.format(api.MAX_PAGES)):
        client.list_users()
    assert len(recorder.sent) == 1


def test_listing_stops_at_the_first_empty_page():
    client, recorder, dummy = make_client(Answer(200, page(users('a', 'b'), total=6)), Answer(200, page([], total=6, number=1)),
                                          Answer(200, page(users('e', 'f'), total=6, number=2)), concurrency=1)
    assert [u['id'] for u in client.list_users()] == ['a', 'b'] and len(recorder.sent) == 2


def test_a_page_that_repeats_an_earlier_one_fails_the_listing():
    same = page(users('a', 'b'), total=6)
    client, recorder, dummy = make_client(*[Answer(200, same)] * 3, concurrency=1)
    with pytest.raises(AnswerError, match='page 1 repeats page 0 .2 of 6 item.s. read, 3 page.s. expected.'):
        client.list_users()
    assert len(recorder.sent) == 2


def test_a_page_size_of_zero_is_refused():
    client, dummy, dummy2 = make_client(Answer(200, dict(page(users('a')), size=0)))
    with pytest.raises(AnswerError, match='page 0 says size 0'):
        client.list_users()


def test_a_lying_page_count_fails_the_module_naming_the_endpoint(tl_api, run_module):
    tl_api.set_faults(wrong_shapes=['users_total_pages_lie'])
    result = run_module(M, ADD_ALICE)
    assert result['failed'] is True and tl_api.writes() == 0
    assert result['msg'].startswith('GET /organizations/users: unexpected answer (HTTP 200): page 0 claims totalPages '
                                    '1000000000')
    assert [r['path'] for r in tl_api.requests()['requests']].count(api.USERS) == 1


# -- 9: a request ends within timeout x max_retries, whatever the server does ---------------------------------

def hanging(release):
    def answer(request):
        release.wait(30)
        return Answer(200, [])
    return answer


def test_an_attempt_that_does_not_end_is_abandoned_at_its_deadline():
    release = threading.Event()
    client, recorder, waits = make_client(hanging(release), timeout=0.3, max_retries=1)
    started = time.monotonic()
    try:
        with pytest.raises(TransactionLinkError) as info:
            client.list_workspaces()
    finally:
        release.set()
    assert time.monotonic() - started < 2.0  # the deadline is 0.3 s; today's code waited for the answer (30 s)
    assert 'no complete answer within 0.3s' in str(info.value) and 'timeout 0.3 x max_retries 1 = 0.3s' in str(info.value)
    assert len(recorder.sent) == 1 and waits == []  # no time was left for a retry


def test_a_slow_attempt_is_retried_while_the_deadline_allows():
    release = threading.Event()
    client, recorder, waits = make_client(hanging(release), Answer(200, []), timeout=0.2, max_retries=5)
    try:
        assert client.list_workspaces() == []
    finally:
        release.set()
    assert len(recorder.sent) == 2 and waits == [0.05] and client.retry_counts() == {'Timeout': 1}


def test_attempts_reuse_an_idle_worker_a_stuck_one_blocks_nobody_and_idle_ones_end():
    release, idents = threading.Event(), []

    def record(request):
        idents.append(threading.get_ident())
        return Answer(200, [])
    client, dummy, dummy2 = make_client(record, record, hanging(release), record, timeout=0.2, max_retries=0)
    client.transport._workers.IDLE_SECONDS = 0.2  # pylint: disable=protected-access
    try:
        client.list_workspaces()
        client.list_workspaces()
        assert idents[0] == idents[1]  # one worker, reused
        with pytest.raises(TransactionLinkError, match='no complete answer'):
            client.list_workspaces()  # the worker is stuck in this one
        client.list_workspaces()  # answered by a new worker
        assert idents[2] != idents[0]
    finally:
        release.set()
    deadline = time.monotonic() + 5
    while any(t.ident in idents for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.ident in idents for t in threading.enumerate()), 'idle workers did not end'


def test_a_rate_limit_pause_past_the_deadline_fails_the_request_at_once():
    clock = FakeClock()
    client, recorder, dummy = make_client(Answer(200, []), timeout=5, max_retries=2, clock=clock, sleep=clock.sleep)
    client.governor.pause_everyone(60)  # what another thread's 429 did
    with pytest.raises(TransactionLinkError, match=r'rate limited: every request is paused for 60.0s more.. that pause '
                                                   r'would pass the 10s this request may take'):
        client.list_workspaces()
    assert recorder.sent == [] and clock.sleeps == []


def test_the_deadline_is_timeout_times_max_retries_or_timeout_alone():
    assert retry.retry_budget(3, 1) == 3.0 and retry.retry_budget(30, 5) == 150.0 and retry.retry_budget(7, 0) == 7.0


def test_a_slow_drip_body_ends_within_the_deadline(emulator):
    """The emulator process sends the body one byte every 2 s; timeout 3, max_retries 1: at most 3 s."""
    emulator.set_faults(queue=[{'kind': 'drip', 'ms': 2000}])
    client = tl.TransactionLinkClient(emulator.url, emulator.tokens['admin'], timeout=3, max_retries=1)
    outcome = {}

    def call():
        started = time.monotonic()
        try:
            client.list_workspaces()
        except TransactionLinkError as exc:
            outcome['error'] = exc
        outcome['seconds'] = time.monotonic() - started
    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(20)  # today's code: more than 150 s
    assert not worker.is_alive(), 'the request outlived its 3 s deadline by far'
    assert outcome['seconds'] < 3 + 1.5 and 'no complete answer within 3.0s' in str(outcome['error'])
    assert [w['name'] for w in client.list_workspaces()]  # the connection was cut: the next request works


# -- 10: every answer has its documented shape, checked before it is used ------------------------------------

@pytest.mark.parametrize('call, answer, problem', [
    ('list_workspaces', {'content': []}, 'the answer is an object, expected a list of objects with id, name'),
    ('list_workspaces', ['Risk'], 'the answer[0] is a string, expected an object with id, name'),
    ('list_workspaces', [{'name': 'Risk'}], "the answer[0] has no 'id' (expected a non-empty string)"),
    ('list_workspaces', [{'id': None, 'name': 'Risk'}], 'the answer[0].id is null, expected a non-empty string'),
    ('list_workspaces', None, 'the answer is null, expected a list of objects with id, name'),
    ('list_direct_memberships', [{'workspaceId': 'w', 'role': {'id': 'r', 'name': 'V'}}], "the answer[0] has no 'userId'"),
    ('list_all_memberships', [{'workspaceId': 'w', 'userId': 'u', 'role': 'Viewer'}],
     'the answer[0].role is a string, expected an object with id, name'),
    ('list_workspace_roles', [{'id': 'r'}], "the answer[0] has no 'name' (expected a string)"),
    ('list_users', dict(page(users('a')), content={'a': {}}), 'the answer.content is an object, expected a list of objects'),
    ('list_users', dict(page(users('a')), totalPages=True), 'the answer.totalPages is true/false, expected a whole number'),
    ('list_users', [], 'the answer is a list, expected an object with content, totalElements'),
])
def test_a_wrong_shape_fails_naming_the_endpoint_and_what_was_expected(call, answer, problem):
    client, dummy, dummy2 = make_client(Answer(200, answer) if answer is not None else Answer(200, text='null'))
    args = ('ws-1',) if call in ('list_direct_memberships', 'list_all_memberships', 'list_workspace_roles') else ()
    with pytest.raises(AnswerError) as info:
        getattr(client, call)(*args)
    assert str(info.value).startswith('GET ') and ': unexpected answer (HTTP 200): ' + problem in str(info.value)


def test_a_write_answered_with_a_wrong_shape_fails_too():
    client, dummy, dummy2 = make_client(Answer(200, {'ok': True}))
    with pytest.raises(AnswerError, match="PUT /workspaces/w/memberships/u: unexpected answer .HTTP 200.: the answer has no"):
        client.set_membership('w', 'u', 'r')


@pytest.mark.parametrize('ids', [(None, 'u', 'r'), ('w', '', 'r'), ('w', 'u', None), ('w', 'u', ' ')])
def test_no_membership_write_is_sent_with_a_missing_id(ids):
    client, recorder, dummy = make_client()
    with pytest.raises(InputError, match='an id must be a non-empty string'):
        client.set_membership(*ids)
    assert recorder.sent == []


@pytest.mark.parametrize('ids', [(None, 'u'), ('w', ''), ('w', None)])
def test_no_removal_is_sent_with_a_missing_id(ids):
    client, recorder, dummy = make_client()
    with pytest.raises(InputError, match='an id must be a non-empty string'):
        client.remove_membership(*ids)
    assert recorder.sent == []


@pytest.mark.parametrize('shape, endpoint', [
    ('workspaces_as_dict', 'GET /organizations/workspaces'),
    ('workspaces_as_strings', 'GET /organizations/workspaces'),
    ('workspace_without_id', 'GET /organizations/workspaces'),
    ('memberships_without_user_id', 'GET /workspaces/{0}/memberships'.format(seed.workspace_id('Risk'))),
    ('users_content_not_list', 'GET /organizations/users'),
])
@pytest.mark.parametrize('module, args', [(M, ADD_ALICE), (M, {'workspace': 'Risk', 'members': [], 'exclusive': True}),
                                          (INFO, {'workspace': 'Risk', 'user': [ALICE]})], ids=['add', 'exclusive', 'info'])
def test_a_wrong_shaped_answer_fails_the_module_before_any_write(tl_api, run_module, shape, endpoint, module, args):
    tl_api.set_faults(wrong_shapes=[shape])
    before = tl_api.state()['memberships']
    result = run_module(module, args)
    assert tl_api.writes() == 0 and tl_api.state()['memberships'] == before
    assert endpoint.split(' ')[1] in [r['path'] for r in tl_api.requests()['requests']]
    assert result['failed'] is True and result['msg'].startswith(endpoint + ': unexpected answer (HTTP 200): '), result['msg']
    assert 'unexpected error' not in result['msg'] and 'exception' not in result
