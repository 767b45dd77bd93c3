# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge against the tl_api: resolve, plan, guard, then one write per change."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils._membership.engine import (
    Item, Request, Rules, WorkspacePlan, converge, guard, plan, resolve, run, write)

from helpers.api import directory_for, members, sent, writes
from emulator import seed

ALICE, DANA = 'alice.martin@example.com', 'dana.kowalski@example.com'


def item(workspace, user, role=None, state='present', label=None):
    return Item(label or 'members[x]', workspace, user, role, state)


def test_check_mode_plans_the_same_as_the_real_run_without_writing(tl_api):
    items = [item('Risk', ALICE, 'Viewer'), item('Risk', DANA, 'Admin'), item('Payments', DANA, state='absent')]
    predicted = converge(directory_for(tl_api), items, check_mode=True)
    assert writes(tl_api) == []
    real = converge(directory_for(tl_api), items)
    assert predicted == real and [a['action'] for a in real.actions] == ['added', 'updated', 'removed']
    assert len(writes(tl_api)) == 3
    assert converge(directory_for(tl_api), items).changed is False


def test_exclusive_with_an_empty_list_empties_only_the_named_workspace(tl_api):
    result = converge(directory_for(tl_api), [], exclusive=True, extra_workspaces=['Risk'])
    assert sorted(a['user_email'] for a in result.actions) == ['adam.admin@example.com', DANA, 'erik.johansson@example.com']
    assert result.memberships == [] and [m for m in tl_api.state()['memberships'] if m['workspace'] == 'Risk'] == []
    assert any(m['workspace'] == 'Payments' for m in tl_api.state()['memberships'])


def test_a_failure_mid_way_reports_what_was_already_done(tl_api):
    ghost = '00000000-0000-4000-8000-000000000000'  # no such user; the token may not list users to notice first
    items = [item('Risk', seed.user_id(ALICE), 'Viewer'), item('Risk', ghost, 'Viewer')]
    with pytest.raises(TransactionLinkError) as info:
        converge(directory_for(tl_api, token='access_manager'), items)
    assert info.value.status == 404
    assert [(a['user_id'], a['action']) for a in info.value.completed] == [(seed.user_id(ALICE), 'added')]
    assert info.value.result['failed_action']['user_id'] == ghost


def test_nothing_is_written_when_any_workspace_has_bad_input(tl_api):
    with pytest.raises(InputError, match="^Payments: members\\[7\\]: workspace 'Nowhere' not found"):
        converge(directory_for(tl_api), [item('Risk', ALICE, 'Viewer'), item('Nowhere', DANA, 'Viewer', label='Payments: members[7]')])
    assert writes(tl_api) == []


def test_retries_are_reported_and_the_run_converges(tl_api):
    tl_api.set_faults(queue=[{'status': 429, 'retry_after': 0}, 503, 502])
    directory = directory_for(tl_api)
    result = converge(directory, [item('Risk', ALICE, 'Viewer')])
    assert result.changed is True
    assert directory.client.retry_counts() == {'HTTP 429': 1, 'HTTP 503': 1, 'HTTP 502': 1}
    assert [m['role'] for m in tl_api.state()['memberships'] if m['email'] == ALICE] == ['Viewer']


# -- the phases and their records --------------------------------------------------------------------------------

def test_the_phases_read_then_plan_then_guard_without_a_write(tl_api):
    directory = directory_for(tl_api)
    items = [item('Risk', ALICE, 'Viewer', label='Risk: members[0]'), item('risk', DANA.upper(), 'Analyst', label='Risk: members[1]')]
    plans = resolve(directory, items)
    assert [(p.workspace['name'], p.changes) for p in plans] == [('Risk', ())]
    assert [(w.item.label, w.desired.user_id, w.desired.role['name']) for w in plans[0].wanted] == [
        ('Risk: members[0]', seed.user_id(ALICE), 'Viewer'), ('Risk: members[1]', seed.user_id(DANA), 'Analyst')]
    assert plans[0].current[seed.user_id(DANA)]['name'] == 'Analyst'
    planned = plan(plans[0])
    assert planned.changes == (mp.Change(seed.user_id(ALICE), mp.ADDED, None, plans[0].wanted[0].desired.role),)
    assert plan(plans[0], exclusive=True).changes[-1].action == mp.REMOVED  # Adam and Erik are not listed
    assert [w.action['user_email'] for w in guard(directory, [planned])] == [ALICE]
    assert writes(tl_api) == []


