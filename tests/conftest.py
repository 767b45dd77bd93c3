# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest fixtures: the collection tree, the API emulator, ansible runs.

- ``collection_tree`` (session): ``.../ansible_collections/transactionlink/access``.
  ``TL_COLLECTION_TREE`` names one; else the checkout itself when it already
  sits in such a tree; else a copy built once per session with
  ``scripts/collection_tree.py``. The directory holding ``ansible_collections``
  goes first on ``sys.path`` when this file is imported, so unit tests can
  ``from ansible_collections.transactionlink.access.plugins.module_utils import ...``.
- ``emulator_server`` (session): the emulator as a real process (demo seed).
- ``emulator`` (function): the same, reset: demo data, empty log, no faults.
- ``run_playbook`` / ``run_ansible`` (function): ``ansible-playbook`` /
  ``ansible`` from this interpreter's bin directory, against localhost, with
  the emulator's URL and a token in the environment.
"""

import atexit
import importlib.util
import json
import os
import shutil
import sys
import tempfile

import pytest

try:
    from hypothesis import settings as hypothesis_settings
except ImportError:  # hypothesis is in requirements-dev.txt and requirements-matrix.txt
    hypothesis_settings = None

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
# tests/ is the import root: pyproject.toml ([tool.pytest.ini_options] pythonpath) says so for
# pytest, but `ansible-test units` runs pytest with a configuration of its own.
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from emulator import seed as emulator_seed  # noqa: E402 pylint: disable=wrong-import-position
from emulator.process import EmulatorServer  # noqa: E402 pylint: disable=wrong-import-position
from helpers import ansible_runs  # noqa: E402 pylint: disable=wrong-import-position

REPO_ROOT = os.path.dirname(TESTS_DIR)
NAMESPACE, NAME = 'transactionlink', 'access'


def pytest_configure(config):
    """The markers of pyproject.toml, declared again for `ansible-test units` (which does not read it)."""
    for line in ('smoke: the integration smoke every ansible-core of the matrix runs (nox -s smoke-<version>)',
                 'slow: expensive and independent of the ansible-core version: runs in the units session only'):
        config.addinivalue_line('markers', line)


def _in_collection_tree(path):
    """True when PATH is .../ansible_collections/transactionlink/access."""
    parts = os.path.abspath(path).split(os.sep)
    return parts[-3:] == ['ansible_collections', NAMESPACE, NAME]


def _build_collection_tree():
    """Path of the collection tree to test, built (once) when there is none."""
    given = os.environ.get('TL_COLLECTION_TREE')
    if given:
        if not _in_collection_tree(given) or not os.path.isdir(given):
            raise RuntimeError('TL_COLLECTION_TREE must be an existing .../ansible_collections/%s/%s directory, not %r' % (NAMESPACE, NAME, given))
        return os.path.abspath(given)
    if _in_collection_tree(REPO_ROOT):
        return REPO_ROOT
    spec = importlib.util.spec_from_file_location('tl_collection_tree', os.path.join(REPO_ROOT, 'scripts', 'collection_tree.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dest = tempfile.mkdtemp(prefix='tl-collection-')
    atexit.register(shutil.rmtree, dest, True)
    return module.build(dest)


if hypothesis_settings is not None:
    # No timed assertion: hypothesis's per-example deadline is off for every
    # property test (a busy machine must not fail a test); print_blob lets a
    # failure be replayed with @reproduce_failure.
    hypothesis_settings.register_profile('transactionlink', deadline=None, print_blob=True)
    hypothesis_settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'transactionlink'))


COLLECTION_TREE = _build_collection_tree()
COLLECTIONS_PATH = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION_TREE)))
if COLLECTIONS_PATH in sys.path:
    sys.path.remove(COLLECTIONS_PATH)
sys.path.insert(0, COLLECTIONS_PATH)


@pytest.fixture(scope='session')
def collection_tree():
    """Path of .../ansible_collections/transactionlink/access (built once per session)."""
    return COLLECTION_TREE


@pytest.fixture(scope='session')
def emulator_server(tmp_path_factory):
    """The emulator, started once per session (demo seed), stopped at the end."""
    server = EmulatorServer(str(tmp_path_factory.mktemp('emulator')))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def emulator(emulator_server):
    """The emulator, reset for this test: demo data, empty request log, no faults."""
    if emulator_server.process is None or emulator_server.process.poll() is not None:
        emulator_server.start()  # a test stopped it (or it died): start it again
    emulator_server.reset()
    emulator_server.tokens = emulator_seed.all_tokens()
    return emulator_server


def _env(emulator, token, callback, env):
    """TOKEN is a name in emulator.tokens, a literal token, or None (no token in the environment)."""
    value = None if token is None else emulator.tokens.get(token, token)
    return ansible_runs.ansible_env(COLLECTIONS_PATH, emulator.url, value, callback, env)


@pytest.fixture
def run_playbook(emulator, tmp_path):
    """``run_playbook(playbook, *, extra_vars, check, diff, verbosity, token='admin', env, callback='json', inventory, cwd, args)``.

    PLAYBOOK is a path or a YAML string. TOKEN is a name in ``emulator.tokens``
    (or a literal token; None: no TRANSACTIONLINK_API_TOKEN). Returns an
    AnsibleRun: ``rc``, ``stdout``, ``stderr``; with the json callback also
    ``results`` (localhost task results in order, each with ``task_name``) and ``stats``.
    """
    def run(playbook, *, extra_vars=None, check=False, diff=False, verbosity=0, token='admin', env=None, callback='json',
            inventory=None, cwd=None, args=()):
        if '\n' in playbook:  # YAML text, not a path
            handle, path = tempfile.mkstemp(prefix='playbook-', suffix='.yml', dir=str(tmp_path))
            with os.fdopen(handle, 'w') as out:
                out.write(playbook)
            playbook = path
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')]
        command += ansible_runs.common_args(extra_vars, check, diff, verbosity, inventory) + list(args) + [playbook]
        rc, stdout, stderr = ansible_runs.run(command, _env(emulator, token, callback, env), cwd or str(tmp_path))
        return ansible_runs.AnsibleRun(command, rc, stdout, stderr, callback)
    return run


@pytest.fixture
def run_ansible(emulator, tmp_path):
    """``run_ansible(module, module_args='', *, check, diff, verbosity, token='admin', env, callback='json', inventory, cwd, args)``.

    Ad-hoc ``ansible localhost -m MODULE -a MODULE_ARGS``; MODULE_ARGS is a
    string or a dict (sent as JSON). Returns an AnsibleRun like run_playbook.
    """
    def run(module, module_args='', *, check=False, diff=False, verbosity=0, token='admin', env=None, callback='json',
            inventory=None, cwd=None, args=()):
        if isinstance(module_args, dict):
            module_args = json.dumps(module_args)
        command = [os.path.join(os.path.dirname(sys.executable), 'ansible'), 'localhost', '-m', module]
        if module_args:
            command += ['-a', module_args]
        command += ansible_runs.common_args(None, check, diff, verbosity, inventory) + list(args)
        rc, stdout, stderr = ansible_runs.run(command, _env(emulator, token, callback, env), cwd or str(tmp_path))
        return ansible_runs.AnsibleRun(command, rc, stdout, stderr, callback)
    return run
