# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.onboard / role workspace_onboarding against the emulator."""

import os

import pytest

from helpers.roles import DEMO_DIRECT, ONBOARD, counts, direct_state, summary, task

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLE = os.path.join(REPO_ROOT, 'examples', 'onboard-demo.yml')
CONVERGE = 'Converge every membership of the ticket in one run'
SUMMARY = 'Summarize the onboarding'

TICKET = [
    {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                                        {'workspace': 'Payments', 'role': 'Viewer'}]},
    {'user': 'bob.nguyen@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Analyst'}]},
    {'user': 'erik.johansson@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    {'user': 'HANA.SUZUKI@example.com', 'workspaces': [{'workspace': 'Customer Support', 'role': 'Viewer'}]},
]
TICKET_STATE = {
    ('Risk', 'alice.martin@example.com'): 'Analyst',
    ('Payments', 'alice.martin@example.com'): 'Viewer',
    ('Payments', 'bob.nguyen@example.com'): 'Analyst',
    ('Risk', 'erik.johansson@example.com'): 'Analyst',
    ('Customer Support', 'hana.suzuki@example.com'): 'Viewer',
}


def _actions(result):
    return sorted((a['workspace_name'], a['user_email'], a['action'], a['role_before'], a['role_after'])
                  for a in result['actions'])


def test_check_diff_predicts_first_run_and_second_run_is_idempotent(emulator, run_playbook):
    extra = {'workspace_onboarding_users': TICKET}

    predicted = run_playbook(ONBOARD, extra_vars=extra, check=True, diff=True)
    assert predicted.rc == 0, predicted
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT
    check_result = task(predicted, CONVERGE)
    assert check_result['changed'] is True
    assert check_result.get('diff'), 'no diff under --diff'
    assert predicted.stats['localhost']['changed'] == 1

    first = run_playbook(ONBOARD, extra_vars=extra, diff=True)
    assert first.rc == 0, first
    real_result = task(first, CONVERGE)
    # One module run for the whole ticket, not a loop.
    assert 'results' not in real_result
    assert [r['task_name'] for r in first.results].count(real_result['task_name']) == 1
    assert _actions(real_result) == _actions(check_result)
    assert _actions(real_result) == sorted([
        ('Customer Support', 'hana.suzuki@example.com', 'added', None, 'Viewer'),
        ('Payments', 'alice.martin@example.com', 'added', None, 'Viewer'),
        ('Payments', 'bob.nguyen@example.com', 'added', None, 'Analyst'),
        ('Risk', 'alice.martin@example.com', 'added', None, 'Analyst'),
        ('Risk', 'erik.johansson@example.com', 'updated', 'Viewer', 'Analyst'),
    ])
    assert real_result['diff'] == check_result['diff']
    assert first.stats['localhost']['changed'] == 1
    # A role change is one PUT; nothing is removed.
    assert counts(emulator)['PUT'] == 5 and counts(emulator)['DELETE'] == 0
    expected = dict(DEMO_DIRECT)
    expected.update(TICKET_STATE)
    assert direct_state(emulator) == expected
    lines = summary(first, SUMMARY)
    assert lines[0] == 'Onboarding: 5 membership(s) in the ticket; 4 added, 1 updated, 0 removed'
    assert 'Risk: erik.johansson@example.com updated from Viewer to Analyst' in lines

    emulator.clear_requests()
    second = run_playbook(ONBOARD, extra_vars=extra)
    assert second.rc == 0, second
    assert second.stats['localhost']['changed'] == 0
    assert task(second, CONVERGE)['actions'] == []
    assert counts(emulator)['writes'] == 0
    assert summary(second, SUMMARY)[0].endswith('0 added, 0 updated, 0 removed (already in place)')

    emulator.clear_requests()
    third = run_playbook(ONBOARD, extra_vars=extra, check=True, diff=True)
    assert third.rc == 0 and third.stats['localhost']['changed'] == 0
    assert counts(emulator)['writes'] == 0


