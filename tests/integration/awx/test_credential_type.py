"""awx/credential_type.yml: shape AWX accepts, and the variables it injects are
the ones the modules read."""

import pytest

from helpers import awx_credential
from ansible_collections.transactionlink.access.plugins.module_utils import api_facts
from ansible_collections.transactionlink.access.plugins.module_utils.module import api_argument_spec


@pytest.fixture(scope='module')
def credential_type():
    return awx_credential.load()


def test_shape(credential_type):
    assert set(credential_type) == {'name', 'description', 'kind', 'inputs', 'injectors'}
    assert credential_type['kind'] == 'cloud'
    fields = {field['id']: field for field in credential_type['inputs']['fields']}
    assert len(fields) == len(credential_type['inputs']['fields'])
    for field in fields.values():
        assert field['type'] == 'string' and field['label']
    assert fields['api_token'].get('secret') is True
    assert not fields['api_url'].get('secret')
    assert fields['api_url']['default'] == api_facts.DEFAULT_API_URL
    assert set(credential_type['inputs']['required']) <= set(fields)
    assert set(credential_type['injectors']) == {'env'}


def test_injectors_feed_the_modules_env_fallbacks(credential_type):
    env = awx_credential.injected_env(credential_type, {'api_token': 'tot_secret', 'api_url': 'https://tl.example.com'})
    spec = api_argument_spec()
    by_option = {}
    for option, value in (('api_token', 'tot_secret'), ('api_url', 'https://tl.example.com')):
        names = spec[option]['fallback'][1]
        by_option[option] = [name for name in names if name in env]
        assert by_option[option], '%s: none of %s is injected' % (option, names)
        assert env[by_option[option][0]] == value
    assert set(env) == {'TRANSACTIONLINK_API_TOKEN', 'TRANSACTIONLINK_API_URL'}


def test_api_url_defaults_to_the_public_api(credential_type):
    env = awx_credential.injected_env(credential_type, {'api_token': 'tot_secret'})
    assert env['TRANSACTIONLINK_API_URL'] == 'https://api.transactionlink.io'


def test_token_is_required(credential_type):
    with pytest.raises(ValueError, match='api_token'):
        awx_credential.injected_env(credential_type, {'api_url': 'https://tl.example.com'})
