# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Access as code against the emulator: the workspaces inventory plugin (ansible-inventory) and the
transactionlink.access.converge playbook over examples/access-as-code/, plan review included."""

import json
import os
import shutil
import sys

import pytest
import yaml

from helpers import ansible_runs
from emulator import seed
from helpers.roles import DEMO_DIRECT, DEMO_WORKSPACES, counts, direct_state
from helpers.paths import REPO_ROOT

EXAMPLE = os.path.join(REPO_ROOT, 'examples', 'access-as-code')
SOURCE = 'demo.transactionlink.yml'
CONVERGE = 'transactionlink.access.converge'
CONVERGE_TASK = "Converge the workspace's members"

# What examples/access-as-code/host_vars/ asks for (Customer Support has no host_vars: left alone).
WANTED = {
    ('Risk', 'adam.admin@example.com'): 'Admin',
    ('Risk', 'alice.martin@example.com'): 'Analyst',
    ('Risk', 'dana.kowalski@example.com'): 'Analyst',
    ('Risk', 'erik.johansson@example.com'): 'Analyst',
    ('Payments', 'bob.nguyen@example.com'): 'Analyst',
    ('Payments', 'dana.kowalski@example.com'): 'Viewer',
    ('Payments', 'fatima.haddad@example.com'): 'Analyst',
    ('Compliance', 'carol.smith@example.com'): 'Analyst',
    ('Compliance', 'dana.kowalski@example.com'): 'Admin',
    ('Compliance', 'laura.schmidt@example.com'): 'Viewer',
}


@pytest.fixture
def example(tmp_path):
    """A copy of examples/access-as-code (tests may add files to it)."""
    dest = tmp_path / 'access-as-code'
    shutil.copytree(EXAMPLE, str(dest))
    return dest


@pytest.fixture
def run_inventory(emulator, collection_tree):
    """``run_inventory(cwd, *args, token='admin', env=None)``: ansible-inventory -i demo.transactionlink.yml ARGS."""
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))

    def run(cwd, *args, token='admin', env=None):
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-inventory'), '-i', SOURCE] + list(args)
        environment = ansible_runs.ansible_env(collections_path, emulator.url, emulator.tokens.get(token, token),
                                               callback='default', env=env)
        rc, stdout, stderr = ansible_runs.run(command, environment, str(cwd))
        assert rc == 0, 'ansible-inventory failed (rc %s):\n%s\n%s' % (rc, stdout, stderr)
        return stdout, stderr
    return run


def _plain(value):
    """VALUE from ansible-inventory's JSON with the {'__ansible_unsafe': ...} markers taken off."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _host_results(run, task_name):
    """{host: result} of the task named TASK_NAME (every host, not only localhost)."""
    assert run.output is not None, run
    for play in run.output['plays']:
        for task in play['tasks']:
            if task['task']['name'] == task_name:
                return task['hosts']
    raise KeyError(task_name)


def _actions(result):
    return sorted((a['workspace_name'], a['user_email'], a['action'], a['role_before'], a['role_after'])
                  for a in result.get('actions', []))


def test_inventory_lists_every_workspace_with_its_variables(emulator, run_inventory, example):
    stdout, stderr = run_inventory(example, '--list')
    inventory = json.loads(stdout)
    # What came from the API is marked unsafe: a workspace name is never templated.
    raw = inventory['_meta']['hostvars']['Risk']
    assert raw['transactionlink_workspace_name'] == {'__ansible_unsafe': 'Risk'}
    # Issue 19 #5: what holds no name is shown plainly (ansible-core 2.19 showed every value as unsafe).
    assert raw['ansible_connection'] == 'local' and raw['transactionlink_workspace_type'] == 'LIVE'
    assert isinstance(raw['transactionlink_workspace_id'], str)
    hostvars = _plain(inventory['_meta']['hostvars'])
    assert sorted(hostvars) == list(DEMO_WORKSPACES)
    assert sorted(inventory['type_live']['hosts']) == list(DEMO_WORKSPACES)  # keyed_groups
    risk = hostvars['Risk']
    assert risk['ansible_connection'] == 'local'
    assert risk['transactionlink_workspace_name'] == 'Risk' and risk['transactionlink_workspace_type'] == 'LIVE'
    assert risk['transactionlink_workspace_id'] == next(
        w['id'] for w in emulator.state()['workspaces'] if w['name'] == 'Risk')
    # host_vars/ and group_vars/ next to the inventory source belong to the hosts.
    assert len(risk['transactionlink_desired_members']) == 4 and risk['transactionlink_exclusive'] is True
    assert 'transactionlink_desired_members' not in hostvars['Customer Support']
    assert emulator.tokens['admin'] not in stdout + stderr
    assert [(r['method'], r['path']) for r in emulator.requests()['requests']] == [('GET', '/organizations/workspaces')]

    graph, dummy = run_inventory(example, '--graph')
    assert graph.split() == ['@all:', '|--@ungrouped:', '|--@type_live:', '|', '|--Compliance', '|', '|--Customer',
                             'Support', '|', '|--Payments', '|', '|--Risk']


