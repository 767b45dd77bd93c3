# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client's transport behaviour: auth, retries, errors, pagination, URL safety.

The session is a scripted stand-in that answers from a queue and records what
was sent, so retries and the waits between them can be asserted exactly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.client import (
    TransactionLinkClient, check_api_url, parse_retry_after)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError

TOKEN = 'tot_' + 'x' * 52


class Answer(object):
    def __init__(self, status, body=None, headers=None, text=None):
        self.status_code = status
        self.headers = headers or {}
        self.text = text if text is not None else ('' if body is None else json.dumps(body))
        self.content = self.text.encode('utf-8')

    def json(self):
        return json.loads(self.text)


class ScriptedSession(object):
    """Answers each request with the next scripted answer (or raises it)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.headers = {}
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append(dict(kwargs, method=method, url=url, headers=dict(self.headers)))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def make_client(*answers, **kwargs):
    session = ScriptedSession(*answers)
    waits, retries = [], []
    kwargs.setdefault('max_retries', 3)
    client = TransactionLinkClient('https://api.example.test/', TOKEN, session=session, sleep=waits.append,
                                   on_retry=retries.append, rand=lambda: 1.0, **kwargs)
    return client, session, waits, retries


def error_body(code, message, fingerprint='fp-1'):
    return {'fingerprint': fingerprint, 'errors': [{'code': code, 'message': message}]}


def test_token_is_sent_as_is_without_bearer():
    client, session, dummy, dummy2 = make_client(Answer(200, []))
    client.list_workspaces()
    assert session.sent[0]['headers'][api.AUTH_HEADER] == TOKEN
    assert session.sent[0]['url'] == 'https://api.example.test' + api.WORKSPACES
    assert session.sent[0]['timeout'] == 30 and session.sent[0]['verify'] is True


@pytest.mark.parametrize('url', ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:8080', 'http://127.3.2.1',
                                 'https://api.transactionlink.io'])
def test_https_and_loopback_http_are_accepted(url):
    assert check_api_url(url + '/') == url


@pytest.mark.parametrize('url', ['http://api.transactionlink.io', 'http://10.0.0.5:8080', 'http://localhost.evil.example'])
def test_plain_http_to_a_network_host_is_refused(url):
    with pytest.raises(InputError, match='clear text'):
        check_api_url(url)


@pytest.mark.parametrize('url', ['ftp://example.test', 'api.transactionlink.io', ''])
def test_a_url_that_is_not_http_is_refused(url):
    with pytest.raises(InputError, match='not an http'):
        check_api_url(url)


def test_missing_token_says_where_to_set_it():
    with pytest.raises(InputError) as info:
        TransactionLinkClient('https://api.example.test', None, session=ScriptedSession())
    assert 'TRANSACTIONLINK_API_TOKEN' in str(info.value) and 'module_defaults' in str(info.value)


def test_429_is_retried_after_the_retry_after_delay():
    client, session, waits, retries = make_client(
        Answer(429, error_body('TOO_MANY_REQUESTS', 'slow down'), {'Retry-After': '7'}), Answer(200, [{'id': 'w'}]))
    assert client.list_workspaces() == [{'id': 'w'}]
    assert len(session.sent) == 2 and waits == [7.0]
    assert 'HTTP 429' in retries[0] and 'retry 1 of 3' in retries[0]


def test_502_503_504_back_off_exponentially_with_jitter():
    client, session, waits, dummy = make_client(Answer(503), Answer(502), Answer(504), Answer(204), max_retries=5)
    assert client.remove_membership('w', 'u') is None
    # rand() == 1.0 gives the top of each jitter window: base * 2^attempt
    assert waits == [0.5, 1.0, 2.0]


def test_jitter_stays_within_half_to_full_window():
    session = ScriptedSession(Answer(503), Answer(200, []))
    waits = []
    client = TransactionLinkClient('https://api.example.test', TOKEN, session=session, sleep=waits.append, rand=lambda: 0.0)
    client.list_workspaces()
    assert waits == [0.25]


def test_max_retries_n_means_n_plus_one_attempts_then_a_clear_error():
    answers = [Answer(429, error_body('TOO_MANY_REQUESTS', 'slow down', 'fp-429'), {'Retry-After': '0'})] * 3
    client, session, waits, dummy = make_client(*answers, max_retries=2)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(session.sent) == 3 and len(waits) == 2
    assert info.value.status == 429 and info.value.fingerprint == 'fp-429'
    assert 'gave up after 3 attempt(s)' in str(info.value)


def test_500_is_not_retried():
    client, session, waits, dummy = make_client(Answer(500, error_body('INTERNAL_ERROR', 'boom', 'fp-500')))
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(session.sent) == 1 and waits == []
    assert info.value.to_dict() == {'method': 'GET', 'path': api.WORKSPACES, 'status': 500,
                                    'errors': [{'code': 'INTERNAL_ERROR', 'message': 'boom'}], 'fingerprint': 'fp-500'}


def test_connection_errors_are_retried_then_reported_without_status():
    failure = requests.exceptions.ConnectionError('connection refused')
    client, session, waits, dummy = make_client(failure, failure, max_retries=1)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(session.sent) == 2 and info.value.status is None
    assert 'connection refused' in str(info.value) and 'check api_url' in str(info.value)


def test_403_names_the_scope_the_request_needs_and_the_api_answer():
    client, dummy, dummy2, dummy3 = make_client(Answer(403, error_body('FORBIDDEN', 'missing scope', 'fp-403')))
    with pytest.raises(TransactionLinkError) as info:
        client.set_membership('ws-1', 'user-1', 'role-1')
    text = str(info.value)
    assert text.startswith('PUT /workspaces/ws-1/memberships/user-1 failed: HTTP 403 - FORBIDDEN: missing scope')
    assert 'fingerprint fp-403' in text and api.SCOPE_MANAGE_ACCESS in text


def test_401_explains_the_token_format():
    client, dummy, dummy2, dummy3 = make_client(Answer(401, error_body('UNAUTHORIZED', 'invalid token')))
    with pytest.raises(TransactionLinkError, match='without a "Bearer " prefix'):
        client.list_workspaces()


def test_the_token_never_appears_in_an_error_even_if_the_server_echoes_it():
    echoed = error_body('UNAUTHORIZED', 'token {0} is unknown'.format(TOKEN))
    client, dummy, dummy2, dummy3 = make_client(Answer(401, echoed), Answer(502, text='bad gateway for ' + TOKEN), max_retries=0)
    for dummy4 in range(2):
        with pytest.raises(TransactionLinkError) as info:
            client.list_workspaces()
        assert TOKEN not in str(info.value) and TOKEN not in json.dumps(info.value.to_dict())


def test_an_error_without_json_body_shows_a_snippet():
    client, dummy, dummy2, dummy3 = make_client(Answer(404, text='<html>Not Found</html>'))
    with pytest.raises(TransactionLinkError, match='HTTP 404 - <html>Not Found</html>'):
        client.list_workspace_roles('ws-1')


def test_pagination_follows_total_pages_from_page_zero():
    pages = [Answer(200, {'content': [{'id': str(i)} for i in range(p * 2, p * 2 + 2)], 'totalElements': 5,
                          'totalPages': 3, 'size': 2, 'number': p}) for p in range(3)]
    client, session, dummy, dummy2 = make_client(*pages)
    assert [u['id'] for u in client.list_users()] == ['0', '1', '2', '3', '4', '5']
    assert [s['params'] for s in session.sent] == [{'page': p, 'size': api.PAGE_SIZE} for p in range(3)]


def test_pagination_stops_on_an_empty_page():
    client, session, dummy, dummy2 = make_client(Answer(200, {'content': [], 'totalPages': 9}))
    assert client.list_users() == [] and len(session.sent) == 1


def test_ids_in_paths_are_escaped():
    client, session, dummy, dummy2 = make_client(Answer(200, []))
    client.list_direct_memberships('a/b?c')
    assert session.sent[0]['url'].endswith('/workspaces/a%2Fb%3Fc/memberships')


def test_membership_write_is_one_put_with_the_documented_body():
    client, session, dummy, dummy2 = make_client(Answer(200, {}))
    client.set_membership('ws-1', 'user-1', 'role-1')
    assert session.sent[0]['method'] == api.MEMBERSHIP_WRITE_METHOD
    assert session.sent[0]['json'] == {'userId': 'user-1', 'roleId': 'role-1'}


def test_retry_after_accepts_seconds_and_http_dates():
    assert parse_retry_after('3') == 3.0
    assert parse_retry_after('Wed, 21 Oct 2015 07:28:10 GMT', now=1445412480.0) == 10.0
    assert parse_retry_after('soon') is None and parse_retry_after(None) is None


def test_a_huge_retry_after_is_capped():
    client, dummy, waits, dummy2 = make_client(Answer(503, headers={'Retry-After': '86400'}), Answer(200, []))
    client.list_workspaces()
    assert waits == [120.0]