@pytest.mark.smoke  # the role every ansible-core of the matrix runs
def test_example_vars_file_by_fqcn(emulator, run_playbook):
    first = run_playbook(ONBOARD, args=['-e', '@' + EXAMPLE])
    assert first.rc == 0, first
    assert first.stats['localhost']['changed'] == 1
    emulator.clear_requests()
    second = run_playbook(ONBOARD, args=['-e', '@' + EXAMPLE])
    assert second.rc == 0 and second.stats['localhost']['changed'] == 0
    assert counts(emulator)['writes'] == 0


def test_exclusive_only_touches_named_workspaces(emulator, run_playbook):
    extra = {'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
        {'user': 'dana.kowalski@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    ], 'workspace_onboarding_exclusive': True}
    predicted = run_playbook(ONBOARD, extra_vars=extra, check=True)
    assert predicted.rc == 0, predicted
    assert counts(emulator)['writes'] == 0
    run = run_playbook(ONBOARD, extra_vars=extra)
    assert run.rc == 0, run
    assert _actions(task(run, CONVERGE)) == _actions(task(predicted, CONVERGE)) == sorted([
        ('Risk', 'alice.martin@example.com', 'added', None, 'Analyst'),
        ('Risk', 'erik.johansson@example.com', 'removed', 'Viewer', None),
        ('Risk', 'adam.admin@example.com', 'removed', 'Admin', None),
    ])
    state = direct_state(emulator)
    assert {k: v for k, v in state.items() if k[0] == 'Risk'} == {
        ('Risk', 'alice.martin@example.com'): 'Analyst', ('Risk', 'dana.kowalski@example.com'): 'Analyst'}
    assert {k: v for k, v in state.items() if k[0] != 'Risk'} == {k: v for k, v in DEMO_DIRECT.items() if k[0] != 'Risk'}


def _assert_rejected(emulator, run, *needles):
    assert run.rc != 0, run
    text = run.stdout + run.stderr
    for needle in needles:
        assert needle in text, (needle, run)
    assert counts(emulator)['total'] == 0, 'a request was sent: %s' % emulator.requests()['requests']


def test_argument_spec_rejects_malformed_input_before_any_request(emulator, run_playbook):
    # A workspace entry without its role.
    run = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk'}]}]})
    _assert_rejected(emulator, run, 'role', 'workspace_onboarding_users')
    # workspaces given as a string, an unknown key, no input at all.
    run = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspaces': 'Risk'}]})
    _assert_rejected(emulator, run, 'workspaces')
    run = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspace': 'Risk', 'role': 'Analyst'}]})
    _assert_rejected(emulator, run, 'workspace')
    run = run_playbook(ONBOARD)
    _assert_rejected(emulator, run, 'workspace_onboarding_users')


def test_unknown_role_fails_with_candidates_and_writes_nothing(emulator, run_playbook):
    run = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Viewer'}]},
        {'user': 'bob.nguyen@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyts'}]}]})
    assert run.rc != 0, run
    assert 'Analyts' in task(run, CONVERGE)['msg'] and 'Analyst' in task(run, CONVERGE)['msg']
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT


def test_playbook_takes_the_url_as_a_variable_and_never_prints_the_token(emulator, run_playbook):
    # The environment points elsewhere; the playbook's module_defaults take transactionlink_api_url.
    run = run_playbook(ONBOARD, verbosity=3, env={'TRANSACTIONLINK_API_URL': 'https://api.example.invalid'},
                       extra_vars={'transactionlink_api_url': emulator.url, 'transactionlink_max_retries': 0,
                                   'workspace_onboarding_users': TICKET[:1]})
    assert run.rc == 0, run
    assert run.stats['localhost']['changed'] == 1
    assert emulator.tokens['admin'] not in run.stdout + run.stderr
    assert direct_state(emulator)[('Payments', 'alice.martin@example.com')] == 'Viewer'


