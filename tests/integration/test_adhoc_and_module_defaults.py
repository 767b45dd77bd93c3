# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The two ways docs/docsite/rst/usage.rst shows to pass the connection:
ad-hoc ``ansible localhost -m ...`` with the token in the environment, and
``module_defaults`` for ``group/transactionlink.access.api``. What the
module returns is tested in-process (tests/unit/plugins/modules/)."""

import json
import socket

import pytest

from emulator import seed

INFO = 'transactionlink.access.workspace_membership_info'
MEMBERSHIP = 'transactionlink.access.workspace_membership'
ALICE = 'alice.martin@example.com'


def unused_loopback_url():
    """A loopback URL where nothing listens."""
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return 'http://127.0.0.1:%d' % port


def risk_members():
    return sorted((email, role) for email, workspace, role in seed.DEMO_MEMBERSHIPS if workspace == 'Risk')


@pytest.mark.smoke
def test_adhoc_as_documented_default_output(emulator, run_ansible):
    """The command line from the docs, read by a person: default callback."""
    token = emulator.tokens['admin']
    run = run_ansible(INFO, 'workspace=Risk user=dana.kowalski@example.com', callback='default')
    assert run.rc == 0, run
    assert 'localhost | SUCCESS' in run.stdout, run
    assert '"role_name": "Analyst"' in run.stdout
    assert token not in run.stdout and token not in run.stderr


MODULE_DEFAULTS = """
  module_defaults:
    group/transactionlink.access.api:
      api_url: "{{ tl_api_url }}"
      api_token: "{{ tl_api_token }}"
"""


def play(module_defaults=True):
    return """
- name: Grant and list with the connection from module_defaults
  hosts: localhost
  gather_facts: false
%s  tasks:
    - name: grant
      %s:
        workspace: Risk
        user: %s
        role: Viewer
    - name: list
      %s:
        workspace: Risk
        user: %s
""" % (MODULE_DEFAULTS.lstrip('\n') if module_defaults else '', MEMBERSHIP, ALICE, INFO, ALICE)


def test_module_defaults_group_supplies_the_connection(emulator, run_playbook):
    token = emulator.tokens['admin']
    # No token in the environment, and an environment URL where nothing
    # listens: only module_defaults can make these tasks reach the emulator.
    env = {'TRANSACTIONLINK_API_URL': unused_loopback_url()}
    run = run_playbook(play(), token=None, env=env,
                       extra_vars={'tl_api_url': emulator.url, 'tl_api_token': token})
    assert run.rc == 0, run
    grant, listed = run.result('grant'), run.result('list')
    assert grant['changed'] is True
    assert [(a['action'], a['role_after']) for a in grant['actions']] == [('added', 'Viewer')]
    assert [(m['user_email'], m['role_name']) for m in listed['memberships']] == [(ALICE, 'Viewer')]
    assert [(m['email'], m['role']) for m in emulator.state()['memberships']
            if m['workspace'] == 'Risk' and m['email'] == ALICE] == [(ALICE, 'Viewer')]
    assert token not in run.stdout and token not in run.stderr


def test_without_module_defaults_the_same_play_has_no_token(emulator, run_playbook):
    """The control: the same tasks with no module_defaults fail for want of a token."""
    run = run_playbook(play(module_defaults=False), token=None, env={'TRANSACTIONLINK_API_URL': emulator.url},
                       extra_vars={'tl_api_url': emulator.url, 'tl_api_token': 'unused'})
    assert run.rc != 0, run
    assert 'api_token' in json.dumps(run.result('grant')), run
    assert emulator.writes() == 0
