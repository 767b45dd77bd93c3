# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.offboard / role workspace_offboarding against the emulator."""

import os

from emulator import seed

from helpers.roles import DEMO_DIRECT, DEMO_WORKSPACES, OFFBOARD, counts, direct_state, summary, task
from helpers.paths import REPO_ROOT

FIND = 'Find every membership of these users, direct and inherited, in one read'
REMOVE = 'Remove every direct membership of these users in one run'
SUMMARY = 'Summarize the offboarding'
RECORD = 'Record what was removed and what access remains'
CANCEL = 'Cancel the pending invitations of these people'


EXAMPLE = os.path.join(REPO_ROOT,
                       'examples', 'offboard-demo.yml')


def _report(run):
    return task(run, RECORD)['ansible_facts']['workspace_offboarding_report']


def test_offboarding_removes_the_user_everywhere_and_leaves_others_alone(emulator, run_playbook):
    extra = {'workspace_offboarding_users': ['dana.kowalski@example.com']}
    predicted = run_playbook(OFFBOARD, extra_vars=extra, check=True)
    assert predicted.rc == 0, predicted
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT

    run = run_playbook(OFFBOARD, extra_vars=extra)
    assert run.rc == 0, run
    assert run.stats['localhost']['changed'] == 1
    removed = sorted((a['workspace_name'], a['role_before']) for a in task(run, REMOVE)['actions'])
    assert removed == [('Compliance', 'Admin'), ('Payments', 'Viewer'), ('Risk', 'Analyst')]
    assert removed == sorted((a['workspace_name'], a['role_before']) for a in task(predicted, REMOVE)['actions'])
    assert 'results' not in task(run, REMOVE), 'one module run expected, not a loop'
    assert counts(emulator)['DELETE'] == 3 and counts(emulator)['PUT'] == 0
    # Dana is gone everywhere; everybody else's memberships are untouched.
    assert direct_state(emulator) == {k: v for k, v in DEMO_DIRECT.items() if k[1] != 'dana.kowalski@example.com'}
    report = _report(run)
    assert [(r['user'], len(r['removed']), r['remaining']) for r in report] == [('dana.kowalski@example.com', 3, [])]
    assert _report(predicted)[0]['remaining'] == []
    lines = summary(run, SUMMARY)
    assert lines[:5] == ['Offboarding: 1 user(s), 3 membership(s) removed, 0 inherited access(es) remaining',
                         'Compliance: dana.kowalski@example.com removed (was Admin)',
                         'Payments: dana.kowalski@example.com removed (was Viewer)',
                         'Risk: dana.kowalski@example.com removed (was Analyst)',
                         'dana.kowalski@example.com: no workspace access remains']
    assert summary(predicted, SUMMARY)[1] == 'Compliance: dana.kowalski@example.com would be removed (was Admin)'

    emulator.clear_requests()
    again = run_playbook(OFFBOARD, extra_vars=extra)
    assert again.rc == 0 and again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0
    assert 'dana.kowalski@example.com: no workspace access found, nothing to remove' in summary(again, SUMMARY)


