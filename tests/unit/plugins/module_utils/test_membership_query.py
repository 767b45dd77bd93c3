# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading memberships: filters and inherited access."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.membership_query import query

from helpers.api import directory_for


def test_inherited_access_is_what_only_the_organization_list_has(tl_api):
    rows = query(directory_for(tl_api), 'Compliance', include_inherited=True)
    assert [(r['user_email'], r['role_name'], r['inherited']) for r in rows] == [
        ('adam.admin@example.com', 'Admin', True), ('dana.kowalski@example.com', 'Admin', False),
        ('olivia.owner@example.com', 'Admin', True)]


def test_without_include_inherited_only_direct_memberships(tl_api):
    assert all(not r['inherited'] for r in query(directory_for(tl_api)))


def test_a_role_name_nobody_has_gives_an_empty_list(tl_api):
    assert query(directory_for(tl_api), 'Customer Support', role='Viewer') == []


def test_a_role_name_no_workspace_has_is_an_error(tl_api):
    with pytest.raises(InputError, match="role 'Owner' not found in workspace 'Risk'"):
        query(directory_for(tl_api), 'Risk', role='Owner')
