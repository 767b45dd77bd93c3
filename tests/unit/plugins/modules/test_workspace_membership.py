# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership: its main() run in-process against the emulator app.

Each test starts from the demo organization (tests/emulator/seed.py) and
asserts what a user relies on: the emulator's state, the request log (writes
sent or not), and the module's result as Ansible gets it.
"""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._membership.engine import Item
from ansible_collections.transactionlink.access.plugins.modules.workspace_membership import requested_items
from emulator import seed
from helpers.api import failed, members, ok, writes
from helpers.inprocess import BOTH_MODES

MODULE = 'workspace_membership'


@pytest.fixture
def membership(run_module):
    """membership(args, check=False, diff=False, token='admin'): one run of the module."""
    return lambda args, **kw: run_module(MODULE, args, **kw)


def params(**kw):
    base = {'workspace': None, 'user': None, 'role': None, 'state': 'present', 'members': None, 'exclusive': False}
    base.update(kw)
    return base


def member(user, role=None, state=None, workspace=None):
    return {'user': user, 'role': role, 'state': state, 'workspace': workspace}


def test_single_user_mode():
    assert requested_items(params(workspace='Risk', user='a@example.com', role='Viewer')) == [
        Item(label='the task', workspace='Risk', user='a@example.com', role='Viewer', state='present')]


def test_items_default_to_the_task_workspace_and_state():
    items = requested_items(params(workspace='Risk', state='absent', members=[
        member('a@example.com'), member('b@example.com', 'Admin', 'present', 'Payments')]))
    assert [(i.user, i.workspace, i.state, i.label) for i in items] == [
        ('a@example.com', 'Risk', 'absent', 'members[0]'), ('b@example.com', 'Payments', 'present', 'members[1]')]


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


ALICE = 'alice.martin@example.com'
DANA = 'dana.kowalski@example.com'


@BOTH_MODES  # users by e-mail
def test_add_then_rerun_sends_no_write(tl_api, membership):
    result = ok(membership({'workspace': 'Risk', 'user': ALICE, 'role': 'Analyst'}))
    assert result['changed'] is True
    assert result['actions'] == [{
        'workspace_id': seed.workspace_id('Risk'), 'workspace_name': 'Risk', 'user_id': seed.user_id(ALICE),
        'user_email': ALICE, 'action': 'added', 'role_before': None, 'role_after': 'Analyst'}]
    assert result['membership'] == {
        'workspace_id': seed.workspace_id('Risk'), 'workspace_name': 'Risk', 'user_id': seed.user_id(ALICE),
        'user_email': ALICE, 'role_id': seed.role_id('Risk', 'Analyst'), 'role_name': 'Analyst', 'inherited': False}
    assert members(tl_api, 'Risk')[ALICE] == 'Analyst'
    assert writes(tl_api) == [
        (api.MEMBERSHIP_WRITE_METHOD, api.MEMBERSHIP.format(workspace_id=seed.workspace_id('Risk'), user_id=seed.user_id(ALICE)))]

    tl_api.clear_requests()
    again = ok(membership({'workspace': 'Risk', 'user': ALICE, 'role': 'Analyst'}))
    assert again['changed'] is False and again['actions'] == []
    assert again['membership']['role_name'] == 'Analyst'
    assert writes(tl_api) == []


def test_role_change_is_one_put_in_place(tl_api, membership):
    result = ok(membership({'workspace': 'Risk', 'user': DANA, 'role': 'Admin'}))
    assert result['changed'] is True
    assert [(a['action'], a['role_before'], a['role_after']) for a in result['actions']] == [('updated', 'Analyst', 'Admin')]
    assert [method for method, _path in writes(tl_api)] == ['PUT']
    assert members(tl_api, 'Risk')[DANA] == 'Admin'


def test_absent_twice(tl_api, membership):
    play = {'workspace': 'Payments', 'user': DANA, 'state': 'absent'}
    first = ok(membership(play))
    assert first['changed'] is True and first['membership'] == {}
    assert [(a['action'], a['role_before']) for a in first['actions']] == [('removed', 'Viewer')]
    assert DANA not in members(tl_api, 'Payments')
    tl_api.clear_requests()
    second = ok(membership(play))
    assert second['changed'] is False and writes(tl_api) == []


@BOTH_MODES  # users by e-mail
def test_uuids_and_names_are_interchangeable(tl_api, membership):
    by_id = {'workspace_id': seed.workspace_id('Compliance'), 'user_id': seed.user_id(ALICE),
             'role_id': seed.role_id('Compliance', 'Viewer')}
    assert ok(membership(by_id))['changed'] is True
    tl_api.clear_requests()
    by_name = {'workspace': 'compliance', 'user': 'Alice.Martin@Example.com', 'role': 'Viewer'}
    assert ok(membership(by_name))['changed'] is False
    assert writes(tl_api) == []


def test_check_mode_sends_no_write_and_predicts_the_real_run(tl_api, membership):
    play = {'members': [
        {'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'},
        {'workspace': 'Risk', 'user': DANA, 'role': 'Admin'},
        {'workspace': 'Payments', 'user': DANA, 'state': 'absent'},
        {'workspace': 'Compliance', 'user': 'bob.nguyen@example.com', 'role': 'Analyst'},
    ]}
    before = tl_api.state()['memberships']
    predicted = ok(membership(play, check=True, diff=True))
    assert writes(tl_api) == [] and tl_api.state()['memberships'] == before
    real = ok(membership(play, diff=True))
    assert predicted['changed'] is real['changed'] is True
    assert predicted['actions'] == real['actions'] and len(real['actions']) == 4
    assert predicted['memberships'] == real['memberships']
    assert predicted['diff'] == real['diff']


def test_diff_shows_each_touched_workspace_before_and_after(tl_api, membership):
    result = ok(membership({'workspace': 'Risk', 'user': DANA, 'role': 'Viewer'}, diff=True))
    assert result['diff']['before'] == {'Risk': {DANA: 'Analyst', 'erik.johansson@example.com': 'Viewer',
                                                 'adam.admin@example.com': 'Admin'}}
    assert result['diff']['after']['Risk'][DANA] == 'Viewer'
    no_diff = ok(membership({'workspace': 'Risk', 'user': DANA, 'role': 'Viewer'}))
    assert 'diff' not in no_diff


@BOTH_MODES  # users by e-mail
def test_bulk_of_30_members_then_an_idempotent_rerun(tl_api, membership):
    people = sorted(u['email'] for u in tl_api.state()['users']
                    if u['email'] not in (seed.DEMO_OWNER, seed.DEMO_ADMIN))[:30]
    roles = ('Viewer', 'Analyst', 'Admin')
    play = {'workspace': 'Customer Support',
            'members': [{'user': email, 'role': roles[i % 3]} for i, email in enumerate(people)]}
    first = ok(membership(play))
    assert first['changed'] is True and len(first['actions']) == 30
    assert members(tl_api, 'Customer Support') == dict((e, roles[i % 3]) for i, e in enumerate(people))
    assert len(first['memberships']) == 30

    tl_api.clear_requests()
    second = ok(membership(play))
    assert second['changed'] is False and second['actions'] == []
    log = tl_api.requests()
    # The rerun reads the workspace list, the user pages and one member list: nothing else.
    assert log['counts']['writes'] == 0
    assert sorted(set(r['path'] for r in log['requests'])) == sorted([
        api.WORKSPACES, api.USERS, api.DIRECT_MEMBERSHIPS.format(workspace_id=seed.workspace_id('Customer Support'))])
    # strict mode: the user page at size 1000 is refused, then two pages of 20 users are read
    assert log['counts']['total'] == (5 if tl_api.emulator.strict else 3), log


def test_exclusive_removes_unlisted_direct_members_only(tl_api, membership, run_module):
    play = {'workspace': 'Risk', 'exclusive': True, 'members': [{'user': ALICE, 'role': 'Analyst'}]}
    result = ok(membership(play))
    assert members(tl_api, 'Risk') == {ALICE: 'Analyst'}
    assert sorted((a['user_email'], a['action']) for a in result['actions']) == [
        ('adam.admin@example.com', 'removed'), (ALICE, 'added'), (DANA, 'removed'), ('erik.johansson@example.com', 'removed')]
    # Organization admins keep their inherited access: the organization-wide list still shows them.
    tl_api.clear_requests()
    assert ok(membership(play))['changed'] is False and writes(tl_api) == []
    info = ok(run_module('workspace_membership_info', {'workspace': 'Risk', 'include_inherited': True}))
    assert sorted((m['user_email'], m['inherited']) for m in info['memberships']) == [
        ('adam.admin@example.com', True), (ALICE, False), (seed.DEMO_OWNER, True)]


def test_one_task_converges_many_workspaces(tl_api, membership):
    play = {'members': [{'workspace': ws, 'user': ALICE, 'role': 'Viewer'} for ws in seed.DEMO_WORKSPACES]}
    result = ok(membership(play))
    assert sorted(a['workspace_name'] for a in result['actions']) == sorted(seed.DEMO_WORKSPACES)
    assert all(members(tl_api, ws)[ALICE] == 'Viewer' for ws in seed.DEMO_WORKSPACES)


@pytest.mark.parametrize('args, message', [
    ({'workspace': 'Rsik', 'user': ALICE, 'role': 'Analyst'},
     "workspace 'Rsik' not found (a name or a UUID is accepted); available: Compliance, Customer Support, Payments, Risk"),
    ({'workspace': 'Risk', 'user': ALICE, 'role': 'Analyts'},
     "role 'Analyts' not found in workspace 'Risk'; available: Admin, Analyst, Viewer"),
    ({'workspace': 'Risk', 'user': 'alice.martn@example.com', 'role': 'Analyst'},
     "user 'alice.martn@example.com' not found in the organization; did you mean: alice.martin@example.com"),
    ({'workspace': 'Risk', 'user': ALICE}, 'has state=present but no role'),
    ({'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer'}, {'user': ALICE, 'role': 'Admin'}]},
     "user 'alice.martin@example.com' is listed twice for workspace 'Risk'"),
    ({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer', 'api_url': 'http://api.transactionlink.io'},
     'clear text'),
])
def test_bad_input_fails_clearly_and_writes_nothing(tl_api, membership, args, message):
    before = tl_api.state()['memberships']
    result = failed(membership(args))
    assert message in result['msg']
    assert writes(tl_api) == [] and tl_api.state()['memberships'] == before


def test_a_bad_item_late_in_the_list_stops_the_whole_task_before_any_write(tl_api, membership):
    play = {'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'},
                        {'workspace': 'Payments', 'user': DANA, 'role': 'Boss'}]}
    result = failed(membership(play))
    assert "role 'Boss' not found in workspace 'Payments'" in result['msg']
    assert writes(tl_api) == []


def test_missing_token_says_where_to_set_it(tl_api, membership):
    result = failed(membership({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}, token=None))
    assert 'TRANSACTIONLINK_API_TOKEN' in result['msg']
    assert tl_api.requests()['counts']['total'] == 0


def test_unknown_token_gets_401_with_the_api_answer(tl_api, membership):
    result = failed(membership({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}, token='tot_' + 'n' * 52))
    assert 'HTTP 401' in result['msg'] and 'fingerprint' in result['msg']
    assert result['api_error']['status'] == 401 and result['api_error']['fingerprint']
    assert writes(tl_api) == []


def test_readonly_token_gets_403_naming_the_scope_and_nothing_changes(tl_api, membership):
    before = tl_api.state()['memberships']
    result = failed(membership({'workspace': 'Risk', 'user_id': seed.user_id(ALICE), 'role': 'Viewer'}, token='readonly'))
    assert 'HTTP 403' in result['msg'] and 'can_manage_workspace_access' in result['msg']
    assert tl_api.state()['memberships'] == before


def test_a_token_without_user_scope_works_with_uuids(tl_api, membership):
    result = ok(membership({'workspace': 'Risk', 'user_id': seed.user_id(ALICE), 'role': 'Viewer'},
                           token='access_manager'))
    assert result['changed'] is True and result['actions'][0]['user_email'] is None
    assert any('can_manage_users' in w for w in result.get('warnings', []))
    assert members(tl_api, 'Risk')[ALICE] == 'Viewer'


@BOTH_MODES  # users by e-mail
def test_e_mail_lookup_without_user_scope_says_to_use_a_uuid(tl_api, membership):
    result = failed(membership({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}, token='access_manager'))
    assert 'can_manage_users' in result['msg'] and "Give the user's UUID instead" in result['msg']
    assert writes(tl_api) == []


def test_converges_under_injected_429_and_503(tl_api, membership):
    tl_api.set_faults(rate=0.2, statuses=[429, 503], retry_after=0, seed=7)
    people = sorted(u['email'] for u in tl_api.state()['users'])[:20]
    # One request at a time: the seeded faults then fall on the same requests in every run (with 8 threads racing,
    # which request drew which fault changed from run to run, and a busy machine once drew six in a row).
    play = {'workspace': 'Payments', 'members': [{'user': e, 'role': 'Viewer'} for e in people], 'concurrency': 1}
    result = ok(membership(play))
    log = tl_api.requests()
    assert any(r['status'] in (429, 503) for r in log['requests']), 'no fault was injected'
    tl_api.clear_faults()
    assert all(members(tl_api, 'Payments')[e] == 'Viewer' for e in people)
    assert result['changed'] is True
    summary = [w for w in result['warnings'] if w.startswith('API requests were retried')]
    assert len(summary) == 1 and 'HTTP 429 x' in summary[0], result['warnings']  # one warning per run, with the counts


# -- scale: requests in parallel, same results -------------------------------------------------------------------

def bench_members(workspaces, users, roles=('Viewer', 'Analyst', 'Admin')):
    return [{'workspace': 'ws-%02d' % ((i - 1) % workspaces + 1), 'user': 'user%03d@example.com' % i, 'role': roles[i % 3]}
            for i in range(1, users + 1)]


def converge_bench(tl_api, membership, concurrency, check=False):
    """One exclusive converge over a bench organization that needs adds, role changes and removals."""
    tl_api.reset(seed='bench', workspaces=6, users=90)
    seeded = membership({'members': bench_members(6, 60, roles=('Admin', 'Viewer', 'Analyst')), 'concurrency': concurrency})
    assert seeded['changed'] is True
    tl_api.clear_requests()
    wanted = bench_members(6, 90)[20:]  # users 1-20 go, 21-60 change role, 61-90 are new
    return membership({'members': wanted, 'exclusive': True, 'concurrency': concurrency}, check=check, diff=True)


def test_concurrency_1_and_8_give_identical_results_actions_and_diff(tl_api, membership):
    one = converge_bench(tl_api, membership, 1)
    one_state, one_log = tl_api.state()['memberships'], tl_api.requests()['counts']
    eight = converge_bench(tl_api, membership, 8)
    for key in ('changed', 'actions', 'memberships', 'diff', 'plan_id'):
        assert one[key] == eight[key], key
    assert sorted(map(str, tl_api.state()['memberships'])) == sorted(map(str, one_state))
    assert tl_api.requests()['counts'] == one_log  # the same requests, only sent side by side
    assert [a['action'] for a in one['actions']].count('removed') == 20 and len(one['actions']) == 90


def test_check_mode_predicts_the_parallel_run_exactly(tl_api, membership):
    predicted = converge_bench(tl_api, membership, 8, check=True)
    assert tl_api.writes() == 0
    tl_api.reset(seed='bench', workspaces=6, users=90)
    real = converge_bench(tl_api, membership, 8)
    for key in ('changed', 'actions', 'memberships', 'diff', 'plan_id'):
        assert predicted[key] == real[key], key


def test_removals_are_written_after_every_add_and_role_change(tl_api, membership):
    converge_bench(tl_api, membership, 8)
    writes_sent = [r['method'] for r in tl_api.requests()['requests'] if r['method'] != 'GET']
    assert writes_sent == ['PUT'] * 70 + ['DELETE'] * 20


def test_the_first_failed_write_stops_new_writes_and_the_error_lists_what_was_done(tl_api, membership):
    ghost = '00000000-0000-4000-8000-00000000dead'  # no such user; the token cannot list users, so only the write finds out
    before = tl_api.state()['memberships']
    result = membership({'workspace': 'Risk', 'concurrency': 1, 'exclusive': True, 'members': [
        {'user': seed.user_id(ALICE), 'role': 'Viewer'},
        {'user': ghost, 'role': 'Viewer'},
        {'user': seed.user_id('bob.nguyen@example.com'), 'role': 'Viewer'},
        {'user': seed.user_id(DANA), 'role': 'Analyst'}]}, token='access_manager')
    assert result['failed'] is True and result['changed'] is True
    assert 'HTTP 404' in result['msg'] and result['api_error']['status'] == 404
    assert [(a['user_id'], a['action']) for a in result['actions']] == [(seed.user_id(ALICE), 'added')]
    assert (result['failed_action']['user_id'], result['failed_action']['action']) == (ghost, 'added')
    # Nothing after the failed write was sent: neither Bob's add nor the removals of the exclusive run.
    assert [(r['method'], r['path'].rsplit('/', 1)[-1]) for r in tl_api.requests()['requests'] if r['method'] != 'GET'] == [
        ('PUT', seed.user_id(ALICE)), ('PUT', ghost)]
    assert len(tl_api.state()['memberships']) == len(before) + 1


def test_a_failed_add_in_a_parallel_run_stops_every_removal_and_reports_exactly_the_writes_applied(tl_api, membership):
    ghost = '00000000-0000-4000-8000-00000000beef'
    tl_api.reset(seed='bench', workspaces=2, users=40)
    keep = [{'workspace': 'ws-01', 'user': 'user%03d@example.com' % i, 'role': 'Viewer'} for i in range(31, 41)]
    assert membership({'members': keep})['changed'] is True
    tl_api.clear_requests()
    items = [{'workspace': 'ws-01', 'user': seed.user_id('user%03d@example.com' % i), 'role': 'Viewer'} for i in range(1, 31)]
    items.insert(12, {'workspace': 'ws-01', 'user': ghost, 'role': 'Viewer'})
    result = membership({'members': items, 'exclusive': True, 'concurrency': 8}, token='access_manager')
    assert result['failed'] is True and result['failed_action']['user_id'] == ghost
    applied = set(m['userId'] for m in tl_api.state()['memberships']) - set(seed.user_id(k['user']) for k in keep)
    assert set(a['user_id'] for a in result['actions']) == applied  # what it says it did is what was done
    assert ghost not in applied
    # The exclusive run's removals come after every add: with an add failed, none was sent.
    assert 'DELETE' not in [r['method'] for r in tl_api.requests()['requests']]
    assert len(tl_api.state()['memberships']) == len(keep) + len(applied)


# -- safety: a cap on removals, a reviewed plan ------------------------------------------------------------------

def risk_direct(tl_api):
    return sorted(m['email'] for m in tl_api.state()['memberships'] if m['workspace'] == 'Risk')


@pytest.mark.parametrize('check', [False, True])
def test_max_removals_stops_an_empty_exclusive_list_before_any_write(tl_api, membership, check):
    before = risk_direct(tl_api)
    result = membership({'workspace': 'Risk', 'exclusive': True, 'members': [], 'max_removals': 1}, check=check)
    assert result['failed'] is True and result['changed'] is False
    assert 'would remove 3 membership(s), more than max_removals=1; nothing was written' in result['msg']
    assert DANA in result['msg'] and 'adam.admin@example.com' in result['msg']
    assert [a['action'] for a in result['actions']] == ['removed'] * 3
    assert tl_api.writes() == 0 and risk_direct(tl_api) == before


def test_max_removals_counts_absent_items_and_allows_what_is_within_the_cap(tl_api, membership):
    absent = [{'user': DANA, 'state': 'absent'}, {'user': 'erik.johansson@example.com', 'state': 'absent'}]
    refused = membership({'workspace': 'Risk', 'members': absent, 'max_removals': 1})
    assert refused['failed'] is True and 'would remove 2 membership(s)' in refused['msg'] and tl_api.writes() == 0
    allowed = membership({'workspace': 'Risk', 'members': absent, 'max_removals': 2})
    assert allowed['changed'] is True and tl_api.writes() == 2
    assert membership({'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer'}], 'max_removals': 0})['changed']


def test_max_removals_below_zero_is_refused(tl_api, membership):
    result = membership({'workspace': 'Risk', 'members': [], 'exclusive': True, 'max_removals': -1})
    assert result['failed'] is True and 'max_removals must be 0 or more' in result['msg']
    assert tl_api.requests()['counts']['total'] == 0


def reviewed_change():
    return {'workspace': 'Risk', 'exclusive': True, 'members': [
        {'user': ALICE, 'role': 'Viewer'}, {'user': DANA, 'role': 'Admin'}, {'user': 'adam.admin@example.com', 'role': 'Admin'}]}


def test_a_reviewed_plan_is_applied_as_reviewed(tl_api, membership):
    review = membership(reviewed_change(), check=True)
    assert review['plan_id'].startswith('tlp1-') and tl_api.writes() == 0
    assert membership(reviewed_change(), check=True)['plan_id'] == review['plan_id']  # same input, same state
    applied = membership(dict(reviewed_change(), expected_plan_id=review['plan_id']))
    assert applied['changed'] is True and applied['actions'] == review['actions'] and applied['plan_id'] == review['plan_id']
    assert tl_api.writes() == 3  # Alice added, Dana's role changed, Erik removed
    rerun = membership(reviewed_change())
    assert rerun['changed'] is False and rerun['plan_id'] != review['plan_id']


def test_an_apply_fails_with_nothing_written_when_the_access_changed_since_the_review(tl_api, membership):
    review = membership(reviewed_change(), check=True)
    assert membership({'workspace': 'Risk', 'user': 'bob.nguyen@example.com', 'role': 'Viewer'})['changed']  # someone else
    tl_api.clear_requests()
    result = membership(dict(reviewed_change(), expected_plan_id=review['plan_id']))
    assert result['failed'] is True and tl_api.writes() == 0
    assert 'the access changed since the plan was approved' in result['msg'] and review['plan_id'] in result['msg']
    assert 'bob.nguyen@example.com removed (was Viewer)' in result['msg']
    assert result['plan_id'] != review['plan_id'] and len(result['actions']) == len(review['actions']) + 1


def test_a_role_changed_by_someone_else_changes_the_plan_id(tl_api, membership):
    review = membership(reviewed_change(), check=True)
    membership({'workspace': 'Risk', 'user': DANA, 'role': 'Viewer'})
    assert membership(reviewed_change(), check=True)['plan_id'] != review['plan_id']


# -- messages that say where -------------------------------------------------------------------------------------

@pytest.mark.parametrize('args, message', [
    ({'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}] * 1 + [
        {'workspace': 'Risk', 'user': 'user%d@example.com' % i, 'role': 'Viewer'} for i in range(1, 2)]},
     "members[1]: user 'user1@example.com' not found in the organization"),
    ({'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}, {'workspace': 'Risk', 'user': DANA, 'role': 'Boss'}]},
     "members[1]: role 'Boss' not found in workspace 'Risk'; available: Admin, Analyst, Viewer"),
    ({'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}, {'workspace': 'Rsik', 'user': DANA, 'role': 'Viewer'}]},
     "members[1]: workspace 'Rsik' not found"),
    ({'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer'}, {'user': ' ', 'role': 'Viewer'}]},
     'members[1] has no user: give the user by e-mail or UUID'),
    ({'workspace': 'Nowhere', 'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}]},
     "workspace 'Nowhere' not found"),
    ({'exclusive': True, 'members': []},
     'exclusive=true with an empty members list removes every direct member of a workspace, but no workspace is named'),
    ({'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer'}, {'user': 'Alice.Martin@example.com', 'role': 'Admin'}]},
     "members[1]: user 'Alice.Martin@example.com' is listed twice for workspace 'Risk' (members[0] and members[1])"),
])
def test_errors_name_the_item_or_option_they_are_about(tl_api, membership, args, message):
    result = membership(args)
    assert result['failed'] is True and message in result['msg'], result['msg']
    assert tl_api.writes() == 0


def test_an_unknown_uuid_to_remove_is_reported_not_silently_accepted(tl_api, membership):
    ghost = '00000000-0000-4000-8000-0000000000aa'
    result = membership({'workspace': 'Risk', 'user': ghost, 'state': 'absent'})
    assert result['changed'] is False and tl_api.writes() == 0
    assert any(ghost in w and 'not a user of the organization' in w for w in result.get('warnings', [])), result
    known = membership({'workspace': 'Risk', 'user': seed.user_id(ALICE), 'state': 'absent'})
    assert not any('not a user of the organization' in w for w in known.get('warnings', []))


# -- lost answers and ids in another case (issue 9) -------------------------------------------------------------

def reads_before_the_writes(tl_api, membership, args):
    """How many requests a run sends before its first write: a check-mode run sends exactly those."""
    tl_api.clear_requests()
    membership(args, check=True)
    count = tl_api.requests()['counts']['total']
    tl_api.clear_requests()
    return count


@pytest.mark.parametrize('lost', [504, 502, 'reset'])
def test_a_removal_whose_answer_was_lost_counts_as_done_and_the_run_goes_on(tl_api, membership, lost):
    args = {'workspace': 'Risk', 'concurrency': 1, 'members': [
        {'user': DANA, 'state': 'absent'}, {'user': 'erik.johansson@example.com', 'state': 'absent'}]}
    reads = reads_before_the_writes(tl_api, membership, args)
    tl_api.set_faults(queue=['ok'] * reads + [{'kind': 'lost_answer', 'status': lost}])
    result = membership(args)
    assert not result.get('failed') and result['changed'] is True, result
    assert [(a['user_email'], a['action']) for a in result['actions']] == [
        (DANA, 'removed'), ('erik.johansson@example.com', 'removed')]
    deletes = [r['status'] for r in tl_api.requests()['requests'] if r['method'] == 'DELETE']
    assert deletes[1] == 404  # the retry of the applied removal: already absent
    assert len(deletes) == 3 and deletes[2] in (200, 204)  # and Erik's removal was still sent
    assert risk_direct(tl_api) == ['adam.admin@example.com']


def test_ids_answered_in_upper_case_change_a_role_in_place(tl_api, membership):
    tl_api.set_faults(uppercase_ids=True)
    args = {'workspace': 'Risk', 'exclusive': True, 'members': [
        {'user': DANA, 'role': 'Viewer'}, {'user': 'erik.johansson@example.com', 'role': 'Viewer'},
        {'user': seed.user_id('adam.admin@example.com'), 'role': 'Admin'}]}
    result = membership(args)
    assert [(a['user_email'], a['action'], a['role_after']) for a in result['actions']] == [(DANA, 'updated', 'Viewer')]
    assert [r['method'] for r in tl_api.requests()['requests'] if r['method'] != 'GET'] == ['PUT']
    assert members(tl_api, 'Risk')[DANA] == 'Viewer'
    assert all(m['user_id'] == m['user_id'].lower() for m in result['memberships'])
    tl_api.clear_requests()
    assert membership(args)['changed'] is False and tl_api.writes() == 0


def test_connection_options_fall_back_to_the_environment(tl_api, membership, monkeypatch):
    args = {'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}
    monkeypatch.setenv('TRANSACTIONLINK_MAX_RETRIES', '0')
    tl_api.set_faults(queue=[503])
    result = membership(args)
    assert result['failed'] is True and 'HTTP 503' in result['msg']  # max_retries 0 from the environment: not retried
    for name, option in (('TRANSACTIONLINK_CONCURRENCY', 'concurrency'), ('TRANSACTIONLINK_TIMEOUT', 'timeout')):
        monkeypatch.setenv(name, '0')  # refused: proves the option came from the environment
        refused = membership(args)
        assert refused['failed'] is True and option in refused['msg'], refused['msg']
        monkeypatch.setenv(name, '5')
    assert membership(args)['changed'] is True


# -- every item error names its item (issue 15, #11 and #12) ------------------------------------------------------

def fifty_five_good_then(bad):
    """55 good items, then BAD as members[55]."""
    good = [{'workspace': 'ws-01', 'user': 'user%03d@example.com' % i, 'role': 'Viewer'} for i in range(1, 56)]
    return {'members': good + [bad]}


@pytest.mark.parametrize('bad, message', [
    ({'workspace': 'ws-01', 'role': 'Viewer'}, 'members[55] has no user: give the user by e-mail or UUID'),
    ({'workspace': 'ws-01', 'user': None, 'role': 'Viewer'}, 'members[55] has no user: give the user by e-mail or UUID'),
    ({'workspace': 'ws-01', 'user': 'user056@example.com', 'rol': 'Viewer'},
     'members[55]: unsupported option(s) rol; an item takes user or team, role, state, workspace, expires and allow_empty'),
    ({'workspace': 'ws-01', 'user': 'user056@example.com', 'state': 'gone'},
     'members[55]: value of state must be one of: present, absent, got: gone'),
    ({'workspace': 'ws-01', 'user': {'email': 'user056@example.com'}, 'role': 'Viewer'},
     'members[55].user is of type dict'),
    ({'workspace': 'ws-01', 'user': 'user056@example.com', 'user_id': 'user057@example.com', 'role': 'Viewer'},
     'members[55]: user and its alias user_id are both set, to different values; give one'),
    ({'workspace': 'ws-01', 'user_id': 'user056@example.com', 'role_id': 'Viewer', 'state': 'present'}, None),
    ({'workspace_id': 'ws-01', 'user': 'user056@example.com', 'user_id': 'user056@example.com', 'role': 'Viewer'}, None),
])
def test_an_item_error_late_in_a_long_list_names_the_item(tl_api, membership, bad, message):
    tl_api.reset(seed='bench', workspaces=1, users=60)
    result = membership(fifty_five_good_then(bad), check=True)
    if message is None:  # the aliases of an item still work
        assert ok(result)['changed'] is True and len(result['actions']) == 56
        return
    assert failed(result)['msg'] == message or result['msg'].startswith(message), result['msg']
    assert tl_api.requests()['counts']['total'] == 0  # refused before the first request


def test_user_null_with_workspace_and_role_is_a_clear_error(tl_api, membership):
    result = failed(membership({'workspace': 'Risk', 'user': None, 'role': 'Viewer'}))
    assert result['msg'] == 'user and members are both null: give user (an e-mail or a UUID), or members (a list)'
    assert 'exception' not in result and tl_api.writes() == 0


@pytest.mark.parametrize('value', [True, False])
def test_max_removals_refuses_a_boolean(tl_api, membership, value):
    result = failed(membership({'workspace': 'Risk', 'exclusive': True, 'members': [], 'max_removals': value}))
    assert 'max_removals must be a number' in result['msg'] and 'not a boolean' in result['msg']
    assert tl_api.requests()['counts']['total'] == 0


def test_return_memberships_changed_lists_only_the_changed_workspaces(tl_api, membership):
    play = {'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'},
                        {'workspace': 'Payments', 'user': ALICE, 'role': 'Viewer'}]}
    ok(membership(play))
    everything = ok(membership(play))
    assert {m['workspace_name'] for m in everything['memberships']} == {'Risk', 'Payments'}  # the default: all
    play['members'][0]['role'] = 'Analyst'
    for check in (True, False):
        tl_api.clear_requests()
        result = ok(membership(dict(play, return_memberships='changed'), check=check))
        assert result['changed'] and {m['workspace_name'] for m in result['memberships']} == {'Risk'}
        assert [m for m in result['memberships'] if m['user_email'] == ALICE][0]['role_name'] == 'Analyst'
        assert len(writes(tl_api)) == (0 if check else 1)
    rerun = ok(membership(dict(play, return_memberships='changed')))
    assert not rerun['changed'] and rerun['memberships'] == [] and rerun['actions'] == []