EXCLUSIVE_RISK = {'workspace_onboarding_users': [
    {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    {'user': 'dana.kowalski@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
], 'workspace_onboarding_exclusive': True}


def test_max_removals_stops_an_exclusive_ticket_before_any_write(emulator, run_playbook):
    # The ticket would remove Erik and Adam from Risk: two removals.
    for check in (True, False):
        run = run_playbook(ONBOARD, check=check, extra_vars=dict(EXCLUSIVE_RISK, workspace_onboarding_max_removals=1))
        assert run.rc != 0, run
        message = task(run, CONVERGE)['msg']
        assert 'max_removals=1' in message and 'would remove 2' in message, message
        assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT
    # As a string from a survey, and exactly at the cap: applied.
    run = run_playbook(ONBOARD, args=['-e', 'workspace_onboarding_max_removals=2'], extra_vars=EXCLUSIVE_RISK)
    assert run.rc == 0, run
    assert counts(emulator)['DELETE'] == 2


def test_argument_spec_rejects_a_max_removals_that_is_not_a_number(emulator, run_playbook):
    run = run_playbook(ONBOARD, extra_vars=dict(EXCLUSIVE_RISK, workspace_onboarding_max_removals='some'))
    _assert_rejected(emulator, run, 'workspace_onboarding_max_removals')


def _published(run):
    return run.output['custom_stats']['_run']


def test_reviewed_plan_is_applied_as_reviewed(emulator, run_playbook):
    extra = {'workspace_onboarding_users': TICKET, 'workspace_onboarding_publish_plan': True}
    review = run_playbook(ONBOARD, check=True, extra_vars=extra)
    assert review.rc == 0, review
    plan_id = task(review, CONVERGE)['plan_id']
    stats = _published(review)
    assert stats['workspace_onboarding_expected_plan_id'] == plan_id
    assert stats['workspace_onboarding_plan'].splitlines() == [
        'Customer Support: hana.suzuki@example.com would be added as Viewer',
        'Payments: alice.martin@example.com would be added as Viewer',
        'Payments: bob.nguyen@example.com would be added as Analyst',
        'Risk: alice.martin@example.com would be added as Analyst',
        'Risk: erik.johansson@example.com would be updated from Viewer to Analyst']
    assert summary(review, SUMMARY)[-1].startswith('Plan id: %s (give it as workspace_onboarding_expected_plan_id' % plan_id)
    assert counts(emulator)['writes'] == 0

    # The apply job receives the published plan id as an extra variable (what an AWX workflow does).
    applied = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': TICKET,
                                                'workspace_onboarding_expected_plan_id': plan_id})
    assert applied.rc == 0, applied
    assert task(applied, CONVERGE)['plan_id'] == plan_id
    assert _actions(task(applied, CONVERGE)) == _actions(task(review, CONVERGE))
    assert counts(emulator)['PUT'] == 5


def test_a_change_after_the_review_makes_the_apply_write_nothing(emulator, run_playbook):
    extra = {'workspace_onboarding_users': TICKET}
    review = run_playbook(ONBOARD, check=True, extra_vars=extra)
    assert review.rc == 0, review
    plan_id = task(review, CONVERGE)['plan_id']
    # Somebody else gives Alice a role in Risk between the review and the apply.
    meanwhile = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]}]})
    assert meanwhile.rc == 0, meanwhile
    emulator.clear_requests()
    before = direct_state(emulator)

    applied = run_playbook(ONBOARD, extra_vars=dict(extra, workspace_onboarding_expected_plan_id=plan_id))
    assert applied.rc != 0, applied
    result = task(applied, CONVERGE)
    assert 'the access changed since the plan was approved' in result['msg']
    assert result['plan_id'] != plan_id
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == before

    # An empty expected plan id (an empty survey field) is no expectation: the run applies as today.
    again = run_playbook(ONBOARD, extra_vars=dict(extra, workspace_onboarding_expected_plan_id=''))
    assert again.rc == 0, again
    assert counts(emulator)['writes'] == 5
