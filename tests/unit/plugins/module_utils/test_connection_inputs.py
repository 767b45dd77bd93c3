# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection inputs checked before any request: token, URL, CA bundle (the options table), numbers (the client).

Issue 9 #1 (token white space), #8 (api_url gaps); issue 8 (concurrency);
issue 10 (ca_path). Every refusal is an InputError raised before anything is
sent; none shows the token.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as tl
from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

from helpers.client import REQUESTS_ENV, TOKEN, Answer, Recorder, make_client, session_with


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


def refused(url=tl.api.DEFAULT_API_URL, token=TOKEN, **kwargs):
    """The InputError a client with these inputs raises; asserts nothing was sent."""
    recorder = Recorder()
    with pytest.raises(InputError) as info:
        url, token = tl.check_api_url(url), tl.check_token(token)
        kwargs['ca_path'] = tl.check_ca_path(kwargs.get('ca_path'))
        TransactionLinkClient(url, token, session=session_with(recorder), sleep=lambda s: None, **kwargs)
    assert recorder.sent == []
    return str(info.value)


# -- api_url --------------------------------------------------------------------

@pytest.mark.parametrize('url', ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:8080', 'http://127.3.2.1',
                                 'https://api.transactionlink.io', 'https://api.example.test/base/v3',
                                 'HTTPS://api.transactionlink.io'])
def test_https_and_loopback_http_are_accepted(url):
    assert tl.check_api_url(url + '/') == url


@pytest.mark.parametrize('url', [' https://api.transactionlink.io', 'https://api.transactionlink.io ',
                                 'https://api.transactionlink.io/\n', '\thttps://api.transactionlink.io'])
def test_surrounding_white_space_of_the_url_is_ignored(url):
    assert tl.check_api_url(url) == 'https://api.transactionlink.io'


@pytest.mark.parametrize('url', ['http://api.transactionlink.io', 'http://10.0.0.5:8080', 'http://localhost.evil.example'])
def test_plain_http_to_a_network_host_is_refused(url):
    assert 'clear text' in refused(url)


@pytest.mark.parametrize('url', ['ftp://example.test', 'api.transactionlink.io', 'file:///etc/passwd', 'https:/x.test',
                                 'https:x.test'])
def test_a_url_that_is_not_http_is_refused(url):
    assert 'is not an http(s) URL' in refused(url)


@pytest.mark.parametrize('url', ['https://', 'http:///path', 'https://:443'])
def test_a_url_without_a_host_is_refused(url):
    assert "names no host; use e.g. https://api.transactionlink.io" in refused(url)


@pytest.mark.parametrize('url', ['', '   ', None])
def test_an_empty_url_is_refused(url):
    assert refused(url).startswith('api_url is empty')


@pytest.mark.parametrize('url', ['https://api.transactionlink.io/?x=1', 'https://api.transactionlink.io#top',
                                 'https://api.transactionlink.io/v3?', 'http://127.0.0.1:8080/#'])
def test_a_query_or_fragment_is_refused(url):  # issue 9 #8: today it becomes a 404
    assert 'has a query (?...) or a fragment (#...)' in refused(url)


@pytest.mark.parametrize('url', ['http://user:pass@127.0.0.1:8080', 'https://user:s3cret@api.transactionlink.io',
                                 'https://user@api.transactionlink.io', 'https://:s3cret@api.transactionlink.io'])
def test_userinfo_is_refused_without_echoing_it(url):  # issue 9 #8: requests would send Basic auth
    message = refused(url)
    assert 'must not contain a user name or password' in message
    assert 's3cret' not in message and 'pass' not in message.replace('password', '')


@pytest.mark.parametrize('url', ['https://api.transactionlink.io:99999', 'https://api.transactionlink.io:abc',
                                 'http://127.0.0.1:0', 'http://127.0.0.1:-1', 'http://127.0.0.1:65536/'])
def test_a_bad_port_is_refused(url):  # issue 9 #8: today a crash
    assert 'has an invalid port: a port is a number from 1 to 65535' in refused(url)


@pytest.mark.parametrize('url', ['https://api.transaction link.io', 'https://api.transactionlink.io/v3 /x',
                                 'https://api.transactionlink.io\n/x'])
def test_white_space_inside_the_url_is_refused(url):
    assert 'contains white space or a control character' in refused(url)


