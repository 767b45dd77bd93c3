# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.exact_host_limit: the limit it makes selects exactly the drifted host, as Ansible reads it."""

import pytest

from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader

from helpers import eda

NAMES = ['Customer Support', 'Customer', 'Support', 'Payments, EU', 'Payments', 'EU', 'Risk:2026', 'Risk', '2026',
         'Ops [old]', 'Ops*', 'Ops', '~Ops', '!Ops', '&Ops', 'Zürich desk', 'Zürich', 'a.b', 'axb', 'all ', ' Risk']


@pytest.fixture(scope='module')
def limit_filter(collection_tree):
    return eda.load(collection_tree, 'event_filter', 'exact_host_limit')


@pytest.fixture(scope='module')
def inventory():
    """An inventory holding a host of each name (added as the inventory plugin adds them: names as they are)."""
    manager = InventoryManager(loader=DataLoader(), sources=[])
    for name in NAMES:
        manager.add_host(name, group='all')
    assert sorted(h.name for h in manager.get_hosts()) == sorted(NAMES)
    return manager


@pytest.mark.parametrize('name', NAMES)
def test_the_limit_selects_that_host_alone(limit_filter, inventory, name):
    event = limit_filter['main']({'transactionlink': {'workspace': name}, 'meta': {'hosts': name}})
    inventory.clear_pattern_cache()
    inventory.subset(event['meta']['hosts'])
    try:
        assert [h.name for h in inventory.get_hosts()] == [name]
    finally:
        inventory.subset(None)


def test_a_list_of_hosts_becomes_a_list_of_patterns_and_other_events_pass_unchanged(limit_filter, inventory):
    event = limit_filter['main']({'meta': {'hosts': ['Customer Support', 'Risk']}})
    inventory.clear_pattern_cache()
    inventory.subset(','.join(event['meta']['hosts']))  # what ansible-rulebook passes as --limit
    try:
        assert sorted(h.name for h in inventory.get_hosts()) == ['Customer Support', 'Risk']
    finally:
        inventory.subset(None)
    assert limit_filter['main']({'i': 1}) == {'i': 1}
    assert limit_filter['main']({'meta': {'source': {'name': 'x'}}}) == {'meta': {'source': {'name': 'x'}}}