def test_inventory_members_cache_and_limited_token(emulator, run_inventory, example, tmp_path):
    config = example / SOURCE
    config.write_text(config.read_text() + 'include_members: true\ncache: true\ncache_plugin: ansible.builtin.jsonfile\n'
                      'cache_connection: %s\n' % (tmp_path / 'cache'))
    stdout, dummy = run_inventory(example, '--list')
    raw_members = json.loads(stdout)['_meta']['hostvars']['Risk']['transactionlink_members']
    assert all(isinstance(m['user_id'], str) and isinstance(m['inherited'], bool) for m in raw_members)
    assert all(set(m['user_email']) == {'__ansible_unsafe'} for m in raw_members if m['user_email'] is not None)
    members = _plain(raw_members)
    assert sorted((m['user_email'], m['role_name']) for m in members) == sorted(
        (email, role) for (ws, email), role in DEMO_DIRECT.items() if ws == 'Risk')
    assert counts(emulator)['total'] > 0

    emulator.clear_requests()
    again, dummy = run_inventory(example, '--list')
    assert counts(emulator)['total'] == 0, 'the cache hit sent requests: %s' % emulator.requests()['requests']
    assert _plain(json.loads(again)['_meta']['hostvars']['Risk']['transactionlink_members']) == members
    for name in os.listdir(str(tmp_path / 'cache')):
        with open(str(tmp_path / 'cache' / name), encoding='utf-8') as handle:
            assert emulator.tokens['admin'] not in handle.read()

    # A token that may view only Risk: only Risk, from its own request (never from the admin's cache).
    limited, stderr = run_inventory(example, '--list', token='risk_viewer')
    assert sorted(json.loads(limited)['_meta']['hostvars']) == ['Risk']
    assert counts(emulator)['total'] > 0
    assert 'may not list users' in stderr  # members by UUID, with a warning


def test_converge_brings_each_workspace_to_its_host_vars(emulator, run_playbook, example):
    first = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), args=['--forks', '4'])
    assert first.rc == 0, first
    results = _host_results(first, CONVERGE_TASK)
    assert results['Customer Support']['skipped'] is True
    assert _actions(results['Risk']) == [
        ('Risk', 'alice.martin@example.com', 'added', None, 'Analyst'),
        ('Risk', 'erik.johansson@example.com', 'updated', 'Viewer', 'Analyst')]
    assert [first.stats[h]['changed'] for h in ('Compliance', 'Payments', 'Risk', 'Customer Support')] == [1, 1, 1, 0]
    # What changed is shown once for the batch (one worker, not one per host), every workspace's lines by host.
    shown = _host_results(first, 'Show what changed')
    assert len(shown) == 1
    lines = list(shown.values())[0]['msg']
    assert 'Risk: alice.martin@example.com added as Analyst' in lines
    assert 'Risk: erik.johansson@example.com updated from Viewer to Analyst' in lines
    assert lines == sorted(lines, key=lambda line: line.split(':')[0])  # by host (here: named as their workspace)
    assert len(lines) == sum(len(results[h]['actions']) for h in results if not results[h].get('skipped'))
    state = direct_state(emulator)
    assert {k: v for k, v in state.items() if k[0] != 'Customer Support'} == WANTED
    assert counts(emulator)['DELETE'] == 0

    emulator.clear_requests()
    second = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), args=['--forks', '1'])
    assert second.rc == 0, second
    assert all(stats['changed'] == 0 for stats in second.stats.values())
    assert counts(emulator)['writes'] == 0
    # One pass for the batch: the inventory's workspace list (the pass takes the ids and names from it), the user
    # pages and one member list per workspace host (3 of them): at most 1 + pages + W, whatever --forks is.
    sent = [(r['method'], r['path']) for r in emulator.requests()['requests']]
    pages = len([p for m, p in sent if p == '/organizations/users'])
    assert pages >= 1 and len(sent) <= 1 + pages + 3, sent
    assert len([p for m, p in sent if p.endswith('/memberships')]) == 3