def test_inherited_admin_access_is_reported_as_remaining(emulator, run_playbook):
    # Adam: direct Admin in Risk, organization admin (inherited access everywhere).
    # Erik given by UUID.
    erik_id = next(u['id'] for u in emulator.state()['users'] if u['email'] == 'erik.johansson@example.com')
    extra = {'workspace_offboarding_users': ['adam.admin@example.com', erik_id]}
    predicted = run_playbook(OFFBOARD, extra_vars=extra, check=True)
    assert predicted.rc == 0, predicted
    run = run_playbook(OFFBOARD, extra_vars=extra)
    assert run.rc == 0, run
    report = {r['user']: r for r in _report(run)}
    adam = report['adam.admin@example.com']
    assert [(a['workspace_name'], a['role_before']) for a in adam['removed']] == [('Risk', 'Admin')]
    assert sorted(m['workspace_name'] for m in adam['remaining']) == list(DEMO_WORKSPACES)
    assert all(m['inherited'] for m in adam['remaining'])
    assert [(a['workspace_name'], a['user_email']) for a in report[erik_id]['removed']] == [
        ('Risk', 'erik.johansson@example.com')]
    assert report[erik_id]['remaining'] == []
    # --check predicted the same removals and the same remaining access.
    predicted_report = {r['user']: r for r in _report(predicted)}
    for user in report:
        removed = [a['workspace_name'] for a in report[user]['removed']]
        assert [a['workspace_name'] for a in predicted_report[user]['removed']] == removed
        remaining = sorted(m['workspace_name'] for m in report[user]['remaining'])
        assert sorted(m['workspace_name'] for m in predicted_report[user]['remaining']) == remaining
    lines = summary(run, SUMMARY)
    remains = [line for line in lines if line.startswith('adam.admin@example.com: inherited access remains')]
    assert remains and remains[0].startswith(
        'adam.admin@example.com: inherited access remains (organization role admin): set '
        'workspace_offboarding_demote_admins to end it; in ') and 'Customer Support (Admin)' in remains[0], lines
    assert report['adam.admin@example.com']['org_role'] == 'admin' and report[erik_id]['org_role'] == 'member'
    assert counts(emulator)['PUT'] == 0  # the organization role is read, never written without the variable
    assert ('Risk', 'adam.admin@example.com') not in direct_state(emulator)
    assert ('Risk', 'erik.johansson@example.com') not in direct_state(emulator)


def test_a_typo_is_nothing_to_remove_and_asks_did_you_mean(emulator, run_playbook):
    # dana.kowalsky is nobody: nothing to remove, rc 0; the summary suggests the user it is one letter from.
    for check in (True, False):
        run = run_playbook(OFFBOARD, check=check, extra_vars={'workspace_offboarding_users': ['dana.kowalsky@example.com']})
        assert run.rc == 0, run
        assert summary(run, SUMMARY) == [
            'Offboarding%s: 1 user(s), 0 membership(s) %s, 0 inherited access(es) remaining, 1 not in the organization'
            % ((' (check mode, nothing written)', 'would be removed') if check else ('', 'removed')),
            'dana.kowalsky@example.com: not in the organization, nothing to remove; did you mean: '
            'dana.kowalski@example.com? (not offboarded: check the list)']
        assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT


def test_a_person_who_is_gone_is_nothing_to_remove(emulator, run_playbook):
    # HR deleted the account already: no user, no invitation. Dana, in the same list, is offboarded as usual.
    extra = {'workspace_offboarding_users': ['former.colleague@example.com', 'dana.kowalski@example.com']}
    run = run_playbook(OFFBOARD, extra_vars=extra)
    assert run.rc == 0, run
    assert counts(emulator)['DELETE'] == 3 and counts(emulator)['writes'] == 3
    lines = summary(run, SUMMARY)
    assert lines[0] == ('Offboarding: 2 user(s), 3 membership(s) removed, 0 inherited access(es) remaining, '
                        '1 not in the organization')
    assert lines[1] == 'former.colleague@example.com: not in the organization, nothing to remove'
    # The unknown e-mail is not even looked up in the membership read (no onboarding hint, no suggestions).
    assert task(run, FIND)['invocation']['module_args']['user'] == ['dana.kowalski@example.com']
    assert [(p['user'], p['in_organization']) for p in _report(run)] == [
        ('former.colleague@example.com', False), ('dana.kowalski@example.com', True)]
    assert task(run, CANCEL).get('skipped') is True

    # Nobody of the list is in the organization: no membership read, no write at all.
    emulator.clear_requests()
    alone = run_playbook(OFFBOARD, extra_vars={'workspace_offboarding_users': ['former.colleague@example.com']})
    assert alone.rc == 0 and alone.stats['localhost']['changed'] == 0, alone
    assert counts(emulator)['writes'] == 0
    assert not any(r['path'].endswith('/memberships') for r in emulator.requests()['requests'])


def test_an_unknown_uuid_is_nothing_to_remove(emulator, run_playbook):
    nobody = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'
    run = run_playbook(OFFBOARD, extra_vars={'workspace_offboarding_users': [nobody]})
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0
    assert summary(run, SUMMARY)[1] == '%s: no workspace access found, nothing to remove' % nobody
    assert direct_state(emulator) == DEMO_DIRECT


