# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership through ansible-playbook, against the emulator.

Each test starts from the demo organization (see tests/emulator/seed.py) and
asserts what a user relies on: the emulator's state, the request log (writes
sent or not), and the module's result.
"""

import json

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from emulator import seed

MODULE = 'transactionlink.access.workspace_membership'


def task(args, name='membership', extra=''):
    """A one-task playbook calling the module with ARGS (a dict, sent as JSON)."""
    return ('- hosts: localhost\n  gather_facts: false\n  tasks:\n'
            '    - name: {0}\n      {1}: {2}\n{3}').format(name, MODULE, json.dumps(args), extra)


def members(emulator, workspace):
    """{e-mail: role name} of a workspace's direct members, as the emulator holds them."""
    return dict((m['email'], m['role']) for m in emulator.state()['memberships'] if m['workspace'] == workspace)


def ok(run):
    assert run.rc == 0, run
    return run.results[0]


def failed(run):
    assert run.rc != 0, run
    return run.results[0]


def writes(emulator):
    return [r for r in emulator.requests()['requests'] if r['method'] in ('PUT', 'DELETE', 'POST', 'PATCH')]


ALICE = 'alice.martin@example.com'
DANA = 'dana.kowalski@example.com'


def test_add_then_rerun_sends_no_write(emulator, run_playbook):
    result = ok(run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Analyst'})))
    assert result['changed'] is True
    assert result['actions'] == [{
        'workspace_id': seed.workspace_id('Risk'), 'workspace_name': 'Risk', 'user_id': seed.user_id(ALICE),
        'user_email': ALICE, 'action': 'added', 'role_before': None, 'role_after': 'Analyst'}]
    assert result['membership'] == {
        'workspace_id': seed.workspace_id('Risk'), 'workspace_name': 'Risk', 'user_id': seed.user_id(ALICE),
        'user_email': ALICE, 'role_id': seed.role_id('Risk', 'Analyst'), 'role_name': 'Analyst', 'inherited': False}
    assert members(emulator, 'Risk')[ALICE] == 'Analyst'
    assert [(w['method'], w['path']) for w in writes(emulator)] == [
        (api.MEMBERSHIP_WRITE_METHOD, api.MEMBERSHIP.format(workspace_id=seed.workspace_id('Risk'), user_id=seed.user_id(ALICE)))]

    emulator.clear_requests()
    again = ok(run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Analyst'})))
    assert again['changed'] is False and again['actions'] == []
    assert again['membership']['role_name'] == 'Analyst'
    assert writes(emulator) == []


def test_role_change_is_one_put_in_place(emulator, run_playbook):
    result = ok(run_playbook(task({'workspace': 'Risk', 'user': DANA, 'role': 'Admin'})))
    assert result['changed'] is True
    assert [(a['action'], a['role_before'], a['role_after']) for a in result['actions']] == [('updated', 'Analyst', 'Admin')]
    assert [w['method'] for w in writes(emulator)] == ['PUT']
    assert members(emulator, 'Risk')[DANA] == 'Admin'


def test_absent_twice(emulator, run_playbook):
    play = task({'workspace': 'Payments', 'user': DANA, 'state': 'absent'})
    first = ok(run_playbook(play))
    assert first['changed'] is True and first['membership'] == {}
    assert [(a['action'], a['role_before']) for a in first['actions']] == [('removed', 'Viewer')]
    assert DANA not in members(emulator, 'Payments')
    emulator.clear_requests()
    second = ok(run_playbook(play))
    assert second['changed'] is False and writes(emulator) == []


def test_uuids_and_names_are_interchangeable(emulator, run_playbook):
    by_id = {'workspace_id': seed.workspace_id('Compliance'), 'user_id': seed.user_id(ALICE),
             'role_id': seed.role_id('Compliance', 'Viewer')}
    assert ok(run_playbook(task(by_id)))['changed'] is True
    emulator.clear_requests()
    by_name = {'workspace': 'compliance', 'user': 'Alice.Martin@Example.com', 'role': 'Viewer'}
    assert ok(run_playbook(task(by_name)))['changed'] is False
    assert writes(emulator) == []


def test_check_mode_sends_no_write_and_predicts_the_real_run(emulator, run_playbook):
    play = task({'members': [
        {'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'},
        {'workspace': 'Risk', 'user': DANA, 'role': 'Admin'},
        {'workspace': 'Payments', 'user': DANA, 'state': 'absent'},
        {'workspace': 'Compliance', 'user': 'bob.nguyen@example.com', 'role': 'Analyst'},
    ]})
    before = emulator.state()['memberships']
    predicted = ok(run_playbook(play, check=True, diff=True))
    assert writes(emulator) == [] and emulator.state()['memberships'] == before
    real = ok(run_playbook(play, diff=True))
    assert predicted['changed'] is real['changed'] is True
    assert predicted['actions'] == real['actions'] and len(real['actions']) == 4
    assert predicted['memberships'] == real['memberships']
    assert predicted['diff'] == real['diff']


def test_diff_shows_each_touched_workspace_before_and_after(emulator, run_playbook):
    result = ok(run_playbook(task({'workspace': 'Risk', 'user': DANA, 'role': 'Viewer'}), diff=True))
    assert result['diff']['before'] == {'Risk': {DANA: 'Analyst', 'erik.johansson@example.com': 'Viewer',
                                                 'adam.admin@example.com': 'Admin'}}
    assert result['diff']['after']['Risk'][DANA] == 'Viewer'
    no_diff = ok(run_playbook(task({'workspace': 'Risk', 'user': DANA, 'role': 'Viewer'})))
    assert 'diff' not in no_diff


def test_diff_is_printed_by_the_default_callback(emulator, run_playbook):
    run = run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Admin'}), diff=True, check=True, callback='default')
    assert run.rc == 0, run
    assert '+        "%s": "Admin"' % ALICE in run.stdout


def test_bulk_of_30_members_then_an_idempotent_rerun(emulator, run_playbook):
    people = sorted(u['email'] for u in emulator.state()['users']
                    if u['email'] not in (seed.DEMO_OWNER, seed.DEMO_ADMIN))[:30]
    roles = ('Viewer', 'Analyst', 'Admin')
    play = task({'workspace': 'Customer Support',
                 'members': [{'user': email, 'role': roles[i % 3]} for i, email in enumerate(people)]})
    first = ok(run_playbook(play))
    assert first['changed'] is True and len(first['actions']) == 30
    assert members(emulator, 'Customer Support') == dict((e, roles[i % 3]) for i, e in enumerate(people))
    assert len(first['memberships']) == 30

    emulator.clear_requests()
    second = ok(run_playbook(play))
    assert second['changed'] is False and second['actions'] == []
    log = emulator.requests()
    # The rerun reads the workspace list, the user pages and one member list: nothing else.
    assert log['counts']['writes'] == 0
    assert sorted(set(r['path'] for r in log['requests'])) == sorted([
        api.WORKSPACES, api.USERS, api.DIRECT_MEMBERSHIPS.format(workspace_id=seed.workspace_id('Customer Support'))])
    assert log['counts']['total'] == 3, log


def test_exclusive_removes_unlisted_direct_members_only(emulator, run_playbook):
    play = task({'workspace': 'Risk', 'exclusive': True, 'members': [{'user': ALICE, 'role': 'Analyst'}]})
    result = ok(run_playbook(play))
    assert members(emulator, 'Risk') == {ALICE: 'Analyst'}
    assert sorted((a['user_email'], a['action']) for a in result['actions']) == [
        ('adam.admin@example.com', 'removed'), (ALICE, 'added'), (DANA, 'removed'), ('erik.johansson@example.com', 'removed')]
    # Organization admins keep their inherited access: the organization-wide list still shows them.
    emulator.clear_requests()
    assert ok(run_playbook(play))['changed'] is False and writes(emulator) == []
    info = ok(run_playbook(task({'workspace': 'Risk', 'include_inherited': True}).replace(
        MODULE, 'transactionlink.access.workspace_membership_info')))
    assert sorted((m['user_email'], m['inherited']) for m in info['memberships']) == [
        ('adam.admin@example.com', True), (ALICE, False), (seed.DEMO_OWNER, True)]


def test_one_task_converges_many_workspaces(emulator, run_playbook):
    play = task({'members': [{'workspace': ws, 'user': ALICE, 'role': 'Viewer'} for ws in seed.DEMO_WORKSPACES]})
    result = ok(run_playbook(play))
    assert sorted(a['workspace_name'] for a in result['actions']) == sorted(seed.DEMO_WORKSPACES)
    assert all(members(emulator, ws)[ALICE] == 'Viewer' for ws in seed.DEMO_WORKSPACES)


@pytest.mark.parametrize('args, message', [
    ({'workspace': 'Rsik', 'user': ALICE, 'role': 'Analyst'},
     "workspace 'Rsik' not found (a name or a UUID is accepted); available: Compliance, Customer Support, Payments, Risk"),
    ({'workspace': 'Risk', 'user': ALICE, 'role': 'Analyts'},
     "role 'Analyts' not found in workspace 'Risk'; available: Admin, Analyst, Viewer"),
    ({'workspace': 'Risk', 'user': 'alice.martn@example.com', 'role': 'Analyst'},
     "user 'alice.martn@example.com' not found in the organization; did you mean: alice.martin@example.com"),
    ({'workspace': 'Risk', 'user': ALICE}, 'has state=present but no role'),
    ({'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer'}, {'user': ALICE, 'role': 'Admin'}]},
     "user 'alice.martin@example.com' is listed twice for workspace 'Risk'"),
    ({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer', 'api_url': 'http://api.transactionlink.io'},
     'clear text'),
])
def test_bad_input_fails_clearly_and_writes_nothing(emulator, run_playbook, args, message):
    before = emulator.state()['memberships']
    result = failed(run_playbook(task(args)))
    assert message in result['msg']
    assert writes(emulator) == [] and emulator.state()['memberships'] == before


def test_a_bad_item_late_in_the_list_stops_the_whole_task_before_any_write(emulator, run_playbook):
    play = task({'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'},
                             {'workspace': 'Payments', 'user': DANA, 'role': 'Boss'}]})
    result = failed(run_playbook(play))
    assert "role 'Boss' not found in workspace 'Payments'" in result['msg']
    assert writes(emulator) == []


