# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's transport behaviour: auth, retries, errors, pagination, ids.

A real requests session whose adapter answers from a script (helpers.client),
so retries and the waits between them can be asserted exactly. Input checks
(token, URL, options) are in test_client_inputs.py; secrets in
test_client_secrets.py; the rate-limit governor in test_client_governor.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import retry
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError

from helpers.client import REQUESTS_ENV, TOKEN, URL, Answer, make_client, error_body


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


def test_token_is_sent_as_is_without_bearer():
    client, recorder, dummy = make_client(Answer(200, []))
    client.list_workspaces()
    assert recorder.sent[0]['headers'][api.AUTH_HEADER] == TOKEN
    assert recorder.sent[0]['url'] == URL + api.WORKSPACES
    assert recorder.sent[0]['timeout'] == 30 and recorder.sent[0]['verify'] is True


def test_429_is_retried_after_the_retry_after_delay():
    client, recorder, waits = make_client(
        Answer(429, error_body('TOO_MANY_REQUESTS', 'slow down'), {'Retry-After': '7'}), Answer(200, [{'id': 'w', 'name': 'W'}]))
    assert client.list_workspaces() == [{'id': 'w', 'name': 'W'}]
    assert len(recorder.sent) == 2 and waits == [7.0]


def test_502_503_504_back_off_exponentially_with_jitter():
    client, recorder, waits = make_client(Answer(503), Answer(502), Answer(504), Answer(204), max_retries=5)
    assert client.remove_membership('w', 'u') is True
    # rand() == 1.0 gives the top of each jitter window: TRANSIENT_FIRST * TRANSIENT_GROWTH^attempt
    assert waits == pytest.approx([0.05, 0.2, 0.8]) and len(recorder.sent) == 4


def test_jitter_stays_within_its_window():
    # A 503 (no Retry-After): full jitter, anywhere from 0 to the bound.
    client, dummy, waits = make_client(Answer(503), Answer(200, []), rand=lambda: 0.0)
    client.list_workspaces()
    assert waits == [0.0]
    # A 429 without Retry-After: between half and all of 0.5 s doubled.
    client, dummy, waits = make_client(Answer(429), Answer(200, []), rand=lambda: 0.0)
    client.list_workspaces()
    assert waits == [0.25]


def test_max_retries_n_means_n_plus_one_attempts_then_a_clear_error():
    answers = [Answer(429, error_body('TOO_MANY_REQUESTS', 'slow down', 'fp-429'), {'Retry-After': '0'})] * 3
    client, recorder, waits = make_client(*answers, max_retries=2)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(recorder.sent) == 3 and len(waits) == 2
    assert info.value.status == 429 and info.value.fingerprint == 'fp-429'
    assert 'gave up after 3 attempt(s)' in str(info.value)


def test_500_is_not_retried():
    client, recorder, waits = make_client(Answer(500, error_body('INTERNAL_ERROR', 'boom', 'fp-500')))
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(recorder.sent) == 1 and waits == []
    assert info.value.to_dict() == {'method': 'GET', 'path': api.WORKSPACES, 'status': 500,
                                    'errors': [{'code': 'INTERNAL_ERROR', 'message': 'boom'}], 'fingerprint': 'fp-500'}


def test_connection_errors_are_retried_then_reported_without_status():
    failure = requests.exceptions.ConnectionError('connection refused')
    client, recorder, dummy = make_client(failure, failure, max_retries=1)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(recorder.sent) == 2 and info.value.status is None
    assert 'connection refused' in str(info.value) and 'check api_url' in str(info.value)


def test_403_names_the_scope_the_request_needs_and_the_api_answer():
    client, dummy, dummy2 = make_client(Answer(403, error_body('FORBIDDEN', 'missing scope', 'fp-403')))
    with pytest.raises(TransactionLinkError) as info:
        client.set_membership('ws-1', 'user-1', 'role-1')
    text = str(info.value)
    assert text.startswith('PUT /workspaces/ws-1/memberships/user-1 failed: HTTP 403 - FORBIDDEN: missing scope')
    assert 'fingerprint fp-403' in text and api.SCOPE_MANAGE_ACCESS in text


