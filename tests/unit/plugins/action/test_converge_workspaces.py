# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge pass and report action plugins, run in-process against the tl_api (no ansible-playbook)."""

import json

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.transactionlink.access.plugins.action import converge_report as converge_report_plugin, converge_workspaces
from emulator import seed
from helpers.converge_pass import action, report, run_pass as _run_pass

ALICE = 'alice.martin@example.com'
HOSTVARS = {
    'Risk': {'transactionlink_workspace_id': seed.workspace_id('Risk'),
             'transactionlink_desired_members': [{'user': ALICE, 'role': 'Viewer'}]},
    'Payments': {'transactionlink_workspace_id': seed.workspace_id('Payments'),
                 'transactionlink_desired_members': [{'user': 'fatima.haddad@example.com', 'role': 'Analyst'}]},
    'Customer Support': {'transactionlink_workspace_id': seed.workspace_id('Customer Support')},
}


def run_pass(tl_api, args=None, check=False, hostvars=None, diff=False):
    return _run_pass(tl_api, hostvars or HOSTVARS, args=args, check=check, diff=diff)


def test_the_pass_reports_per_host_and_the_report_gives_each_host_its_own(tl_api):
    passed = run_pass(tl_api, check=True, diff=True)
    assert passed['changed'] is False and passed['changed_hosts'] == ['Risk'] and passed['failed_hosts'] == []
    assert sorted(passed['plan_ids']) == ['Payments', 'Risk']
    assert passed['plan']['Risk'] == 'Risk: alice.martin@example.com would be added as Viewer'
    assert passed['plan']['Payments'] == ''
    # Worded once, in the pass: each host's lines, and every line of the batch by host (what the playbook shows).
    assert passed['hosts']['Risk']['lines'] == ['Risk: alice.martin@example.com would be added as Viewer']
    assert passed['hosts']['Payments']['lines'] == []
    assert passed['lines'] == ['Risk: alice.martin@example.com would be added as Viewer']
    assert [r['method'] for r in tl_api.requests()['requests'] if r['method'] != 'GET'] == []

    risk = report(passed, 'Risk', diff=True)
    assert risk['changed'] is True and risk['plan_id'] == passed['plan_ids']['Risk']
    assert risk['lines'] == passed['hosts']['Risk']['lines']
    assert risk['diff']['after']['Risk'][ALICE] == 'Viewer'
    assert 'diff' not in report(passed, 'Risk')
    assert report(passed, 'Payments')['changed'] is False
    assert report(passed, 'Customer Support')['skipped'] is True
    # Without --diff the pass keeps no before/after at all (a big result for thousands of members).
    assert not any('diff' in o for o in run_pass(tl_api, check=True)['hosts'].values())


def test_connection_options_come_from_the_task_args_and_the_token_never_shows(tl_api, monkeypatch):
    monkeypatch.delenv('TRANSACTIONLINK_CONCURRENCY', raising=False)
    bad = run_pass(tl_api, args={'concurrency': 0})
    assert bad['failed'] is True and 'concurrency must be a whole number from 1 to 32, got 0' in bad['msg']
    unknown = run_pass(tl_api, args={'api_tokn': 'x'})
    assert unknown['failed'] is True and 'api_tokn' in unknown['msg']
    token = tl_api.tokens['admin']
    hostvars = dict(HOSTVARS, Risk=dict(HOSTVARS['Risk'], transactionlink_desired_members=[{'user': token, 'role': 'Viewer'}]))
    leaked = run_pass(tl_api, hostvars=hostvars)
    assert leaked['hosts']['Risk']['failed'] is True
    assert token not in repr(leaked)


def test_the_env_fallbacks_of_the_modules(tl_api, monkeypatch):
    monkeypatch.setenv('TRANSACTIONLINK_API_URL', tl_api.url)
    monkeypatch.setenv('TRANSACTIONLINK_API_TOKEN', tl_api.tokens['admin'])
    task_vars = {'ansible_play_batch': ['Risk'], 'hostvars': HOSTVARS}
    plugin = action(converge_workspaces, {})
    plugin.client_kwargs = tl_api.inject()
    passed = plugin.run(task_vars=task_vars)
    assert passed['changed_hosts'] == ['Risk'] and not passed.get('failed')


def test_the_report_needs_the_registered_pass():
    with pytest.raises(AnsibleActionFail, match='register the converge_workspaces task'):
        action(converge_report_plugin, {}).run(task_vars={'inventory_hostname': 'Risk'})
    with pytest.raises(AnsibleActionFail, match='unsupported option'):
        action(converge_report_plugin, {'pass': 'x'}).run(task_vars={'inventory_hostname': 'Risk'})


def test_the_printed_plan_ids_are_extra_vars_as_given_back():
    import yaml
    ids = {'Risk': 'tlp1-aa', 'Customer Support': 'tlp1-bb', 'odd: {name}, "x"': 'tlp1-cc'}
    text = converge_workspaces.extra_vars_text(ids)
    assert text.startswith('{transactionlink_expected_plan_ids: {Customer Support: tlp1-bb, ')
    assert yaml.safe_load(text) == {'transactionlink_expected_plan_ids': ids}


