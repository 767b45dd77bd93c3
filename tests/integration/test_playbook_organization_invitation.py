# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.organization_invitation from ansible-playbook: the action group gives it the connection
(``module_defaults`` for ``group/transactionlink.access.api``, which only a real run resolves), a rerun is changed=false,
and ``--check --diff`` writes nothing."""

import socket

NEW = 'nora.hire@example.com'
PLAY = """
- name: Invite a new hire with the connection from module_defaults
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/transactionlink.access.api:
      api_url: "{{ tl_api_url }}"
      api_token: "{{ tl_api_token }}"
  tasks:
    - name: invite
      transactionlink.access.organization_invitation:
        email: %s
        first_name: Nora
    - name: again
      transactionlink.access.organization_invitation:
        email: %s
""" % (NEW, NEW.upper())


def unused_loopback_url():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return 'http://127.0.0.1:%d' % port


def test_module_defaults_group_gives_the_connection_and_a_rerun_changes_nothing(emulator, run_playbook):
    token = emulator.tokens['admin']
    args = dict(token=None, env={'TRANSACTIONLINK_API_URL': unused_loopback_url()},
                extra_vars={'tl_api_url': emulator.url, 'tl_api_token': token})
    checked = run_playbook(PLAY, check=True, diff=True, **args)
    assert checked.rc == 0, checked
    assert checked.result('invite')['changed'] is True and emulator.writes() == 0
    assert checked.result('invite')['diff']['after'][NEW]['status'] == 'PENDING'
    run = run_playbook(PLAY, **args)
    assert run.rc == 0, run
    assert run.result('invite')['changed'] is True and run.result('again')['changed'] is False
    assert [(e['email'], e['status'], e['firstName']) for e in emulator.state()['enrollments']] == [(NEW, 'PENDING', 'Nora')]
    assert emulator.requests()['counts']['POST'] == 1
    assert token not in run.stdout and token not in run.stderr
