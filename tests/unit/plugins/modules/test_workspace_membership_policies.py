# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""workspace_membership's plan document (RV plan) and its policies, main() in-process against the emulator app.

The document a check-mode run returns is what the real run then writes (the emulator's request log and
state), its plan ids are the module's, and a policy denial fails the task with nothing written, check mode
included.
"""

import datetime
import json
import os

import jsonschema
import pytest

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from emulator import seed

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULE = 'workspace_membership'
NOW = datetime.datetime(2026, 12, 7, 1, 0, tzinfo=datetime.timezone.utc)
ALICE, BOB, DANA, ERIK, FATIMA = ('alice.martin@example.com', 'bob.nguyen@example.com', 'dana.kowalski@example.com',
                                  'erik.johansson@example.com', 'fatima.haddad@example.com')
# Risk: Alice added until the end of 2026 (an expiry), Bob added through a team, Dana updated, Erik's access expired
# (removed), Adam's Admin removed (exclusive). Payments: Fatima unchanged, Dana removed (exclusive).
PLAY = {
    'exclusive': True,
    'return_plan': True,
    'teams': {'risk-analysts': [BOB]},
    'members': [
        {'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer', 'expires': '2026-12-31'},
        {'workspace': 'Risk', 'team': 'risk-analysts', 'role': 'Analyst'},
        {'workspace': 'Risk', 'user': DANA, 'role': 'Admin'},
        {'workspace': 'Risk', 'user': ERIK, 'role': 'Viewer', 'expires': '2026-11-30'},
        {'workspace': 'Payments', 'user': FATIMA, 'role': 'Analyst'},
    ],
}


@pytest.fixture
def membership(run_module):
    return lambda args, **kw: run_module(MODULE, args, main_kwargs={'now': lambda: NOW}, **kw)


@pytest.fixture(scope='module')
def schema():
    with open(os.path.join(REPO, 'docs', 'schemas', 'plan.schema.json'), encoding='utf-8') as handle:
        return jsonschema.Draft202012Validator(json.load(handle))


def writes(tl_api):
    return [(r['method'], r['path']) for r in tl_api.requests()['requests'] if r['method'] in ('PUT', 'DELETE', 'POST', 'PATCH')]


def members(tl_api, workspace):
    return dict((m['email'], m['role']) for m in tl_api.state()['memberships'] if m['workspace'] == workspace)


def test_check_mode_returns_the_plan_document_that_the_real_run_then_writes(tl_api, membership, schema):
    checked = membership(PLAY, check=True)
    assert not checked.get('failed'), checked
    assert writes(tl_api) == []
    plan = checked['plan']
    schema.validate(plan)
    assert plan['plan_id'] == checked['plan_id'] and plan['generated_at'] == '2026-12-07T01:00:00+00:00'
    risk, payments = plan['workspaces']
    assert (risk['workspace'], risk['workspace_id'], risk['host']) == ('Risk', seed.workspace_id('Risk'), None)
    assert [(c['action'], c['user'], c['role_before'], c['role_after'], c['expires'], c['team'], c['reason'])
            for c in risk['changes']] == [
        ('added', ALICE, None, 'Viewer', '2027-01-01T00:00:00+00:00', None, 'requested'),
        ('added', BOB, None, 'Analyst', None, 'risk-analysts', 'requested'),
        ('updated', DANA, 'Analyst', 'Admin', None, None, 'requested'),
        ('removed', ERIK, 'Viewer', None, None, None, 'expired'),
        ('removed', seed.DEMO_ADMIN, 'Admin', None, None, None, 'exclusive')]
    assert [(c['action'], c['user'], c['reason']) for c in payments['changes']] == [('removed', DANA, 'exclusive')]
    assert [(m['user'], m['role'], m['expires']) for m in payments['after']] == [(FATIMA, 'Analyst', None)]

    tl_api.clear_requests()
    applied = membership(PLAY)
    assert applied['changed'] is True and applied['plan_id'] == checked['plan_id']
    assert applied['plan'] == plan  # the same document, check mode or not
    planned = set()
    for ws in plan['workspaces']:
        for change in ws['changes']:
            method = api.MEMBERSHIP_DELETE_METHOD if change['action'] == 'removed' else api.MEMBERSHIP_WRITE_METHOD
            planned.add((method, api.MEMBERSHIP.format(workspace_id=ws['workspace_id'], user_id=change['user_id'])))
    assert sorted(writes(tl_api)) == sorted(planned)  # every write planned, and nothing else
    for ws in plan['workspaces']:
        assert members(tl_api, ws['workspace']) == dict((m['user'], m['role']) for m in ws['after'])


def test_a_run_of_one_workspace_has_its_plan_id_on_the_workspace_too(membership):
    result = membership({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer', 'return_plan': True}, check=True)
    assert result['plan']['workspaces'][0]['plan_id'] == result['plan']['plan_id'] == result['plan_id']
    rerun = membership({'workspace': 'Payments', 'members': [{'user': FATIMA, 'role': 'Analyst'}], 'return_plan': True})
    assert rerun['changed'] is False
    assert rerun['plan']['workspaces'][0]['changes'] == [] and rerun['plan']['workspaces'][0]['plan_id'] == rerun['plan_id']


POLICIES = {'max_members_per_role': {'Admin': 0}, 'roles_requiring_expiry': {'Viewer': 7}}


def test_the_plan_document_is_returned_only_when_asked_for(tl_api, membership):
    """Without return_plan there is no plan, with policies or not; the plan id and the actions are the same."""
    asked = membership(PLAY, check=True)
    plain = dict(PLAY, return_plan=False)
    not_asked = membership(plain, check=True)
    checked = membership(dict(plain, policies={'allowed_email_domains': ['example.com']}), check=True)
    for result in (not_asked, checked):
        assert not result.get('failed'), result
        assert 'plan' not in result
        assert (result['plan_id'], result['actions']) == (asked['plan_id'], asked['actions'])
    assert writes(tl_api) == []


def test_a_policy_denial_under_check_lists_every_message_and_writes_nothing(tl_api, membership):
    result = membership(dict(PLAY, return_plan=False, policies=POLICIES), check=True)
    assert result.get('failed') is True and writes(tl_api) == []
    assert result['policy_denials'] == [
        "workspace 'Risk': 1 member(s) would have role Admin, more than max_members_per_role allows (0): " + DANA,
        "workspace 'Risk': alice.martin@example.com has role Viewer until 2027-01-01T00:00:00+00:00, later than "
        "roles_requiring_expiry allows (7 day(s) from 2026-12-07T01:00:00+00:00)"]
    assert result['msg'] == 'the plan breaks 2 policy rule(s); nothing was written:\n' + '\n'.join(
        '- ' + m for m in result['policy_denials'])
    assert result['plan']['workspaces'][0]['workspace'] == 'Risk'  # the denied plan, for the reviewer


def test_a_real_run_a_policy_denies_writes_nothing(tl_api, membership):
    before = tl_api.state()['memberships']
    result = membership(dict(PLAY, policies={'allowed_email_domains': ['partner.example']}))
    assert result.get('failed') is True
    assert len(result['policy_denials']) == 4  # every member after the run: Alice, Bob, Dana in Risk, Fatima in Payments
    assert writes(tl_api) == [] and tl_api.state()['memberships'] == before


def test_a_plan_the_policies_allow_is_applied(tl_api, membership):
    allowed = {'allowed_email_domains': ['example.com'], 'max_members_per_role': {'Admin': 1}}
    result = membership(dict(PLAY, policies=allowed))
    assert not result.get('failed'), result
    assert members(tl_api, 'Risk')[DANA] == 'Admin'


NO_REMOVALS_IN_RISK = '''package transactionlink.policy

import rego.v1

deny contains msg if {
    some ws in input.workspaces
    ws.workspace == "Risk"
    some change in ws.changes
    change.action == "removed"
    msg := concat("", ["no removals in Risk: ", change.user, " (", change.role_before, ")"])
}
'''


def test_a_users_own_policy_file_relative_to_the_modules_directory(tl_api, membership, tmp_path, monkeypatch):
    (tmp_path / 'policies').mkdir()
    (tmp_path / 'policies' / 'no_removals.rego').write_text(NO_REMOVALS_IN_RISK)
    monkeypatch.chdir(tmp_path)  # with connection: local, Ansible runs the module in the playbook's directory
    result = membership({'workspace': 'Risk', 'user': ERIK, 'state': 'absent', 'policy_files': ['policies/no_removals.rego']})
    assert result.get('failed') is True and writes(tl_api) == []
    assert result['policy_denials'] == ['no removals in Risk: erik.johansson@example.com (Viewer)']
    allowed = membership({'workspace': 'Payments', 'user': DANA, 'state': 'absent', 'policy_files': ['policies/no_removals.rego']})
    assert allowed['changed'] is True and DANA not in members(tl_api, 'Payments')


def test_a_broken_policy_file_fails_naming_it_with_nothing_written(tl_api, membership, tmp_path):
    broken = tmp_path / 'broken.rego'
    broken.write_text('package transactionlink.policy\n\ndeny contains msg if {\n')
    result = membership(dict(PLAY, policy_files=[str(broken)]))
    assert result.get('failed') is True and writes(tl_api) == []
    assert result['msg'].startswith('the policies cannot be evaluated: {0} line '.format(broken))


def test_a_policy_parameter_of_the_wrong_type_fails_before_any_request(tl_api, membership):
    result = membership(dict(PLAY, policies={'roles_requiring_expiry': {'Admin': '30 days'}}))
    assert result.get('failed') is True
    assert result['msg'] == "policies.roles_requiring_expiry.Admin must be days (a whole number, 0 or more), got the string '30 days'"
    assert tl_api.sent() == []


def test_a_removal_by_exclusive_roles_has_its_reason_and_teams_keep_the_latest_expiry(membership):
    result = membership({'workspace': 'Risk', 'exclusive_roles': ['Admin'], 'teams': {'a': [BOB], 'b': [BOB]}, 'return_plan': True,
                         'members': [{'team': 'a', 'role': 'Viewer', 'expires': '2026-12-20'},
                                     {'team': 'b', 'role': 'Viewer', 'expires': '2027-03-01'}]}, check=True)
    changes = result['plan']['workspaces'][0]['changes']
    assert [(c['action'], c['user'], c['team'], c['expires'], c['reason']) for c in changes] == [
        ('added', BOB, 'a', '2027-03-02T00:00:00+00:00', 'requested'),  # access lasts while one team item grants it
        ('removed', seed.DEMO_ADMIN, None, None, 'exclusive_role')]
