# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transactionlink.access.workspaces inventory plugin, in this process, as ansible loads it.

``plugin()`` returns a fresh instance from ansible's plugin loader (by FQCN,
with its option definitions), so options, the constructed features and the
cache work as under ``ansible-inventory``. ``parse()`` runs one configuration
file through it, optionally against an in-process emulator (its session, sleep
and clock reach the plugin's client through ``InventoryModule.client_kwargs``).
"""

import os
import sys

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


def install_collection_loader():
    """Ansible's collection loader, for the collection tree tests/conftest.py put on sys.path (once)."""
    if AnsibleCollectionConfig.collection_finder is None:
        # Packages imported before, as plain namespace packages, lack the collection metadata the plugin loader
        # needs: drop them (modules stay, so every test keeps using the same module objects).
        for name in [n for n in sys.modules if n == 'ansible_collections' or n.startswith('ansible_collections.')]:
            if getattr(sys.modules[name], '__file__', None) is None:
                del sys.modules[name]
        _AnsibleCollectionFinder(paths=[_collections_path()])._install()
    return AnsibleCollectionConfig.collection_finder


def plugin():
    """A fresh instance of the plugin from ansible's inventory loader."""
    install_collection_loader()
    from ansible.plugins.loader import inventory_loader
    loaded = inventory_loader.get(FQCN)
    assert loaded is not None, 'ansible cannot load %s' % FQCN
    return loaded


def parse(config, directory, tl_api=None, name='demo.transactionlink.yml', cache=True):
    """Write CONFIG (text) to DIRECTORY/NAME and parse it: (InventoryData, plugin). The environment is the caller's."""
    path = os.path.join(str(directory), name)
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(config)
    inventory = InventoryData()
    instance = plugin()
    if tl_api is not None:  # the client talks to the app in this process, and waits on its clock
        instance.client_kwargs = {'session': tl_api.session(), 'sleep': tl_api.sleep, 'clock': tl_api.clock}
    instance.parse(inventory, DataLoader(), path, cache=cache)
    try:
        instance.update_cache_if_changed()  # what ansible's InventoryManager does after each parse
    except AttributeError:  # no cache configured (the manager ignores it the same way)
        pass
    return inventory, instance
