# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the in-process tier (see tests/helpers/inprocess.py).

- ``tl_api``: the emulator app in this process, demo seed, fresh per test (in strict mode too for a
  test marked ``@inprocess.BOTH_MODES``).
  ``tl_api.inject()`` is what a client or a module's ``main()`` is given to
  talk to it: its session, and a sleep that records each wait in
  ``tl_api.sleeps`` instead of sleeping, with a clock that moves on by it.
- ``https_emulator``: the emulator as a server over HTTPS (one per test session, reset for each test), its
  certificate signed by a private CA made now (``https_emulator.ca_file``).
- ``run_module(name, params, check=False, diff=False, token='admin', main_kwargs=None)``: a module's
  main() (given MAIN_KWARGS too, such as ``now``) against it; returns the result dict (``failed``, ``rc``, ``stdout`` too).
"""

import pytest

from emulator.process import EmulatorServer
from helpers.inprocess import InProcessEmulator, run_module as _run_module


@pytest.fixture
def tl_api(request):
    """The emulator in this process; ``inprocess.BOTH_MODES`` runs a test against it lenient and strict."""
    return InProcessEmulator(strict=getattr(request, 'param', False))


@pytest.fixture
def run_module(tl_api):
    def run(name, params, check=False, diff=False, token='admin', verbosity=0, main_kwargs=None):
        return _run_module(tl_api, name, params, check=check, diff=diff, token=token, verbosity=verbosity,
                           main_kwargs=main_kwargs)
    return run


@pytest.fixture(scope='session')
def _https_server(tmp_path_factory):
    server = EmulatorServer(str(tmp_path_factory.mktemp('emulator-tls')), tls=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def https_emulator(_https_server):
    """The emulator over HTTPS, its certificate signed by a private CA made now (server.ca_file), demo seed, reset."""
    _https_server.reset()
    return _https_server