def test_an_emptied_host_vars_file_is_stopped_by_max_removals(emulator, run_playbook, example):
    # group_vars/all.yml caps removals at 2 per workspace; Risk would lose 3 (its break-glass account, protected in
    # group_vars/all.yml, is not protected for this test).
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True,
                       extra_vars={'transactionlink_desired_members': [], 'transactionlink_protected_users': []})
    results = _host_results(run, CONVERGE_TASK)
    assert run.rc != 0 and results['Risk'].get('failed') is True, run
    assert results['Risk']['msg'].startswith('Risk: this run would remove 3 membership(s), more than max_removals=2')
    # All or nothing: Payments (2 removals, within its cap) is not written either, and shows what it would do.
    assert results['Payments'].get('failed') is True and 'nothing was written here' in results['Payments']['msg']
    assert [a['action'] for a in results['Payments']['planned_actions']] == ['removed', 'removed']
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT


def test_reviewed_plans_are_applied_as_reviewed_per_workspace(emulator, run_playbook, example, tmp_path):
    review = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True,
                          extra_vars={'transactionlink_publish_plan': True})
    assert review.rc == 0, review
    assert counts(emulator)['writes'] == 0
    published = review.output['custom_stats']['_run']
    plan_ids = published['transactionlink_expected_plan_ids']
    assert sorted(plan_ids) == ['Compliance', 'Payments', 'Risk']
    assert plan_ids['Risk'] == _host_results(review, CONVERGE_TASK)['Risk']['plan_id']
    assert published['transactionlink_plan']['Risk'].splitlines() == [
        'Risk: alice.martin@example.com would be added as Analyst',
        'Risk: erik.johansson@example.com would be updated from Viewer to Analyst']

    # Between review and apply, somebody adds George to Payments (exclusive: the plan there changes).
    meanwhile = run_playbook('''
- hosts: localhost
  gather_facts: false
  tasks:
    - transactionlink.access.workspace_membership:
        workspace: Payments
        user: george.okafor@example.com
        role: Viewer
''')
    assert meanwhile.rc == 0, meanwhile
    emulator.clear_requests()

    # The apply job gets the published variables as extra vars (what an AWX workflow does).
    stats_file = tmp_path / 'approved.json'
    stats_file.write_text(json.dumps({'transactionlink_expected_plan_ids': plan_ids}))
    applied = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), args=['-e', '@%s' % stats_file])
    results = _host_results(applied, CONVERGE_TASK)
    assert applied.rc != 0
    assert results['Payments'].get('failed') is True
    assert results['Payments']['msg'].startswith('Payments: the access changed since the plan was approved')
    # All or nothing: Risk and Compliance were approved as they are, but nothing is written anywhere.
    for host in ('Risk', 'Compliance'):
        assert results[host].get('failed') is True and 'nothing was written here' in results[host]['msg']
        assert results[host]['plan_id'] == plan_ids[host]
    assert counts(emulator)['writes'] == 0
    assert ('Payments', 'bob.nguyen@example.com') not in direct_state(emulator)

    # Reviewed again: the apply writes exactly the reviewed actions.
    review = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True,
                          extra_vars={'transactionlink_publish_plan': True})
    plan_ids = review.output['custom_stats']['_run']['transactionlink_expected_plan_ids']
    stats_file.write_text(json.dumps({'transactionlink_expected_plan_ids': plan_ids}))
    emulator.clear_requests()
    applied = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), args=['-e', '@%s' % stats_file])
    assert applied.rc == 0, applied
    results, review_results = _host_results(applied, CONVERGE_TASK), _host_results(review, CONVERGE_TASK)
    for host in ('Risk', 'Compliance', 'Payments'):
        assert _actions(results[host]) == _actions(review_results[host]) and results[host]['plan_id'] == plan_ids[host]
    assert counts(emulator)['writes'] == sum(len(review_results[h]['actions']) for h in plan_ids)

    # The same apply again (a relaunched job): nothing left to write; it succeeds and says so per host.
    emulator.clear_requests()
    again = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), args=['-e', '@%s' % stats_file])
    assert again.rc == 0, again
    assert counts(emulator)['writes'] == 0 and all(stats['changed'] == 0 for stats in again.stats.values())
    assert 'has nothing left to write' in _host_results(again, CONVERGE_TASK)['Risk']['msg']


