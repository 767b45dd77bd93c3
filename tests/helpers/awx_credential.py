"""Render the AWX credential type in awx/credential_type.yml the way AWX does.

AWX fills each field the credential leaves empty with the field's default
(the UI pre-fills it; a field with no default and no value is not in the
template namespace), checks the required fields, writes each ``file`` injector
template to a private file, then renders the ``env`` injector templates with
Jinja2 in an immutable sandbox (``tower.filename`` names the file). The tests use this instead of
writing the environment by hand, so the credential type file is what is tested.
"""

import os
import tempfile

import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
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


def injected_env(credential_type, given, private_dir=None):
    """The environment variables a job gets from a credential with inputs GIVEN.

    The ``file`` injector is rendered the way AWX does it: each template is
    written to a file only its owner can read, in PRIVATE_DIR (a new temporary
    directory when None), and its path is ``tower.filename`` (one ``template``)
    or ``tower.filename.<name>`` (``template.<name>``) in the env templates.
    """
    inputs = credential_inputs(credential_type, given)
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    files = credential_type['injectors'].get('file', {})
    filenames = {}
    if files:
        private_dir = private_dir or tempfile.mkdtemp(prefix='awx-credential-')
        for key, template in sorted(files.items()):
            if key != 'template' and not key.startswith('template.'):
                raise ValueError('file injector keys are template or template.<name>, not %r' % key)
            handle, path = tempfile.mkstemp(prefix='cred-', dir=private_dir)
            with os.fdopen(handle, 'w') as out:
                out.write(sandbox.from_string(template).render(**inputs))
            os.chmod(path, 0o600)
            filenames[key] = path
    namespace = dict(inputs)
    if 'template' in filenames:
        namespace['tower'] = {'filename': filenames['template']}
    elif filenames:
        namespace['tower'] = {'filename': {key.split('.', 1)[1]: path for key, path in filenames.items()}}
    return {name: sandbox.from_string(template).render(**namespace)
            for name, template in credential_type['injectors'].get('env', {}).items()}
