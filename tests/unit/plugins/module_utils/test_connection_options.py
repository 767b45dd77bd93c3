# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one table of connection options (module_utils/_connection_options.py).

Its checks, pure; the modules refusing out-of-range values before any request
(in-process); and every other place that names a connection option agreeing
with it: the modules' argspec, the doc fragment, the inventory plugin's
DOCUMENTATION, the AWX credential type and the playbooks' module_defaults.
"""

import glob
import os
import re

import pytest
import yaml

from helpers import awx_credential

from ansible_collections.transactionlink.access.plugins.doc_fragments.api import ModuleDocFragment
from ansible_collections.transactionlink.access.plugins.inventory import workspaces as inventory_plugin
from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as co
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.module import api_argument_spec
from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
INFO = 'workspace_membership_info'
GOOD = {'api_token': 'tot_' + 'a' * 40, 'api_url': 'http://127.0.0.1:9', 'validate_certs': True, 'ca_path': None,
        'timeout': 30, 'max_retries': 5, 'concurrency': 8}


# -- the checks ------------------------------------------------------------------------------------

@pytest.mark.parametrize('name, value, message', [
    ('timeout', 10 ** 12, 'timeout must be a whole number of seconds from 1 to 3600, got 1000000000000'),
    ('timeout', 0, 'timeout must be a whole number of seconds from 1 to 3600, got 0'),
    ('timeout', True, 'timeout must be a whole number of seconds from 1 to 3600, got True'),
    ('max_retries', 21, 'max_retries must be a whole number from 0 to 20, got 21'),
    ('max_retries', -1, 'max_retries must be a whole number from 0 to 20, got -1'),
    ('concurrency', 33, 'concurrency must be a whole number from 1 to 32, got 33'),
])
def test_bounds_are_checked_in_one_place_with_the_allowed_range(name, value, message):
    with pytest.raises(InputError) as failure:
        co.check(dict(GOOD, **{name: value}))
    assert str(failure.value) == message


def test_the_bounds_themselves_are_accepted():
    for option in co.OPTIONS:
        if option.bounds:
            for value in option.bounds:
                assert co.check(dict(GOOD, **{option.name: value}))[option.name] == value


def test_check_normalises_url_token_and_an_empty_ca_path():
    checked = co.check(dict(GOOD, api_url=' http://127.0.0.1:9/ ', api_token=' %s\n' % GOOD['api_token'], ca_path=''))
    assert (checked['api_url'], checked['api_token'], checked['ca_path']) == (
        'http://127.0.0.1:9', GOOD['api_token'], None)


def test_a_ca_directory_needs_a_hashed_certificate(tmp_path):
    empty = tmp_path / 'empty'
    empty.mkdir()
    with pytest.raises(InputError, match=r"ca_path '.*empty' is a directory holding no CA certificate .*openssl rehash"):
        co.check(dict(GOOD, ca_path=str(empty)))
    (empty / 'ca.pem').write_text('not hashed\n')
    with pytest.raises(InputError, match='holding no CA certificate'):
        co.check(dict(GOOD, ca_path=str(empty)))
    (empty / '1a2b3c4d.0').write_text('-----BEGIN CERTIFICATE-----\n')
    assert co.check(dict(GOOD, ca_path=str(empty)))['ca_path'] == str(empty)


@pytest.mark.parametrize('name, value, expected', [
    ('validate_certs', 'no', False), ('validate_certs', 'true', True), ('timeout', '12', 12), ('ca_path', '', ''),
    ('api_url', 'https://x.example', 'https://x.example'), ('concurrency', None, None)])
def test_convert_takes_what_the_environment_gives(name, value, expected):
    assert co.convert(name, value) == expected


@pytest.mark.parametrize('name, value, message', [
    ('validate_certs', 'maybe', "validate_certs must be a boolean (true or false), got 'maybe'"),
    ('timeout', '10s', "timeout must be a whole number, got '10s'"),
    ('api_url', ['https://x'], "api_url must be a string, got ['https://x']"),
    ('api_token', 42, 'api_token must be a string, got (not shown)'),
])
def test_convert_is_strict_and_never_shows_the_token(name, value, message):
    with pytest.raises(InputError) as failure:
        co.convert(name, value)
    assert str(failure.value).startswith(message)


# -- the modules refuse them before any request (the rows of docs/docsite/rst/bad_input.rst) ----------

@pytest.mark.parametrize('options, message', [
    ({'timeout': 10 ** 12}, 'timeout must be a whole number of seconds from 1 to 3600, got 1000000000000'),
    ({'max_retries': 1000}, 'max_retries must be a whole number from 0 to 20, got 1000'),
])
def test_a_module_refuses_an_out_of_range_option_before_any_request(run_module, tl_api, options, message):
    result = run_module(INFO, dict(options, workspace='Risk'))
    assert result['failed'] is True and result['msg'] == message
    assert tl_api.sent() == []


def test_a_module_refuses_an_empty_ca_directory_before_any_request(run_module, tl_api, tmp_path):
    result = run_module(INFO, {'workspace': 'Risk', 'ca_path': str(tmp_path)})
    assert result['failed'] is True and 'is a directory holding no CA certificate' in result['msg']
    assert tl_api.sent() == []


# -- every place that names a connection option agrees with the table ----------------------------------

def _text(description):
    return ' '.join(description) if isinstance(description, list) else description


def test_the_argspec_is_the_table():
    spec = api_argument_spec()
    assert list(spec) == list(co.NAMES)
    for option in co.OPTIONS:
        entry = spec[option.name]
        assert entry['type'] == option.type and entry.get('default') == option.default, option.name
        assert entry['fallback'][1] == [option.env] and bool(entry.get('no_log')) == option.no_log, option.name


def test_the_doc_fragment_documents_the_table():
    docs = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    assert set(docs) == set(co.NAMES)
    for option in co.OPTIONS:
        doc = docs[option.name]
        assert doc['type'] == option.type and doc.get('default') == option.default, option.name
        assert 'E({0})'.format(option.env) in _text(doc['description']), option.name
        if option.bounds:
            assert 'From {0} to {1}'.format(*option.bounds) in _text(doc['description']), option.name


def test_the_inventory_plugin_documents_the_table():
    docs = yaml.safe_load(inventory_plugin.DOCUMENTATION)['options']
    for option in co.OPTIONS:
        doc = docs[option.name]
        assert doc['type'] == option.type and doc.get('default') == option.default, option.name
        assert doc['env'] == [{'name': option.env}], option.name
        if option.bounds:
            assert 'rom {0} to {1}'.format(*option.bounds) in _text(doc['description']), option.name


def test_the_awx_credential_type_injects_only_table_variables_with_the_table_defaults():
    credential_type = awx_credential.load()
    by_env = dict((option.env, option) for option in co.OPTIONS)
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    injected = credential_type['injectors']['env']
    assert set(injected) <= set(by_env)
    for variable, template in injected.items():
        option = by_env[variable]
        field = re.match(r"^\{\{ (\w+) \}\}$", template)
        if field is None:  # a file injector (the CA bundle), whose path is the option
            assert option.type == 'path' and 'tower.filename' in template, variable
            continue
        field = fields[field.group(1)]
        assert field['id'] == option.name, variable
        assert field['type'] == 'string' and option.type == 'str', variable
        assert field.get('default') == option.default, variable
        assert bool(field.get('secret')) == option.no_log, variable


def _module_defaults(play):
    """Every module_defaults entry of PLAY: the play's own and its tasks'."""
    return [item['module_defaults'] for item in [play] + play.get('tasks', []) if 'module_defaults' in item]


def test_the_playbooks_pass_exactly_the_non_secret_options_one_way():
    blocks = {}
    for path in sorted(glob.glob(os.path.join(REPO, 'playbooks', '*.yml'))):
        with open(path, encoding='utf-8') as handle:
            plays = yaml.safe_load(handle)
        for play in plays:
            entries = _module_defaults(play)
            assert len(entries) == 1, '%s: one module_defaults entry per play, found %d' % (path, len(entries))
            blocks[os.path.basename(path)] = entries[0]
    assert sorted(blocks) == ['audit.yml', 'converge.yml', 'export.yml', 'offboard.yml', 'onboard.yml',
                              'review_close.yml', 'review_start.yml']
    assert len(set(repr(b) for b in blocks.values())) == 1, 'the playbooks pass the connection options differently'
    expression = next(iter(blocks.values()))['group/transactionlink.access.api']
    # A relative ca_path is resolved on the controller, where ansible-playbook runs (the modules run elsewhere).
    keys, variables = re.match(r"^\{\{ dict\(\[(.*?)\]\s*\|\s*zip\(query\('ansible.builtin.vars', (.*), default=omit\)\)\)"
                               r" \| combine\(\{'ca_path': transactionlink_ca_path \| ansible\.builtin\.expanduser \| ansible\.builtin\.realpath\}"
                               r" if transactionlink_ca_path \| default\(''\) \| length > 0 else \{\}\) \}\}$",
                               ' '.join(expression.split())).groups()
    keys = [k.strip(" '") for k in keys.split(',')]
    assert keys == list(co.NON_SECRET) and 'api_token' not in keys
    assert [v.strip(" '") for v in variables.split(',')] == ['transactionlink_' + k for k in keys]


def test_the_converge_playbook_templates_the_connection_on_its_pass_task_only():
    # Its other tasks run on every workspace host and call no API: on the play, ansible-core 2.16 to 2.18 would
    # compile the entry in each host's worker process.
    with open(os.path.join(REPO, 'playbooks', 'converge.yml'), encoding='utf-8') as handle:
        play = yaml.safe_load(handle)[0]
    assert 'module_defaults' not in play
    assert [t['name'] for t in play['tasks'] if 'module_defaults' in t] == [
        t['name'] for t in play['tasks'] if 'transactionlink.access.converge_workspaces' in t]


def test_the_roles_readme_table_is_the_table():
    with open(os.path.join(REPO, 'roles', 'README.md'), encoding='utf-8') as handle:
        section = handle.read().split('\n## Connection\n', 1)[1].split('\n## ', 1)[0]
    rows = dict((m.group(1), m.group(2, 3, 4)) for m in re.finditer(
        r'^\| `(\w+)` \| `(\w+)` \| ([^|]+) \| ([^|]+) \|', section, re.MULTILINE))
    assert list(rows) == list(co.NAMES)
    for option in co.OPTIONS:
        env, default, allowed = rows[option.name]
        assert env == option.env, option.name
        if option.default is not None:
            assert '`{0}`'.format(str(option.default).lower()) in default, option.name
        if option.bounds:
            assert '{0} to {1}'.format(*option.bounds) in allowed, option.name
