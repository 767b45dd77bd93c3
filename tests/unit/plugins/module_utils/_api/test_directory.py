# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Name lookups: each list fetched once, only when needed; clear errors."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory, is_role
from ansible_collections.transactionlink.access.plugins.module_utils.ids import is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

from helpers.api import directory_for, sent
from emulator import seed


def test_each_list_is_fetched_once_per_run(tl_api):
    directory = directory_for(tl_api)
    risk = directory.workspace('Risk')
    assert directory.workspace(seed.workspace_id('Risk')) == risk == {'id': seed.workspace_id('Risk'), 'name': 'Risk', 'type': 'LIVE'}
    directory.role(risk, 'Viewer')
    directory.role(risk, 'admin')
    directory.user('alice.martin@example.com')
    directory.user('BOB.NGUYEN@example.com')
    assert sorted(sent(tl_api)) == sorted([
        ('GET', api.WORKSPACES), ('GET', api.WORKSPACE_ROLES.format(workspace_id=risk['id'])), ('GET', api.USERS)])


def test_an_unchanged_role_costs_no_role_lookup(tl_api):
    directory = directory_for(tl_api)
    risk = directory.workspace('Risk')
    current = {'id': seed.role_id('Risk', 'Analyst'), 'name': 'Analyst'}
    assert directory.role(risk, 'Analyst', current) is current
    assert directory.role(risk, seed.role_id('Risk', 'Analyst').upper(), current) is current
    assert sent(tl_api) == [('GET', api.WORKSPACES)]


def test_a_role_of_another_workspace_is_refused_with_the_choices(tl_api):
    directory = directory_for(tl_api)
    with pytest.raises(InputError, match="role '%s' not found in workspace 'Risk'; available: Admin, Analyst, Viewer"
                       % seed.role_id('Payments', 'Admin')):
        directory.role(directory.workspace('Risk'), seed.role_id('Payments', 'Admin'))


def test_user_ids_need_no_user_list(tl_api):
    directory = directory_for(tl_api, token='access_manager')
    user = directory.user(seed.user_id('alice.martin@example.com').upper())
    assert user == {'id': seed.user_id('alice.martin@example.com'), 'email': None}
    assert sent(tl_api) == []


def test_e_mail_lookup_without_the_user_scope_explains_the_way_out(tl_api):
    directory = directory_for(tl_api, token='access_manager')
    with pytest.raises(InputError, match="can_manage_users scope.*Give the user's UUID instead"):
        directory.user('alice.martin@example.com')
    assert directory.users() is None and 'user_email is null' in directory.warnings[0]


def test_check_user_exists_refuses_an_unknown_uuid(tl_api):
    directory = directory_for(tl_api)
    directory.check_user_exists(seed.user_id('alice.martin@example.com'))
    with pytest.raises(InputError, match='not found in the organization'):
        directory.check_user_exists('00000000-0000-4000-8000-000000000000')


class TwoRisks:
    """A client whose organization has two workspaces named alike."""

    def list_workspaces(self):
        return [{'id': '11111111-1111-4111-8111-111111111111', 'name': 'Risk'},
                {'id': '22222222-2222-4222-8222-222222222222', 'name': 'risk'},
                {'id': '33333333-3333-4333-8333-333333333333', 'name': 'Ops'},
                {'id': '44444444-4444-4444-8444-444444444444', 'name': 'ops'}]


def test_exact_name_wins_then_case_insensitive_must_be_unique():
    directory = Directory(TwoRisks())
    assert directory.workspace('Risk')['id'].startswith('1111')
    assert directory.workspace('risk')['id'].startswith('2222')
    with pytest.raises(InputError, match="workspace name 'OPS' is ambiguous: 2 workspaces have it .*use the UUID"):
        directory.workspace('OPS')


def test_is_uuid():
    assert is_uuid('0B7C6D1E-2F3A-4B5C-8D9E-0F1A2B3C4D5E') and not is_uuid('Risk') and not is_uuid(None)


def test_is_role_is_the_one_test_of_the_current_role():
    viewer = {'id': '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a', 'name': 'Viewer'}
    assert is_role('Viewer', viewer) and is_role(' 5D4C3B2A-1F0E-4D9C-8B7A-6F5E4D3C2B1A ', viewer)
    assert not is_role('viewer', viewer)  # a name in another case is looked up in the role list (it may be ambiguous)
    assert not is_role('Viewer', None) and not is_role(None, viewer)


def test_a_workspace_it_was_told_of_is_answered_without_the_workspace_list(tl_api):
    directory = directory_for(tl_api)
    risk = seed.workspace_id('Risk')
    directory.know([{'id': risk.upper(), 'name': 'Risk', 'type': 'DEFAULT'}, {'id': 'not-a-uuid', 'name': 'x'}])
    assert directory.workspace(' %s ' % risk.upper()) == {'id': risk, 'name': 'Risk', 'type': 'DEFAULT'}
    assert sent(tl_api) == []
    assert directory.workspace('Payments')['id'] == seed.workspace_id('Payments')  # by name: the list, read once
    assert sent(tl_api) == [('GET', '/organizations/workspaces')]


def test_reading_ahead_reads_each_workspace_once_and_the_run_then_reads_none_again(tl_api):
    directory = directory_for(tl_api)
    risk, payments = seed.workspace_id('Risk'), seed.workspace_id('Payments')
    with directory.reading_ahead() as read_ahead:
        for ref in (risk, ' %s ' % risk.upper(), payments, 'not-a-uuid'):
            read_ahead(ref)
    assert sorted(sent(tl_api)) == sorted([('GET', api.DIRECT_MEMBERSHIPS.format(workspace_id=w)) for w in (risk, payments)])
    assert directory.direct_memberships(risk) == directory.client.list_direct_memberships(risk)  # what it read
    assert len(sent(tl_api)) == 3
    directory.prefetch_direct([risk, payments])
    assert len(sent(tl_api)) == 3  # what was read ahead is not read again


def test_a_read_ahead_that_fails_is_dropped_no_more_are_started_and_the_run_reads_it_again(tl_api):
    directory = directory_for(tl_api, concurrency=1, max_retries=0)
    risk, payments = seed.workspace_id('Risk'), seed.workspace_id('Payments')
    tl_api.set_faults(queue=[{'status': 503}])
    with directory.reading_ahead() as read_ahead:
        read_ahead(risk)
        read_ahead(payments)  # one at a time: it starts after the first failed, and is not sent
    assert sent(tl_api) == [('GET', api.DIRECT_MEMBERSHIPS.format(workspace_id=risk))]
    assert directory.direct_memberships(risk)  # the run reads it again, and gets it
    assert sent(tl_api)[1:] == [('GET', api.DIRECT_MEMBERSHIPS.format(workspace_id=risk))]
