# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One converge pass over many workspace hosts (plugins/module_utils/_membership/hosts.py) against the tl_api."""

from ansible_collections.transactionlink.access.plugins.module_utils._membership.hosts import converge_pass, host_request
from ansible_collections.transactionlink.access.plugins.module_utils._membership.engine import Item, converge

from helpers.api import directory_for, sent, writes
from emulator import seed

ALICE, BOB, DANA, ERIK = ('alice.martin@example.com', 'bob.nguyen@example.com', 'dana.kowalski@example.com',
                          'erik.johansson@example.com')
FATIMA, LAURA = 'fatima.haddad@example.com', 'laura.schmidt@example.com'


def host(name, members, inventory_name=True, **options):
    """The spec of workspace host NAME, with the variables the inventory plugin gives (its id and, unless told, name)."""
    variables = {'transactionlink_workspace_id': seed.workspace_id(name), 'transactionlink_desired_members': members}
    if inventory_name:
        variables['transactionlink_workspace_name'] = name
    variables.update(('transactionlink_' + k, v) for k, v in options.items())
    return host_request(name, variables)


def gets(tl_api):
    return [s for s in sent(tl_api) if s[0] == 'GET']


MEMBERS = {
    'Risk': [{'user': ALICE, 'role': 'Analyst'}, {'user': ERIK, 'role': 'Analyst'}],
    'Payments': [{'user': BOB, 'role': 'Analyst'}, {'user': FATIMA, 'role': 'Analyst'}],
    'Compliance': [{'user': DANA, 'role': 'Admin'}, {'user': LAURA, 'role': 'Viewer'}],
}


def three_hosts(**options):
    return [host(name, members, **options) for name, members in MEMBERS.items()]


def test_host_request_labels_items_and_checks_shapes_without_requests():
    spec = host('Risk', [{'user': ALICE, 'role': 'Viewer'}, {'user_id': BOB, 'rol': 'Viewer'}, 'dana',
                         {'user': DANA}, {'user': ERIK, 'state': 'gone'}, {'role': 'Viewer'}],
                exclusive='maybe', max_removals=-1)
    assert [i.label for i in spec.items] == ['Risk: members[0]']
    assert list(spec.errors) == [
        "Risk: members[1]: unsupported option(s) rol; an item takes user or team, role, state, workspace, expires and allow_empty (aliases user_id, role_id, "
        "workspace_id)",
        "Risk: members[2] must be a dict such as {user: alice@example.com, role: Viewer}, got the string 'dana'",
        'Risk: members[3] (user dana.kowalski@example.com) has state=present but no role: give the role by name or UUID',
        "Risk: members[4]: value of state must be one of: present, absent, got: gone",
        'Risk: members[5] has no user: give the user by e-mail or UUID, or a team',
        "Risk: transactionlink_exclusive must be true or false, got 'maybe'",
        "Risk: transactionlink_max_removals must be a whole number, 0 or more (0 forbids any removal), got -1"]
    assert host_request('Risk', {'transactionlink_workspace_id': 'x'}) is None  # no desired members: left alone
    assert host_request('localhost', {'transactionlink_desired_members': []}) is None  # not a workspace host
    assert list(host('Risk', None, exclusive=True).errors) == [
        'Risk: transactionlink_desired_members is null (a key with no value): list the members, or give [] to mean '
        'nobody (with transactionlink_exclusive, [] removes every direct member)']
    assert list(host('Risk', 'alice').errors) == [
        "Risk: transactionlink_desired_members must be a list of {user, role} items, got the string 'alice'"]


def test_an_option_and_its_alias_with_one_value_are_taken_as_the_module_takes_them(tl_api):
    spec = host('Risk', [{'user': ALICE, 'user_id': ALICE, 'role': 'Viewer', 'role_id': 'Viewer'}])
    assert spec.errors == () and spec.items[0].user == ALICE
    outcomes = converge_pass(directory_for(tl_api), [spec], check_mode=True)
    assert [a['user_email'] for a in outcomes['Risk']['actions']] == [ALICE]


def test_expected_plan_ids_per_host_and_a_host_without_one():
    approved = {'Risk': 'tlp1-aaa', 'Payments': ''}
    assert host('Risk', [], expected_plan_ids=approved).expected_plan_id == 'tlp1-aaa'
    assert host('Risk', [], expected_plan_id='tlp1-own', expected_plan_ids=approved).expected_plan_id == 'tlp1-own'
    assert host('Risk', [], expected_plan_id='', expected_plan_ids=None).expected_plan_id is None  # empty survey field
    refused = host('Payments', [], expected_plan_ids=approved)
    assert list(refused.errors) == ["Payments: transactionlink_expected_plan_ids holds no approved plan for Payments: nothing "
                                    "is written. Review this workspace's plan (a --check run with -e "
                                    "transactionlink_publish_plan=true) first, or leave it out with --limit"]


