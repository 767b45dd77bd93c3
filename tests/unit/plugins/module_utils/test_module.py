# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares (module_utils/module.py), run in-process against the emulator app.

The connection options and how a run fails: bad connection input is refused
with a clear message before any request (the rows of BAD_CONNECTION_INPUTS
feed the bad-input table of the docs), retries are one warning per run,
nothing secret reaches a result, and the argspec matches the doc fragment.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

import pytest
import yaml

from ansible_collections.transactionlink.access.plugins.doc_fragments.api import ModuleDocFragment
from ansible_collections.transactionlink.access.plugins.module_utils._api import client as tl
from ansible_collections.transactionlink.access.plugins.module_utils._api import directory as directory_module
from ansible_collections.transactionlink.access.plugins.module_utils._api import retry
from ansible_collections.transactionlink.access.plugins.module_utils.module import api_argument_spec

from emulator import seed
from helpers.tls import make_certificate
from helpers.paths import REPO_ROOT

INFO = 'workspace_membership_info'
ADMIN = seed.all_tokens()['admin']
REPO = REPO_ROOT
URL_EXAMPLE = 'e.g. https://api.transactionlink.io'


def tracebacks_enabled(monkeypatch):
    """What ANSIBLE_DISPLAY_TRACEBACK=error does to a module (ansible-core >= 2.19)."""
    traceback_module = pytest.importorskip('ansible.module_utils._internal._traceback')
    monkeypatch.setattr(traceback_module, '_is_traceback_enabled',
                        lambda event: event == traceback_module.TracebackEvent.ERROR)


