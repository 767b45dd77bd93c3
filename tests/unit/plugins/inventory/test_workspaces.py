# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspaces: option and host logic in-process, against the emulator app (tl_api)."""

import json
import os

import pytest

from ansible.errors import AnsibleError, AnsibleParserError

from emulator import seed

from ansible_collections.transactionlink.access.plugins.inventory.workspaces import workspace_hosts

PLUGIN = 'plugin: transactionlink.access.workspaces\n'
DEMO = ['Compliance', 'Customer Support', 'Payments', 'Risk']
TOKEN_VARIABLES = ('api_token', 'transactionlink_api_token')


def _hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


def _groups(inventory):
    return dict((name, sorted(h.name for h in group.get_hosts())) for name, group in inventory.groups.items())


# -- host logic, on plain data -------------------------------------------------

DATA = {'workspaces': [{'id': 'id-b', 'name': 'beta', 'type': 'LIVE'}, {'id': 'id-a', 'name': 'Alpha', 'type': 'TEST'}],
        'members': {'id-a': [{'workspace_id': 'id-a', 'user_id': 'u1'}]}}


def test_hosts_by_name_sorted_with_their_variables():
    hosts = workspace_hosts(DATA)
    assert [h for h, _v in hosts] == ['Alpha', 'beta']
    assert hosts[0][1] == {'ansible_connection': 'local', 'transactionlink_workspace_id': 'id-a',
                           'transactionlink_workspace_name': 'Alpha', 'transactionlink_workspace_type': 'TEST'}


def test_hosts_by_id_and_members_only_when_asked():
    hosts = dict(workspace_hosts(DATA, hostname='id', include_members=True))
    assert sorted(hosts) == ['id-a', 'id-b']
    assert hosts['id-a']['transactionlink_members'] == [{'workspace_id': 'id-a', 'user_id': 'u1'}]
    assert hosts['id-b']['transactionlink_members'] == []
    assert 'transactionlink_members' not in dict(workspace_hosts(DATA, include_members=False))['Alpha']


def test_two_workspaces_of_one_name_say_how_to_fix_it():
    data = {'workspaces': [{'id': 'id-1', 'name': 'Risk'}, {'id': 'id-2', 'name': 'Risk'}], 'members': None}
    with pytest.raises(AnsibleParserError, match="two workspaces are named 'Risk'.*hostname: id"):
        workspace_hosts(data)
    assert [h for h, _v in workspace_hosts(data, hostname='id')] == ['id-1', 'id-2']


# -- the plugin as ansible loads it --------------------------------------------

@pytest.mark.parametrize('name, valid', [
    ('demo.transactionlink.yml', True), ('demo.transactionlink.yaml', True), ('demo.yml', False),
    ('transactionlink.yml', False), ('demo.transactionlink.json', False)])
def test_verify_file_takes_only_its_config_files(inventory_plugin, tmp_path, name, valid):
    path = tmp_path / name
    path.write_text(PLUGIN)
    assert inventory_plugin().verify_file(str(path)) is valid


def test_every_workspace_a_host_with_local_connection(tl_api, parse):
    inventory, dummy = parse(PLUGIN, tl_api)
    assert sorted(inventory.hosts) == DEMO
    risk = _hostvars(inventory, 'Risk')
    assert risk['ansible_connection'] == 'local'
    assert risk['transactionlink_workspace_id'] == seed.workspace_id('Risk')
    assert risk['transactionlink_workspace_name'] == 'Risk'
    assert risk['transactionlink_workspace_type'] == 'LIVE'
    assert 'transactionlink_members' not in risk
    assert tl_api.sent() == [('GET', '/organizations/workspaces')]


def test_members_are_the_direct_memberships_as_the_info_module_returns_them(tl_api, parse):
    inventory, dummy = parse(PLUGIN + 'include_members: true\n', tl_api)
    risk = _hostvars(inventory, 'Risk')['transactionlink_members']
    assert sorted((m['user_email'], m['role_name'], m['inherited']) for m in risk) == [
        ('adam.admin@example.com', 'Admin', False), ('dana.kowalski@example.com', 'Analyst', False),
        ('erik.johansson@example.com', 'Viewer', False)]
    assert set(risk[0]) == {'workspace_id', 'workspace_name', 'user_id', 'user_email', 'role_id', 'role_name',
                            'inherited'}
    assert _hostvars(inventory, 'Customer Support')['transactionlink_members'] == []
    sent = tl_api.sent()
    assert sent.count(('GET', '/organizations/workspaces')) == 1
    assert sorted(p for m, p in sent if p.startswith('/workspaces/')) == sorted(
        '/workspaces/%s/memberships' % seed.workspace_id(w) for w in DEMO)


def test_hostname_id(tl_api, parse):
    inventory, dummy = parse(PLUGIN + 'hostname: id\n', tl_api)
    assert sorted(inventory.hosts) == sorted(seed.workspace_id(w) for w in DEMO)


