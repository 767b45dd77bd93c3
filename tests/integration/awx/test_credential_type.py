"""awx/credential_type.yml: shape AWX accepts, and the variables it injects are
the ones the modules read."""

import os

import pytest

from helpers import awx_credential
from ansible_collections.transactionlink.access.plugins.module_utils import api_facts
from ansible_collections.transactionlink.access.plugins.module_utils._connection_options import BY_NAME


# Any PEM text: the credential type does not parse it, the modules' TLS setup does.
PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2FzZQ==\n-----END CERTIFICATE-----\n'


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
        assert set(field) <= {'id', 'type', 'label', 'secret', 'default', 'multiline', 'help_text'}
    assert fields['api_token'].get('secret') is True
    assert not fields['api_url'].get('secret')
    assert fields['api_url']['default'] == api_facts.DEFAULT_API_URL
    assert set(credential_type['inputs']['required']) <= set(fields)
    assert set(credential_type['injectors']) == {'env', 'file'}
    assert set(credential_type['injectors']['file']) == {'template'}  # one file: tower.filename


def fallback_names(option):
    """The environment variables the modules and the inventory plugin read OPTION from (the table)."""
    return [BY_NAME[option].env]


def test_injectors_feed_the_modules_env_fallbacks(credential_type, tmp_path):
    given = {'api_token': 'tot_secret', 'api_url': 'https://tl.example.com', 'ca_bundle': PEM}
    env = awx_credential.injected_env(credential_type, given, str(tmp_path))
    assert set(env) == {'TRANSACTIONLINK_API_TOKEN', 'TRANSACTIONLINK_API_URL', 'TRANSACTIONLINK_CA_PATH'}
    for option, variable in (('api_token', 'TRANSACTIONLINK_API_TOKEN'), ('api_url', 'TRANSACTIONLINK_API_URL'),
                             ('ca_path', 'TRANSACTIONLINK_CA_PATH')):
        assert variable in fallback_names(option), '%s is not read from %s' % (option, variable)
    assert env['TRANSACTIONLINK_API_TOKEN'] == 'tot_secret'
    assert env['TRANSACTIONLINK_API_URL'] == 'https://tl.example.com'
    # The CA bundle: a private file holding exactly the PEM, its path in TRANSACTIONLINK_CA_PATH.
    ca_path = env['TRANSACTIONLINK_CA_PATH']
    assert os.path.dirname(ca_path) == str(tmp_path)
    with open(ca_path) as handle:
        assert handle.read() == PEM
    assert os.stat(ca_path).st_mode & 0o077 == 0


def test_without_a_ca_bundle_the_ca_path_is_empty(credential_type, tmp_path):
    """Empty means "not set" to the modules (the system's CAs): see test_module.py."""
    env = awx_credential.injected_env(credential_type, {'api_token': 'tot_secret'}, str(tmp_path))
    assert env['TRANSACTIONLINK_CA_PATH'] == ''


def test_api_url_defaults_to_the_public_api(credential_type):
    env = awx_credential.injected_env(credential_type, {'api_token': 'tot_secret'})
    assert env['TRANSACTIONLINK_API_URL'] == 'https://api.transactionlink.io'


def test_token_is_required(credential_type):
    with pytest.raises(ValueError, match='api_token'):
        awx_credential.injected_env(credential_type, {'api_url': 'https://tl.example.com'})
