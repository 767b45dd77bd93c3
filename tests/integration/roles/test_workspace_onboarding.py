# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.onboard / role workspace_onboarding against the emulator."""

import os

import pytest

from helpers.roles import DEMO_DIRECT, ONBOARD, counts, direct_state, summary, task
from helpers.paths import REPO_ROOT

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
    # The membership run, and the invitation of the example's new hire.
    assert first.stats['localhost']['changed'] == 2
    assert [(e['email'], e['status']) for e in emulator.state()['enrollments']] == [('nora.hire@example.com', 'PENDING')]
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
    extra = {'workspace_onboarding_users': TICKET, 'workspace_onboarding_publish_plan': True,
             'workspace_onboarding_return_plan': True}
    review = run_playbook(ONBOARD, check=True, extra_vars=extra)
    assert review.rc == 0, review
    plan_id = task(review, CONVERGE)['plan_id']
    assert task(review, CONVERGE)['plan']['plan_id'] == plan_id  # the document, for the reviewer
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
    assert 'plan' not in task(applied, CONVERGE)  # not asked for
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


INVITE = 'Invite the people of the ticket who have no account yet'
FIND = 'Find who of the ticket has no account yet'
NEW_HIRE = 'Nora.Hire@example.com'  # spelled as the ticket spells it: the account gets that spelling
HIRE_TICKET = {'workspace_onboarding_invite': True, 'workspace_onboarding_users': [
    {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    {'user': NEW_HIRE, 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                      {'workspace': 'Payments', 'role': 'Viewer'}]},
]}
PENDING_LINES = [
    'Payments: Nora.Hire@example.com pending as Viewer (invitation PENDING: a run after they accept grants it)',
    'Risk: Nora.Hire@example.com pending as Analyst (invitation PENDING: a run after they accept grants it)',
]


def _enrollments(emulator):
    return [(e['email'], e['status']) for e in emulator.state()['enrollments']]


def test_a_new_hire_is_invited_then_granted_after_accepting(emulator, run_playbook):
    # --check predicts the invitation and the grants of the people who have an account; nothing is sent.
    predicted = run_playbook(ONBOARD, extra_vars=HIRE_TICKET, check=True, diff=True)
    assert predicted.rc == 0, predicted
    assert counts(emulator)['writes'] == 0 and _enrollments(emulator) == []
    assert summary(predicted, SUMMARY) == [
        'Onboarding (check mode, nothing written): 3 membership(s) in the ticket; 1 added, 0 updated, 0 removed; '
        '1 invitation(s) to send, 2 membership(s) pending acceptance',
        'Risk: alice.martin@example.com would be added as Analyst',
        'Nora.Hire@example.com would be invited as member'] + PENDING_LINES + [
        'Plan id: %s (give it as workspace_onboarding_expected_plan_id to apply exactly this plan)'
        % task(predicted, CONVERGE)['plan_id']]

    # The real run invites Nora and grants Alice; it succeeds.
    first = run_playbook(ONBOARD, extra_vars=HIRE_TICKET)
    assert first.rc == 0, first
    assert _actions(task(first, CONVERGE)) == _actions(task(predicted, CONVERGE)) == [
        ('Risk', 'alice.martin@example.com', 'added', None, 'Analyst')]
    assert task(first, INVITE)['actions'] == [dict(task(predicted, INVITE)['actions'][0],
                                                   enrollment_id=task(first, INVITE)['actions'][0]['enrollment_id'])]
    assert counts(emulator)['POST'] == 1 and counts(emulator)['PUT'] == 1 and counts(emulator)['writes'] == 2
    assert _enrollments(emulator) == [(NEW_HIRE, 'PENDING')]
    assert summary(first, SUMMARY)[:5] == [
        'Onboarding: 3 membership(s) in the ticket; 1 added, 0 updated, 0 removed; 1 invitation(s) sent, '
        '2 membership(s) pending acceptance',
        'Risk: alice.martin@example.com added as Analyst',
        'Nora.Hire@example.com invited as member'] + PENDING_LINES
    assert first.stats['localhost']['changed'] == 2

    # Before Nora accepts: nothing to do, no write (no re-invitation, no membership of hers attempted).
    emulator.clear_requests()
    waiting = run_playbook(ONBOARD, extra_vars=HIRE_TICKET)
    assert waiting.rc == 0, waiting
    assert waiting.stats['localhost']['changed'] == 0
    assert counts(emulator)['writes'] == 0
    assert [m['user'] for m in task(waiting, CONVERGE)['invocation']['module_args']['members']] == [
        'alice.martin@example.com']
    assert summary(waiting, SUMMARY)[0] == (
        'Onboarding: 3 membership(s) in the ticket; 0 added, 0 updated, 0 removed; 0 invitation(s) sent, '
        '2 membership(s) pending acceptance')
    assert summary(waiting, SUMMARY)[1:3] == PENDING_LINES

    # Nora accepts; the next run (predicted first) grants her access, and the one after changes nothing.
    emulator.call('POST', '/enrollments/%s/accept' % NEW_HIRE)
    emulator.clear_requests()
    check = run_playbook(ONBOARD, extra_vars=HIRE_TICKET, check=True)
    assert check.rc == 0 and counts(emulator)['writes'] == 0, check
    granted = run_playbook(ONBOARD, extra_vars=HIRE_TICKET)
    assert granted.rc == 0, granted
    assert _actions(task(granted, CONVERGE)) == _actions(task(check, CONVERGE)) == [
        ('Payments', NEW_HIRE, 'added', None, 'Viewer'), ('Risk', NEW_HIRE, 'added', None, 'Analyst')]
    assert counts(emulator)['PUT'] == 2 and counts(emulator)['POST'] == 0
    assert task(granted, INVITE)['changed'] is False
    assert summary(granted, SUMMARY)[0] == 'Onboarding: 3 membership(s) in the ticket; 2 added, 0 updated, 0 removed'
    state = direct_state(emulator)
    assert state[('Risk', NEW_HIRE)] == 'Analyst' and state[('Payments', NEW_HIRE)] == 'Viewer'
    assert state[('Risk', 'alice.martin@example.com')] == 'Analyst'

    emulator.clear_requests()
    again = run_playbook(ONBOARD, extra_vars=HIRE_TICKET)
    assert again.rc == 0 and again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0


