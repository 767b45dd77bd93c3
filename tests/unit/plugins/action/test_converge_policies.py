# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge pass's plan file and policies, the action plugins run in-process against the tl_api.

One host that breaks a rule stops the whole pass: nothing is written anywhere, the host's report names the
rule; the plan file is written with or without --check, resolved against the directory of the run.
"""

import json
import os

import jsonschema

from emulator import seed
from helpers.converge_pass import report, run_pass, workspace_vars

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ALICE, FATIMA = 'alice.martin@example.com', 'fatima.haddad@example.com'


def hostvars(**shared):
    """Three workspace hosts (Risk changes, Payments does not, Compliance has no desired members), SHARED on each."""
    return {
        'Risk': workspace_vars('Risk', desired_members=[{'user': ALICE, 'role': 'Admin'}], **shared),
        'Payments': workspace_vars('Payments', desired_members=[{'user': FATIMA, 'role': 'Analyst'}], **shared),
        'Compliance': workspace_vars('Compliance', **shared),
    }


def schema():
    with open(os.path.join(REPO, 'docs', 'schemas', 'plan.schema.json'), encoding='utf-8') as handle:
        return jsonschema.Draft202012Validator(json.load(handle))


def test_one_host_breaking_a_rule_stops_the_whole_pass_with_nothing_written(tl_api, tmp_path):
    plan_file = tmp_path / 'plan.json'
    before = tl_api.state()['memberships']
    passed = run_pass(tl_api, hostvars(policies={'max_members_per_role': {'Admin': 1}}, plan_file=str(plan_file)))
    assert passed['failed_hosts'] == ['Payments', 'Risk']
    assert tl_api.writes() == 0 and tl_api.state()['memberships'] == before
    risk = report(passed, 'Risk')
    assert risk['failed'] is True and risk['msg'] == (
        "Risk: workspace 'Risk': 2 member(s) would have role Admin, more than max_members_per_role allows (1): "
        "adam.admin@example.com, alice.martin@example.com")
    assert 'nothing was written here' in report(passed, 'Payments')['msg']
    document = json.loads(plan_file.read_text())  # written before the policies were evaluated: the reviewer sees it
    schema().validate(document)
    assert [(w['host'], [c['user'] for c in w['changes']]) for w in document['workspaces']] == [('Risk', [ALICE]), ('Payments', [])]


def test_check_mode_writes_the_plan_file_relative_to_the_directory_of_the_run(tl_api, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where ansible-playbook was started
    allowed = {'allowed_email_domains': ['example.com'], 'max_members_per_role': {'Admin': 2}}
    passed = run_pass(tl_api, hostvars(policies=allowed, plan_file='plan.json'), check=True)
    assert passed['failed_hosts'] == [] and tl_api.writes() == 0
    document = json.loads((tmp_path / 'plan.json').read_text())
    schema().validate(document)
    assert document['plan_id'] is None
    assert {w['host']: w['plan_id'] for w in document['workspaces']} == passed['plan_ids']
    risk = document['workspaces'][0]
    assert [(c['action'], c['user'], c['role_after'], c['reason']) for c in risk['changes']] == [('added', ALICE, 'Admin', 'requested')]
    assert sorted(m['user'] for m in risk['after']) == [seed.DEMO_ADMIN, ALICE, 'dana.kowalski@example.com', 'erik.johansson@example.com']

    applied = run_pass(tl_api, hostvars(policies=allowed, plan_file='plan.json'))
    assert applied['failed_hosts'] == [] and report(applied, 'Risk')['changed'] is True
    assert json.loads((tmp_path / 'plan.json').read_text())['workspaces'][0]['changes'] == risk['changes']


def test_a_users_own_policy_file_names_its_host_or_stops_every_host(tl_api, tmp_path):
    own = tmp_path / 'no_admins.rego'
    own.write_text('package transactionlink.policy\n\nimport rego.v1\n\n'
                   'deny contains concat("", [ws.host, ": no new Admins"]) if {\n'
                   '    some ws in input.workspaces\n    some c in ws.changes\n    c.role_after == "Admin"\n}\n\n'
                   'deny contains "a pass-wide rule" if { count(input.workspaces) > 1 }\n')
    passed = run_pass(tl_api, hostvars(policy_files=[str(own)]))
    assert tl_api.writes() == 0
    assert passed['hosts']['Risk']['errors'] == ['Risk: no new Admins', 'Risk: a policy denies the pass: a pass-wide rule']
    assert passed['hosts']['Payments']['msg'] == 'Payments: a policy denies the pass: a pass-wide rule'


def test_settings_that_differ_between_hosts_or_break_fail_the_pass_before_any_request(tl_api, tmp_path):
    variables = hostvars(policies={'max_members_per_role': {'Admin': 1}})
    variables['Payments']['transactionlink_policies'] = {'max_members_per_role': {'Admin': 2}}
    differs = run_pass(tl_api, variables)
    assert differs['failed'] is True and differs['msg'].startswith(
        'transactionlink_policies differs between the hosts of this pass (2 values, set on 2 (e.g. Risk), 1 (e.g. Payments))')
    wrong = run_pass(tl_api, hostvars(policies={'allowed_email_domains': 'example.com'}))
    assert wrong['failed'] is True and wrong['msg'] == (
        "transactionlink_policies.allowed_email_domains must be a non-empty list of e-mail domains (such as [example.com]), "
        "got the string 'example.com'; nothing was written")
    missing = run_pass(tl_api, hostvars(policy_files=[str(tmp_path / 'none.rego')]))
    assert missing['failed'] is True and missing['msg'].startswith('transactionlink_policy_files[0]: cannot read ')
    assert tl_api.sent() == []
    unwritable = run_pass(tl_api, hostvars(plan_file=str(tmp_path / 'no' / 'such' / 'plan.json')), check=True)
    assert unwritable['failed'] is True and unwritable['msg'].startswith(
        'transactionlink_plan_file: cannot write the plan document to {0}'.format(tmp_path / 'no' / 'such' / 'plan.json'))
    assert tl_api.writes() == 0
