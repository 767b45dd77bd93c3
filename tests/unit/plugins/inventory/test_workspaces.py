# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspaces: option and host logic in-process, against the emulator app (tl_api)."""

import json
import os

import pytest

from ansible.errors import AnsibleError, AnsibleParserError

from emulator import seed

from ansible_collections.transactionlink.access.plugins.inventory.workspaces import host_value, workspace_hosts

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


# -- issue 14/15: options through the connection table, env fallbacks, no templating of the environment --------

def test_a_template_in_the_environment_is_never_run(tl_api, parse, tmp_path, monkeypatch):
    """Issue 15 #4: whoever edits an AWX credential must not run code on the execution node."""
    marker = tmp_path / 'ran'
    evil = "{{ lookup('pipe', 'touch %s') }}" % marker
    with pytest.raises(AnsibleParserError, match='api_token contains white space'):
        parse(PLUGIN, tl_api, token=evil + tl_api.tokens['admin'])
    assert not marker.exists()
    monkeypatch.setattr(tl_api, 'url', evil + tl_api.url)
    with pytest.raises(AnsibleParserError, match='api_url'):
        parse(PLUGIN, tl_api)
    assert not marker.exists()


def test_a_template_written_in_the_config_file_is_rendered(tl_api, parse, monkeypatch):
    monkeypatch.setenv('TL_TEST_URL', tl_api.url)
    inventory, dummy = parse(PLUGIN + "api_url: \"{{ lookup('ansible.builtin.env', 'TL_TEST_URL') }}\"\n", tl_api)
    assert sorted(inventory.hosts) == DEMO


@pytest.mark.parametrize('option, hint', [('hostnam', "'hostnam' (did you mean 'hostname'?)"),
                                          ('include_member', "'include_member' (did you mean 'include_members'?)"),
                                          ('colour', "'colour'")])
def test_an_unknown_option_is_an_error_listing_the_valid_ones(tl_api, parse, option, hint):
    with pytest.raises(AnsibleParserError, match='unknown option') as failure:
        parse(PLUGIN + '%s: id\n' % option, tl_api)
    message = str(failure.value)
    assert hint in message and 'Valid options: ' in message and 'hostname, include_members' in message
    assert tl_api.sent() == []


@pytest.mark.parametrize('line', ['include_members: maybe', 'strict: sometimes', 'validate_certs: maybe'])
def test_a_boolean_option_that_is_no_boolean_is_an_error(tl_api, parse, line):
    with pytest.raises(AnsibleParserError, match='must be a boolean'):
        parse(PLUGIN + line + '\n', tl_api)
    assert tl_api.sent() == []