# (case id, options, exact message or (prefix,)). Each: failed, nothing sent to the API.
BAD_CONNECTION_INPUTS = [
    ('url-ftp-scheme', {'api_url': 'ftp://example.test'},
     "api_url 'ftp://example.test' is not an http(s) URL; use " + URL_EXAMPLE),
    ('url-no-scheme', {'api_url': 'api.transactionlink.io'},
     "api_url 'api.transactionlink.io' is not an http(s) URL; use " + URL_EXAMPLE),
    ('url-empty', {'api_url': ''}, 'api_url is empty; give the base URL of the API, ' + URL_EXAMPLE),
    ('url-plain-http-network-host', {'api_url': 'http://api.transactionlink.io'},
     "api_url 'http://api.transactionlink.io' uses plain http to a host that is not loopback: the API token would cross "
     "the network in clear text. Use https:// (plain http is accepted only for 127.0.0.0/8, ::1 and localhost, e.g. the "
     "bundled emulator)"),
    ('url-query', {'api_url': 'http://127.0.0.1:9/?page=2'},
     "api_url 'http://127.0.0.1:9/?page=2' has a query (?...) or a fragment (#...); give the base URL alone, " + URL_EXAMPLE),
    ('url-fragment', {'api_url': 'https://api.transactionlink.io/#top'},
     "api_url 'https://api.transactionlink.io/#top' has a query (?...) or a fragment (#...); give the base URL alone, " + URL_EXAMPLE),
    ('url-userinfo', {'api_url': 'http://user:pass@127.0.0.1:9'},
     'api_url must not contain a user name or password (https://user:password@host): the API is authenticated with '
     'api_token only. Remove the part before the @ from api_url'),
    ('url-port-too-big', {'api_url': 'https://api.transactionlink.io:99999'},
     "api_url 'https://api.transactionlink.io:99999' has an invalid port: a port is a number from 1 to 65535"),
    ('url-port-not-a-number', {'api_url': 'https://api.transactionlink.io:abc'},
     "api_url 'https://api.transactionlink.io:abc' has an invalid port: a port is a number from 1 to 65535"),
    ('url-port-zero', {'api_url': 'http://127.0.0.1:0'},
     "api_url 'http://127.0.0.1:0' has an invalid port: a port is a number from 1 to 65535"),
    ('url-space-inside', {'api_url': 'https://api.transaction link.io'},
     "api_url 'https://api.transaction link.io' contains white space or a control character; give the base URL alone, " + URL_EXAMPLE),
    ('url-no-host', {'api_url': 'https://'}, "api_url 'https://' names no host; use " + URL_EXAMPLE),
    ('url-newline-inside', {'api_url': 'https://api.transactionlink.io\n/v3'},
     "api_url 'https://api.transactionlink.io\\n/v3' contains white space or a control character; give the base URL "
     "alone, " + URL_EXAMPLE),
    ('url-only-user-name', {'api_url': 'https://user@api.transactionlink.io'},
     'api_url must not contain a user name or password (https://user:password@host): the API is authenticated with '
     'api_token only. Remove the part before the @ from api_url'),
    ('token-empty', {'api_token': ''},
     'api_token is required: set the TRANSACTIONLINK_API_TOKEN environment variable (recommended; what the AWX '
     'credential type injects), module_defaults for group/transactionlink.access.api, or the api_token option'),
    ('token-only-white-space', {'api_token': ' \n'},
     'api_token is required: set the TRANSACTIONLINK_API_TOKEN environment variable (recommended; what the AWX '
     'credential type injects), module_defaults for group/transactionlink.access.api, or the api_token option'),
    ('token-space-inside', {'api_token': ADMIN[:30] + ' ' + ADMIN[30:]},
     'api_token contains white space, a control character or a non-ASCII character inside it; an organization token '
     'is one word (tot_ followed by letters and digits). Check how it was copied (the value is not shown)'),
    ('token-newline-inside', {'api_token': ADMIN[:30] + '\n' + ADMIN[30:]},
     'api_token contains white space, a control character or a non-ASCII character inside it; an organization token '
     'is one word (tot_ followed by letters and digits). Check how it was copied (the value is not shown)'),
    ('token-control-character-inside', {'api_token': ADMIN[:30] + '\x00' + ADMIN[30:]},
     'api_token contains white space, a control character or a non-ASCII character inside it; an organization token '
     'is one word (tot_ followed by letters and digits). Check how it was copied (the value is not shown)'),
    ('token-non-ascii-inside', {'api_token': ADMIN[:30] + '\u00e9' + ADMIN[30:]},
     'api_token contains white space, a control character or a non-ASCII character inside it; an organization token '
     'is one word (tot_ followed by letters and digits). Check how it was copied (the value is not shown)'),
    ('token-bearer-prefix', {'api_token': 'Bearer ' + ADMIN},
     'api_token starts with "Bearer": give the organization token alone (tot_...); the API expects it as-is in the '
     'Authorization header, without a "Bearer " prefix'),
    ('timeout-zero', {'timeout': 0}, 'timeout must be a whole number of seconds from 1 to 3600, got 0'),
    ('timeout-negative', {'timeout': -5}, 'timeout must be a whole number of seconds from 1 to 3600, got -5'),
    ('timeout-not-a-number', {'timeout': 'abc'},
     ("argument 'timeout' is of type str and we were unable to convert to int",)),
    ('timeout-fraction', {'timeout': 1.5}, ("argument 'timeout' is of type float and we were unable to convert to int",)),
    ('max-retries-negative', {'max_retries': -1}, 'max_retries must be a whole number from 0 to 20, got -1'),
    ('max-retries-not-a-number', {'max_retries': 'many'},
     ("argument 'max_retries' is of type str and we were unable to convert to int",)),
    ('concurrency-zero', {'concurrency': 0}, 'concurrency must be a whole number from 1 to 32, got 0'),
    ('concurrency-too-high', {'concurrency': 33}, 'concurrency must be a whole number from 1 to 32, got 33'),
    ('concurrency-negative', {'concurrency': -3}, 'concurrency must be a whole number from 1 to 32, got -3'),
    ('concurrency-not-a-number', {'concurrency': 'eight'},
     ("argument 'concurrency' is of type str and we were unable to convert to int",)),
    ('validate-certs-not-a-bool', {'validate_certs': 'maybe'},
     ("argument 'validate_certs' is of type str and we were unable to convert to bool",)),
    ('ca-path-missing', {'ca_path': '/nonexistent/tl/ca.pem'},
     "ca_path '/nonexistent/tl/ca.pem' does not exist; give the path of a CA bundle in PEM form"),
]


@pytest.mark.parametrize('case, options, expected', BAD_CONNECTION_INPUTS, ids=[c[0] for c in BAD_CONNECTION_INPUTS])
def test_bad_connection_input_is_refused_before_any_request(case, options, expected, run_module, tl_api):
    result = run_module(INFO, dict(options, workspace='Risk'))
    assert result['failed'] is True and result.get('changed', False) is False, case
    if isinstance(expected, tuple):
        # ansible-core <= 2.18 names a type as "<class 'str'>" where 2.19 says "str"
        message = re.sub(r"<class '(\w+)'>", r'\1', result['msg'])
        assert message.startswith(expected[0]), result['msg']
    else:
        assert result['msg'] == expected
    assert tl_api.sent() == [] and tl_api.writes() == 0
    assert ADMIN[4:20] not in result['stdout']