def test_one_pass_converges_every_host_and_a_rerun_reads_each_list_once(tl_api):
    outcomes = converge_pass(directory_for(tl_api), three_hosts())
    assert sorted(h for h, o in outcomes.items() if o['changed']) == ['Compliance', 'Payments', 'Risk']
    assert [(a['user_email'], a['action']) for a in outcomes['Risk']['actions']] == [(ALICE, 'added'), (ERIK, 'updated')]
    assert outcomes['Risk']['diff'] == {
        'before': {'Risk': {'adam.admin@example.com': 'Admin', DANA: 'Analyst', ERIK: 'Viewer'}},
        'after': {'Risk': {'adam.admin@example.com': 'Admin', DANA: 'Analyst', ERIK: 'Analyst', ALICE: 'Analyst'}}}
    assert len(writes(tl_api)) == 4
    # The workspaces come from the inventory (id and name): no workspace list; each other list once.
    assert [g for g in gets(tl_api) if g[1] == '/organizations/workspaces'] == []
    assert len(gets(tl_api)) == len(set(gets(tl_api)))

    tl_api.clear_requests()
    again = converge_pass(directory_for(tl_api), three_hosts())
    assert not any(o['changed'] or o['failed'] for o in again.values())
    user_pages = len([g for g in gets(tl_api) if g[1] == '/organizations/users'])
    assert writes(tl_api) == [] and user_pages >= 1
    assert len(sent(tl_api)) == user_pages + 3  # + the inventory's own workspace list: 1 + pages + W


def test_without_the_inventory_s_names_the_workspace_list_is_read_once(tl_api):
    specs = [host(name, members, inventory_name=False) for name, members in MEMBERS.items()]
    outcomes = converge_pass(directory_for(tl_api), specs, check_mode=True)
    assert outcomes['Risk']['workspace_name'] == 'Risk' and outcomes['Risk']['changed']
    assert len([g for g in gets(tl_api) if g[1] == '/organizations/workspaces']) == 1


def test_plan_ids_are_those_the_module_gives_per_workspace(tl_api):
    outcomes = converge_pass(directory_for(tl_api), three_hosts(), check_mode=True)
    assert writes(tl_api) == []
    for name, members in MEMBERS.items():
        items = [Item('members[%d]' % i, name, m['user'], m['role']) for i, m in enumerate(members)]
        alone = converge(directory_for(tl_api), items, check_mode=True)
        assert outcomes[name]['plan_id'] == alone.plan_id
        assert outcomes[name]['actions'] == list(alone.actions)


def test_a_bad_item_in_one_host_means_no_write_anywhere(tl_api):
    specs = three_hosts()
    specs[1] = host('Payments', [{'user': BOB, 'role': 'Analyst'}, {'user': FATIMA, 'role': 'Boss'}])
    outcomes = converge_pass(directory_for(tl_api), specs)
    assert writes(tl_api) == []
    assert all(o['failed'] for o in outcomes.values())
    assert outcomes['Payments']['msg'].startswith("Payments: members[1]: role 'Boss' not found in workspace 'Payments'; "
                                                  "available: Admin, Analyst, Viewer")
    assert 'nothing was written here' in outcomes['Risk']['msg'] and 'Payments' in outcomes['Risk']['msg']
    assert [a['action'] for a in outcomes['Risk']['planned_actions']] == ['added', 'updated']


def test_an_item_naming_another_workspace_fails_the_pass_with_nothing_written(tl_api):
    specs = [host('Risk', [{'user': ALICE, 'role': 'Analyst'}, {'workspace': 'Payments', 'user': DANA, 'state': 'absent'}],
                  exclusive=True),
             host('Payments', [{'user': BOB, 'role': 'Analyst', 'workspace': 'payments'}])]  # its own: fine
    outcomes = converge_pass(directory_for(tl_api), specs)
    assert writes(tl_api) == []
    assert outcomes['Risk']['failed'] and outcomes['Risk']['msg'].startswith(
        "Risk: members[1] (user dana.kowalski@example.com) names workspace 'Payments', but "
        "transactionlink_desired_members may only change its own workspace 'Risk'")
    assert 'nothing was written here' in outcomes['Payments']['msg']
    unknown = converge_pass(directory_for(tl_api), [host('Risk', [{'user': ALICE, 'role': 'Viewer', 'workspace': 'Nope'}])])
    assert "names workspace 'Nope'" in unknown['Risk']['msg'] and 'not found' in unknown['Risk']['msg']
    assert writes(tl_api) == []


