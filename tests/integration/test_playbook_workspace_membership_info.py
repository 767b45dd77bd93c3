# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership_info through ansible, against the emulator."""

import json

from emulator import seed

MODULE = 'transactionlink.access.workspace_membership_info'
DANA = 'dana.kowalski@example.com'


def info(run_playbook, token='admin', check=False, **args):
    play = ('- hosts: localhost\n  gather_facts: false\n  tasks:\n'
            '    - name: info\n      {0}: {1}\n').format(MODULE, json.dumps(args))
    return run_playbook(play, token=token, check=check)


def rows(run):
    assert run.rc == 0, run
    result = run.results[0]
    assert result['changed'] is False
    return [(m['workspace_name'], m['user_email'], m['role_name'], m['inherited']) for m in result['memberships']]


def direct_state(emulator):
    return sorted((m['workspace'], m['email'], m['role'], False) for m in emulator.state()['memberships'])


def test_one_workspace(emulator, run_playbook):
    assert rows(info(run_playbook, workspace='Risk')) == [
        ('Risk', 'adam.admin@example.com', 'Admin', False), ('Risk', DANA, 'Analyst', False),
        ('Risk', 'erik.johansson@example.com', 'Viewer', False)]
    assert emulator.writes() == 0


def test_all_workspaces_equal_the_emulator_state(emulator, run_playbook):
    assert sorted(rows(info(run_playbook))) == direct_state(emulator)


def test_user_filter_across_workspaces(emulator, run_playbook):
    assert rows(info(run_playbook, user=DANA)) == [
        ('Compliance', DANA, 'Admin', False), ('Payments', DANA, 'Viewer', False), ('Risk', DANA, 'Analyst', False)]
    by_id = info(run_playbook, user_id=seed.user_id(DANA))
    assert len(rows(by_id)) == 3


def test_role_filter(emulator, run_playbook):
    assert rows(info(run_playbook, role='admin')) == [
        ('Compliance', DANA, 'Admin', False), ('Risk', 'adam.admin@example.com', 'Admin', False)]


def test_unknown_role_filter_is_an_error_not_an_empty_list(emulator, run_playbook):
    run = info(run_playbook, role='Analyts')
    assert run.rc != 0
    assert "role 'Analyts' not found in any workspace; available: Admin, Analyst, Viewer" in run.results[0]['msg']


def test_include_inherited_marks_organization_admins(emulator, run_playbook):
    result = rows(info(run_playbook, workspace='Payments', include_inherited=True))
    assert result == [
        ('Payments', 'adam.admin@example.com', 'Admin', True), ('Payments', DANA, 'Viewer', False),
        ('Payments', 'fatima.haddad@example.com', 'Analyst', False), ('Payments', seed.DEMO_OWNER, 'Admin', True)]
    # Adam is a direct member of Risk: there he is listed once, as direct.
    risk = rows(info(run_playbook, workspace='Risk', include_inherited=True))
    assert ('Risk', 'adam.admin@example.com', 'Admin', False) in risk
    assert ('Risk', seed.DEMO_OWNER, 'Admin', True) in risk and len(risk) == 4


def test_check_mode_and_a_readonly_token_are_enough(emulator, run_playbook):
    result = info(run_playbook, token='readonly', check=True, workspace='Risk')
    assert sorted((w, e, r) for w, e, r, dummy in rows(result)) == [
        ('Risk', None, 'Admin'), ('Risk', None, 'Analyst'), ('Risk', None, 'Viewer')]
    assert any('can_manage_users' in w for w in result.results[0]['warnings'])


def test_unknown_workspace(emulator, run_playbook):
    run = info(run_playbook, workspace='Nope')
    assert run.rc != 0 and "workspace 'Nope' not found" in run.results[0]['msg']


def test_each_list_is_fetched_once(emulator, run_playbook):
    rows(info(run_playbook, include_inherited=True, role='Viewer'))
    paths = [r['path'] for r in emulator.requests()['requests']]
    assert len(paths) == len(set(paths)), paths
    # the workspace list, the user list, and two member lists per workspace
    assert len(paths) == 2 + 2 * len(seed.DEMO_WORKSPACES)


def test_ad_hoc(emulator, run_ansible):
    run = run_ansible(MODULE, 'workspace=Risk user=%s' % DANA)
    assert run.rc == 0, run
    assert '"role_name": "Analyst"' in run.stdout