def test_each_workspace_has_its_own_outcome_and_plan_id(tl_api):
    items = [item('Risk', ALICE, 'Viewer'), item('Payments', DANA, state='absent'), item('Compliance', DANA, 'Admin')]
    result = converge(directory_for(tl_api), items, check_mode=True)
    by_name = dict((ws.workspace['name'], ws) for ws in result.workspaces)
    assert [ws.workspace['name'] for ws in result.workspaces] == ['Risk', 'Payments', 'Compliance']
    assert [a['action'] for a in by_name['Risk'].actions] == ['added'] and by_name['Risk'].changed
    assert [a['action'] for a in by_name['Payments'].actions] == ['removed']
    assert by_name['Compliance'].changed is False and by_name['Compliance'].actions == ()
    assert by_name['Payments'].before[DANA] == 'Viewer' and DANA not in by_name['Payments'].after
    assert len(set(ws.plan_id for ws in result.workspaces)) == 3
    # The run's plan id is the digest of every change, whatever the workspaces.
    assert result.plan_id == mp.plan_id([(ws.workspace['id'], c) for ws in result.workspaces for c in ws.plan.changes])
    assert result.plan_id not in [ws.plan_id for ws in result.workspaces]
    assert result.diff['before']['Payments'] == by_name['Payments'].before


def test_expected_plan_ids_per_workspace_refuse_a_changed_workspace_before_any_write(tl_api):
    items = [item('Risk', ALICE, 'Viewer'), item('Payments', DANA, state='absent')]
    review = converge(directory_for(tl_api), items, check_mode=True)
    expected = dict((ws.workspace['id'], ws.plan_id) for ws in review.workspaces)
    directory_for(tl_api).client.set_membership(seed.workspace_id('Payments'), seed.user_id(DANA), seed.role_id('Payments', 'Admin'))
    tl_api.clear_requests()
    with pytest.raises(InputError, match="the access of workspace 'Payments' changed since its plan was approved") as info:
        converge(directory_for(tl_api), items, expected_plan_ids=expected)
    assert writes(tl_api) == []
    assert 'dana.kowalski@example.com removed (was Admin)' in str(info.value)
    assert info.value.result['workspace_plan_ids'][seed.workspace_id('Risk')] == expected[seed.workspace_id('Risk')]
    # Risk alone was reviewed and is unchanged: applied, by name or by UUID in any case.
    applied = converge(directory_for(tl_api), items[:1], expected_plan_ids={seed.workspace_id('Risk').upper(): expected[seed.workspace_id('Risk')]})
    assert [a['user_email'] for a in applied.actions] == [ALICE]


def test_expected_plan_ids_for_a_workspace_the_run_does_not_touch_is_refused(tl_api):
    with pytest.raises(InputError, match="expected_plan_ids: workspace 'Payments' has a reviewed plan but this run does not touch it"):
        converge(directory_for(tl_api), [item('Risk', ALICE, 'Viewer')], expected_plan_ids={'Payments': 'tlp1-x'})
    with pytest.raises(InputError, match="expected_plan_ids: workspace 'Nope' not found"):
        converge(directory_for(tl_api), [item('Risk', ALICE, 'Viewer')], expected_plan_ids={'Nope': 'tlp1-x'})
    assert writes(tl_api) == []


def test_the_label_given_is_the_label_used(tl_api):
    items = [item('Risk', ALICE, 'Viewer', label='Payments: members[3]'), item('Risk', ALICE.upper(), 'Admin', label='Risk: members[9]')]
    with pytest.raises(InputError, match=r"^Risk: members\[9\]: user .* is listed twice for workspace 'Risk' "
                                         r"\(Payments: members\[3\] and Risk: members\[9\]\)"):
        converge(directory_for(tl_api), items)


def test_a_workspace_plan_without_changes_has_the_digest_of_nothing():
    empty = WorkspacePlan({'id': 'w1', 'name': 'W'}, {'u1': {'id': 'r', 'name': 'Viewer'}})
    assert empty.plan_id == mp.plan_id([]) and empty.after == empty.current


# -- a removal answered 404 is confirmed by reading the workspace's members (issue 23, part 1 item 1) -----------------

def risk_reads(tl_api):
    """How many times the direct members of Risk were read."""
    return sent(tl_api).count(('GET', '/workspaces/{0}/memberships'.format(seed.workspace_id('Risk'))))


