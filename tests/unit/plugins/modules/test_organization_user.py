# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.organization_user: its main() run in-process against the emulator app (lenient and strict).

Each test starts from the demo organization (tests/emulator/seed.py: olivia.owner is the only owner, adam.admin an
admin, everybody else a member) and asserts the emulator's state, the request log and the module's result.
"""

import pytest

from emulator import seed
from helpers.api import failed, ok
from helpers.inprocess import BOTH_MODES

pytestmark = BOTH_MODES  # every test reads the users
MODULE = 'organization_user'
ADAM = 'adam.admin@example.com'
OLIVIA = 'olivia.owner@example.com'
ALICE = 'alice.martin@example.com'
DANA = 'dana.kowalski@example.com'
PAYMENTS = seed.workspace_id('Payments')


@pytest.fixture
def org_user(run_module):
    """org_user(args, check=False, diff=False, token='admin'): one run of the module."""
    return lambda args, **kw: run_module(MODULE, args, **kw)


def writes(tl_api):
    return [(r['method'], r['path'].rsplit('/', 1)[1]) for r in tl_api.requests()['requests'] if r['method'] != 'GET']


def state(tl_api, email):
    user = [u for u in tl_api.state()['users'] if u['email'] == email][0]
    return dict(user['profile'], org_role=user['organizationRole'])


def inherited(tl_api):
    """The e-mails with access to Payments without a membership there (organization owners and admins)."""
    emails = dict((u['id'], u['email']) for u in tl_api.state()['users'])
    direct = set(m['userId'] for m in tl_api.state()['memberships'] if m['workspaceId'] == PAYMENTS)
    app = tl_api.app.test_client()
    every = app.get('/organizations/workspaces/%s/memberships' % PAYMENTS, headers={'Authorization': tl_api.tokens['admin']})
    return sorted(emails[m['userId']] for m in every.get_json() if m['userId'] not in direct)


def test_demote_ends_inherited_access_and_a_rerun_writes_nothing(tl_api, org_user):
    assert ADAM in inherited(tl_api)
    result = ok(org_user({'user': ADAM, 'org_role': 'member'}))
    assert result['changed'] is True
    assert result['actions'] == [{'user_id': seed.user_id(ADAM), 'email': ADAM, 'action': 'role_changed',
                                  'before': {'org_role': 'admin'}, 'after': {'org_role': 'member'}}]
    assert result['users'] == [{'user_id': seed.user_id(ADAM), 'email': ADAM, 'org_role': 'member', 'first_name': 'Adam',
                                'last_name': 'Admin', 'title': 'IT Administrator'}]
    assert writes(tl_api) == [('PUT', 'role')] and ADAM not in inherited(tl_api)
    tl_api.clear_requests()
    again = ok(org_user({'user': ADAM, 'org_role': 'MEMBER'}))
    assert again['changed'] is False and again['actions'] == [] and writes(tl_api) == []


def test_promote_by_uuid_grants_inherited_access(tl_api, org_user):
    result = ok(org_user({'user': seed.user_id(ALICE).upper(), 'org_role': 'admin'}))
    assert [(a['email'], a['after']) for a in result['actions']] == [(ALICE, {'org_role': 'admin'})]
    assert state(tl_api, ALICE)['org_role'] == 'admin' and ALICE in inherited(tl_api)


def test_a_role_given_by_uuid(tl_api, org_user):
    ok(org_user({'user': ALICE, 'org_role': seed.organization_role_id('demo', 'admin').upper()}))
    assert state(tl_api, ALICE)['org_role'] == 'admin'


def test_a_profile_write_merges_the_given_fields_with_the_current_ones(tl_api, org_user):
    result = ok(org_user({'user': ALICE, 'title': 'Head of Risk'}))
    assert result['actions'] == [{
        'user_id': seed.user_id(ALICE), 'email': ALICE, 'action': 'profile_changed',
        'before': {'first_name': 'Alice', 'last_name': 'Martin', 'title': 'Risk Analyst'},
        'after': {'first_name': 'Alice', 'last_name': 'Martin', 'title': 'Head of Risk'}}]
    # the emulator replaces the whole profile: the names are there because they were sent
    assert state(tl_api, ALICE) == {'firstName': 'Alice', 'lastName': 'Martin', 'title': 'Head of Risk', 'org_role': 'member'}
    assert writes(tl_api) == [('PUT', 'profile')]
    tl_api.clear_requests()
    assert ok(org_user({'user': ALICE, 'title': 'Head of Risk', 'first_name': 'Alice'}))['changed'] is False
    assert writes(tl_api) == []


def test_only_the_given_fields_are_compared(tl_api, org_user):
    result = ok(org_user({'user': DANA, 'first_name': 'Dana'}))  # as it is; role and the rest not given
    assert result['changed'] is False and writes(tl_api) == []
    assert result['users'][0]['org_role'] == 'member' and result['users'][0]['title'] == 'Head of Risk'


def test_check_mode_writes_nothing_and_predicts_the_real_run(tl_api, org_user):
    args = {'users': [{'user': ADAM, 'org_role': 'member', 'title': 'Former admin'}, {'user': ALICE, 'org_role': 'admin'}]}
    predicted = ok(org_user(args, check=True, diff=True))
    assert writes(tl_api) == [] and state(tl_api, ADAM)['org_role'] == 'admin'
    real = ok(org_user(args, diff=True))
    for key in ('changed', 'actions', 'users', 'diff'):
        assert predicted[key] == real[key], key
    assert [a['action'] for a in real['actions']] == ['role_changed', 'profile_changed', 'role_changed']
    assert real['diff']['before'][ADAM] == {'org_role': 'admin', 'first_name': 'Adam', 'last_name': 'Admin',
                                            'title': 'IT Administrator'}
    assert real['diff']['after'][ADAM]['org_role'] == 'member' and real['diff']['after'][ADAM]['title'] == 'Former admin'
    assert sorted(writes(tl_api)) == [('PUT', 'profile'), ('PUT', 'role'), ('PUT', 'role')]


def test_the_last_owner_cannot_be_demoted_and_nothing_is_written(tl_api, org_user):
    result = failed(org_user({'users': [{'user': ALICE, 'title': 'X'}, {'user': OLIVIA, 'org_role': 'admin'}]}))
    assert 'users[1] (olivia.owner@example.com) would leave the organization without an owner' in result['msg']
    assert writes(tl_api) == [] and state(tl_api, ALICE)['title'] == 'Risk Analyst'


def test_a_new_owner_in_the_same_task_lets_the_old_one_step_down(tl_api, org_user):
    result = ok(org_user({'users': [{'user': OLIVIA, 'org_role': 'member'}, {'user': DANA, 'org_role': 'owner'}]}))
    assert [a['email'] for a in result['actions']] == [OLIVIA, DANA]  # reported in item order
    paths = [r['path'] for r in tl_api.requests()['requests'] if r['method'] == 'PUT']
    assert paths[0] == '/organizations/users/%s/role' % seed.user_id(DANA)  # the promotion is written first
    assert (state(tl_api, OLIVIA)['org_role'], state(tl_api, DANA)['org_role']) == ('member', 'owner')


@pytest.mark.parametrize('args, message', [
    ({'user': ALICE, 'org_role': 'ownr'}, "organization role 'ownr' not found; did you mean: owner; available: admin, member, owner"),
    ({'users': [{'user': ALICE}, {'user': 'alice.martn@example.com'}]},
     "users[1]: user 'alice.martn@example.com' not found in the organization; did you mean: alice.martin@example.com"),
    ({'user': '00000000-0000-4000-8000-000000000000', 'org_role': 'member'}, 'not found in the organization; check the UUID'),
    ({'users': [{'user': ALICE}, {'user': seed.user_id(ALICE)}]}, 'users[1]: user alice.martin@example.com is listed twice'),
    ({'user': ALICE, 'title': '  '}, 'title is empty: leave it out to keep the current value'),
    ({'users': [{'user': ' '}]}, 'users[0]: no user given'),
])
def test_bad_input_fails_before_any_write_naming_the_item(tl_api, org_user, args, message):
    result = failed(org_user(dict(args, **({'org_role': 'member'} if 'users' in args else {}))))
    assert message in result['msg'] and writes(tl_api) == []


def test_an_unknown_role_fails_even_where_nothing_else_would_change(tl_api, org_user):
    result = failed(org_user({'users': [{'user': ADAM, 'org_role': 'member'}, {'user': ALICE, 'org_role': 'superuser'}]}))
    assert result['msg'].startswith("users[1]: organization role 'superuser' not found") and writes(tl_api) == []
    assert state(tl_api, ADAM)['org_role'] == 'admin'


def test_an_empty_list_reads_nothing(tl_api, org_user):
    result = ok(org_user({'users': []}))
    assert result['changed'] is False and result['users'] == [] and tl_api.requests()['counts']['total'] == 0


def test_a_token_without_the_user_scope_is_told_which_scope(tl_api, org_user):
    result = failed(org_user({'user': ADAM, 'org_role': 'member'}, token='access_manager'))
    assert result['api_error']['status'] == 403 and 'can_manage_users' in result['msg']


def test_a_failed_write_reports_what_was_done(tl_api, org_user):
    reads = ['ok'] * (4 if tl_api.emulator.strict else 2)  # user pages (strict: refused, then 2 of 20) and the roles
    tl_api.set_faults(queue=reads + ['ok', 500], statuses=[500])
    result = failed(org_user({'users': [{'user': ADAM, 'org_role': 'member'}, {'user': ALICE, 'org_role': 'admin'}],
                              'concurrency': 1}))
    assert [a['email'] for a in result['actions']] == [ADAM] and result['changed'] is True
    assert result['failed_action']['email'] == ALICE and result['api_error']['status'] == 500