def test_a_new_hire_who_never_started_has_their_pending_invitation_cancelled(emulator, run_ansible, run_playbook):
    invited = run_ansible('transactionlink.access.organization_invitation', 'email=nora.hire@example.com')
    assert invited.rc == 0, invited
    emulator.clear_requests()
    extra = {'workspace_offboarding_users': ['Nora.Hire@example.com']}

    predicted = run_playbook(OFFBOARD, extra_vars=extra, check=True)
    assert predicted.rc == 0, predicted
    assert counts(emulator)['writes'] == 0
    assert summary(predicted, SUMMARY) == [
        'Offboarding (check mode, nothing written): 1 user(s), 0 membership(s) would be removed, '
        '0 inherited access(es) remaining, 1 not in the organization, 1 pending invitation(s) to cancel',
        'Nora.Hire@example.com: not in the organization, nothing to remove; invitation would be cancelled (was PENDING)']

    run = run_playbook(OFFBOARD, extra_vars=extra)
    assert run.rc == 0, run
    assert run.stats['localhost']['changed'] == 1
    assert counts(emulator)['writes'] == counts(emulator)['POST'] == 1
    assert [r['path'] for r in emulator.requests()['requests'] if r['method'] == 'POST'] == [
        '/organizations/enrollments/%s/cancel' % task(run, CANCEL)['actions'][0]['enrollment_id']]
    assert [(e['email'], e['status']) for e in emulator.state()['enrollments']] == [('nora.hire@example.com', 'CANCELLED')]
    assert summary(run, SUMMARY)[1] == ('Nora.Hire@example.com: not in the organization, nothing to remove; '
                                        'invitation cancelled (was PENDING)')
    assert direct_state(emulator) == DEMO_DIRECT

    emulator.clear_requests()
    again = run_playbook(OFFBOARD, extra_vars=extra)
    assert again.rc == 0 and again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0
    assert summary(again, SUMMARY)[1] == 'Nora.Hire@example.com: not in the organization, nothing to remove'


def test_argument_spec_rejects_malformed_input_before_any_request(emulator, run_playbook):
    for extra, needle in (({}, 'workspace_offboarding_users'),
                          ({'workspace_offboarding_users': {'user': 'dana.kowalski@example.com'}},
                           'workspace_offboarding_users'),
                          ({'workspace_offboarding_users': ['dana.kowalski@example.com', '']}, 'non-empty string'),
                          ({'workspace_offboarding_users': ['dana.kowalski@example.com', None]}, 'non-empty string'),
                          ({'workspace_offboarding_users': ['dana.kowalski@example.com'],
                            'workspace_offboarding_max_removals': 'some'}, 'workspace_offboarding_max_removals')):
        run = run_playbook(OFFBOARD, extra_vars=extra)
        assert run.rc != 0, run
        assert needle in run.stdout + run.stderr, run
        assert counts(emulator)['total'] == 0, emulator.requests()['requests']


def test_a_string_instead_of_a_list_fails_before_any_request(emulator, run_playbook):
    # -e key=value gives a string: the argument spec accepts it (as a list of one), the role refuses it.
    for check in (True, False):
        run = run_playbook(OFFBOARD, check=check, args=['-e', 'workspace_offboarding_users=dana.kowalski@example.com'])
        assert run.rc != 0, run
        assert 'must be a list of e-mail addresses or UUIDs' in run.stdout and 'nothing was removed' in run.stdout, run
        assert counts(emulator)['total'] == 0, emulator.requests()['requests']
    assert direct_state(emulator) == DEMO_DIRECT


def test_an_empty_list_offboards_nobody_and_says_so(emulator, run_playbook):
    for check in (True, False):
        run = run_playbook(OFFBOARD, check=check, extra_vars={'workspace_offboarding_users': []})
        assert run.rc == 0, run
        assert run.stats['localhost']['changed'] == 0, run
        assert summary(run, SUMMARY)[0].endswith('no user given, nothing removed (an empty list offboards nobody)')
        assert _report(run) == []
        assert counts(emulator)['total'] == 0, emulator.requests()['requests']
    assert direct_state(emulator) == DEMO_DIRECT