def test_403_names_the_scope_once_when_the_api_already_names_it():
    # issue 19 #12: "...the token lacks the scope can_manage_access that PUT ... needs. The token lacks the scope
    # this request needs (can_manage_access)" said it twice
    message = 'the token lacks the scope %s that PUT /workspaces/ws-1/memberships/user-1 needs' % api.SCOPE_MANAGE_ACCESS
    client, dummy, dummy2 = make_client(Answer(403, error_body('FORBIDDEN', message, 'fp-403')))
    with pytest.raises(TransactionLinkError) as info:
        client.set_membership('ws-1', 'user-1', 'role-1')
    text = str(info.value)
    assert text.count(api.SCOPE_MANAGE_ACCESS) == 1, text
    assert text.endswith('Use a token that has that scope'), text


def test_401_explains_the_token_format():
    client, dummy, dummy2 = make_client(Answer(401, error_body('UNAUTHORIZED', 'invalid token')))
    with pytest.raises(TransactionLinkError, match='without a "Bearer " prefix'):
        client.list_workspaces()


def test_an_error_without_json_body_shows_a_snippet():
    client, dummy, dummy2 = make_client(Answer(404, text='<html>Not Found</html>'))
    with pytest.raises(TransactionLinkError, match='HTTP 404 - <html>Not Found</html>'):
        client.list_workspace_roles('ws-1')


def test_pagination_follows_total_pages_from_page_zero():
    pages = [Answer(200, {'content': [{'id': str(i), 'email': 'u@x'} for i in range(p * 2, p * 2 + 2)], 'totalElements': 6,
                          'totalPages': 3, 'size': 2, 'number': p}) for p in range(3)]
    client, recorder, dummy = make_client(*pages, concurrency=1)  # one after another: the answers are scripted in order
    assert [u['id'] for u in client.list_users()] == ['0', '1', '2', '3', '4', '5']
    assert [s['url'] for s in recorder.sent] == [
        '{0}{1}?page={2}&size={3}'.format(URL, api.USERS, p, api.PAGE_SIZE) for p in range(3)]


def _page_by_number(total_pages, per_page=2):
    def answer(request):
        number = int(request.url.split('page=')[1].split('&')[0])
        return Answer(200, {'content': [{'id': 'u{0}-{1}'.format(number, i), 'email': 'u@x'} for i in range(per_page)],
                            'totalPages': total_pages, 'totalElements': total_pages * per_page, 'size': per_page,
                            'number': number})
    return answer


@pytest.mark.parametrize('concurrency', [1, 3, 8])
def test_pages_after_the_first_are_fetched_in_parallel_and_kept_in_order(concurrency):
    client, recorder, dummy = make_client(*[_page_by_number(7)] * 7, concurrency=concurrency)
    assert [u['id'] for u in client.list_users()] == ['u{0}-{1}'.format(p, i) for p in range(7) for i in range(2)]
    assert recorder.sent[0]['url'].endswith('page=0&size={0}'.format(api.PAGE_SIZE))
    assert sorted(s['url'] for s in recorder.sent) == sorted(
        '{0}{1}?page={2}&size={3}'.format(URL, api.USERS, p, api.PAGE_SIZE) for p in range(7))


def test_a_failed_page_fails_the_listing():
    def answer(request):
        if 'page=3&' in request.url:
            return Answer(403, error_body('FORBIDDEN', 'no'))
        return _page_by_number(5)(request)
    client, dummy, dummy2 = make_client(*[answer] * 5, concurrency=4)
    with pytest.raises(TransactionLinkError) as info:
        client.list_users()
    assert info.value.status == 403 and api.SCOPE_MANAGE_USERS in str(info.value)


def test_an_empty_first_page_is_the_whole_list():
    client, recorder, dummy = make_client(Answer(200, {'content': [], 'totalPages': 0, 'totalElements': 0, 'size': 20,
                                                       'number': 0}))
    assert client.list_users() == [] and len(recorder.sent) == 1


def test_ids_in_paths_are_escaped():
    client, recorder, dummy = make_client(Answer(200, []))
    client.list_direct_memberships('a/b?c')
    assert recorder.sent[0]['url'].endswith('/workspaces/a%2Fb%3Fc/memberships')


def test_membership_write_is_one_put_with_the_documented_body():
    client, recorder, dummy = make_client(Answer(200))
    assert client.set_membership('ws-1', 'user-1', 'role-1') is None  # an empty answer is allowed
    assert recorder.sent[0]['method'] == api.MEMBERSHIP_WRITE_METHOD
    assert json.loads(recorder.sent[0]['body']) == {'userId': 'user-1', 'roleId': 'role-1'}


