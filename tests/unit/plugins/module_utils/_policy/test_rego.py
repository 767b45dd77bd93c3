# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shipped policies allowing and denying, a user's own file, a broken file, parameters of the wrong type."""

import datetime
import os
import subprocess
import sys

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._policy import document as d
from ansible_collections.transactionlink.access.plugins.module_utils._policy import rego
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

pytest.importorskip('regopy')


NOW = datetime.datetime(2026, 12, 7, 1, 0, tzinfo=datetime.timezone.utc)
ALICE, BOB, CAROL = ('%08d-0000-4000-8000-000000000000' % i for i in range(1, 4))
WS = '00000000-0000-4000-8000-0000000000aa'
PLAN = 'tlp1-' + '0' * 32


def doc(*after, host=None, changes=(), workspace='Risk'):
    return d.plan_document([d.WorkspaceRecord(workspace, WS, PLAN, changes, after, host=host)], NOW)


def member(email, role, days=None, user_id=ALICE):
    return d.MemberRecord(email, user_id, role, None if days is None else NOW + datetime.timedelta(days=days))


def denials(document, policies=None, files=()):
    return rego.evaluate(rego.policy_set(policies, [str(f) for f in files]), document)


DOMAINS = {'allowed_email_domains': ['example.com', '@Example.ORG']}


def test_allowed_email_domains_allows_members_of_the_listed_domains_in_any_case():
    assert denials(doc(member('alice@Example.com', 'Viewer'), member('bob@example.org', 'Admin')), DOMAINS) == []


def test_allowed_email_domains_denies_naming_the_workspace_the_e_mail_and_the_role():
    assert denials(doc(member('alice@example.com', 'Viewer'), member('eve@eu.example.com', 'Admin')), DOMAINS) == [
        "workspace 'Risk': eve@eu.example.com (Admin) has an e-mail outside allowed_email_domains (example.com, example.org)"]


def test_allowed_email_domains_denies_a_member_whose_e_mail_is_unknown():
    assert denials(doc(member(None, 'Viewer', user_id=BOB)), DOMAINS) == [
        "workspace 'Risk': user {0} (Viewer) has no known e-mail, so allowed_email_domains cannot be checked "
        "(listing users needs the can_manage_users scope)".format(BOB)]


def test_max_members_per_role_allows_up_to_the_limit_and_denies_above_it_in_any_case():
    two = doc(member('a@example.com', 'Admin'), member('b@example.com', 'admin', user_id=BOB), member('c@example.com', 'Viewer'))
    assert denials(two, {'max_members_per_role': {'Admin': 2}}) == []
    assert denials(two, {'max_members_per_role': {'ADMIN': 1}}) == [
        "workspace 'Risk': 2 member(s) would have role ADMIN, more than max_members_per_role allows (1): a@example.com, b@example.com"]


def test_max_members_per_role_names_ten_members_and_counts_the_rest():
    many = doc(*[member('u%02d@example.com' % i, 'Viewer') for i in range(12)])
    message, = denials(many, {'max_members_per_role': {'Viewer': 0}})
    assert message.endswith('(0): ' + ', '.join('u%02d@example.com' % i for i in range(10)) + ' and 2 more')


def test_roles_requiring_expiry_allows_an_expiry_within_the_days():
    assert denials(doc(member('a@example.com', 'Admin', days=30), member('b@example.com', 'Viewer')),
                   {'roles_requiring_expiry': {'Admin': 30}}) == []


def test_roles_requiring_expiry_denies_no_expiry_and_a_later_one():
    found = denials(doc(member('a@example.com', 'Admin', days=31), member('b@example.com', 'admin', user_id=BOB)),
                    {'roles_requiring_expiry': {'Admin': 30}})
    assert found == [
        "workspace 'Risk': a@example.com has role Admin until 2027-01-07T01:00:00+00:00, later than roles_requiring_expiry "
        "allows (30 day(s) from 2026-12-07T01:00:00+00:00)",
        "workspace 'Risk': b@example.com has role admin with no expiry; roles_requiring_expiry wants it to end within 30 day(s)"]


def test_roles_requiring_expiry_fails_closed_on_a_time_it_cannot_read():
    document = doc(member('a@example.com', 'Admin', days=3))
    document['workspaces'][0]['after'][0]['expires'] = '2026-12-10T00:00:00Z'  # regopy does not read the Z form
    assert denials(document, {'roles_requiring_expiry': {'Admin': 30}}) == [
        "workspace 'Risk': a@example.com has role Admin until 2026-12-10T00:00:00Z, which roles_requiring_expiry cannot read as a time"]


