# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS end to end: the emulator process serving HTTPS with certificates made at test time.

Issue 10 (ca_path) and issue 9 #6 (a certificate failure is not retried and
names the two ways out). Real sockets, real TLS handshakes: by default the
client trusts only the system's CAs, so the test CA is refused; ``ca_path``
trusts it; ``validate_certs: false`` skips verification (and warns once).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from emulator.process import EmulatorServer
from helpers import inprocess

from ansible_collections.transactionlink.access.plugins.module_utils._api import client as tl
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError

from helpers.client import REQUESTS_ENV
from helpers.tls import write_certificate

INFO = 'workspace_membership_info'
CERTIFICATE_HINT = "the server's TLS certificate could not be verified"


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV + ('TRANSACTIONLINK_CA_PATH', 'TRANSACTIONLINK_VALIDATE_CERTS'):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope='module')
def self_signed_emulator(tmp_path_factory):
    """The emulator over HTTPS with a self-signed certificate made now (its own CA)."""
    workdir = tmp_path_factory.mktemp('emulator-self-signed')
    cert, key = write_certificate(workdir)
    server = EmulatorServer(str(workdir), tls_cert=cert, tls_key=key)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=['private-ca', 'self-signed'])
def server(request):
    return request.getfixturevalue('https_emulator' if request.param == 'private-ca' else 'self_signed_emulator')


def client_for(server, **kwargs):
    kwargs.setdefault('sleep', lambda seconds: pytest.fail('TLS failures must not be retried (no wait expected)'))
    return tl.TransactionLinkClient(server.url, server.tokens['admin'], **kwargs)


def test_the_emulator_serves_https(server):
    assert server.url.startswith('https://127.0.0.1:')


def test_by_default_an_unknown_ca_fails_at_once_with_both_ways_out(server):
    server.clear_requests()
    client = client_for(server)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    text = str(info.value)
    assert info.value.status is None and CERTIFICATE_HINT in text and 'against the system CAs' in text
    assert 'set ca_path (or TRANSACTIONLINK_CA_PATH)' in text and 'validate_certs: false' in text
    assert 'CERTIFICATE_VERIFY_FAILED' in text or 'certificate verify failed' in text
    assert server.requests()['counts']['total'] == 0 and client.retry_counts() == {}  # no request got past the handshake


def test_ca_path_trusts_the_private_ca(server):
    server.clear_requests()
    client = client_for(server, ca_path=server.ca_file)
    names = sorted(w['name'] for w in client.list_workspaces())
    assert 'Risk' in names and server.requests()['counts']['total'] == 1


@pytest.mark.filterwarnings('ignore::urllib3.exceptions.InsecureRequestWarning')  # the module warns once instead
def test_validate_certs_false_skips_verification(server):
    client = client_for(server, validate_certs=False)
    assert any(w['name'] == 'Risk' for w in client.list_workspaces())


def test_a_ca_path_of_another_ca_still_fails_and_says_which_bundle(https_emulator, self_signed_emulator):
    https_emulator.clear_requests()
    client = client_for(https_emulator, ca_path=self_signed_emulator.ca_file)
    with pytest.raises(TransactionLinkError) as info:
        client.list_workspaces()
    assert CERTIFICATE_HINT + ' against ca_path ' + self_signed_emulator.ca_file in str(info.value)
    assert https_emulator.requests()['counts']['total'] == 0


# -- the same through a module (main() in this process, real HTTPS to the emulator process) -------------

def test_module_default_fails_with_the_certificate_message(https_emulator):
    https_emulator.clear_requests()
    result = inprocess.run_module(https_emulator, INFO, {'workspace': 'Risk', 'max_retries': 5})
    assert result['failed'] is True and CERTIFICATE_HINT in result['msg'] and 'ca_path' in result['msg']
    assert result['warnings'] == []  # nothing was retried
    assert https_emulator.requests()['counts']['total'] == 0  # no request got past the handshake


def test_module_with_ca_path_from_the_environment_passes(https_emulator, monkeypatch):
    monkeypatch.setenv('TRANSACTIONLINK_CA_PATH', https_emulator.ca_file)
    result = inprocess.run_module(https_emulator, INFO, {'workspace': 'Risk'})
    assert 'failed' not in result and len(result['memberships']) == 3 and result['warnings'] == []


def test_module_with_validate_certs_false_passes_and_warns_once(https_emulator):
    result = inprocess.run_module(https_emulator, INFO, {'workspace': 'Risk', 'validate_certs': False})
    assert 'failed' not in result and len(result['memberships']) == 3
    assert [w for w in result['warnings'] if 'validate_certs is false' in w] == result['warnings']
    assert len(result['warnings']) == 1
