# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helpers of transactionlink.access, imported as a package.

``tests/`` is on the import path by configuration (pyproject.toml,
``[tool.pytest.ini_options] pythonpath = ["tests"]``; outside pytest:
``PYTHONPATH=tests``), so a test imports::

    from helpers import ansible_runs            # running ansible / ansible-playbook
    from helpers import awx_credential          # the AWX credential type, rendered
    from emulator import seed                   # the API emulator (tests/emulator)
    from emulator.process import EmulatorServer

and the collection as ``ansible_collections.transactionlink.access...`` (the
collection tree is put on sys.path by tests/conftest.py).
"""
