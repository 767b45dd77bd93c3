# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-process tier: a module's main() against the emulator app, in this process.

``InProcessEmulator`` is the emulator's Flask app with the same admin methods
as the emulator process (``reset``, ``requests``, ``writes``, ``state``,
``set_faults``, ``add_token``...), so a test reads the same either way.
``run_module(emulator, name, params, ...)`` runs
``plugins/modules/<name>.py``'s ``main()`` as Ansible would (arguments in,
JSON on stdout, SystemExit), with the client's session answered by the app
through ``WSGIAdapter``: no port, no subprocess, no copy of the collection.
Waits are recorded instead of slept, so faults are deterministic. All of it is
given to the module through its constructor: ``main(**emulator.inject())``,
nothing in the collection is patched.
"""

import contextlib
import importlib
import io
import json
import threading

import pytest
import requests
from ansible.module_utils.common import warnings

from emulator.app import create_app
from emulator.process import EmulatorServer
from emulator.seed import all_tokens
from emulator.store import Store
from emulator.transport import WSGIAdapter

# A loopback URL nothing listens on (the discard port): never contacted; requests to it are answered by the app
# in-process, and a test that reaches the network with it fails at once.
UNUSED_URL = 'http://127.0.0.1:9'
URL = UNUSED_URL
MODULES = 'ansible_collections.transactionlink.access.plugins.modules.'
# A test (or, as ``pytestmark``, a file) marked with it runs against the emulator lenient and in strict mode, where a
# page size over 100 and an undocumented query parameter are refused (400): for everything that reads users or enrollments.
BOTH_MODES = pytest.mark.parametrize('tl_api', [False, True], ids=['lenient', 'strict'], indirect=True)


class InProcessEmulator:
    """The emulator app in this process, demo seed, no state file."""

    url = URL

    def __init__(self, strict=False):
        """STRICT: the emulator's strict mode (a page size over 100 or an undocumented query parameter is a 400)."""
        self.app = create_app(Store(), strict=strict)
        self.emulator = self.app.config['EMULATOR']
        self.tokens = all_tokens()
        self.sleeps = []  # every wait of a client, in seconds, in order
        self._now = 0.0
        self._clock_lock = threading.Lock()

    def sleep(self, seconds):
        """What a client does instead of sleeping: record the wait, and move the clock on by it."""
        with self._clock_lock:
            self.sleeps.append(seconds)
            self._now += max(0.0, seconds)

    def clock(self):
        """A monotonic clock that only moves when a client waits."""
        with self._clock_lock:
            return self._now

    def session(self):
        """A requests session answered by the app (what the client gets instead of a real one)."""
        session = requests.Session()
        session.trust_env = False
        adapter = WSGIAdapter(self.app)
        session.mount('http://', adapter)
        session.mount('https://', adapter)
        return session

    def inject(self):
        """What a client (``TransactionLinkClient(..., **inject())``) or a module (``main(**inject())``) is given."""
        return {'session': self.session(), 'sleep': self.sleep, 'clock': self.clock}

    def call(self, method, path, body=None):
        """Call an admin route (path relative to /_emulator); return the decoded JSON or None."""
        response = self.app.test_client().open('/_emulator' + path, method=method, json=body)
        if response.status_code >= 400:
            raise AssertionError('emulator admin %s %s: %s %s' % (method, path, response.status_code, response.get_data(as_text=True)))
        return response.get_json(silent=True)

    # The admin API, as the emulator process offers it.
    reset = EmulatorServer.reset
    requests = EmulatorServer.requests
    clear_requests = EmulatorServer.clear_requests
    writes = EmulatorServer.writes
    state = EmulatorServer.state
    set_faults = EmulatorServer.set_faults
    clear_faults = EmulatorServer.clear_faults
    add_token = EmulatorServer.add_token

    def sent(self):
        """[(method, path)] of every API request since the last reset or clear."""
        return [(r['method'], r['path']) for r in self.requests()['requests']]


def _message(warning):
    """A warning's text: a plain string before ansible-core 2.19, a serialized summary object since."""
    if isinstance(warning, dict):
        event = warning.get('event') or warning
        return event.get('msg', str(warning))
    return warning


@contextlib.contextmanager
def as_module_process():
    """Run as a module process, even when controller code was imported into this test process before.

    Since ansible-core 2.19 a warning goes to the controller's display instead of
    the module's result once the process counts as the controller.
    """
    try:
        from ansible.module_utils import _internal
    except ImportError:  # ansible-core < 2.19: no such switch
        yield
        return
    saved = getattr(_internal, 'is_controller', False)
    _internal.is_controller = False
    try:
        yield
    finally:
        _internal.is_controller = saved


@contextlib.contextmanager
def module_args(args):
    """Give ARGS to the next AnsibleModule, whatever the ansible-core version (2.16 to 2.21)."""
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
    except ImportError:
        from unittest import mock
        from ansible.module_utils import basic
        with mock.patch.object(basic, '_ANSIBLE_ARGS', json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')):
            yield
        return
    with patch_module_args(args):
        yield


def run_module(emulator, name, params, check=False, diff=False, token='admin', verbosity=0, main_kwargs=None):
    """Run module NAME's main() with PARAMS; return its result as Ansible gets it.

    EMULATOR is an InProcessEmulator (its session, sleep and clock are given
    to main()) or the emulator process (a real session, real waits).

    TOKEN is a name in emulator.tokens, a literal token, or None (then PARAMS
    or the environment must give one). MAIN_KWARGS are passed to main() (what a
    module takes by argument injection, such as a clock). The result has ``failed: true`` when
    the module failed; ``rc`` is the exit status and ``stdout`` what it printed.
    """
    args = {'api_url': emulator.url}
    if token is not None:
        args['api_token'] = emulator.tokens.get(token, token)
    args.update(params)
    args.update({'_ansible_check_mode': check, '_ansible_diff': diff, '_ansible_verbosity': verbosity,
                 '_ansible_tmpdir': None, '_ansible_keep_remote_files': False})
    module = importlib.import_module(MODULES + name)
    # AnsibleModule keeps warnings in module-level globals: one process runs one module, but here many do.
    warnings._global_warnings.clear()  # pylint: disable=protected-access
    warnings._global_deprecations.clear()  # pylint: disable=protected-access
    out, rc = io.StringIO(), None
    with module_args(args), as_module_process(), contextlib.redirect_stdout(out):
        try:
            kwargs = dict(emulator.inject() if hasattr(emulator, 'inject') else {})
            kwargs.update(main_kwargs or {})
            module.main(**kwargs)
        except SystemExit as exc:
            rc = exc.code or 0
        else:
            raise AssertionError('%s main() returned without exit_json or fail_json' % name)
    stdout = out.getvalue()
    result = json.loads(stdout[stdout.index('{'):])
    result['warnings'] = [_message(w) for w in result.get('warnings', [])]
    result['rc'] = rc
    result['stdout'] = stdout
    return result