def test_retry_after_accepts_seconds_and_http_dates():
    assert retry.parse_retry_after('3') == 3.0
    assert retry.parse_retry_after('Wed, 21 Oct 2015 07:28:10 GMT', now=1445412480.0) == 10.0
    assert retry.parse_retry_after('soon') is None and retry.parse_retry_after(None) is None


# -- issue 9 #5 (client half): ids in one canonical form ----------------------

WS = '0B7C6D1E-2F3A-4B5C-8D9E-0F1A2B3C4D5E'
USER = '9A8B7C6D-5E4F-4A3B-9C2D-1E0F9A8B7C6D'
ROLE = '5D4C3B2A-1F0E-4D9C-8B7A-6F5E4D3C2B1A'


def _membership(ws=WS, user=USER, role=ROLE):
    return {'workspaceId': ws, 'userId': user,
            'role': {'id': role, 'name': 'Analyst', 'workspaceId': ws, 'createdDateTime': '2026-01-01T00:00:00Z',
                     'type': 'WORKSPACE'}}


def test_every_id_the_client_reads_is_canonical():
    page = {'content': [{'id': USER, 'email': 'Dana@Example.com'}], 'totalPages': 1, 'totalElements': 1, 'size': 20,
            'number': 0}
    client, dummy, dummy2 = make_client(
        Answer(200, [{'id': WS, 'name': 'Risk'}]), Answer(200, [dict(_membership()['role'])]),
        Answer(200, [_membership()]), Answer(200, [_membership()]), Answer(200, page), Answer(200, _membership()))
    assert client.list_workspaces() == [{'id': WS.lower(), 'name': 'Risk'}]
    role = client.list_workspace_roles(WS)[0]
    assert (role['id'], role['workspaceId'], role['name']) == (ROLE.lower(), WS.lower(), 'Analyst')
    lowered = {'workspaceId': WS.lower(), 'userId': USER.lower(),
               'role': dict(_membership()['role'], id=ROLE.lower(), workspaceId=WS.lower())}
    assert client.list_direct_memberships(WS) == [lowered]
    assert client.list_all_memberships(WS) == [lowered]
    assert client.list_users() == [{'id': USER.lower(), 'email': 'Dana@Example.com'}]  # e-mails are not ids
    assert client.set_membership(WS.lower(), USER.lower(), ROLE.lower()) == lowered


def test_what_is_not_a_uuid_is_left_as_it_is():
    client, dummy, dummy2 = make_client(Answer(200, [{'id': 'ws-1', 'name': 'Risk'}]))
    assert client.list_workspaces() == [{'id': 'ws-1', 'name': 'Risk'}]


# -- issue 9 #4/#5: a removal whose answer was lost ---------------------------

def test_remove_membership_says_true_when_removed():
    client, recorder, dummy = make_client(Answer(204))
    assert client.remove_membership('ws-1', 'user-1') is True
    assert recorder.sent[0]['method'] == api.MEMBERSHIP_DELETE_METHOD


def test_remove_membership_says_false_when_the_api_answers_404_already_absent():
    # The DELETE was applied, its answer lost (502 after applying); the retry finds nothing to remove.
    client, recorder, dummy = make_client(
        Answer(502), Answer(api.MEMBERSHIP_ABSENT_STATUS, error_body('NOT_FOUND', 'no direct membership')))
    assert client.remove_membership('ws-1', 'user-1') is False
    assert [s['method'] for s in recorder.sent] == ['DELETE', 'DELETE']


def test_remove_membership_still_fails_on_other_errors():
    client, dummy, dummy2 = make_client(Answer(403, error_body('FORBIDDEN', 'no')))
    with pytest.raises(TransactionLinkError) as info:
        client.remove_membership('ws-1', 'user-1')
    assert info.value.status == 403


# -- issue 9 #6: certificate failures are not retried --------------------------

def _certificate_failure():
    import ssl
    cause = ssl.SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: '
                                            'self-signed certificate (_ssl.c:1006)')
    return requests.exceptions.SSLError(cause)