def test_missing_token_says_where_to_set_it(emulator, run_playbook):
    result = failed(run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}), token=None))
    assert 'TRANSACTIONLINK_API_TOKEN' in result['msg']
    assert emulator.requests()['counts']['total'] == 0


def test_unknown_token_gets_401_with_the_api_answer(emulator, run_playbook):
    result = failed(run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}), token='tot_' + 'n' * 52))
    assert 'HTTP 401' in result['msg'] and 'fingerprint' in result['msg']
    assert result['api_error']['status'] == 401 and result['api_error']['fingerprint']
    assert writes(emulator) == []


def test_readonly_token_gets_403_naming_the_scope_and_nothing_changes(emulator, run_playbook):
    before = emulator.state()['memberships']
    result = failed(run_playbook(task({'workspace': 'Risk', 'user_id': seed.user_id(ALICE), 'role': 'Viewer'}), token='readonly'))
    assert 'HTTP 403' in result['msg'] and 'can_manage_workspace_access' in result['msg']
    assert emulator.state()['memberships'] == before


def test_a_token_without_user_scope_works_with_uuids(emulator, run_playbook):
    result = ok(run_playbook(task({'workspace': 'Risk', 'user_id': seed.user_id(ALICE), 'role': 'Viewer'}),
                             token='access_manager'))
    assert result['changed'] is True and result['actions'][0]['user_email'] is None
    assert any('can_manage_users' in w for w in result.get('warnings', []))
    assert members(emulator, 'Risk')[ALICE] == 'Viewer'


