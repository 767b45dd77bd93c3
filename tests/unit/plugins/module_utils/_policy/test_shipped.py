# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shipped policies the module carries are the files users read and give to opa eval / conftest."""

import os

from ansible_collections.transactionlink.access.plugins.module_utils._policy.shipped import SHIPPED

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))))
POLICIES = os.path.join(REPO, 'policies')


def test_the_module_carries_exactly_the_shipped_rego_files():
    on_disk = sorted(name for name in os.listdir(POLICIES) if name.endswith('.rego'))
    assert sorted(SHIPPED) == on_disk
    for name in on_disk:
        with open(os.path.join(POLICIES, name), encoding='utf-8') as handle:
            assert SHIPPED[name] == handle.read(), (
                'plugins/module_utils/_policy/shipped.py differs from policies/{0}: copy the file into it'.format(name))