def test_in_a_converge_a_message_starts_with_the_host():
    assert denials(doc(member('eve@evil.test', 'Admin'), host='risk'), DOMAINS) == [
        "risk: workspace 'Risk': eve@evil.test (Admin) has an e-mail outside allowed_email_domains (example.com, example.org)"]


def test_the_workspaces_are_shared_out_over_threads_with_the_same_verdict(monkeypatch):
    # Twelve workspaces, each with an outsider: every thread count gives the same sorted messages, one per workspace.
    records = [d.WorkspaceRecord('ws-%02d' % i, WS, PLAN, (), (member('eve%02d@evil.test' % i, 'Admin'),), host='ws-%02d' % i)
               for i in range(12)]
    document = d.plan_document(records, NOW)
    verdicts = []
    for threads in (1, 3, 4):
        monkeypatch.setattr(rego, 'EVALUATORS', threads)
        monkeypatch.setattr(rego.os, 'cpu_count', lambda: 4)
        verdicts.append(denials(document, DOMAINS))
    assert verdicts[0] == verdicts[1] == verdicts[2]
    assert [m.split(':')[0] for m in verdicts[0]] == ['ws-%02d' % i for i in range(12)]


def test_no_parameter_no_policy_file_means_nothing_to_check():
    assert rego.policy_set({}, []) is None
    assert rego.policy_set(None, None) is None


NO_REMOVALS_IN_RISK = '''package transactionlink.policy

import rego.v1

deny contains msg if {
    some ws in input.workspaces
    ws.workspace == data.transactionlink.params_of_mine_none.x
    msg := "never"
}


deny contains {"msg": msg} if {
    some ws in input.workspaces
    ws.workspace == "Risk"
    some change in ws.changes
    change.action == "removed"
    msg := concat("", ["no removals in Risk: ", change.user, " (", change.role_before, ")"])
}
'''


def test_a_users_own_file_denies_alongside_the_shipped_ones(tmp_path):
    own = tmp_path / 'no_removals.rego'
    own.write_text(NO_REMOVALS_IN_RISK)
    removal = (d.ChangeRecord('removed', 'bob@example.com', BOB, 'Viewer', None, d.EXCLUSIVE),)
    assert denials(doc(member('a@example.com', 'Viewer'), changes=removal), files=[own]) == [
        'no removals in Risk: bob@example.com (Viewer)']
    assert denials(doc(member('a@example.com', 'Viewer'), changes=removal, workspace='Other'), files=[own]) == []
    assert denials(doc(member('eve@evil.test', 'Viewer'), changes=removal), DOMAINS, files=[own]) == [
        'no removals in Risk: bob@example.com (Viewer)',
        "workspace 'Risk': eve@evil.test (Viewer) has an e-mail outside allowed_email_domains (example.com, example.org)"]


def test_a_relative_policy_file_is_read_from_the_base_directory(tmp_path):
    (tmp_path / 'own.rego').write_text(NO_REMOVALS_IN_RISK)
    found = rego.policy_set(None, ['own.rego'], base_dir=str(tmp_path))
    assert found.files == ((str(tmp_path / 'own.rego'), NO_REMOVALS_IN_RISK),)


def test_a_file_that_does_not_parse_fails_naming_the_file_and_the_line(tmp_path):
    broken = tmp_path / 'broken.rego'
    broken.write_text('package transactionlink.policy\n\nimport rego.v1\n\ndeny contains "x" if {\n    input.a ==\n}\n')
    with pytest.raises(InputError, match=r'^the policies cannot be evaluated: {0} line 6, column \d+: .+; nothing was written$'.format(
            str(broken).replace('.', r'\.'))):
        denials(doc(), files=[broken])


def test_a_file_that_cannot_be_read_fails_naming_it(tmp_path):
    with pytest.raises(InputError, match=r'^policy_files\[1\]: cannot read .*missing\.rego: No such file or directory; nothing was written$'):
        rego.policy_set(None, [__file__, str(tmp_path / 'missing.rego')])


