# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator process on the network: HTTPS (--tls-cert/--tls-key), dropped connections, lost answers."""

import json
import os
import socket
import subprocess
import sys
import warnings

import pytest
import requests

from emulator import seed
from emulator.process import EmulatorServer, run_around
from emulator.tls import write_certificates
from helpers.paths import TESTS_DIR

RISK = seed.workspace_id('Risk')
ALICE = seed.user_id('alice.martin@example.com')
MEMBERSHIP = '/workspaces/%s/memberships/%s' % (RISK, ALICE)
BODY = {'userId': ALICE, 'roleId': seed.role_id('Risk', 'Analyst')}
HEADERS = {'Authorization': seed.TOKENS['admin']}


@pytest.fixture
def https(https_emulator):
    return https_emulator


def test_https_with_the_test_ca(https):
    assert https.url.startswith('https://127.0.0.1:')
    assert https.call('GET', '/health')['status'] == 'ok'  # the admin client trusts the CA
    response = requests.get(https.url + '/organizations/workspaces', headers=HEADERS, verify=https.ca_file, timeout=10)
    assert response.status_code == 200 and len(response.json()) == 4


def test_https_without_the_ca_fails_on_the_certificate(https):
    with pytest.raises(requests.exceptions.SSLError, match='CERTIFICATE_VERIFY_FAILED'):
        requests.get(https.url + '/organizations/workspaces', headers=HEADERS, verify=True, timeout=10)
    other_ca = write_certificates(os.path.join(https.workdir, 'other')).ca
    with pytest.raises(requests.exceptions.SSLError, match='CERTIFICATE_VERIFY_FAILED'):
        requests.get(https.url + '/organizations/workspaces', headers=HEADERS, verify=other_ca, timeout=10)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        assert requests.get(https.url + '/organizations/workspaces', headers=HEADERS, verify=False, timeout=10).status_code == 200


def test_plain_http_to_the_https_port_gets_no_answer(https):
    with pytest.raises(requests.ConnectionError):
        requests.get(https.url.replace('https://', 'http://') + '/organizations/workspaces', headers=HEADERS, timeout=10)
    assert https.call('GET', '/health')['status'] == 'ok'


def test_a_silent_client_does_not_block_the_others(https):
    """The TLS handshake happens in the connection's own thread, not in the accept loop."""
    host, port = https.url.rsplit('/', 1)[1].split(':')
    with socket.create_connection((host, int(port)), timeout=10):
        response = requests.get(https.url + '/organizations/workspaces', headers=HEADERS, verify=https.ca_file, timeout=10)
        assert response.status_code == 200


def test_resets_and_lost_answers_over_https(https):
    https.set_faults(queue=['reset', {'kind': 'lost_answer', 'status': 'reset'}, {'kind': 'lost_answer', 'status': 504}])
    with pytest.raises(requests.ConnectionError):
        requests.get(https.url + '/organizations/workspaces', headers=HEADERS, verify=https.ca_file, timeout=10)
    with pytest.raises(requests.ConnectionError):
        requests.put(https.url + MEMBERSHIP, json=BODY, headers=HEADERS, verify=https.ca_file, timeout=10)
    response = requests.delete(https.url + MEMBERSHIP, headers=HEADERS, verify=https.ca_file, timeout=10)
    assert response.status_code == 504
    log = https.requests()
    assert [(r['status'], r['fault'], r['handled_status']) for r in log['requests']] == [
        (None, 'reset', None), (None, 'lost_answer', 200), (504, 'lost_answer', 200)]
    assert ALICE not in [m['userId'] for m in https.state()['memberships']]  # added, then removed: both applied


def test_reset_over_plain_http_is_a_connection_error_and_the_server_goes_on(tmp_path):
    server = EmulatorServer(str(tmp_path), args=['--fault-queue', 'reset,lost_answer:reset,ok,lost_answer'])
    server.start()
    try:
        session = requests.Session()
        session.trust_env = False
        with pytest.raises(requests.ConnectionError):
            session.get(server.url + '/organizations/workspaces', headers=HEADERS, timeout=10)
        with pytest.raises(requests.ConnectionError):
            session.put(server.url + MEMBERSHIP, json=BODY, headers=HEADERS, timeout=10)
        assert session.get(server.url + '/workspaces/%s/memberships' % RISK, headers=HEADERS, timeout=10).status_code == 200
        assert session.put(server.url + MEMBERSHIP, json=BODY, headers=HEADERS, timeout=10).status_code == 504
        assert session.get(server.url + '/organizations/workspaces', headers=HEADERS, timeout=10).status_code == 200
        counts = server.requests()['counts']
        assert (counts['total'], counts['resets'], counts['lost_answers'], counts['applied_writes']) == (5, 2, 2, 2)
    finally:
        server.stop()


def test_tls_flags_are_checked(tmp_path):
    paths = write_certificates(str(tmp_path))
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    for args, words in ((['--tls-cert', paths.cert], b'go together'),
                        (['--tls-cert', paths.cert, '--tls-key', str(tmp_path / 'missing.pem')], b'cannot load')):
        result = subprocess.run([sys.executable, '-m', 'emulator', '--port', '0'] + args, env=env, capture_output=True,
                                check=False, timeout=60)
        assert result.returncode != 0 and words in result.stderr, result.stderr


def test_run_around_with_tls_gives_the_command_the_ca(tmp_path):
    probe = tmp_path / 'probe.json'
    script = ('import json, os, ssl, sys, urllib.request\n'
              'url, ca = os.environ["TRANSACTIONLINK_API_URL"], os.environ["TRANSACTIONLINK_CA_PATH"]\n'
              'req = urllib.request.Request(url + "/organizations/workspaces", headers={"Authorization": os.environ["TRANSACTIONLINK_API_TOKEN"]})\n'
              'body = json.load(urllib.request.urlopen(req, timeout=10, context=ssl.create_default_context(cafile=ca)))\n'
              'json.dump({"url": url, "count": len(body)}, open(sys.argv[1], "w"))\n')
    assert run_around([sys.executable, '-c', script, str(probe)], tls=True) == 0
    seen = json.loads(probe.read_text())
    assert seen['url'].startswith('https://127.0.0.1:') and seen['count'] == 4


def test_tls_module_writes_a_ca_a_certificate_and_a_key(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'emulator.tls', str(tmp_path / 'certs')], env=dict(os.environ, PYTHONPATH=TESTS_DIR),
                            capture_output=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(str(tmp_path / 'certs'))) == ['ca.pem', 'cert.pem', 'key.pem']
    assert oct(os.stat(str(tmp_path / 'certs' / 'key.pem')).st_mode & 0o777) == '0o600'
    assert (tmp_path / 'certs' / 'ca.pem').read_text().startswith('-----BEGIN CERTIFICATE-----')


def test_loadtest_counts_every_write_in_the_process_and_in_the_state_file(tmp_path):
    from emulator import loadtest
    figures = loadtest.run(writes=60, threads=3, workspaces=3, users=30, workdir=str(tmp_path))
    assert (figures['failed'], figures['memberships'], figures['saved_memberships']) == (0, 60, 60)
    assert len(set((ws, email) for ws, email, _role in loadtest.plan(60, 3, 30))) == 60  # distinct memberships