def test_keyed_groups_groups_and_compose(tl_api, parse):
    config = PLUGIN + '''include_members: true
keyed_groups:
  - key: transactionlink_workspace_type | lower
    prefix: type
  - key: transactionlink_members | map(attribute='role_name') | list
    prefix: has
groups:
  empty: transactionlink_members | length == 0
compose:
  member_count: transactionlink_members | length
'''
    inventory, dummy = parse(config, tl_api)
    groups = _groups(inventory)
    assert groups['type_live'] == DEMO
    assert groups['has_Admin'] == ['Compliance', 'Risk']
    assert groups['has_Analyst'] == ['Payments', 'Risk']
    assert groups['empty'] == ['Customer Support']
    assert int(_hostvars(inventory, 'Risk')['member_count']) == 3  # a string before ansible-core 2.19's native types


def test_strict_fails_on_a_bad_compose_expression(tl_api, parse):
    config = PLUGIN + 'strict: true\ncompose:\n  broken: transactionlink_no_such_variable + 1\n'
    with pytest.raises(AnsibleError, match='Could not set broken for host'):
        parse(config, tl_api)
    inventory, dummy = parse(config.replace('strict: true', 'strict: false'), tl_api)
    assert 'broken' not in _hostvars(inventory, 'Risk')


def test_a_limited_token_sees_only_its_workspaces(tl_api, parse):
    inventory, dummy = parse(PLUGIN + 'include_members: true\n', tl_api, token='risk_viewer')
    assert sorted(inventory.hosts) == ['Risk']
    members = _hostvars(inventory, 'Risk')['transactionlink_members']
    # The token may not list users: members are there, by UUID, with user_email null.
    assert len(members) == 3 and all(m['user_email'] is None for m in members)


def test_the_cache_answers_without_a_request_and_never_holds_the_token(tl_api, parse, tmp_path):
    cache_dir = tmp_path / 'cache'
    config = PLUGIN + 'include_members: true\ncache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' % cache_dir
    first, dummy = parse(config, tl_api)
    assert tl_api.writes() == 0 and len(tl_api.sent()) > 0
    tl_api.clear_requests()
    second, dummy = parse(config, tl_api)
    assert tl_api.sent() == [], 'a cache hit sent requests'
    assert sorted(second.hosts) == sorted(first.hosts)
    assert _hostvars(second, 'Risk') == _hostvars(first, 'Risk')

    token = tl_api.tokens['admin']
    files = [os.path.join(cache_dir, name) for name in os.listdir(cache_dir)]
    assert files
    for name in files:
        with open(name, encoding='utf-8') as handle:
            text = handle.read()
        assert token not in text and token not in name
        json.loads(text)
    for host in second.hosts:
        dumped = json.dumps(_hostvars(second, host), default=str)
        assert token not in dumped
        assert not set(TOKEN_VARIABLES) & set(_hostvars(second, host))

    # Another token never reads that cache (it may view other workspaces).
    tl_api.clear_requests()
    limited, dummy = parse(config, tl_api, token='risk_viewer')
    assert sorted(limited.hosts) == ['Risk']
    assert tl_api.sent(), 'the limited token was answered from the admin token cache'


def test_cache_refresh_and_members_asked_later(tl_api, parse, tmp_path):
    config = PLUGIN + 'cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n' % (tmp_path / 'c')
    parse(config, tl_api)
    tl_api.clear_requests()
    parse(config, tl_api, cache=False)  # ansible-inventory --flush-cache
    assert tl_api.sent() == [('GET', '/organizations/workspaces')]
    tl_api.clear_requests()
    inventory, dummy = parse(config + 'include_members: true\n', tl_api)
    assert tl_api.sent(), 'members were asked for but the cache (without members) answered'
    assert 'transactionlink_members' in _hostvars(inventory, 'Risk')


def test_errors_are_clear_and_never_show_the_token(tl_api, parse):
    with pytest.raises(AnsibleParserError, match='api_token is required|api_token'):
        parse(PLUGIN, tl_api, token=None)
    with pytest.raises(AnsibleParserError, match='HTTP 401') as failure:
        parse(PLUGIN, tl_api, token='tot_' + 'x' * 52)
    assert 'tot_' + 'x' * 52 not in str(failure.value)
    with pytest.raises(AnsibleParserError, match='plain http'):
        parse(PLUGIN + 'api_url: http://api.example.com\n', None, token=None)


def test_option_values_are_checked_by_the_client(tl_api, parse):
    with pytest.raises(AnsibleParserError, match='concurrency'):
        parse(PLUGIN + 'concurrency: 99\n', tl_api)
    # the wording differs between ansible-core versions; each names the value and the option
    with pytest.raises(AnsibleError, match=r"Invalid value .email. for config.*hostname"):
        parse(PLUGIN + 'hostname: email\n', tl_api)
