# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the module turns its options into the memberships it converges."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.modules.workspace_membership import requested_items


def params(**kw):
    base = {'workspace': None, 'user': None, 'role': None, 'state': 'present', 'members': None, 'exclusive': False}
    base.update(kw)
    return base


def member(user, role=None, state=None, workspace=None):
    return {'user': user, 'role': role, 'state': state, 'workspace': workspace}


def test_single_user_mode():
    assert requested_items(params(workspace='Risk', user='a@example.com', role='Viewer')) == [
        {'user': 'a@example.com', 'role': 'Viewer', 'state': 'present', 'workspace': 'Risk', 'label': 'the task'}]


def test_items_default_to_the_task_workspace_and_state():
    items = requested_items(params(workspace='Risk', state='absent', members=[
        member('a@example.com'), member('b@example.com', 'Admin', 'present', 'Payments')]))
    assert [(i['user'], i['workspace'], i['state']) for i in items] == [
        ('a@example.com', 'Risk', 'absent'), ('b@example.com', 'Payments', 'present')]


def test_an_item_without_workspace_names_itself():
    with pytest.raises(InputError, match=r'members\[1\] \(user b@example.com\) names no workspace'):
        requested_items(params(members=[member('a@example.com', 'Viewer', workspace='Risk'), member('b@example.com', 'Viewer')]))


def test_present_without_role_says_what_to_give():
    with pytest.raises(InputError, match='the task \\(user a@example.com\\) has state=present but no role'):
        requested_items(params(workspace='Risk', user='a@example.com'))


def test_the_params_are_not_modified():
    items = [member('a@example.com', 'Viewer')]
    requested_items(params(workspace='Risk', members=items))
    assert items == [member('a@example.com', 'Viewer')]