def test_max_removals_stops_the_run_before_any_write(emulator, run_playbook):
    extra = {'workspace_offboarding_users': ['dana.kowalski@example.com'], 'workspace_offboarding_max_removals': 2}
    for check in (True, False):
        run = run_playbook(OFFBOARD, check=check, extra_vars=extra)
        assert run.rc != 0, run
        message = task(run, REMOVE)['msg']
        assert 'max_removals=2' in message and 'would remove 3' in message, message
        assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT
    run = run_playbook(OFFBOARD, extra_vars=dict(extra, workspace_offboarding_max_removals=3))
    assert run.rc == 0, run
    assert counts(emulator)['DELETE'] == 3


def test_several_people_cost_the_reads_of_one(emulator, run_playbook):
    """One read, one removal run and one read-back, whatever the number of people (issue 8)."""
    one = run_playbook(OFFBOARD, extra_vars={'workspace_offboarding_users': ['dana.kowalski@example.com']})
    assert one.rc == 0, one
    reads_for_one = counts(emulator)['GET']
    assert counts(emulator)['DELETE'] == 3

    emulator.reset()
    people = ['dana.kowalski@example.com', 'erik.johansson@example.com', 'fatima.haddad@example.com']
    run = run_playbook(OFFBOARD, extra_vars={'workspace_offboarding_users': people})
    assert run.rc == 0, run
    for name in (FIND, REMOVE):
        assert 'results' not in task(run, name), 'one module run expected, not a loop: %s' % name
    # Dana's workspaces (Compliance, Payments, Risk) are also Erik's and Fatima's: the same reads.
    assert counts(emulator)['GET'] == reads_for_one
    assert counts(emulator)['DELETE'] == 5
    assert [(r['user'], len(r['removed'])) for r in _report(run)] == list(zip(people, (3, 1, 1)))
    assert set(direct_state(emulator)) == {('Risk', 'adam.admin@example.com')}


def test_the_example_vars_file(emulator, run_playbook):
    run = run_playbook(OFFBOARD, args=['-e', '@' + EXAMPLE])
    assert run.rc == 0, run
    assert counts(emulator)['DELETE'] == 4 and counts(emulator)['writes'] == 4
    lines = summary(run, SUMMARY)
    assert lines[0] == ('Offboarding: 3 user(s), 4 membership(s) removed, 4 inherited access(es) remaining, '
                        '1 not in the organization')
    assert lines[-1] == 'sam.gone@example.com: not in the organization, nothing to remove'
    emulator.clear_requests()
    again = run_playbook(OFFBOARD, args=['-e', '@' + EXAMPLE])
    assert again.rc == 0 and again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0


def test_a_protected_user_is_refused_before_any_write_naming_them(emulator, run_playbook):
    people = ['erik.johansson@example.com', 'dana.kowalski@example.com']
    cases = (
        {'workspace_offboarding_protected_users': ['dana.kowalski@example.com']},
        {'workspace_offboarding_protected_users': [seed.user_id('dana.kowalski@example.com')]},  # by UUID
        {'transactionlink_protected_users': ['Dana.Kowalski@example.com']},  # the converge playbook's variable
    )
    for protected in cases:
        for check in (True, False):
            run = run_playbook(OFFBOARD, check=check, extra_vars=dict(protected, workspace_offboarding_users=people))
            assert run.rc != 0, (protected, run)
            message = task(run, REMOVE)['msg']
            # The removals name users by UUID (read once), so does the refusal; and where and what it would remove.
            assert 'user %s is protected (protected_users)' % seed.user_id('dana.kowalski@example.com') in message, message
            assert "would remove it from workspace '" in message, message
            assert 'nothing was written' in message, message
            assert counts(emulator)['writes'] == 0, (protected, emulator.requests()['requests'])
    # Nobody of the run was removed, Erik neither.
    assert direct_state(emulator) == DEMO_DIRECT

    # Protecting someone else does not stop Dana's offboarding.
    run = run_playbook(OFFBOARD, extra_vars={'workspace_offboarding_users': ['dana.kowalski@example.com'],
                                             'workspace_offboarding_protected_users': ['erik.johansson@example.com']})
    assert run.rc == 0, run
    assert counts(emulator)['DELETE'] == 3
    assert direct_state(emulator) == {k: v for k, v in DEMO_DIRECT.items() if k[1] != 'dana.kowalski@example.com'}