@pytest.mark.parametrize('policies, message', [
    ({'allowed_email_domains': 'example.com'},
     "policies.allowed_email_domains must be a non-empty list of e-mail domains (such as [example.com]), got the string 'example.com'"),
    ({'allowed_email_domains': []}, 'policies.allowed_email_domains must be a non-empty list'),
    ({'max_members_per_role': {'Admin': '2'}}, "policies.max_members_per_role.Admin must be the most members (a whole number, 0 or more), got the string '2'"),
    ({'max_members_per_role': {'Admin': True}}, 'policies.max_members_per_role.Admin must be the most members (a whole number, 0 or more), got bool (True)'),
    ({'roles_requiring_expiry': ['Admin']}, "policies.roles_requiring_expiry must be a dict {role name: days}, got list (['Admin'])"),
    ({'roles_requiring_expiry': {'Admin': -1}}, 'policies.roles_requiring_expiry.Admin must be days (a whole number, 0 or more), got int (-1)'),
    ({'max_member_per_role': {'Admin': 2}},
     "policies: unknown parameter 'max_member_per_role'; the shipped policies take allowed_email_domains, max_members_per_role, "
     "roles_requiring_expiry"),
    ({'max_members_per_role': {'Admin': 1, 'admin': 2}},
     "policies.max_members_per_role names role 'admin' twice ('Admin' and 'admin': role names are compared in any case)"),
], ids=['domains-string', 'domains-empty', 'count-string', 'count-bool', 'expiry-list', 'expiry-negative', 'typo', 'role-twice'])
def test_a_parameter_of_the_wrong_type_fails_naming_it(policies, message):
    with pytest.raises(InputError) as failure:
        rego.policy_set(policies, [])
    assert str(failure.value).startswith(message)


def test_without_regopy_a_run_given_policies_fails_saying_how_to_install_it():
    with pytest.raises(InputError, match=r'^policies and policy_files need the Python package regopy in the Python that runs '
                                         r'ansible-playbook: `pip install regopy`'):
        rego.evaluate(rego.policy_set(DOMAINS), doc(), runner='ansible-playbook', engine=None)


def docs_example():
    """The full example of docs/docsite/rst/policies.rst ("Writing your own"), as the page shows it."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))))
    with open(os.path.join(repo, 'docs', 'docsite', 'rst', 'policies.rst'), encoding='utf-8') as handle:
        page = handle.read()
    block = page.split('.. code-block:: rego\n\n', 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith('    '):
            break
        lines.append(line[4:])
    return '\n'.join(lines).strip() + '\n'


def test_the_docs_example_denies_removals_in_the_named_workspace_only(tmp_path):
    own = tmp_path / 'no_removals_in_risk.rego'
    own.write_text(docs_example())
    removal = (d.ChangeRecord('removed', None, BOB, 'Viewer', None, d.EXCLUSIVE),)
    assert denials(doc(changes=removal), files=[own]) == ["no removal in workspace 'Risk': {0} (Viewer, exclusive)".format(BOB)]
    assert denials(doc(changes=removal, host='risk'), files=[own]) == ["risk: no removal in workspace 'Risk': {0} (Viewer, exclusive)".format(BOB)]
    assert denials(doc(changes=removal, workspace='Payments'), files=[own]) == []
    added = (d.ChangeRecord('added', 'a@example.com', ALICE, None, 'Viewer', d.REQUESTED),)
    assert denials(doc(changes=added), files=[own]) == []


def test_a_rule_that_fails_at_evaluation_fails_saying_why(tmp_path):
    own = tmp_path / 'recursive.rego'
    own.write_text('package transactionlink.policy\n\nimport rego.v1\n\nx := object.get(data, ["a"], 1)\n\n'
                   'deny contains "never" if { x == 2 }\n')
    with pytest.raises(InputError, match=r'^the policies cannot be evaluated: Recursion detected in rule body: '
                                         r'data\.transactionlink\.policy\.deny; nothing was written$'):
        denials(doc(), files=[own])


def test_nothing_imports_regopy_unless_a_run_is_given_policies():
    collections = rego.__file__.split(os.sep + 'ansible_collections' + os.sep, maxsplit=1)[0]
    code = ('import sys\n'
            'from ansible_collections.transactionlink.access.plugins.modules import workspace_membership\n'
            'from ansible_collections.transactionlink.access.plugins.action import converge_workspaces\n'
            'from ansible_collections.transactionlink.access.plugins.module_utils._policy import rego\n'
            'rego.policy_set(None, None)\n'
            'assert "regopy" not in sys.modules, "regopy was imported"\n')
    subprocess.run([sys.executable, '-c', code], check=True, env=dict(os.environ, PYTHONPATH=collections))
