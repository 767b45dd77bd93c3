# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets end to end: real ansible-playbook runs against the emulator process (issue 9 #1, #3, #11).

- A proxy variable never catches a plain-http loopback request (the token would
  cross to the proxy in clear text): a listener stands in for the proxy and
  must see no connection.
- With ANSIBLE_DEBUG=1 and -vvvv, a token given the recommended way (the
  TRANSACTIONLINK_API_TOKEN environment variable, what the AWX credential type
  injects) is in no output, also with surrounding white space (stripped, the
  run works) and when the run fails. A token given as the api_token option is
  printed by ansible-core itself in that debug output: the README and the doc
  fragment say so, and a test keeps that statement true.
"""

import json
import re
import socket
import threading

import pytest

from emulator import seed

ADMIN = seed.all_tokens()['admin']

INFO_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: read
      transactionlink.access.workspace_membership_info:
        workspace: Risk
"""

CONVERGE_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: read
      transactionlink.access.workspace_membership_info:
        workspace: Risk
    - name: change
      transactionlink.access.workspace_membership:
        workspace: Risk
        user: alice.martin@example.com
        role: Viewer
    - name: fail
      transactionlink.access.workspace_membership:
        workspace: Nowhere
        user: alice.martin@example.com
        role: Viewer
      ignore_errors: true
"""


def token_traces(text, token=ADMIN):
    """Pieces of TOKEN (8 characters of its secret part or more, any case) found in TEXT."""
    secret = token[4:].lower()
    lowered = text.lower()
    return sorted(set(secret[i:i + 8] for i in range(len(secret) - 7) if secret[i:i + 8] in lowered))


def debug_results(run):
    """{task name: localhost result} from the JSON callback output among ANSIBLE_DEBUG's lines."""
    start = run.stdout.index('\n{\n') + 1
    output, dummy = json.JSONDecoder().raw_decode(run.stdout[start:])
    return dict((task['task']['name'], task['hosts']['localhost']) for play in output['plays'] for task in play['tasks'])


class ProxyStandIn:
    """A loopback listener standing in for a proxy: records every connection and what came in, answers 502."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(16)
        self.url = 'http://127.0.0.1:%d' % self.sock.getsockname()[1]
        self.received = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, dummy = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    self.received.append(conn.recv(65536))
                    conn.sendall(b'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
                except OSError:
                    self.received.append(b'')

    def close(self):
        self.sock.close()


@pytest.fixture
def proxy():
    stand_in = ProxyStandIn()
    yield stand_in
    stand_in.close()


def test_a_proxy_variable_never_catches_plain_http_to_loopback(proxy, run_playbook):
    # Each proxy variable (and the token's white space below) in-process: tests/unit/plugins/module_utils/test_client_secrets.py, test_module.py.
    env = {'HTTP_PROXY': proxy.url, 'NO_PROXY': '', 'no_proxy': ''}
    run = run_playbook(INFO_PLAY, env=env)
    assert run.rc == 0, run
    assert len(run.result('read')['memberships']) == 3
    assert proxy.received == [], 'the proxy got: %r' % [r[:80] for r in proxy.received]


def test_ansible_debug_vvvv_shows_no_token_given_by_environment(run_playbook, emulator):
    run = run_playbook(CONVERGE_PLAY, token='  ' + ADMIN + '\r\n', verbosity=4, env={'ANSIBLE_DEBUG': '1'})
    assert run.rc == 0, run
    results = debug_results(run)
    assert results['change']['changed'] is True
    assert results['fail']['failed'] is True and "workspace 'Nowhere' not found" in results['fail']['msg']
    assert token_traces(run.stdout + run.stderr) == []
    assert emulator.writes() == 1


def test_a_refused_token_is_not_shown_at_any_verbosity(run_playbook, emulator):
    # Every malformed token's refusal in-process: tests/unit/plugins/module_utils/test_module.py.
    run = run_playbook(INFO_PLAY, token='Bearer ' + ADMIN, verbosity=4, env={'ANSIBLE_DEBUG': '1'})
    assert run.rc != 0
    assert debug_results(run)['read']['msg'].startswith('api_token ')
    assert token_traces(run.stdout + run.stderr) == []
    assert emulator.requests()['counts']['total'] == 0


def test_ansible_debug_prints_a_token_given_as_an_option_as_documented(run_playbook):
    # Not the collection's doing: with ANSIBLE_DEBUG=1 ansible-core prints module arguments. The README's
    # Security section and the api_token documentation say so and recommend the environment variable.
    play = INFO_PLAY.replace('workspace: Risk', 'workspace: Risk\n        api_token: "{{ tl_token }}"')
    run = run_playbook(play, token=None, extra_vars={'tl_token': ADMIN}, env={'ANSIBLE_DEBUG': '1'})
    assert run.rc == 0, run
    assert token_traces(run.stdout + run.stderr) != []
    quiet = run_playbook(play, token=None, extra_vars={'tl_token': ADMIN}, verbosity=4)
    assert quiet.rc == 0 and token_traces(quiet.stdout + quiet.stderr) == []  # without ANSIBLE_DEBUG: clean at -vvvv


def test_the_debug_caveat_is_documented(collection_tree):
    with open(collection_tree + '/README.md') as handle:
        readme = handle.read()
    security = readme.split('\n## Security\n', 1)[1]
    assert re.search(r'ANSIBLE_DEBUG=1.{0,200}prints', security, re.S) and 'TRANSACTIONLINK_API_TOKEN' in security