def _org_role(emulator, email):
    return next(u['organizationRole'] for u in emulator.state()['users'] if u['email'] == email)


def test_demote_admins_ends_inherited_access_check_mode_predicts_it_and_a_rerun_changes_nothing(emulator, run_playbook):
    emulator.reset(strict=True)  # users and invitations read as documented: no large page, no undocumented parameter
    extra = {'workspace_offboarding_users': ['adam.admin@example.com', 'dana.kowalski@example.com'],
             'workspace_offboarding_demote_admins': True}
    predicted = run_playbook(OFFBOARD, extra_vars=extra, check=True)
    assert predicted.rc == 0, predicted
    assert counts(emulator)['writes'] == 0 and _org_role(emulator, 'adam.admin@example.com') == 'admin'
    run = run_playbook(OFFBOARD, extra_vars=extra)
    assert run.rc == 0, run
    assert _org_role(emulator, 'adam.admin@example.com') == 'member'
    assert _org_role(emulator, 'dana.kowalski@example.com') == 'member'  # a member stays as she is: no write
    assert [w['path'] for w in emulator.requests()['requests'] if w['method'] == 'PUT'] == [
        '/organizations/users/%s/role' % seed.user_id('adam.admin@example.com')]
    lines = summary(run, SUMMARY)
    assert lines[0] == ('Offboarding: 2 user(s), 4 membership(s) removed, 0 inherited access(es) remaining, '
                        '1 organization role(s) changed to member')
    assert ('adam.admin@example.com: organization role admin changed to member: inherited access to every workspace '
            'ended') in lines
    assert 'adam.admin@example.com: no workspace access remains' in lines
    # --check said the same, in its own words.
    assert summary(predicted, SUMMARY)[0] == (
        'Offboarding (check mode, nothing written): 2 user(s), 4 membership(s) would be removed, 0 inherited '
        'access(es) remaining, 1 organization role(s) to change to member')
    assert ('adam.admin@example.com: organization role admin would change to member: inherited access to every '
            'workspace would end') in summary(predicted, SUMMARY)
    emulator.clear_requests()
    again = run_playbook(OFFBOARD, extra_vars=extra)
    assert again.rc == 0 and again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0


def test_demoting_the_last_owner_fails_before_any_write(emulator, run_playbook):
    extra = {'workspace_offboarding_users': ['dana.kowalski@example.com', 'olivia.owner@example.com'],
             'workspace_offboarding_demote_admins': True}
    for check in (True, False):
        run = run_playbook(OFFBOARD, check=check, extra_vars=extra)
        assert run.rc != 0, run
        assert 'would leave the organization without an owner' in task(run, 'Find the organization role of these users')['msg']
        assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT and _org_role(emulator, 'olivia.owner@example.com') == 'owner'


def test_a_person_listed_twice_in_another_case_is_reported_once_against_the_strict_api(emulator, run_playbook):
    emulator.reset(strict=True)  # a page size over 100 or an undocumented query parameter is a 400
    extra = {'workspace_offboarding_users': ['dana.kowalski@example.com', 'Dana.Kowalski@Example.com']}
    run = run_playbook(OFFBOARD, extra_vars=extra)
    assert run.rc == 0, run
    assert counts(emulator)['DELETE'] == 3
    lines = summary(run, SUMMARY)
    assert lines[0] == 'Offboarding: 1 user(s), 3 membership(s) removed, 0 inherited access(es) remaining'
    assert len([line for line in lines if line.startswith('Risk: dana.kowalski@example.com removed')]) == 1
    assert [r['user'] for r in _report(run)] == ['dana.kowalski@example.com']
    refused = [r for r in emulator.requests()['requests'] if r['status'] == 400]
    assert all(r['query'].get('size') == '1000' for r in refused), refused  # only the large page, then size 20
