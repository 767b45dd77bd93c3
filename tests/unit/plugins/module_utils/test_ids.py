# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one canonical form of an id (plugins/module_utils/ids.py)."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid

UUID = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b'


@pytest.mark.parametrize('value, expected', [
    (UUID, True), (UUID.upper(), True), ('  %s\n' % UUID, True),
    (UUID[:-1], False), (UUID + '0', False), (UUID.replace('-', ''), False), ('alice@example.com', False),
    ('', False), (None, False), (42, False), ([UUID], False),
])
def test_is_uuid_takes_only_uuid_strings(value, expected):
    assert is_uuid(value) is expected


def test_canonical_id_strips_and_lowers_a_uuid_and_leaves_anything_else_as_it_is():
    assert canonical_id(' %s ' % UUID.upper()) == UUID
    assert canonical_id(UUID) == UUID
    assert canonical_id('Alice@Example.com') == 'Alice@Example.com'  # a name is not an id: kept as given
    assert canonical_id(None) is None  # a missing field stays visibly missing
    assert canonical_id(7) == 7
