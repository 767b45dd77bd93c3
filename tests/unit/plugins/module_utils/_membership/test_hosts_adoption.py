# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge pass with the adoption variables: transactionlink_teams and transactionlink_role_precedence
shared by every host, transactionlink_protected_users and transactionlink_exclusive_roles per host, members items
with team and expires. In-process (the pass and report action plugins against the tl_api)."""

import datetime

from ansible_collections.transactionlink.access.plugins.module_utils._membership.hosts import converge_pass, host_request
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory
from emulator import seed
from helpers.api import directory_for, members
from helpers.converge_pass import report, run_pass, workspace_vars

ALICE, DANA, ERIK, IVAN = 'alice.martin@example.com', 'dana.kowalski@example.com', 'erik.johansson@example.com', 'ivan.petrov@example.com'
FATIMA, BOB, ADAM = 'fatima.haddad@example.com', 'bob.nguyen@example.com', seed.DEMO_ADMIN
SHARED = {'teams': {'analysts': [ALICE, IVAN], 'payments-ops': [BOB, FATIMA]}, 'role_precedence': ['Admin', 'Analyst', 'Viewer']}


def hostvars(**per_host):
    return dict((name, workspace_vars(name, **dict(SHARED, **variables))) for name, variables in per_host.items())


ADOPTED = hostvars(
    Risk={'desired_members': [{'team': 'analysts', 'role': 'Analyst'}, {'user': ERIK, 'role': 'Viewer', 'expires': datetime.date(2020, 6, 30)},
                              {'user': DANA, 'role': 'Analyst'}],
          'exclusive': True, 'protected_users': [ADAM], 'max_removals': 1},
    Payments={'desired_members': [{'team': 'payments-ops', 'role': 'Analyst'}, {'user': DANA, 'role': 'Viewer', 'expires': '2999-12-31'}],
              'exclusive_roles': ['Viewer']},
)


def test_teams_an_expiring_contractor_and_a_protected_account_through_the_pass(tl_api):
    predicted = run_pass(tl_api, ADOPTED, check=True, diff=True)
    assert predicted['failed_hosts'] == [] and tl_api.writes() == 0
    passed = run_pass(tl_api, ADOPTED, diff=True)
    for host in ('Risk', 'Payments'):
        assert report(passed, host)['actions'] == report(predicted, host)['actions']
        assert passed['plan_ids'][host] == predicted['plan_ids'][host]
    risk = report(passed, 'Risk', diff=True)
    assert sorted((a['user_email'], a['action'], a.get('reason')) for a in risk['actions']) == [
        (ALICE, 'added', None), (ERIK, 'removed', 'expired'), (IVAN, 'added', None)]
    assert members(tl_api, 'Risk') == {ALICE: 'Analyst', IVAN: 'Analyst', DANA: 'Analyst', ADAM: 'Admin'}  # Adam: protected
    assert risk['protected'] == [{'user_id': seed.user_id(ADAM), 'user_email': ADAM}]
    assert 'protected' not in report(passed, 'Payments')
    assert members(tl_api, 'Payments') == {BOB: 'Analyst', FATIMA: 'Analyst', DANA: 'Viewer'}

    tl_api.clear_requests()
    again = run_pass(tl_api, ADOPTED)
    assert again['changed_hosts'] == [] and again['failed_hosts'] == [] and tl_api.writes() == 0


def test_the_pass_refuses_everywhere_when_one_host_breaks_a_rule(tl_api):
    broken = hostvars(
        Risk={'desired_members': [{'user': ADAM, 'state': 'absent'}], 'protected_users': [ADAM]},
        Payments={'desired_members': [{'team': 'payments-ops', 'role': 'Analyst'}]},
    )
    passed = run_pass(tl_api, broken)
    assert passed['failed_hosts'] == ['Payments', 'Risk'] and tl_api.writes() == 0
    assert report(passed, 'Risk')['msg'].startswith('Risk: members[0]: user %s is protected (protected_users)' % ADAM)
    assert 'nothing was written here' in report(passed, 'Payments')['msg']


def test_host_variables_of_the_wrong_shape_are_named_without_a_request(tl_api):
    spec = host_request('Risk', workspace_vars('Risk', desired_members=[{'user': ALICE, 'team': 'analysts', 'role': 'Viewer'},
                                                                        {'team': 'analysts', 'role': 'Viewer'}],
                                               teams={'analysts': ALICE}, protected_users='adam', exclusive=True,
                                               exclusive_roles=['Admin'], role_precedence=[None]))
    assert list(spec.errors) == [
        'Risk: members[0] gives both user and team (analysts): give one of them per item',
        'Risk: transactionlink_role_precedence[0] is empty: give a role name or UUID',
        "Risk: transactionlink_protected_users must be a list of users (e-mails or UUIDs), got the string 'adam'",
        "Risk: transactionlink_teams: team 'analysts' must be a list of users (e-mails or UUIDs), got the string "
        "'alice.martin@example.com'",
        'Risk: transactionlink_exclusive_roles and transactionlink_exclusive=true together: transactionlink_exclusive '
        'already removes every unlisted member; give one of them']
    assert tl_api.sent() == []


def test_the_pass_compares_every_expiry_with_one_given_time(tl_api):
    vars_ = hostvars(Risk={'desired_members': [{'user': ERIK, 'role': 'Viewer', 'expires': '2026-12-01'}]})
    spec = host_request('Risk', vars_['Risk'])
    before = converge_pass(directory_for(tl_api), [spec], check_mode=True,
                           now=datetime.datetime(2026, 12, 1, 23, 59, tzinfo=datetime.timezone.utc))
    assert before['Risk']['actions'] == []
    after = converge_pass(Directory(directory_for(tl_api).client), [spec], check_mode=True,
                          now=datetime.datetime(2026, 12, 2, tzinfo=datetime.timezone.utc))
    assert [(a['user_email'], a['reason']) for a in after['Risk']['actions']] == [(ERIK, 'expired')]
    assert tl_api.writes() == 0