def test_without_invite_a_new_hire_still_fails_before_any_write(emulator, run_playbook):
    run = run_playbook(ONBOARD, extra_vars=dict(HIRE_TICKET, workspace_onboarding_invite=False))
    assert run.rc != 0, run
    assert "'Nora.Hire@example.com' not found in the organization" in task(run, CONVERGE)['msg']
    assert counts(emulator)['writes'] == 0 and _enrollments(emulator) == []


def test_an_unknown_invite_role_fails_before_any_write(emulator, run_playbook):
    run = run_playbook(ONBOARD, extra_vars=dict(HIRE_TICKET, workspace_onboarding_invite_role='memebr'))
    assert run.rc != 0, run
    message = task(run, FIND)['msg']
    assert "organization role 'memebr' not found; did you mean: member" in message, message
    assert counts(emulator)['writes'] == 0 and direct_state(emulator) == DEMO_DIRECT


def test_an_invited_email_that_looks_like_a_typo_asks_did_you_mean(emulator, run_playbook):
    extra = {'workspace_onboarding_invite': True, 'workspace_onboarding_users': [
        {'user': 'alice.martn@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]}]}
    run = run_playbook(ONBOARD, extra_vars=extra, check=True)
    assert run.rc == 0, run
    assert summary(run, SUMMARY)[-1] == ('alice.martn@example.com: no user has this e-mail; did you mean: '
                                         'alice.martin@example.com? (check the ticket)')
    assert counts(emulator)['writes'] == 0


def test_max_removals_and_the_plan_id_apply_to_the_memberships_only(emulator, run_playbook):
    extra = dict(EXCLUSIVE_RISK, workspace_onboarding_invite=True)
    extra['workspace_onboarding_users'] = EXCLUSIVE_RISK['workspace_onboarding_users'] + [
        {'user': NEW_HIRE, 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]}]
    capped = run_playbook(ONBOARD, extra_vars=dict(extra, workspace_onboarding_max_removals=1))
    assert capped.rc != 0, capped
    assert 'would remove 2' in task(capped, CONVERGE)['msg']
    # The invitations go out after the membership task: a refused ticket sends nothing at all.
    assert _enrollments(emulator) == [] and counts(emulator)['writes'] == 0
    review = run_playbook(ONBOARD, extra_vars=extra, check=True)
    assert review.rc == 0, review
    applied = run_playbook(ONBOARD, extra_vars=dict(extra, workspace_onboarding_expected_plan_id=task(review, CONVERGE)['plan_id']))
    assert applied.rc == 0, applied
    assert task(applied, CONVERGE)['plan_id'] == task(review, CONVERGE)['plan_id']
    assert ('Risk', NEW_HIRE) not in direct_state(emulator) and _enrollments(emulator) == [(NEW_HIRE, 'PENDING')]


def test_a_bad_ticket_sends_no_invitation(emulator, run_playbook):
    extra = {'workspace_onboarding_invite': True, 'workspace_onboarding_users': [
        {'user': NEW_HIRE, 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
        {'user': 'bob.nguyen@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyts'}]}]}
    run = run_playbook(ONBOARD, extra_vars=extra)
    assert run.rc != 0, run
    assert 'Analyts' in task(run, CONVERGE)['msg']
    assert counts(emulator)['writes'] == 0 and _enrollments(emulator) == []


NO_NEW_ANALYSTS_IN_RISK = '''package transactionlink.policy

import rego.v1

deny contains msg if {
    some ws in input.workspaces
    ws.workspace == "Risk"
    some change in ws.changes
    change.role_after == "Analyst"
    msg := concat("", ["no new Analysts in Risk: ", change.user])
}
'''


def test_the_policies_are_passed_on_and_a_denial_under_check_writes_nothing(emulator, run_playbook, tmp_path):
    (tmp_path / 'policies').mkdir()
    (tmp_path / 'policies' / 'no_new_analysts_in_risk.rego').write_text(NO_NEW_ANALYSTS_IN_RISK)
    # A relative path: from the directory ansible-playbook runs in (the playbook, run by FQCN, is in the collection).
    run = run_playbook(ONBOARD, check=True, cwd=str(tmp_path), extra_vars={
        'workspace_onboarding_users': TICKET, 'workspace_onboarding_policies': {'max_members_per_role': {'Admin': 0}},
        'workspace_onboarding_policy_files': ['policies/no_new_analysts_in_risk.rego']})
    assert run.rc != 0, run
    result = task(run, CONVERGE)
    assert result['policy_denials'] == [
        'no new Analysts in Risk: alice.martin@example.com', 'no new Analysts in Risk: erik.johansson@example.com',
        "workspace 'Risk': 1 member(s) would have role Admin, more than max_members_per_role allows (0): adam.admin@example.com"]
    assert [w['workspace'] for w in result['plan']['workspaces']] == ['Risk', 'Payments', 'Customer Support']
    assert counts(emulator)['writes'] == 0
