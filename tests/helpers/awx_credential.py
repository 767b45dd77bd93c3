"""Render the AWX credential type in awx/credential_type.yml the way AWX does.

AWX fills each field the credential leaves empty with the field's default
(the UI pre-fills it), checks the required fields, then renders every injector
template with Jinja2 in an immutable sandbox. The tests use this instead of
writing the environment by hand, so the credential type file is what is tested.
"""

import os

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPE = os.path.join(REPO, 'awx', 'credential_type.yml')


def load(path=CREDENTIAL_TYPE):
    with open(path) as handle:
        return yaml.safe_load(handle)


def credential_inputs(credential_type, given):
    """The credential's inputs: GIVEN plus the defaults of the fields not given."""
    fields = credential_type['inputs']['fields']
    known = {field['id'] for field in fields}
    unknown = set(given) - known
    if unknown:
        raise ValueError('not fields of the credential type: %s' % ', '.join(sorted(unknown)))
    inputs = {field['id']: field['default'] for field in fields if 'default' in field}
    inputs.update(given)
    missing = [name for name in credential_type['inputs'].get('required', []) if not inputs.get(name)]
    if missing:
        raise ValueError('required inputs missing: %s' % ', '.join(missing))
    return inputs


def injected_env(credential_type, given):
    """The environment variables a job gets from a credential with inputs GIVEN."""
    inputs = credential_inputs(credential_type, given)
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    return {name: sandbox.from_string(template).render(**inputs)
            for name, template in credential_type['injectors'].get('env', {}).items()}