def test_a_removal_answered_404_while_the_member_stays_fails_naming_the_inferred_path(tl_api):
    tl_api.set_faults(not_found_methods=['DELETE'])  # the real DELETE path differs from ours: every removal is 404
    before = members(tl_api, 'Risk')
    with pytest.raises(TransactionLinkError) as info:
        converge(directory_for(tl_api), [item('Risk', DANA, state='absent'), item('Risk', 'erik.johansson@example.com', state='absent')])
    message = str(info.value)
    assert "was answered 404" in message and 'still lists it: it was not removed' in message
    assert "INFERRED (api_facts.MEMBERSHIP = '/workspaces/{workspace_id}/memberships/{user_id}')" in message
    assert '2 removal(s) of this run answered 404 are still members' in message
    assert info.value.completed == [] and info.value.result['failed_action']['action'] == 'removed'
    assert members(tl_api, 'Risk') == before
    assert risk_reads(tl_api) == 2  # the plan's read, then one confirmation for the workspace's two 404s


def test_a_removal_answered_404_for_a_member_really_gone_counts_as_removed(tl_api):
    directory = directory_for(tl_api)
    planned = guard(directory, [plan(p) for p in resolve(directory, [item('Risk', DANA, state='absent')])])
    assert directory_for(tl_api).client.remove_membership(seed.workspace_id('Risk'), seed.user_id(DANA)) is True  # gone meanwhile
    tl_api.clear_requests()
    write(directory, planned)  # the removal answers 404: gone already, which one read confirms
    assert [w.action['action'] for w in planned] == ['removed'] and writes(tl_api) != []
    assert risk_reads(tl_api) == 1 and DANA not in members(tl_api, 'Risk')


def test_removals_answered_200_need_no_confirmation_read(tl_api):
    converge(directory_for(tl_api), [item('Risk', DANA, state='absent')])
    assert risk_reads(tl_api) == 1 and DANA not in members(tl_api, 'Risk')


def test_a_converge_pass_host_whose_removal_stays_fails_and_the_others_keep_their_writes(tl_api):
    tl_api.set_faults(not_found_methods=['DELETE'])
    requests = [Request(items=(item('Risk', DANA, state='absent', label='Risk: members[0]'),), label='Risk'),
                Request(items=(item('Payments', ALICE, 'Viewer', label='Payments: members[0]'),), label='Payments')]
    risk, payments = run(directory_for(tl_api), requests)
    assert risk.failure is not None and 'api_facts.MEMBERSHIP' in str(risk.failure) and risk.written == ()
    assert risk.failed_host == 'Risk'
    assert [w.action['action'] for w in payments.written] == ['added'] and ALICE in members(tl_api, 'Payments')


def test_a_team_item_that_allows_an_empty_team_converges_under_exclusive(tl_api):
    team = Item('members[0]', 'Risk', None, 'Viewer', team='ops', allow_empty=True)
    result = converge(directory_for(tl_api), [team], exclusive=True, rules=Rules(teams={'ops': []}))
    assert sorted(a['user_email'] for a in result.actions) == ['adam.admin@example.com', DANA, 'erik.johansson@example.com']
    with pytest.raises(InputError, match="members\\[0\\]: team 'ops' has no users"):
        converge(directory_for(tl_api), [Item('members[0]', 'Payments', None, 'Viewer', team='ops')], exclusive=True,
                 rules=Rules(teams={'ops': []}))


def test_role_precedence_is_checked_against_the_roles_of_the_whole_run(tl_api):
    shared = Rules(teams={'ops': [ALICE]}, role_precedence=('Admin', 'Analyst', 'Viewer'))
    typo = Rules(teams={'ops': [ALICE]}, role_precedence=('Admin', 'Analsyt'))
    requests = [Request(items=(Item('Risk: members[0]', 'Risk', None, 'Viewer', team='ops'),), label='Risk', rules=shared),
                Request(items=(Item('Payments: members[0]', 'Payments', None, 'Viewer', team='ops'),), label='Payments', rules=typo)]
    risk, payments = run(directory_for(tl_api), requests, check_mode=True)
    assert risk.errors == () and risk.planned is not None
    assert payments.errors == ("Payments: role_precedence[1]: role 'Analsyt' not found in workspace(s) Risk, Payments; "
                               "did you mean: Analyst; available: Admin, Analyst, Viewer",)
    tl_api.clear_requests()
    kept = Request(items=(Item('Risk: members[0]', 'Risk', None, 'Analyst', team='ops'),), label='Risk',
                   rules=Rules(teams={'ops': [DANA]}, role_precedence=('Admin', 'Analyst', 'Viewer')))
    assert run(directory_for(tl_api), [kept], check_mode=True)[0].errors == ()
    # every name is a role some member of Risk holds, and Dana keeps hers: no role list read
    assert not [path for method, path in sent(tl_api) if path.endswith('/roles')]