def test_a_certificate_failure_is_not_retried_and_names_both_ways_out():
    client, recorder, waits = make_client(_certificate_failure(), Answer(200, []), max_retries=5)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(recorder.sent) == 1 and waits == [] and client.retry_counts() == {}
    text = str(info.value)
    assert 'certificate could not be verified' in text and 'ca_path' in text and 'validate_certs: false' in text
    assert 'check api_url and the network' not in text


def test_other_tls_failures_are_not_retried_either():
    client, recorder, dummy = make_client(requests.exceptions.SSLError('wrong version number'), max_retries=5)
    with pytest.raises(TransactionLinkError, match='TLS handshake failed'):
        client.list_workspaces()
    assert len(recorder.sent) == 1


def test_validate_certs_and_ca_path_decide_what_requests_verifies(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text(_self_signed_pem())
    for kwargs, expected in (({}, True), ({'validate_certs': False}, False), ({'ca_path': str(bundle)}, str(bundle)),
                             ({'ca_path': str(bundle), 'validate_certs': False}, False), ({'ca_path': ''}, True)):
        client, recorder, dummy = make_client(Answer(200, []), **kwargs)
        client.list_workspaces()
        assert recorder.sent[0]['verify'] == expected, kwargs


def test_ca_path_wins_over_requests_ca_bundle(tmp_path, monkeypatch):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text(_self_signed_pem())
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', str(tmp_path / 'other.pem'))
    client, recorder, dummy = make_client(Answer(200, []), ca_path=str(bundle))
    client.list_workspaces()
    assert recorder.sent[0]['verify'] == str(bundle)


def _self_signed_pem():
    """A real PEM certificate (made at test time) for ca_path checks."""
    from helpers.tls import make_certificate
    return make_certificate()[0]


# -- issue 9 #10: retries counted, a bound on the total wait -------------------

def test_retries_are_counted_by_cause_and_summarised_once():
    client, dummy, dummy2 = make_client(
        Answer(429, headers={'Retry-After': '1'}), Answer(429, headers={'Retry-After': '1'}), Answer(503),
        requests.exceptions.ConnectionError('reset'), Answer(200, []), max_retries=5)
    client.list_workspaces()
    assert client.retry_counts() == {'HTTP 429': 2, 'HTTP 503': 1, 'ConnectionError': 1}
    assert client.retry_summary() == ('API requests were retried 4 time(s): ConnectionError x1, HTTP 429 x2, '
                                      'HTTP 503 x1 (max_retries 5 per request)')


def test_no_retry_no_summary():
    client, dummy, dummy2 = make_client(Answer(200, []))
    client.list_workspaces()
    assert client.retry_counts() == {} and client.retry_summary() is None


def test_the_bound_on_waiting_is_timeout_times_max_retries():
    assert retry.retry_budget(30, 5) == 150.0
    client, dummy, dummy2 = make_client(timeout=10, max_retries=4)
    assert client.retry_budget == 40.0


def test_a_retry_after_beyond_the_bound_gives_up_at_once_and_says_why():
    client, recorder, waits = make_client(
        Answer(503, error_body('UNAVAILABLE', 'maintenance'), {'Retry-After': '86400'}), Answer(200, []),
        timeout=30, max_retries=3)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert waits == [] and len(recorder.sent) == 1
    text = str(info.value)
    assert 'would pass the 90s a request may take in total (timeout 30 x max_retries 3)' in text


def test_retry_after_is_honoured_until_the_total_wait_would_pass_the_bound():
    answers = [Answer(429, headers={'Retry-After': '10'})] * 3 + [Answer(200, [])]
    client, recorder, waits = make_client(*answers, timeout=5, max_retries=5)  # at most 25 s of waiting
    with pytest.raises(TransactionLinkError, match='HTTP 429') as info:
        client.list_workspaces()
    assert waits == [10.0, 10.0] and len(recorder.sent) == 3  # a third wait would make 30 s
    assert 'gave up after 3 attempt(s) in 20.0s' in str(info.value)


def test_backoff_counts_against_the_bound_too():
    client, recorder, waits = make_client(*[Answer(502)] * 6, timeout=1, max_retries=5)  # at most 5 s of waiting
    with pytest.raises(TransactionLinkError, match='HTTP 502'):
        client.list_workspaces()
    # 4.25 s waited; the next 12.8 s would pass the 5 s
    assert waits == pytest.approx([0.05, 0.2, 0.8, 3.2]) and len(recorder.sent) == 5
