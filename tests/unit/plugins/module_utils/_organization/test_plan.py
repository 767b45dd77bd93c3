# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_organization.plan: what an organization_user task writes, decided without the API."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._organization import plan
from ansible_collections.transactionlink.access.plugins.module_utils import results
from ansible_collections.transactionlink.access.plugins.module_utils._organization.records import OrgRole, OrgUser, Profile
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

ROLES = [OrgRole('r-owner', 'owner'), OrgRole('r-admin', 'admin'), OrgRole('r-member', 'member')]
U1, U2, U3 = ('00000000-0000-4000-8000-00000000000%d' % n for n in (1, 2, 3))
OWNER = OrgUser(U1, 'olivia@example.com', 'r-owner', Profile('Olivia', 'Owner', 'COO'))
ADMIN = OrgUser(U2, 'adam@example.com', 'r-admin', Profile('Adam', 'Admin', None))
MEMBER = OrgUser(U3, 'alice@example.com', 'r-member', Profile('Alice', 'Martin', 'Analyst'))
USERS = [OWNER, ADMIN, MEMBER]


def changes(*items, **task):
    return plan.plan(plan.requested(dict({'users': list(items)}, **task)), USERS, ROLES)


def test_only_given_fields_change_and_the_profile_is_merged():
    found = changes({'user': 'ALICE@example.com', 'title': 'Lead'}, {'user': U2.upper()})
    assert [(c.role_changed, c.profile_changed) for c in found] == [(False, True), (False, False)]
    assert found[0].profile_after == Profile('Alice', 'Martin', 'Lead')
    assert results.organization_actions(found) == [{
        'user_id': U3, 'email': 'alice@example.com', 'action': 'profile_changed',
        'before': {'first_name': 'Alice', 'last_name': 'Martin', 'title': 'Analyst'},
        'after': {'first_name': 'Alice', 'last_name': 'Martin', 'title': 'Lead'}}]


def test_the_task_role_is_the_default_of_each_item():
    found = changes({'user': 'adam@example.com'}, {'user': 'alice@example.com', 'org_role': 'admin'}, org_role='member')
    assert [(c.role_before.name, c.role_after.name) for c in found] == [('admin', 'member'), ('member', 'admin')]


def test_promotions_to_owner_are_written_before_the_rest():
    found = changes({'user': 'olivia@example.com', 'org_role': 'member'}, {'user': 'alice@example.com', 'org_role': 'owner'})
    first, then = plan.write_order(found)
    assert [c.user.id for c in first] == [U3] and [c.user.id for c in then] == [U1]


@pytest.mark.parametrize('items, message', [
    ([{'user': 'olivia@example.com', 'org_role': 'admin'}], 'users[0] (olivia@example.com) would leave the organization without an owner'),
    ([{'user': 'olivia@example.com', 'org_role': 'member'}, {'user': 'adam@example.com', 'org_role': 'owner'},
      {'user': 'adam@example.com'}], 'users[2]: user adam@example.com is listed twice (users[1] and users[2])'),
    ([{'user': 'bob@example.com'}], "users[0]: user 'bob@example.com' not found in the organization"),
    ([{'user': 'alice@example.com', 'org_role': 'root'}], "users[0]: organization role 'root' not found; available: admin, member, owner"),
])
def test_refusals_name_the_item(items, message):
    with pytest.raises(InputError) as info:
        changes(*items)
    assert message in str(info.value)


def test_describe_words_each_action_once_for_every_report():
    found = changes({'user': 'adam@example.com', 'org_role': 'member', 'title': 'Ex-admin'})
    lines = [results.describe_organization(a, check_mode=True) for a in results.organization_actions(found)]
    assert lines == ['adam@example.com: organization role admin would change to member: inherited access to every '
                     'workspace would end', "adam@example.com: profile would change (title None -> 'Ex-admin')"]
    assert results.describe_organization(results.organization_actions(found)[0]).endswith('changed to member: inherited access to every workspace ended')