def test_max_removals_counts_per_host(tl_api):
    # Risk would lose 3 (above its cap of 2), Payments 2 (its cap is 2): the pass writes nothing.
    specs = [host('Risk', [], exclusive=True, max_removals=2), host('Payments', [], exclusive=True, max_removals=2)]
    outcomes = converge_pass(directory_for(tl_api), specs)
    assert 'more than max_removals=2' in outcomes['Risk']['msg'] and outcomes['Risk']['msg'].startswith('Risk: ')
    assert 'nothing was written here' in outcomes['Payments']['msg']
    assert writes(tl_api) == []
    alone = converge_pass(directory_for(tl_api), [specs[1]])
    assert alone['Payments']['changed'] and not alone['Payments']['failed']
    assert [w[0] for w in writes(tl_api)] == ['DELETE', 'DELETE']


def test_a_changed_plan_anywhere_refuses_the_whole_pass_and_an_applied_plan_is_reported(tl_api):
    reviewed = converge_pass(directory_for(tl_api), three_hosts(), check_mode=True)
    approved = dict((h, o['plan_id']) for h, o in reviewed.items())
    approved_specs = three_hosts(expected_plan_ids=approved)
    # Meanwhile somebody adds Bob to Payments as a Viewer: Payments' plan is now an update, not an add.
    directory_for(tl_api).client.set_membership(seed.workspace_id('Payments'), seed.user_id(BOB), seed.role_id('Payments', 'Viewer'))
    tl_api.clear_requests()
    refused = converge_pass(directory_for(tl_api), approved_specs)
    assert writes(tl_api) == []
    assert 'the access changed since the plan was approved' in refused['Payments']['msg']
    assert refused['Payments']['msg'].startswith('Payments: ')
    assert all(o['failed'] for o in refused.values())

    # Reviewed again and applied; the same apply run again has nothing left to write: ok, and says so.
    reviewed = converge_pass(directory_for(tl_api), three_hosts(), check_mode=True)
    approved = dict((h, o['plan_id']) for h, o in reviewed.items())
    approved_specs = three_hosts(expected_plan_ids=approved)
    applied = converge_pass(directory_for(tl_api), approved_specs)
    assert all(o['changed'] and not o['failed'] for o in applied.values())
    tl_api.clear_requests()
    rerun = converge_pass(directory_for(tl_api), approved_specs)
    assert writes(tl_api) == []
    assert not any(o['failed'] or o['changed'] for o in rerun.values())
    assert 'has nothing left to write' in rerun['Risk']['msg']


def test_an_api_failure_mid_way_says_per_host_what_was_done(tl_api):
    ghost = '00000000-0000-4000-8000-000000000000'  # no such user; this token may not list users to notice first
    specs = [host('Risk', [{'user': seed.user_id(ALICE), 'role': 'Viewer'}]),
             host('Payments', [{'user': ghost, 'role': 'Viewer'}]),
             host('Compliance', [{'user': seed.user_id(DANA), 'state': 'absent'}])]
    outcomes = converge_pass(directory_for(tl_api, token='access_manager', concurrency=1), specs)
    assert outcomes['Risk']['changed'] and not outcomes['Risk']['failed']
    assert outcomes['Payments']['failed'] and outcomes['Payments']['api_error']['status'] == 404
    assert outcomes['Payments']['failed_action']['user_id'] == ghost and outcomes['Payments']['actions'] == []
    # The removal in Compliance comes after the adds: never started.
    assert outcomes['Compliance']['failed'] and outcomes['Compliance']['actions'] == []
    assert '1 of 1 planned change(s) not written' in outcomes['Compliance']['msg']
    assert ('DELETE' not in [w[0] for w in writes(tl_api)])
    assert outcomes['Compliance']['diff']['before'] == outcomes['Compliance']['diff']['after']


def test_two_hosts_for_one_workspace_are_refused(tl_api):
    twin = host_request('risk-again', {'transactionlink_workspace_id': seed.workspace_id('Risk'),
                                       'transactionlink_desired_members': [{'user': ALICE, 'role': 'Admin'}]})
    outcomes = converge_pass(directory_for(tl_api), [host('Risk', [{'user': ALICE, 'role': 'Viewer'}]), twin])
    assert 'also managed by host(s) risk-again' in outcomes['Risk']['msg']
    assert writes(tl_api) == []


def test_an_api_failure_while_reading_fails_every_host_with_nothing_written(tl_api):
    tl_api.set_faults(queue=[500])  # the first read (a member list) fails for good: 500 is not retried
    outcomes = converge_pass(directory_for(tl_api), three_hosts())
    assert all(o['failed'] and o['msg'].endswith('nothing was written (the pass failed while reading)') for o in outcomes.values())
    assert outcomes['Risk']['api_error']['status'] == 500
    assert writes(tl_api) == []
