# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin loaded the way ansible loads it (by FQCN, with its option definitions).

``inventory_plugin()`` returns a fresh instance from ansible's plugin loader:
options, the constructed features and the cache work as under
``ansible-inventory``. The collection loader is installed once for the
collection tree tests/conftest.py put on sys.path (ansible-test units does the
same).
"""

import os
import sys

import pytest

from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.utils.collection_loader import AnsibleCollectionConfig
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

FQCN = 'transactionlink.access.workspaces'


def _collections_path():
    for entry in sys.path:
        if os.path.isdir(os.path.join(entry, 'ansible_collections', 'transactionlink', 'access')):
            return entry
    raise RuntimeError('no collection tree on sys.path (tests/conftest.py puts one there)')


@pytest.fixture(scope='session')
def collection_loader():
    if AnsibleCollectionConfig.collection_finder is None:
        # Packages imported before, as plain namespace packages, lack the collection metadata the plugin loader
        # needs: drop them (modules stay, so every test keeps using the same module objects).
        for name in [n for n in sys.modules if n == 'ansible_collections' or n.startswith('ansible_collections.')]:
            if getattr(sys.modules[name], '__file__', None) is None:
                del sys.modules[name]
        _AnsibleCollectionFinder(paths=[_collections_path()])._install()
    return AnsibleCollectionConfig.collection_finder


@pytest.fixture
def inventory_plugin(collection_loader):
    from ansible.plugins.loader import inventory_loader

    def new():
        plugin = inventory_loader.get(FQCN)
        assert plugin is not None, 'ansible cannot load %s' % FQCN
        return plugin
    return new


@pytest.fixture
def parse(inventory_plugin, tmp_path, monkeypatch):
    """``parse(config_text, token='admin' or None, name='demo.transactionlink.yml')`` -> (InventoryData, plugin)."""
    def run(config, tl_api=None, token='admin', name='demo.transactionlink.yml', cache=True):
        monkeypatch.delenv('TRANSACTIONLINK_API_TOKEN', raising=False)
        monkeypatch.delenv('TRANSACTIONLINK_API_URL', raising=False)
        if tl_api is not None:
            monkeypatch.setenv('TRANSACTIONLINK_API_URL', tl_api.url)
            if token is not None:
                monkeypatch.setenv('TRANSACTIONLINK_API_TOKEN', tl_api.tokens.get(token, token))
        path = tmp_path / name
        path.write_text(config)
        inventory = InventoryData()
        plugin = inventory_plugin()
        if tl_api is not None:
            plugin.client_inject = tl_api.inject()  # the client answers from the in-process emulator app
        plugin.parse(inventory, DataLoader(), str(path), cache=cache)
        try:
            plugin.update_cache_if_changed()  # what ansible's InventoryManager does after each parse
        except AttributeError:  # no cache configured (the manager ignores it the same way)
            pass
        return inventory, plugin
    return run