def test_a_ca_path_that_is_not_pem_is_refused(tmp_path, run_module, tl_api):
    junk = tmp_path / 'ca.pem'
    junk.write_text('hello\n')
    result = run_module(INFO, {'workspace': 'Risk', 'ca_path': str(junk)})
    assert result['failed'] and result['msg'].startswith("ca_path '{0}' cannot be used as a CA bundle (".format(junk))
    assert tl_api.sent() == []


# -- issue 9 #1: surrounding white space of the token --------------------------------------

@pytest.mark.parametrize('padded', [ADMIN + '\n', '  ' + ADMIN + '\r\n', '\t' + ADMIN])
def test_a_token_with_surrounding_white_space_works(padded, run_module, tl_api):
    result = run_module(INFO, {'workspace': 'Risk', 'api_token': padded}, token=None)
    assert 'failed' not in result and len(result['memberships']) == 3
    assert ADMIN not in result['stdout']


@pytest.mark.parametrize('url', ['http://127.0.0.1:9 ', ' http://127.0.0.1:9/\n'])
def test_a_url_with_surrounding_white_space_works(url, run_module):
    result = run_module(INFO, {'workspace': 'Risk', 'api_url': url})
    assert 'failed' not in result and len(result['memberships']) == 3


def test_an_exception_raised_while_sending_is_a_clean_failure(run_module, tl_api, monkeypatch):
    import requests

    def refuse(self, request, **kwargs):
        raise requests.exceptions.InvalidHeader('Invalid return character or leading space in header: Authorization: %r'
                                                % (ADMIN + '\n'))
    monkeypatch.setattr('emulator.transport.WSGIAdapter.send', refuse)
    result = run_module(INFO, {'workspace': 'Risk'})
    assert result['failed'] is True and 'MODULE FAILURE' not in result['stdout']
    assert result['msg'].startswith('GET /organizations/workspaces failed: no answer (InvalidHeader: ')
    assert 'tot_b04b' not in result['stdout'].lower() and ADMIN[4:20] not in result['stdout']


def test_any_other_exception_is_a_redacted_failure_with_its_traceback(run_module, monkeypatch):
    def explode(self, ref):
        raise RuntimeError('unexpected, carrying ' + ADMIN.upper())
    monkeypatch.setattr(directory_module.Directory, 'workspace', explode)
    tracebacks_enabled(monkeypatch)
    result = run_module(INFO, {'workspace': 'Risk'})
    assert result['failed'] is True and result['msg'] == 'unexpected error: RuntimeError: unexpected, carrying ********'
    assert 'Traceback' in result['exception'] and 'explode' in result['exception']
    assert ADMIN[4:20].lower() not in result['stdout'].lower()


def test_with_tracebacks_enabled_a_send_failure_still_shows_no_token(run_module, monkeypatch):
    import requests

    def refuse(self, request, **kwargs):
        raise requests.exceptions.InvalidHeader('Invalid header value %r' % ('x' + ADMIN + '\n'))
    monkeypatch.setattr('emulator.transport.WSGIAdapter.send', refuse)
    tracebacks_enabled(monkeypatch)
    result = run_module(INFO, {'workspace': 'Risk'})
    assert result['failed'] is True and 'InvalidHeader' in result['msg']
    assert ADMIN[4:20] not in result['stdout'] and 'tot_b04b' not in result['stdout'].lower()


# -- issue 9 #10: one warning per run for the retries --------------------------------------

def test_retries_are_one_warning_with_the_counts(run_module, tl_api):
    tl_api.set_faults(queue=[{'status': 429, 'retry_after': 0}, {'status': 429, 'retry_after': 0}, 503, 502,
                             {'status': 429, 'retry_after': 1}])
    result = run_module(INFO, {'workspace': 'Risk'})
    assert 'failed' not in result and len(result['memberships']) == 3
    retry_warnings = [w for w in result['warnings'] if 'retried' in w]
    assert retry_warnings == ['API requests were retried 5 time(s): HTTP 429 x3, HTTP 502 x1, HTTP 503 x1 '
                              '(max_retries 5 per request)']
    assert len(result['warnings']) == 1


def test_retries_are_reported_when_the_run_fails_too(run_module, tl_api):
    tl_api.set_faults(queue=[503, 503, 503])
    result = run_module(INFO, {'workspace': 'Risk', 'max_retries': 2})
    assert result['failed'] is True and 'HTTP 503' in result['msg'] and 'gave up after 3 attempt(s)' in result['msg']
    assert result['warnings'] == ['API requests were retried 2 time(s): HTTP 503 x2 (max_retries 2 per request)']


