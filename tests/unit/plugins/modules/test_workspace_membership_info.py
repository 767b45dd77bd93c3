# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership_info: its main() run in-process against the emulator app."""

import pytest

from emulator import seed
from helpers.inprocess import BOTH_MODES

MODULE = 'workspace_membership_info'
DANA = 'dana.kowalski@example.com'


def info(run_module, token='admin', check=False, **args):
    return run_module(MODULE, args, token=token, check=check)


def rows(result):
    assert not result.get('failed') and result['changed'] is False, result
    return [(m['workspace_name'], m['user_email'], m['role_name'], m['inherited']) for m in result['memberships']]


def direct_state(tl_api):
    return sorted((m['workspace'], m['email'], m['role'], False) for m in tl_api.state()['memberships'])


def test_one_workspace(tl_api, run_module):
    assert rows(info(run_module, workspace='Risk')) == [
        ('Risk', 'adam.admin@example.com', 'Admin', False), ('Risk', DANA, 'Analyst', False),
        ('Risk', 'erik.johansson@example.com', 'Viewer', False)]
    assert tl_api.writes() == 0


def test_all_workspaces_equal_the_tl_api_state(tl_api, run_module):
    assert sorted(rows(info(run_module))) == direct_state(tl_api)


@BOTH_MODES  # users by e-mail
def test_user_filter_across_workspaces(tl_api, run_module):
    assert rows(info(run_module, user=DANA)) == [
        ('Compliance', DANA, 'Admin', False), ('Payments', DANA, 'Viewer', False), ('Risk', DANA, 'Analyst', False)]
    by_id = info(run_module, user_id=seed.user_id(DANA))
    assert len(rows(by_id)) == 3


def test_role_filter(tl_api, run_module):
    assert rows(info(run_module, role='admin')) == [
        ('Compliance', DANA, 'Admin', False), ('Risk', 'adam.admin@example.com', 'Admin', False)]


def test_unknown_role_filter_is_an_error_not_an_empty_list(tl_api, run_module):
    run = info(run_module, role='Analyts')
    assert run["failed"] is True
    assert "role 'Analyts' not found in any workspace; available: Admin, Analyst, Viewer" in run['msg']


def test_include_inherited_marks_organization_admins(tl_api, run_module):
    result = rows(info(run_module, workspace='Payments', include_inherited=True))
    assert result == [
        ('Payments', 'adam.admin@example.com', 'Admin', True), ('Payments', DANA, 'Viewer', False),
        ('Payments', 'fatima.haddad@example.com', 'Analyst', False), ('Payments', seed.DEMO_OWNER, 'Admin', True)]
    # Adam is a direct member of Risk: there he is listed once, as direct.
    risk = rows(info(run_module, workspace='Risk', include_inherited=True))
    assert ('Risk', 'adam.admin@example.com', 'Admin', False) in risk
    assert ('Risk', seed.DEMO_OWNER, 'Admin', True) in risk and len(risk) == 4


def test_check_mode_and_a_readonly_token_are_enough(tl_api, run_module):
    result = info(run_module, token='readonly', check=True, workspace='Risk')
    assert sorted((w, e, r) for w, e, r, dummy in rows(result)) == [
        ('Risk', None, 'Admin'), ('Risk', None, 'Analyst'), ('Risk', None, 'Viewer')]
    assert any('can_manage_users' in w for w in result['warnings'])


def test_unknown_workspace(tl_api, run_module):
    run = info(run_module, workspace='Nope')
    assert run["failed"] is True and "workspace 'Nope' not found" in run['msg']


def test_each_list_is_fetched_once(tl_api, run_module):
    rows(info(run_module, include_inherited=True, role='Viewer'))
    paths = [r['path'] for r in tl_api.requests()['requests']]
    assert len(paths) == len(set(paths)), paths
    # the workspace list, the user list, and two member lists per workspace
    assert len(paths) == 2 + 2 * len(seed.DEMO_WORKSPACES)


def test_a_list_of_users_is_read_in_one_run(tl_api, run_module):
    erik = 'erik.johansson@example.com'
    result = info(run_module, user=[DANA, seed.user_id(erik).upper(), 'adam.admin@example.com'], include_inherited=True)
    found = rows(result)
    assert sorted(set(r[1] for r in found)) == ['adam.admin@example.com', DANA, erik]
    assert ('Payments', 'adam.admin@example.com', 'Admin', True) in found and ('Risk', erik, 'Viewer', False) in found
    # One read of each list: workspaces, user pages, and two member lists per workspace; nothing per person.
    assert tl_api.requests()['counts']['total'] == 1 + 1 + 2 * len(seed.DEMO_WORKSPACES)


def test_a_single_user_string_keeps_working(tl_api, run_module):
    assert rows(info(run_module, user=DANA)) == rows(info(run_module, user=[DANA]))


@pytest.mark.parametrize('concurrency', [1, 8])
def test_every_workspace_is_read_whatever_the_concurrency(tl_api, run_module, concurrency):
    assert sorted(rows(info(run_module, concurrency=concurrency))) == direct_state(tl_api)


# -- the user filter (issue 15, #1 and #13) -------------------------------------------------------------------------

def test_an_empty_user_list_lists_nobody_not_everybody(tl_api, run_module):
    result = info(run_module, user=[])
    assert rows(result) == []
    assert rows(info(run_module, user=[], include_inherited=True)) == []
    assert tl_api.writes() == 0


@pytest.mark.parametrize('user, message', [
    # ansible-core before 2.17 refuses a null element itself while checking the types, naming no index
    ([None], ('user[0] is empty: give each user as an e-mail or a UUID', "Elements value for option 'user' is of type <class 'NoneType'>")),
    ([DANA, ''], 'user[1] is empty: give each user as an e-mail or a UUID'),
    ([DANA, ' '], 'user[1] is empty'),
    ([DANA, {'email': DANA}], "user[1] is of type dict ({'email': 'dana.kowalski@example.com'}), not a user"),
    ([7], 'user[0] is of type int (7), not a user'),
])
def test_a_bad_user_entry_is_named(tl_api, run_module, user, message):
    result = info(run_module, user=user)
    assert result['failed'] is True and result['msg'].startswith(message), result['msg']  # str.startswith takes a tuple
    assert tl_api.requests()['counts']['total'] == 0


def test_the_user_filter_as_converted_when_the_arguments_cannot_be_read_again(monkeypatch):
    from ansible.module_utils import basic
    from ansible_collections.transactionlink.access.plugins.modules.workspace_membership_info import user_filter

    def unreadable():
        raise RuntimeError('no arguments')
    monkeypatch.setattr(basic, '_load_params', unreadable)
    assert user_filter({'user': [DANA]}) == [DANA]