def test_a_check_run_prints_the_plan_ids_to_give_back(emulator, run_playbook, example):
    review = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True,
                          extra_vars={'transactionlink_publish_plan': True})
    assert review.rc == 0, review
    plan_ids = review.output['custom_stats']['_run']['transactionlink_expected_plan_ids']
    shown = _host_results(review, 'Show the published plan ids')
    assert len(shown) == 1  # once for the batch
    lines = list(shown.values())[0]['msg']
    assert lines[1].startswith("-e '{") and lines[1].endswith("}'")
    assert yaml.safe_load(lines[1][4:-1]) == {'transactionlink_expected_plan_ids': plan_ids}


def test_a_workspace_without_an_approved_plan_is_refused(emulator, run_playbook, example):
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example),
                       extra_vars={'transactionlink_expected_plan_ids': {'Risk': 'tlp1-0000'}})
    assert run.rc != 0
    results = _host_results(run, CONVERGE_TASK)
    assert results['Payments'].get('failed') is True and 'no approved plan for Payments' in results['Payments']['msg']
    assert 'the access changed since the plan was approved' in results['Risk']['msg']
    assert counts(emulator)['writes'] == 0


def test_check_diff_shows_each_workspace_on_its_own_host(emulator, run_playbook, example):
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True, diff=True, verbosity=3)
    assert run.rc == 0, run
    assert emulator.tokens['admin'] not in run.stdout + run.stderr
    results = _host_results(run, CONVERGE_TASK)
    assert results['Risk']['diff'] == {
        'before': {'Risk': {'adam.admin@example.com': 'Admin', 'dana.kowalski@example.com': 'Analyst',
                            'erik.johansson@example.com': 'Viewer'}},
        'after': {'Risk': {'adam.admin@example.com': 'Admin', 'alice.martin@example.com': 'Analyst',
                           'dana.kowalski@example.com': 'Analyst', 'erik.johansson@example.com': 'Analyst'}}}
    assert list(results['Payments']['diff']['after']) == ['Payments']
    assert results['Customer Support']['skipped'] is True
    assert [run.stats[h]['changed'] for h in ('Compliance', 'Payments', 'Risk', 'Customer Support')] == [1, 1, 1, 0]
    assert counts(emulator)['writes'] == 0


def test_limit_converges_only_its_hosts(emulator, run_playbook, example):
    # (With ANSIBLE_STRATEGY=free, which cannot run a task once for the batch: the play keeps linear.)
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), args=['--limit', 'Risk'],
                       env={'ANSIBLE_STRATEGY': 'free'})
    assert run.rc == 0, run
    assert sorted(run.stats) == ['Risk'] and run.stats['Risk']['changed'] == 1
    risk_id = next(w['id'] for w in emulator.state()['workspaces'] if w['name'] == 'Risk')
    sent = [(r['method'], r['path']) for r in emulator.requests()['requests']]
    touched = [p for m, p in sent if '/workspaces/' in p]
    assert touched and all(risk_id in p for p in touched), sent
    state = direct_state(emulator)
    assert {k: v for k, v in state.items() if k[0] != 'Risk'} == {k: v for k, v in DEMO_DIRECT.items() if k[0] != 'Risk'}


def test_the_module_defaults_reach_the_pass(emulator, run_playbook, example):
    # transactionlink_concurrency goes through the pass task's module_defaults (group/transactionlink.access.api)
    # to the action.
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), extra_vars={'transactionlink_concurrency': 0})
    assert run.rc != 0
    result = list(_host_results(run, 'Converge every workspace of this batch in one API pass').values())[0]
    assert 'concurrency must be a whole number from 1 to 32, got 0' in result['msg']
    assert counts(emulator)['writes'] == 0
    assert emulator.tokens['admin'] not in run.stdout + run.stderr


