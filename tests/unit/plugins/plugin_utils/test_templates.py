# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Jinja would read as a template: the inventory plugin and the converge pass template only that."""

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._templates import holds_template

ALICE = 'alice.martin@example.com'


@pytest.mark.parametrize('value, holds', [
    ([{'user': ALICE, 'role': 'Viewer'}], False), ({'a': [1, None, True, 'x{y}']}, False), (None, False),
    ('{{ team }}', True), ([{'user': '{{ lead }}'}], True), ({'{% raw %}': 1}, True), (('{# note #}',), True),
])
def test_what_could_be_a_template(value, holds):
    assert holds_template(value) is holds