def test_e_mail_lookup_without_user_scope_says_to_use_a_uuid(emulator, run_playbook):
    result = failed(run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}), token='access_manager'))
    assert 'can_manage_users' in result['msg'] and "Give the user's UUID instead" in result['msg']
    assert writes(emulator) == []


def test_converges_under_injected_429_and_503(emulator, run_playbook):
    emulator.set_faults(rate=0.2, statuses=[429, 503], retry_after=0, seed=7)
    people = sorted(u['email'] for u in emulator.state()['users'])[:20]
    play = task({'workspace': 'Payments', 'members': [{'user': e, 'role': 'Viewer'} for e in people]},
                extra='      vars:\n        ansible_python_interpreter: "{{ ansible_playbook_python }}"\n')
    result = ok(run_playbook(play))
    log = emulator.requests()
    assert any(r['status'] in (429, 503) for r in log['requests']), 'no fault was injected'
    emulator.clear_faults()
    assert all(members(emulator, 'Payments')[e] == 'Viewer' for e in people)
    assert result['changed'] is True
    assert any('retry' in w for w in result.get('warnings', []))


@pytest.mark.parametrize('token', ['admin', 'readonly'])
def test_the_token_never_shows_at_vvvv(emulator, run_playbook, token):
    # With the admin token the task passes; with the read-only token it fails with a 403.
    run = run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}), verbosity=4, callback='default',
                       token=token)
    assert (run.rc == 0) is (token == 'admin'), run
    secret = emulator.tokens[token]
    assert secret not in run.stdout and secret not in run.stderr
    assert secret[4:20] not in run.stdout + run.stderr