def test_an_api_failure_mid_way_says_per_host_what_was_done(emulator, run_playbook, example):
    # A token that may not list users cannot see that a UUID is no user: its write fails (404) mid-way.
    # Hosts go in inventory order (Compliance, Payments, Risk), adds and role changes before removals.
    ghost = '00000000-0000-4000-8000-000000000000'
    layout = {'Payments': [{'user': seed.user_id('alice.martin@example.com'), 'role': 'Viewer'}],
              'Risk': [{'user': ghost, 'role': 'Viewer'}],
              'Compliance': [{'user': seed.user_id('dana.kowalski@example.com'), 'state': 'absent'}]}
    for name, members in layout.items():
        (example / 'host_vars' / ('%s.yml' % name)).write_text(json.dumps({'transactionlink_desired_members': members}))
    (example / 'group_vars' / 'all.yml').write_text('transactionlink_exclusive: false\n')
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), token='access_manager',
                       extra_vars={'transactionlink_concurrency': 1})
    assert run.rc != 0
    results = _host_results(run, CONVERGE_TASK)
    assert results['Payments'].get('failed') is not True, results['Payments'].get('msg')
    assert _actions(results['Payments']) == [('Payments', None, 'added', None, 'Viewer')]
    assert results['Risk']['failed'] is True and results['Risk']['api_error']['status'] == 404
    assert results['Risk']['failed_action']['user_id'] == ghost and results['Risk']['actions'] == []
    # The removal in Compliance comes after every add: it never started.
    assert results['Compliance']['failed'] is True and '1 of 1 planned change(s) not written' in results['Compliance']['msg']
    assert [(run.stats[h]['changed'], run.stats[h]['failures']) for h in ('Payments', 'Risk', 'Compliance')] == [
        (1, 0), (0, 1), (0, 1)]
    assert counts(emulator)['DELETE'] == 0
    assert ('Payments', 'alice.martin@example.com') in direct_state(emulator)


def test_each_serial_batch_is_one_pass_over_its_own_hosts(emulator, run_playbook, example):
    # The converge play's tasks in a play with serial: 2 (three workspace hosts and Customer Support).
    play = example / 'serial.yml'
    play.write_text('''
- hosts: all
  gather_facts: false
  serial: 2
  tasks:
    - transactionlink.access.converge_workspaces:
      run_once: true
      register: transactionlink_converge_pass
    - name: report
      transactionlink.access.converge_report:
''')
    run = run_playbook(str(play), inventory=SOURCE, cwd=str(example))
    assert run.rc == 0, run
    assert sorted(h for h, s in run.stats.items() if s['changed']) == ['Compliance', 'Payments', 'Risk']
    sent = [(r['method'], r['path']) for r in emulator.requests()['requests']]
    # Two batches, two passes: each reads the user pages (once) and its own hosts' member lists (once each).
    assert len([p for m, p in sent if m == 'GET' and p.endswith('/memberships')]) == 3
    user_pages = [p for m, p in sent if p == '/organizations/users']
    assert len(user_pages) == 2 * len(set(user_pages))  # one read per batch
    assert {k: v for k, v in direct_state(emulator).items() if k[0] != 'Customer Support'} == WANTED


def test_a_host_var_that_does_not_template_stops_the_pass_naming_the_host(emulator, run_playbook, example):
    (example / 'host_vars' / 'Payments.yml').write_text('transactionlink_desired_members: "{{ payments_team }}"\n')
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example))
    assert run.rc != 0
    results = _host_results(run, CONVERGE_TASK)
    assert results['Payments']['msg'].startswith('Payments: its variables cannot be read:'), results['Payments']['msg']
    assert 'payments_team' in results['Payments']['msg']
    assert 'the input of Payments has errors' in results['Risk']['msg']
    assert counts(emulator)['writes'] == 0


def test_the_policies_of_group_vars_all_stop_the_pass_and_the_plan_file_is_written(emulator, run_playbook, example):
    with open(str(example / 'group_vars' / 'all.yml'), 'a', encoding='utf-8') as handle:
        handle.write('\ntransactionlink_policies:\n  max_members_per_role: {Admin: 0}\n')
    run = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(example), check=True,
                       extra_vars={'transactionlink_plan_file': 'plan.json'})
    results = _host_results(run, CONVERGE_TASK)
    assert run.rc != 0, run
    assert results['Risk']['msg'] == ("Risk: workspace 'Risk': 1 member(s) would have role Admin, more than "
                                      "max_members_per_role allows (0): adam.admin@example.com")
    assert results['Compliance']['msg'].startswith("Compliance: workspace 'Compliance': 1 member(s) would have role Admin")
    assert 'nothing was written here' in results['Payments']['msg']
    with open(str(example / 'plan.json'), encoding='utf-8') as handle:  # relative to where ansible-playbook ran
        document = json.load(handle)
    assert sorted(w['host'] for w in document['workspaces']) == ['Compliance', 'Payments', 'Risk']
    assert counts(emulator)['writes'] == 0