def test_a_token_in_the_url_is_not_echoed():
    message = refused('https://api.transactionlink.io/?key=' + TOKEN)
    assert TOKEN not in message and 'tot_x' not in message


# -- api_token (issue 9 #1) -------------------------------------------------------

@pytest.mark.parametrize('padded', [TOKEN + '\n', ' ' + TOKEN, '\t' + TOKEN + '\r\n', TOKEN + '   '])
def test_a_token_with_surrounding_white_space_is_stripped_and_works(padded):
    client, recorder, dummy = make_client(Answer(200, []), token=tl.check_token(padded))
    assert client.list_workspaces() == []
    assert recorder.sent[0]['headers'][tl.api.AUTH_HEADER] == TOKEN


@pytest.mark.parametrize('bad', [TOKEN[:20] + ' ' + TOKEN[20:], TOKEN[:20] + '\n' + TOKEN[20:], TOKEN[:20] + '\x00' + TOKEN[20:],
                                 TOKEN[:20] + '\x7f' + TOKEN[20:], TOKEN[:20] + '\u00e9' + TOKEN[20:],
                                 TOKEN[:20] + '\u200b' + TOKEN[20:]])
def test_a_token_with_white_space_or_control_characters_inside_is_refused_without_showing_it(bad):
    message = refused(token=bad)
    assert 'api_token contains white space, a control character or a non-ASCII character inside it' in message
    assert 'tot_' + 'x' not in message and TOKEN[:20] not in message


@pytest.mark.parametrize('bearer', ['Bearer ' + TOKEN, 'bearer ' + TOKEN, 'Bearer:' + TOKEN, ' Bearer  ' + TOKEN + '\n'])
def test_a_bearer_prefix_is_refused_with_what_to_do(bearer):
    message = refused(token=bearer)
    assert message.startswith('api_token starts with "Bearer"') and 'give the organization token alone' in message
    assert TOKEN not in message


@pytest.mark.parametrize('empty', [None, '', '  \n'])
def test_a_missing_token_says_where_to_set_it(empty):
    message = refused(token=empty)
    assert 'TRANSACTIONLINK_API_TOKEN' in message and 'module_defaults' in message


# -- numbers ---------------------------------------------------------------------

@pytest.mark.parametrize('timeout', [0, -1, True])
def test_a_timeout_that_is_not_positive_is_refused(timeout):
    assert refused(timeout=timeout).startswith('timeout must be a positive number of seconds')


@pytest.mark.parametrize('retries', [-1, True, 1.5])
def test_max_retries_must_be_zero_or_more(retries):
    assert refused(max_retries=retries).startswith('max_retries must be 0 or more')


@pytest.mark.parametrize('concurrency', [0, -3, 33, 1000, True])
def test_concurrency_outside_1_to_32_is_refused(concurrency):  # issue 8
    assert refused(concurrency=concurrency) == 'concurrency must be a whole number from 1 to 32, got {0}'.format(concurrency)


@pytest.mark.parametrize('concurrency', [1, 8, 32])
def test_concurrency_is_exposed_and_the_pool_is_at_least_that_wide(concurrency):
    client = TransactionLinkClient('https://api.example.test', TOKEN, concurrency=concurrency)
    assert client.concurrency == concurrency
    adapter = client.session.get_adapter('https://api.example.test')
    assert adapter._pool_maxsize >= concurrency  # pylint: disable=protected-access


def test_concurrency_defaults_to_8():
    assert TransactionLinkClient('https://api.example.test', TOKEN).concurrency == 8


# -- ca_path (issue 10) ---------------------------------------------------------------

def test_a_missing_ca_path_is_refused(tmp_path):
    missing = str(tmp_path / 'nowhere' / 'ca.pem')
    assert refused(ca_path=missing) == "ca_path '{0}' does not exist; give the path of a CA bundle in PEM form".format(missing)


def test_a_ca_path_that_holds_no_certificate_is_refused(tmp_path):
    junk = tmp_path / 'ca.pem'
    junk.write_text('not a certificate\n')
    message = refused(ca_path=str(junk))
    assert message.startswith("ca_path '{0}' cannot be used as a CA bundle".format(junk))
    assert 'PEM certificates' in message


def test_an_empty_ca_path_means_not_set():
    client = TransactionLinkClient('https://api.example.test', TOKEN, ca_path='')
    assert client.ca_path is None and client.verify is True