@pytest.mark.parametrize('variable, value, message', [
    ('TRANSACTIONLINK_TIMEOUT', str(10 ** 12), 'timeout must be a whole number of seconds from 1 to 3600, got 1000000000000'),
    ('TRANSACTIONLINK_MAX_RETRIES', '21', 'max_retries must be a whole number from 0 to 20, got 21'),
    ('TRANSACTIONLINK_CONCURRENCY', '99', 'concurrency must be a whole number from 1 to 32, got 99'),
    ('TRANSACTIONLINK_VALIDATE_CERTS', 'maybe', "validate_certs must be a boolean (true or false), got 'maybe'"),
])
def test_every_connection_option_has_its_environment_fallback_and_bounds(tl_api, parse, monkeypatch, variable, value,
                                                                         message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(AnsibleParserError) as failure:
        parse(PLUGIN, tl_api)
    assert message in str(failure.value)
    assert tl_api.sent() == []


def test_environment_values_reach_the_client(tl_api, parse, monkeypatch):
    from ansible_collections.transactionlink.access.plugins.module_utils._api import client as client_module
    seen = []
    real = client_module.TransactionLinkClient.__init__

    def spy(self, *args, **kwargs):
        seen.append(kwargs)
        real(self, *args, **kwargs)
    monkeypatch.setattr(client_module.TransactionLinkClient, '__init__', spy)
    monkeypatch.setenv('TRANSACTIONLINK_TIMEOUT', '7')
    monkeypatch.setenv('TRANSACTIONLINK_MAX_RETRIES', '0')
    monkeypatch.setenv('TRANSACTIONLINK_CONCURRENCY', '2')
    parse(PLUGIN, tl_api)
    assert [(k['timeout'], k['max_retries'], k['concurrency']) for k in seen] == [(7, 0, 2)]
    seen[:] = []
    parse(PLUGIN + 'timeout: 9\n', tl_api)  # the file wins over the environment
    assert seen[0]['timeout'] == 9


def test_validate_certs_false_from_the_environment_warns(tl_api, parse, monkeypatch):
    from ansible.utils.display import Display
    warned = []
    monkeypatch.setattr(Display, 'warning', lambda self, msg, *a, **k: warned.append(msg))
    monkeypatch.setenv('TRANSACTIONLINK_VALIDATE_CERTS', 'false')
    inventory, dummy = parse(PLUGIN + 'api_url: https://127.0.0.1:9\n', tl_api)
    assert sorted(inventory.hosts) == DEMO
    assert [w for w in warned if 'validate_certs is false' in w] == [
        "validate_certs is false: the API's TLS certificate is not verified, so anyone on the path can read the token. "
        'To trust a private CA, set ca_path (TRANSACTIONLINK_CA_PATH) instead.']


def test_an_empty_ca_directory_is_refused(tl_api, parse, tmp_path):
    (tmp_path / 'cas').mkdir()
    with pytest.raises(AnsibleParserError, match="ca_path '.*cas' is a directory holding no CA certificate"):
        parse(PLUGIN + 'ca_path: %s\n' % (tmp_path / 'cas'), tl_api)


# -- issue 19 #5: names from the API untrusted, ids, type and ansible_connection plain ---------------------

def _is_trusted(value):
    template = pytest.importorskip('ansible.template')
    if not hasattr(template, 'is_trusted_as_template'):
        from ansible.utils.unsafe_proxy import AnsibleUnsafe
        return not isinstance(value, AnsibleUnsafe)
    return template.is_trusted_as_template(value)


def test_only_names_from_the_api_are_untrusted(tl_api, parse):
    store = tl_api.emulator.store
    with store.lock:
        store._workspaces[seed.workspace_id('Risk')]['name'] = "{{ 'templated' }}"  # pylint: disable=protected-access
    inventory, dummy = parse(PLUGIN + 'include_members: true\nhostname: id\n', tl_api)
    risk = _hostvars(inventory, seed.workspace_id('Risk'))
    for key in ('ansible_connection', 'transactionlink_workspace_id', 'transactionlink_workspace_type'):
        assert _is_trusted(risk[key]), key
    assert not _is_trusted(risk['transactionlink_workspace_name'])
    assert risk['transactionlink_workspace_name'] == "{{ 'templated' }}"
    member = risk['transactionlink_members'][0]
    assert _is_trusted(member['user_id']) and _is_trusted(member['role_id'])
    assert not _is_trusted(member['user_email']) and not _is_trusted(member['role_name'])
    assert not _is_trusted(member['workspace_name'])


def test_an_id_or_type_that_looks_like_a_template_is_left_untrusted_too():
    assert _is_trusted(host_value('transactionlink_workspace_type', 'LIVE'))
    assert not _is_trusted(host_value('transactionlink_workspace_type', '{{ evil }}'))
    assert not _is_trusted(host_value('transactionlink_workspace_id', '{% raw %}'))
    assert not _is_trusted(host_value('member_count_from_somewhere', 'plain text'))
    member = host_value('transactionlink_members', [{'user_id': 'u1', 'user_email': 'a@example.com', 'inherited': True}])
    assert _is_trusted(member[0]['user_id']) and not _is_trusted(member[0]['user_email'])
    assert member[0]['inherited'] is True


def test_a_config_value_of_another_type_is_taken_as_text_and_checked(tl_api, parse):
    with pytest.raises(AnsibleParserError, match="api_url '8080' is not an http.s. URL"):
        parse(PLUGIN + 'api_url: 8080\n', tl_api)


@pytest.mark.parametrize('name', ['all', 'ungrouped'])
def test_a_workspace_named_like_an_ansible_group_says_how_to_fix_it(name):
    data = {'workspaces': [{'id': 'id-1', 'name': name}, {'id': 'id-2', 'name': 'Risk'}], 'members': None}
    with pytest.raises(AnsibleParserError, match="a workspace is named '{0}' \\(id id-1\\).*hostname: id".format(name)):
        workspace_hosts(data)
    assert sorted(h for h, _v in workspace_hosts(data, hostname='id')) == ['id-1', 'id-2']


def test_a_workspace_named_all_fails_the_inventory_cleanly(tl_api, parse):
    store = tl_api.emulator.store
    with store.lock:  # what the API may hold: nothing stops a workspace named so
        store._workspaces[seed.workspace_id('Risk')]['name'] = 'all'  # pylint: disable=protected-access
    with pytest.raises(AnsibleParserError) as failure:
        parse(PLUGIN, tl_api)
    assert "a workspace is named 'all'" in str(failure.value) and 'hostname: id' in str(failure.value)
    inventory, dummy = parse(PLUGIN + 'hostname: id\n', tl_api)
    assert _hostvars(inventory, seed.workspace_id('Risk'))['transactionlink_workspace_name'] == 'all'


def test_a_huge_duplicate_name_is_not_echoed_whole():
    name = 'x' * 100000
    data = {'workspaces': [{'id': 'id-1', 'name': name}, {'id': 'id-2', 'name': name}], 'members': None}
    with pytest.raises(AnsibleParserError) as failure:
        workspace_hosts(data)
    assert len(str(failure.value)) < 1000 and '100000 characters not shown' in str(failure.value)
