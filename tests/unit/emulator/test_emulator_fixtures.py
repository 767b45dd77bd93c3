# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared fixtures of tests/conftest.py: collection_tree, emulator, run_playbook, run_ansible."""

import os
import sys

from emulator import seed

PLAYBOOK = '''
- hosts: localhost
  gather_facts: false
  tasks:
    - name: List workspaces with the token from the environment
      ansible.builtin.uri:
        url: "{{ lookup('ansible.builtin.env', 'TRANSACTIONLINK_API_URL') }}/organizations/workspaces"
        headers:
          Authorization: "{{ lookup('ansible.builtin.env', 'TRANSACTIONLINK_API_TOKEN') }}"
        status_code: [200, 401, 403]
      register: listed

    - name: Show the count
      ansible.builtin.debug:
        msg: "{{ listed.json | default([]) | length }} workspaces, status {{ listed.status | default('skipped') }}"
'''


def test_collection_tree_is_importable(collection_tree):
    assert collection_tree.endswith(os.path.join('ansible_collections', 'transactionlink', 'access'))
    assert os.path.isfile(os.path.join(collection_tree, 'galaxy.yml'))
    assert os.path.dirname(os.path.dirname(os.path.dirname(collection_tree))) == sys.path[0] or \
        os.path.dirname(os.path.dirname(os.path.dirname(collection_tree))) in sys.path
    from ansible_collections.transactionlink.access.plugins.module_utils import api_facts
    assert api_facts.MEMBERSHIP == '/workspaces/{workspace_id}/memberships/{user_id}'


def test_emulator_fixture_starts_clean(emulator):
    assert emulator.url.startswith('http://127.0.0.1:')
    assert emulator.tokens['admin'] == seed.TOKENS['admin']
    assert emulator.requests()['counts']['total'] == 0 and emulator.writes() == 0
    assert len(emulator.state()['memberships']) == 6


def test_run_playbook_uses_the_emulator_and_the_token(emulator, run_playbook):
    result = run_playbook(PLAYBOOK)
    assert result.rc == 0, result
    assert [r['task_name'] for r in result.results] == ['List workspaces with the token from the environment', 'Show the count']
    assert result.results[0]['status'] == 200 and len(result.results[0]['json']) == 4
    assert result.results[1]['msg'] == '4 workspaces, status 200'
    assert result.stats['localhost']['ok'] == 2 and result.stats['localhost']['failures'] == 0
    log = emulator.requests()
    assert log['counts']['GET'] == 1 and emulator.writes() == 0
    assert log['requests'][0]['path'] == '/organizations/workspaces' and log['requests'][0]['status'] == 200


def test_run_playbook_with_other_tokens_and_faults(emulator, run_playbook, tmp_path):
    assert run_playbook(PLAYBOOK, token=None).results[0]['status'] == 401
    emulator.set_faults(queue=[503])
    failed = run_playbook(PLAYBOOK)
    assert failed.rc == 2 and failed.results[0]['failed'] is True and failed.results[0]['status'] == 503
    assert failed.stats['localhost']['failures'] == 1
    path = tmp_path / 'play.yml'
    path.write_text(PLAYBOOK)
    assert run_playbook(str(path), token='readonly').results[1]['msg'] == '4 workspaces, status 200'
    checked = run_playbook(str(path), check=True)  # uri skips in check mode: no request
    assert checked.rc == 0 and checked.results[0]['skipped'] is True
    assert [r['status'] for r in emulator.requests()['requests']] == [401, 503, 200]


def test_run_playbook_extra_vars_and_default_callback(emulator, run_playbook):
    play = '''
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Echo
      ansible.builtin.debug:
        msg: "value={{ value }}"
'''
    result = run_playbook(play, extra_vars={'value': 'x y'}, callback='default', verbosity=1)
    assert result.rc == 0 and 'value=x y' in result.stdout and result.results is None


def test_run_ansible_ad_hoc(emulator, run_ansible):
    url = emulator.url + '/organizations/workspaces/%s/roles' % seed.workspace_id('Risk')
    result = run_ansible('ansible.builtin.uri', {'url': url, 'headers': {'Authorization': emulator.tokens['readonly']}})
    assert result.rc == 0, result
    assert [r['name'] for r in result.results[0]['json']] == ['Viewer', 'Analyst', 'Admin']
    assert emulator.requests()['counts']['total'] == 1


def test_emulator_restart_keeps_state_and_fixture_recovers(emulator):
    import json
    import urllib.request

    token = emulator.add_token('users-only', ['can_manage_users'])
    emulator.restart()
    request = urllib.request.Request(emulator.url + '/organizations/users?size=1', headers={'Authorization': token})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.loads(response.read())['totalElements'] == 40
    emulator.stop()  # the next test's `emulator` fixture starts it again
