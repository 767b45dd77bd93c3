# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin loaded the way ansible loads it (by FQCN, with its option definitions): helpers/inventory.py.

The collection loader is installed once for the collection tree tests/conftest.py
put on sys.path (ansible-test units does the same).
"""

import pytest

from helpers import inventory as inventory_helper


@pytest.fixture(scope='session')
def collection_loader():
    return inventory_helper.install_collection_loader()


@pytest.fixture
def inventory_plugin(collection_loader):
    return inventory_helper.plugin


@pytest.fixture
def parse(collection_loader, tmp_path, monkeypatch):
    """``parse(config_text, tl_api=None, token='admin' or None, name='demo.transactionlink.yml')`` -> (InventoryData, plugin).

    With TL_API, its URL and TOKEN are in the environment, and the plugin's client
    gets its session, sleep and clock (``InventoryModule.client_kwargs``).
    """
    def run(config, tl_api=None, token='admin', name='demo.transactionlink.yml', cache=True):
        monkeypatch.delenv('TRANSACTIONLINK_API_TOKEN', raising=False)
        monkeypatch.delenv('TRANSACTIONLINK_API_URL', raising=False)
        if tl_api is not None:
            monkeypatch.setenv('TRANSACTIONLINK_API_URL', tl_api.url)
            if token is not None:
                monkeypatch.setenv('TRANSACTIONLINK_API_TOKEN', tl_api.tokens.get(token, token))
        return inventory_helper.parse(config, tmp_path, tl_api=tl_api, name=name, cache=cache)
    return run
