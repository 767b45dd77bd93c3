# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The transactionlink.access.export playbook against the emulator: today's state written as host_vars, a converge
right after that changes nothing, and the refusal to overwrite."""

import os
import shutil

import yaml

from emulator import seed
from helpers.roles import DEMO_DIRECT, DEMO_WORKSPACES, counts, direct_state
from helpers.paths import REPO_ROOT

EXAMPLE = os.path.join(REPO_ROOT, 'examples', 'access-as-code')
SOURCE = 'demo.transactionlink.yml'
EXPORT, CONVERGE = 'transactionlink.access.export', 'transactionlink.access.converge'


def repository(tmp_path):
    """A new access-as-code repository: the example's inventory source and group_vars, no host_vars yet."""
    dest = tmp_path / 'repo'
    dest.mkdir()
    shutil.copy(os.path.join(EXAMPLE, SOURCE), str(dest / SOURCE))
    (dest / 'group_vars').mkdir()
    (dest / 'group_vars' / 'all.yml').write_text('---\ntransactionlink_max_removals: 0\n')
    return dest


def host_vars(repo):
    folder = repo / 'host_vars'
    return dict((name[:-len('.yml')], (folder / name).read_text()) for name in sorted(os.listdir(str(folder))))


def test_export_then_converge_changes_nothing(emulator, run_playbook, tmp_path):
    repo = repository(tmp_path)
    run = run_playbook(EXPORT, inventory=SOURCE, cwd=str(repo),
                       extra_vars={'transactionlink_export_dest': str(repo), 'transactionlink_export_exclusive': True})
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0
    files = host_vars(repo)
    assert sorted(files) == list(DEMO_WORKSPACES)
    for host, text in files.items():
        lines = text.splitlines()
        assert lines[0] == '---' and lines[1].startswith('# %s: the direct members of workspace %s (' % (host, host))
        assert 'exported by transactionlink.access.export at 20' in lines[2] and ('from %s.' % emulator.url.rstrip('/')) in lines[2]
        for token in emulator.tokens.values():
            assert token not in text
        data = yaml.safe_load(text)
        wanted = sorted(({'user': email, 'role': role} for (ws, email), role in DEMO_DIRECT.items() if ws == host),
                        key=lambda m: m['user'])
        assert data == {'transactionlink_desired_members': wanted, 'transactionlink_exclusive': True}, host
    assert '- {user: adam.admin@example.com, role: Admin}' in files['Risk']  # one line per member
    assert files['Customer Support'].endswith('transactionlink_desired_members: []\ntransactionlink_exclusive: true\n')

    emulator.clear_requests()
    converge = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(repo), diff=True)
    assert converge.rc == 0, converge
    assert all(stats['changed'] == 0 for stats in converge.stats.values()), converge.stats
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == DEMO_DIRECT


def test_export_refuses_to_overwrite_and_writes_nothing(emulator, run_playbook, tmp_path):
    repo = repository(tmp_path)
    (repo / 'host_vars').mkdir()
    mine = '---\n# written by hand\ntransactionlink_desired_members: []\n'
    (repo / 'host_vars' / 'Payments.yml').write_text(mine)
    refused = run_playbook(EXPORT, inventory=SOURCE, cwd=str(repo), extra_vars={'transactionlink_export_dest': str(repo)})
    assert refused.rc != 0, refused
    expected = '%s exists already; nothing was written' % (repo / 'host_vars' / 'Payments.yml')
    assert expected in refused.stdout, refused
    assert host_vars(repo) == {'Payments': mine}  # no other host's file either
    # Refused before reading: only the inventory plugin's workspace list went out.
    assert [(r['method'], r['path']) for r in emulator.requests()['requests']] == [('GET', '/organizations/workspaces')]

    forced = run_playbook(EXPORT, inventory=SOURCE, cwd=str(repo),
                          extra_vars={'transactionlink_export_dest': str(repo), 'transactionlink_export_force': True})
    assert forced.rc == 0, forced
    files = host_vars(repo)
    assert sorted(files) == list(DEMO_WORKSPACES)
    assert yaml.safe_load(files['Payments']) == {'transactionlink_desired_members': [
        {'user': 'dana.kowalski@example.com', 'role': 'Viewer'}, {'user': 'fatima.haddad@example.com', 'role': 'Analyst'}]}

    missing = run_playbook(EXPORT, inventory=SOURCE, cwd=str(repo))
    assert missing.rc != 0 and 'Set transactionlink_export_dest' in missing.stdout


def test_export_folds_members_into_the_teams_that_cover_them_then_converges_unchanged(emulator, run_playbook, tmp_path):
    repo = repository(tmp_path)
    (repo / 'group_vars' / 'all.yml').write_text(
        '---\ntransactionlink_max_removals: 0\ntransactionlink_exclusive: true\ntransactionlink_teams:\n'
        '  payments-analysts: [fatima.haddad@example.com]\n'
        '  risk-leads: [adam.admin@example.com, dana.kowalski@example.com]\n')  # two roles in Risk: not folded
    run = run_playbook(EXPORT, inventory=SOURCE, cwd=str(repo),
                       extra_vars={'transactionlink_export_dest': str(repo), 'transactionlink_export_fold_teams': True})
    assert run.rc == 0, run
    files = dict((host, yaml.safe_load(text)['transactionlink_desired_members']) for host, text in host_vars(repo).items())
    assert files['Payments'] == [{'team': 'payments-analysts', 'role': 'Analyst'}, {'user': 'dana.kowalski@example.com', 'role': 'Viewer'}]
    assert files['Risk'] == sorted(({'user': e, 'role': r} for (ws, e), r in DEMO_DIRECT.items() if ws == 'Risk'), key=lambda m: m['user'])

    emulator.clear_requests()
    converge = run_playbook(CONVERGE, inventory=SOURCE, cwd=str(repo))
    assert converge.rc == 0, converge
    assert all(stats['changed'] == 0 for stats in converge.stats.values()) and counts(emulator)['writes'] == 0


def test_a_workspace_name_that_is_no_file_name_refuses_the_export_before_anything_is_read(emulator, run_playbook, tmp_path):
    repo = tmp_path / 'repo'
    repo.mkdir()
    hosts = {'Risk': 'Risk', '../../etc': 'Compliance', 'Payments': 'Payments'}
    (repo / 'hosts.yml').write_text(yaml.safe_dump({'all': {'hosts': dict(
        (host, {'transactionlink_workspace_id': seed.workspace_id(ws)}) for host, ws in hosts.items())}}))
    refused = run_playbook(EXPORT, inventory='hosts.yml', cwd=str(repo), extra_vars={'transactionlink_export_dest': 'out'})
    assert refused.rc != 0, refused
    assert "cannot be a file name host_vars/<name>.yml: '../../etc' (workspace '%s')" % seed.workspace_id('Compliance') in refused.stdout
    assert 'hostname: id' in refused.stdout
    assert sorted(os.listdir(str(tmp_path))) == ['repo'] and sorted(os.listdir(str(repo))) == ['hosts.yml']  # nothing written
    assert emulator.requests()['requests'] == []  # nothing read either