def test_no_retry_no_warning(run_module):
    assert run_module(INFO, {'workspace': 'Risk'})['warnings'] == []


def test_retry_after_is_honoured_in_process(run_module, tl_api):
    tl_api.set_faults(queue=[{'status': 429, 'retry_after': 3}])
    result = run_module(INFO, {'workspace': 'Risk'})
    assert 'failed' not in result and tl_api.sleeps == [3]


# -- issue 10: validate_certs false warns once; ca_path reaches the client ----------------------

def test_validate_certs_false_warns_once(run_module, tl_api):
    result = run_module(INFO, {'workspace': 'Risk', 'validate_certs': False, 'api_url': 'https://127.0.0.1:9'})
    assert 'failed' not in result
    assert [w for w in result['warnings'] if 'validate_certs' in w] == [
        "validate_certs is false: the API's TLS certificate is not verified, so anyone on the path can read the token. "
        'To trust a private CA, set ca_path (TRANSACTIONLINK_CA_PATH) instead.']
    assert len(tl_api.sent()) > 1  # one warning for a run of several requests


def test_ca_path_from_the_environment_is_used(tmp_path, run_module, monkeypatch):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text(make_certificate()[0])
    seen = []
    real = tl.TransactionLinkClient.request

    def spy(self, *args, **kwargs):
        seen.append(self.verify)
        return real(self, *args, **kwargs)
    monkeypatch.setattr(tl.TransactionLinkClient, 'request', spy)
    monkeypatch.setenv('TRANSACTIONLINK_CA_PATH', str(bundle))
    result = run_module(INFO, {'workspace': 'Risk'})
    assert 'failed' not in result and set(seen) == {str(bundle)}


def test_an_empty_ca_path_from_the_environment_means_not_set(run_module, monkeypatch):
    # What the AWX credential type injects when its CA bundle field is left empty.
    monkeypatch.setenv('TRANSACTIONLINK_CA_PATH', '')
    assert 'failed' not in run_module(INFO, {'workspace': 'Risk'})


# -- the argspec and the doc fragment agree; the fragment says what issue 9 asks ---------------

def fragment():
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']


def test_every_connection_option_is_documented_with_its_type_and_default():
    spec, docs = api_argument_spec(), fragment()
    assert set(spec) == set(docs)
    for name, option in spec.items():
        assert docs[name]['type'] == option['type'], name
        assert docs[name].get('default') == option.get('default'), name
        for variable in (option.get('fallback') or (None, []))[1]:
            assert 'E({0})'.format(variable) in ' '.join(docs[name]['description']), (name, variable)


def test_concurrency_and_ca_path_are_connection_options():
    spec = api_argument_spec()
    assert (spec['concurrency']['type'], spec['concurrency']['default']) == ('int', 8)
    assert spec['concurrency']['fallback'][1] == ['TRANSACTIONLINK_CONCURRENCY']
    assert spec['ca_path']['type'] == 'path' and spec['ca_path']['fallback'][1] == ['TRANSACTIONLINK_CA_PATH']


def test_the_fragment_documents_the_retry_bound_the_proxies_and_ansible_debug():
    docs = fragment()
    retries = ' '.join(docs['max_retries']['description'])
    assert 'O(timeout) x O(max_retries) seconds' in retries and str(retry.retry_budget(30, 5)).rstrip('0').rstrip('.') in retries
    url = ' '.join(docs['api_url']['description'])
    assert 'never goes through a proxy' in url and 'E(NO_PROXY)' in url
    token = ' '.join(docs['api_token']['description'])
    assert 'E(ANSIBLE_DEBUG=1)' in token and 'E(TRANSACTIONLINK_API_TOKEN)' in token


def test_the_readme_security_section_says_what_is_promised():
    with open(os.path.join(REPO, 'README.md')) as handle:
        readme = handle.read()
    assert '\n## Security\n' in readme
    section = readme.split('\n## Security\n', 1)[1].split('\n## ', 1)[0]
    for needed in ('ANSIBLE_DEBUG', 'TRANSACTIONLINK_API_TOKEN', 'not promised', 'ca_path', 'validate_certs',
                   'proxy', 'no_log'):
        assert needed.lower() in section.lower(), needed


def test_results_carry_no_connection_secret(run_module):
    result = run_module(INFO, {'workspace': 'Risk'})
    assert ADMIN not in json.dumps(result)
    if 'invocation' in result:  # ansible-core 2.21 no longer returns it
        assert result['invocation']['module_args']['api_token'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
