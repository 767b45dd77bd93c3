# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the in-process tier (see tests/inprocess.py).

- ``tl_api``: the emulator app in this process, demo seed, fresh per test. Every
  client made during the test talks to it (``client.new_session`` is
  replaced) and records its waits in ``tl_api.sleeps`` instead of sleeping;
  its clock (``client.default_clock``) moves on by each recorded wait.
- ``run_module(name, params, check=False, diff=False, token='admin', main_kwargs=None)``: a module's
  main() (given MAIN_KWARGS, such as ``clock``) against it; returns the result dict (``failed``, ``rc``, ``stdout`` too).
"""

import pytest

from inprocess import InProcessEmulator, run_module as _run_module

from ansible_collections.transactionlink.access.plugins.module_utils import client as client_module


@pytest.fixture
def tl_api(monkeypatch):
    emulator = InProcessEmulator()
    monkeypatch.setattr(client_module, 'new_session', emulator.session)
    monkeypatch.setattr(client_module, 'default_sleep', emulator.sleep)
    monkeypatch.setattr(client_module, 'default_clock', emulator.clock)
    return emulator


@pytest.fixture
def run_module(tl_api):
    def run(name, params, check=False, diff=False, token='admin', verbosity=0, main_kwargs=None):
        return _run_module(tl_api, name, params, check=check, diff=diff, token=token, verbosity=verbosity,
                           main_kwargs=main_kwargs)
    return run
