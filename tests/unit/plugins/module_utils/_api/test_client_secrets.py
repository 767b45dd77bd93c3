# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The token stays secret: in errors, details, snippets, and on the way out (proxies, netrc).

Issue 9 #1 (any exception while sending is caught and redacted), #2 (redact
before cutting; anything shaped like a token, any case), #3 (loopback http
never through a proxy, https keeps the proxy variables and NO_PROXY).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

import pytest
import requests

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import redaction as tl
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError

from helpers.client import REQUESTS_ENV, TOKEN, Answer, make_client, error_body

OTHER_TOKEN = 'tot_' + 'q1w2e3' * 8 + 'zzzz'


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


def everything_said(exc):
    """Every text a failure shows: message and the api_error dict."""
    return str(exc) + json.dumps(exc.to_dict())


def assert_no_token_trace(text):
    """No 'tot_' followed by a token character, and no 8 characters of a token's secret part, in any case."""
    assert not re.search(r'tot_[a-z0-9]', text, re.IGNORECASE), text
    lowered = text.lower()
    for token in (TOKEN, OTHER_TOKEN):
        secret = token[4:].lower()
        for start in range(len(secret) - 8):
            assert secret[start:start + 8] not in lowered, text


# -- issue 9 #1: nothing raised while sending escapes as it is ----------------------

@pytest.mark.parametrize('raised', [
    requests.exceptions.InvalidHeader(
        'Invalid leading whitespace, reserved character(s), or return character(s) in header value: %r' % (TOKEN + '\n')),
    ValueError('Invalid header value %r' % (TOKEN + '\r\n').encode('latin-1')),
    UnicodeEncodeError('latin-1', TOKEN + '\u20ac', 56, 57, 'ordinal not in range(256)'),
    requests.exceptions.InvalidURL('Failed to parse: https://api.example.test/%s' % TOKEN),
    RuntimeError('anything else, with ' + TOKEN.upper()),
])
def test_any_exception_while_sending_becomes_a_redacted_api_error(raised):
    client, recorder, waits = make_client(raised, Answer(200, []), max_retries=3)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert len(recorder.sent) == 1 and waits == []  # not retried: sending again cannot fix it
    assert info.value.status is None and type(raised).__name__ in str(info.value)
    assert 'the request could not be sent' in str(info.value)
    assert_no_token_trace(everything_said(info.value))


def test_a_real_invalid_header_from_requests_is_caught(monkeypatch):
    # What happened before the fix: the session refused a header value and raised InvalidHeader with its repr.
    client, dummy, dummy2 = make_client(Answer(200, []))
    client.session.headers['X-Extra'] = 'bad\nvalue ' + TOKEN
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert 'InvalidHeader' in str(info.value)
    assert_no_token_trace(everything_said(info.value))


# -- issue 9 #2: redaction --------------------------------------------------------------

def test_redact_masks_the_token_in_any_case_and_anything_shaped_like_a_token():
    text = 'a {0} b {1} c {2} d {3} e tot_abc f TOT_ABC123 g'.format(TOKEN, TOKEN.upper(), TOKEN[:30], OTHER_TOKEN)
    out = tl.redact(text, TOKEN)
    assert out == 'a ******** b ******** c ******** d ******** e ******** f ******** g'


def test_redact_keeps_text_that_is_not_a_token():
    assert tl.redact('total_count tot_ tot_... (tot_...)', TOKEN) == 'total_count tot_ tot_... (tot_...)'
    assert tl.redact(None) is None


@pytest.mark.parametrize('cut_at', [190, 195, 198, 199])
def test_a_token_near_the_snippet_cut_leaves_no_characters(cut_at):
    # Before the fix the body was cut to 200 characters, then redacted: 'tot_xx...' survived the cut.
    body = 'e' * cut_at + TOKEN + ' and more text after it'
    client, dummy, dummy2 = make_client(Answer(502, text=body), max_retries=0)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert_no_token_trace(everything_said(info.value))
    assert 'e' * 20 in str(info.value)


@pytest.mark.parametrize('echo', [TOKEN.upper(), TOKEN.capitalize(), TOKEN[:24], TOKEN[:24] + '...', OTHER_TOKEN,
                                  'TOT_' + TOKEN[4:]])
def test_an_echo_in_another_case_or_shortened_is_masked(echo):
    client, dummy, dummy2 = make_client(
        Answer(401, {'fingerprint': 'fp ' + echo, 'errors': [{'code': 'BAD ' + echo, 'message': 'token ' + echo}]}),
        Answer(404, text='<p>unknown token ' + echo + '</p>'))
    for _twice in range(2):
        with pytest.raises(TransactionLinkError) as info:
            client.list_workspaces()
        assert_no_token_trace(everything_said(info.value))


def test_connection_error_details_are_redacted():
    failure = requests.exceptions.ConnectionError('proxy said no to Authorization: ' + TOKEN.swapcase())
    client, dummy, dummy2 = make_client(failure, max_retries=0)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert 'proxy said no' in str(info.value)
    assert_no_token_trace(everything_said(info.value))


def test_the_token_never_appears_in_an_error_even_if_the_server_echoes_it():
    echoed = error_body('UNAUTHORIZED', 'token {0} is unknown'.format(TOKEN))
    client, dummy, dummy2 = make_client(Answer(401, echoed), Answer(502, text='bad gateway for ' + TOKEN), max_retries=0)
    for _twice in range(2):
        with pytest.raises(TransactionLinkError) as info:
            client.list_workspaces()
        assert_no_token_trace(everything_said(info.value))


def test_the_auth_object_does_not_show_the_token():
    client, dummy, dummy2 = make_client()
    assert TOKEN not in repr(client.session.auth) and TOKEN not in repr(vars(client.session.auth).keys())


# -- issue 9 #3: proxies and netrc ----------------------------------------------------------

LOOPBACK = 'http://127.0.0.1:8080'


@pytest.mark.parametrize('variable', ['HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'])
def test_plain_http_to_loopback_never_uses_a_proxy(variable, monkeypatch):
    monkeypatch.setenv(variable, 'http://proxy.example.test:3128')
    client, recorder, dummy = make_client(Answer(200, []), url=LOOPBACK)
    client.list_workspaces()
    assert recorder.sent[0]['proxies'] == {}


@pytest.mark.parametrize('variable', ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY'])
def test_https_honours_the_proxy_variables(variable, monkeypatch):
    monkeypatch.setenv(variable, 'http://proxy.example.test:3128')
    client, recorder, dummy = make_client(Answer(200, []))
    client.list_workspaces()
    assert 'http://proxy.example.test:3128' in recorder.sent[0]['proxies'].values()


@pytest.mark.parametrize('no_proxy', ['api.example.test', '.example.test', '*'])
def test_https_honours_no_proxy(no_proxy, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.test:3128')
    monkeypatch.setenv('NO_PROXY', no_proxy)
    client, recorder, dummy = make_client(Answer(200, []))
    client.list_workspaces()
    assert 'http://proxy.example.test:3128' not in recorder.sent[0]['proxies'].values()


@pytest.mark.parametrize('url', [LOOPBACK, 'https://api.example.test'])
def test_netrc_never_replaces_the_token(url, tmp_path, monkeypatch):
    netrc = tmp_path / 'netrc'
    netrc.write_text('machine 127.0.0.1 login someone password hunter2\nmachine api.example.test login someone password hunter2\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    client, recorder, dummy = make_client(Answer(200, []), url=url)
    client.list_workspaces()
    assert recorder.sent[0]['headers'][api.AUTH_HEADER] == TOKEN