def test_a_host_whose_variables_do_not_template_stops_the_pass_naming_it(tl_api):
    from ansible.errors import AnsibleUndefinedVariable

    class Unreadable(dict):
        def get(self, key, default=None):
            raise AnsibleUndefinedVariable("'risk_team' is undefined")

        def __contains__(self, key):
            return True

    hostvars = dict(HOSTVARS, Risk=Unreadable())
    passed = _run_pass(tl_api, hostvars)
    assert passed['failed_hosts'] == ['Payments', 'Risk']
    assert passed['hosts']['Risk']['msg'] == "Risk: its variables cannot be read: 'risk_team' is undefined"
    assert 'the input of Risk has errors' in passed['hosts']['Payments']['msg']
    assert [r for r in tl_api.requests()['requests'] if r['method'] != 'GET'] == []


def _real_hostvars(root, host_vars, group_vars):
    """ansible-core's own hostvars over an inventory of HOST_VARS' hosts with those host_vars and group_vars/all."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.vars.hostvars import HostVars
    from ansible.vars.manager import VariableManager

    (root / 'host_vars').mkdir()
    (root / 'group_vars').mkdir()
    (root / 'hosts.yml').write_text(json.dumps({'all': {'hosts': dict((host, None) for host in host_vars)}}))
    for host, text in host_vars.items():
        (root / 'host_vars' / (host + '.yml')).write_text(text)
    (root / 'group_vars' / 'all.yml').write_text(group_vars)
    loader = DataLoader()
    inventory = InventoryManager(loader=loader, sources=[str(root / 'hosts.yml')])
    return HostVars(inventory, VariableManager(loader=loader, inventory=inventory), loader)


def test_host_variables_are_templated_where_they_hold_templates_and_read_raw_elsewhere(tmp_path):
    ids = dict((name, seed.workspace_id(name)) for name in ('Risk', 'Payments', 'Compliance', 'Customer Support'))
    hostvars = _real_hostvars(tmp_path, {
        'Risk': 'transactionlink_workspace_id: %s\ntransactionlink_desired_members: [{user: %s, role: Viewer}]\n' % (
            ids['Risk'], ALICE),
        'Payments': 'transactionlink_workspace_id: %s\ntransactionlink_desired_members: "{{ payments_team }}"\n' % (
            ids['Payments']),
        'Compliance': 'transactionlink_workspace_id: %s\ntransactionlink_desired_members: [{user: "{{ lead }}", '
                      'role: Admin}]\ntransactionlink_exclusive: "{{ 1 == 1 }}"\n' % ids['Compliance'],
        'Customer Support': 'transactionlink_workspace_id: %s\ntransactionlink_desired_members: "{{ nobody }}"\n' % (
            ids['Customer Support']),
    }, 'payments_team: [{user: fatima.haddad@example.com, role: Analyst}]\nlead: adam.admin@example.com\n')
    batch = ['Risk', 'Payments', 'Compliance', 'Customer Support']
    requests = dict((r.label, r) for r in converge_workspaces.batch_requests(batch, converge_workspaces.BatchVariables(hostvars)))
    assert [(i.user, i.role) for i in requests['Risk'].items] == [(ALICE, 'Viewer')]
    assert [(i.user, i.role) for i in requests['Payments'].items] == [('fatima.haddad@example.com', 'Analyst')]
    assert [(i.user, i.role) for i in requests['Compliance'].items] == [('adam.admin@example.com', 'Admin')]
    assert requests['Compliance'].exclusive is True
    assert not any(requests[h].errors for h in ('Risk', 'Payments', 'Compliance'))
    # An undefined name stops the pass naming the host: ansible-core 2.19 and later raise for it ("its variables
    # cannot be read"); before, hostvars gives the template back as it is, which is not a list of members.
    assert len(requests['Customer Support'].errors) == 1
    assert requests['Customer Support'].errors[0].startswith('Customer Support: ')
    assert 'nobody' in requests['Customer Support'].errors[0]


def test_each_hosts_variables_are_computed_once_per_pass(tl_api, tmp_path):
    # ansible-core's hostvars[host] computes every variable of the host at each lookup (a few ms a host): the pass
    # reads the pass-wide settings and the request of each host from one computation.
    hostvars = _real_hostvars(tmp_path, dict((host, json.dumps(variables)) for host, variables in HOSTVARS.items()), '{}')
    manager = hostvars._variable_manager  # pylint: disable=protected-access
    computed, get_vars = [], manager.get_vars

    def counting(*args, **kwargs):
        computed.append(kwargs['host'].name)
        return get_vars(*args, **kwargs)

    manager.get_vars = counting
    passed = _run_pass(tl_api, hostvars, batch=list(HOSTVARS))  # the play batch, as ansible-core gives it
    assert passed['changed_hosts'] == ['Risk'] and passed['failed_hosts'] == []
    assert sorted(computed) == sorted(HOSTVARS)
