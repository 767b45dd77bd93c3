# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading memberships: filters and inherited access."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._membership.query import query, user_refs

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


def test_an_empty_user_filter_lists_nobody_and_reads_no_member_list(tl_api):
    assert query(directory_for(tl_api), user=[], include_inherited=True) == []
    assert [r['path'] for r in tl_api.requests()['requests']] == ['/organizations/workspaces']
    assert query(directory_for(tl_api), user=None) != []  # no filter: everybody


@pytest.mark.parametrize('user, message', [
    ([None], r'^user\[0\] is empty'), (['a@example.com', '  '], r'^user\[1\] is empty'),
    ([{'email': 'a@example.com'}], r"^user\[0\] is of type dict \(\{'email': 'a@example.com'\}\), not a user"),
])
def test_user_refs_names_the_bad_entry(user, message):
    with pytest.raises(InputError, match=message):
        user_refs(user)


def test_user_refs_takes_one_string_or_a_list():
    assert user_refs('a@example.com') == ['a@example.com'] and user_refs(['a', 'b']) == ['a', 'b'] and user_refs([]) == []


def test_an_unknown_user_is_named_by_its_index(tl_api):
    with pytest.raises(InputError, match=r"^user\[1\]: user 'nobody@example.com' not found"):
        query(directory_for(tl_api), user=['dana.kowalski@example.com', 'nobody@example.com'])
