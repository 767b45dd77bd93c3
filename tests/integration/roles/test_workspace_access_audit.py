# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.audit / role workspace_access_audit against the emulator."""

import csv
import json
import os
import re

import pytest

from helpers.roles import AUDIT, DEMO_DIRECT, DEMO_WORKSPACES, ORG_ADMINS, counts, direct_state, summary

SUMMARY = 'Summarize the audit'

# The demo organization's Risk and Payments as seeded, in the onboarding shape.
DESIRED = [
    {'user': 'dana.kowalski@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                                         {'workspace': 'Payments', 'role': 'Viewer'}]},
    {'user': 'erik.johansson@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]},
    {'user': 'fatima.haddad@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Analyst'}]},
    {'user': 'adam.admin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Admin'}]},
]

SEED_DRIFT = '''
- name: Seed differences from the desired state
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Change the emulator's memberships
      transactionlink.access.workspace_membership:
        members:
          - {workspace: Risk, user: erik.johansson@example.com, role: Analyst}
          - {workspace: Payments, user: fatima.haddad@example.com, state: absent}
          - {workspace: Payments, user: george.okafor@example.com, role: Viewer}
          - {workspace: Compliance, user: carol.smith@example.com, role: Viewer}
'''


def _read(dest, name):
    with open(os.path.join(dest, name), newline='', encoding='utf-8') as handle:
        return handle.read()


def _page_data(html):
    """The data access.html draws its matrix from (the JSON in its script element)."""
    start = html.index('<script type="application/json" id="access-data">')
    start = html.index('>', start) + 1
    return json.loads(html[start:html.index('</script>', start)])


def _csv(dest, name):
    with open(os.path.join(dest, name), newline='', encoding='utf-8') as handle:
        return list(csv.DictReader(handle))


@pytest.mark.smoke  # every ansible-core of the matrix: access.json is written as the filter made it
def test_report_files_match_the_emulator_and_nothing_is_written(emulator, run_playbook, tmp_path):
    dest = str(tmp_path / 'report')
    run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest})
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0
    assert set(r['method'] for r in emulator.requests()['requests']) == {'GET'}

    state = emulator.state()
    expected_direct = sorted((m['workspaceId'], m['userId'], m['roleId']) for m in state['memberships'])
    text = _read(dest, 'access.json')
    report = json.loads(text)
    # Its documented form, byte for byte (ansible-core 2.16 to 2.18 would rewrite it compact through copy's content).
    assert text == json.dumps(report, indent=2, sort_keys=True, separators=(',', ': ')) + '\n'
    direct = [m for m in report['memberships'] if not m['inherited']]
    inherited = [m for m in report['memberships'] if m['inherited']]
    assert sorted((m['workspace_id'], m['user_id'], m['role_id']) for m in direct) == expected_direct
    names = {(m['workspace_name'], m['user_email']): m['role_name'] for m in direct}
    assert names == DEMO_DIRECT
    # Organization admins reach every workspace; where they have no direct membership it is inherited.
    assert sorted((m['workspace_name'], m['user_email']) for m in inherited) == sorted(
        (ws, admin) for ws in DEMO_WORKSPACES for admin in ORG_ADMINS if (ws, admin) not in DEMO_DIRECT)
    assert [w['workspace_name'] for w in report['workspaces']] == list(DEMO_WORKSPACES)
    assert report['drift']['checked'] is False
    assert report['summary'] == {'workspaces': 4, 'users': 5, 'memberships': 13, 'direct': 6, 'inherited': 7, 'drift': 0,
                                 'expired': 0, 'expiring': 0}
    # When and from which API (the URL only, never the token).
    assert report['report']['api_url'] == emulator.url.rstrip('/')
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', report['report']['generated_at']), report['report']

    rows = _csv(dest, 'access.csv')
    assert len(rows) == len(report['memberships']) == 13  # one row per membership
    assert list(rows[0]) == ['workspace_name', 'workspace_id', 'user_email', 'user_id', 'org_role', 'role_name', 'role_id',
                             'inherited', 'drift', 'expires', 'expiry']
    # Each user's organization role (from their roleId); every inherited row is an owner's or an admin's.
    org_roles = dict((u['email'], u['organizationRole']) for u in state['users'])
    assert all(r['org_role'] == org_roles[r['user_email']] for r in rows)
    assert {r['org_role'] for r in rows if r['inherited'] == 'true'} == {'owner', 'admin'}
    assert [(u['user_email'], u['org_role']) for u in report['users'] if u['org_role'] != 'member'] == [
        ('adam.admin@example.com', 'admin'), ('olivia.owner@example.com', 'owner')]
    assert report['organization_roles'] == {'read': True, 'unknown_because': None, 'unexplained': []}
    assert sorted((r['workspace_id'], r['user_id'], r['role_id']) for r in rows if r['inherited'] == 'false') == expected_direct
    assert sum(r['inherited'] == 'true' for r in rows) == 7
    assert not os.path.exists(os.path.join(dest, 'drift.csv'))

    html = _read(dest, 'access.html')
    assert 'id="matrix"' in html and 'id="search"' in html
    assert 'Generated %s\nfrom %s.' % (report['report']['generated_at'], emulator.url.rstrip('/')) in html
    for name in ('access.json', 'access.csv', 'access.html'):
        assert emulator.tokens['admin'] not in _read(dest, name)
    page = re.sub(r'<p class="sub" id="about">.*?</p>', '', html, flags=re.S)  # the API URL is shown as text there
    for needle in ('http://', 'https://', '<link', 'src=', '@import', 'url('):
        assert needle not in page, 'the report must be self-contained: found %r' % needle
    data = _page_data(html)
    assert [w[1] for w in data['workspaces']] == list(DEMO_WORKSPACES)
    assert dict((u[1], u[2]) for u in data['users'])['olivia.owner@example.com'] == 'owner'  # the page's users
    assert len(data['cells']) == 13 and data['checked'] is False and data['drift'] == []
    lines = summary(run, SUMMARY)
    assert lines[0] == ('Access audit: 4 workspace(s), 5 user(s), 13 membership(s) (7 inherited); '
                        'drift: not checked (no desired state given)')
    assert lines[-1].startswith('Report: %s/access.html' % os.path.realpath(dest))

    # Rerun: same files, changed=0, still no write.
    again = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest})
    assert again.rc == 0 and again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0
    assert json.loads(_read(dest, 'access.json'))['report'] == report['report']  # the same access: its time is kept


def test_drift_names_exactly_the_seeded_differences(emulator, run_playbook, tmp_path):
    seeded = run_playbook(SEED_DRIFT)
    assert seeded.rc == 0, seeded
    emulator.clear_requests()
    before = direct_state(emulator)

    dest = str(tmp_path / 'drift')
    run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest,
                                          'workspace_access_audit_desired': DESIRED}, diff=True)
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0, 'the audit wrote to the API'
    assert direct_state(emulator) == before
    assert run.stats['localhost']['changed'] > 0  # the files, first time

    drift = json.loads(_read(dest, 'access.json'))['drift']
    got = sorted((d['kind'], d['workspace_name'], d['user_email'], d['role'], d['desired_role'])
                 for d in drift['missing'] + drift['unexpected'] + drift['wrong_role'])
    assert got == [
        ('missing', 'Payments', 'fatima.haddad@example.com', None, 'Analyst'),
        ('unexpected', 'Payments', 'george.okafor@example.com', 'Viewer', None),
        ('wrong_role', 'Risk', 'erik.johansson@example.com', 'Analyst', 'Viewer'),
    ]
    # Compliance is not named by the desired state: Carol there is not drift.
    assert drift['workspaces'] == ['Payments', 'Risk']
    assert sorted((r['kind'], r['workspace_name'], r['user_email']) for r in _csv(dest, 'drift.csv')) == [
        ('missing', 'Payments', 'fatima.haddad@example.com'),
        ('unexpected', 'Payments', 'george.okafor@example.com'),
        ('wrong_role', 'Risk', 'erik.johansson@example.com')]
    marked = {(r['workspace_name'], r['user_email']): r['drift'] for r in _csv(dest, 'access.csv') if r['drift']}
    assert marked == {('Payments', 'george.okafor@example.com'): 'unexpected',
                      ('Risk', 'erik.johansson@example.com'): 'wrong_role (desired Viewer)'}
    lines = summary(run, SUMMARY)
    assert lines[0].endswith('drift: 1 missing, 1 unexpected, 1 wrong role'), lines
    assert lines[1:4] == ['DRIFT missing: fatima.haddad@example.com in Payments (desired Analyst)',
                          'DRIFT unexpected: george.okafor@example.com in Payments as Viewer',
                          'DRIFT wrong role: erik.johansson@example.com in Risk is Analyst, desired Viewer']
    data = _page_data(_read(dest, 'access.html'))
    users = [u[1] for u in data['users']]
    workspaces = [w[1] for w in data['workspaces']]
    # The page's drift list: missing, unexpected, wrong role (kinds 1, 2, 3), the same items as drift.csv.
    assert [(kind, workspaces[w], users[u]) for kind, u, w, _role, _desired in data['drift']] == [
        (1, 'Payments', 'fatima.haddad@example.com'), (2, 'Payments', 'george.okafor@example.com'),
        (3, 'Risk', 'erik.johansson@example.com')]
    # Fatima's missing membership is a cell of the matrix too (she has no access left, but drift).
    assert [(users[c[0]], workspaces[c[1]], c[4]) for c in data['cells'] if c[4]] == [
        ('erik.johansson@example.com', 'Risk', 3), ('fatima.haddad@example.com', 'Payments', 1),
        ('george.okafor@example.com', 'Payments', 2)]

    # No drift against the state as it is now.
    clean = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': str(tmp_path / 'clean'),
                                            'workspace_access_audit_desired': DESIRED[:1] + [
                                                {'user': 'erik.johansson@example.com',
                                                 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
                                                {'user': 'george.okafor@example.com',
                                                 'workspaces': [{'workspace': 'Payments', 'role': 'Viewer'}]},
                                                DESIRED[3]]})
    assert clean.rc == 0, clean
    assert summary(clean, SUMMARY)[0].endswith('drift: 0 missing, 0 unexpected, 0 wrong role')
    assert counts(emulator)['writes'] == 0


def test_workspace_filter_and_read_only_token(emulator, run_playbook, tmp_path):
    dest = str(tmp_path / 'risk')
    run = run_playbook(AUDIT, token='readonly', extra_vars={'workspace_access_audit_dest': dest,
                                                            'workspace_access_audit_workspaces': ['Risk']})
    assert run.rc == 0, run
    rows = _csv(dest, 'access.csv')
    assert {r['workspace_name'] for r in rows} == {'Risk'}
    assert len(rows) == 4  # dana, erik, adam direct; olivia inherited
    assert counts(emulator)['writes'] == 0
    # The token may not read users: the organization roles are unknown, and the summary says why.
    assert {r['org_role'] for r in rows} == {''}
    assert ('Organization roles unknown: the token may not read users (it lacks can_manage_users)'
            in summary(run, SUMMARY))


def test_argument_spec_rejects_malformed_input_before_any_request(emulator, run_playbook, tmp_path):
    cases = (
        ({}, 'workspace_access_audit_dest'),
        ({'workspace_access_audit_dest': str(tmp_path / 'x'),
          'workspace_access_audit_desired': [{'user': 'dana.kowalski@example.com'}]}, 'workspaces'),
        ({'workspace_access_audit_dest': str(tmp_path / 'x'),
          'workspace_access_audit_workspaces': {'Risk': 1}}, 'workspace_access_audit_workspaces'),
    )
    for extra, needle in cases:
        run = run_playbook(AUDIT, extra_vars=extra)
        assert run.rc != 0, run
        assert needle in run.stdout + run.stderr, run
        assert counts(emulator)['total'] == 0, emulator.requests()['requests']
    assert not os.path.exists(str(tmp_path / 'x'))


def test_an_unknown_workspace_fails_naming_it_and_writes_no_file(emulator, run_playbook, tmp_path):
    dest = str(tmp_path / 'nope')
    run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest,
                                          'workspace_access_audit_workspaces': ['Risk', 'Nope']})
    assert run.rc != 0, run
    stop = [r for r in run.results if r['task_name'].endswith('Stop when a workspace could not be read')]
    assert stop and stop[0]['msg'].startswith('Could not read 1 of the audited workspaces, nothing was written: Nope: '), run
    assert 'Nope' in stop[0]['msg'].split(': ', 2)[2], stop[0]['msg']
    assert not os.path.exists(dest)
    assert counts(emulator)['writes'] == 0


def test_an_empty_dest_is_refused_before_any_request(emulator, run_playbook, tmp_path):
    cwd = tmp_path / 'cwd'
    cwd.mkdir()
    for dest in ('', '  '):
        run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest}, cwd=str(cwd))
        assert run.rc != 0, run
        assert 'workspace_access_audit_dest must name the directory' in run.stdout, run
        assert counts(emulator)['total'] == 0, emulator.requests()['requests']
    assert os.listdir(str(cwd)) == []


# The seeded state (no drift) with expiries, compared with a fixed time.
EXPIRING_NOW = '2026-12-01T10:00:00Z'
DESIRED_WITH_EXPIRIES = [
    {'user': 'dana.kowalski@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                                         {'workspace': 'Payments', 'role': 'Viewer',
                                                          'expires': '2026-12-05'}]},       # expiring, in 4 days
    {'user': 'erik.johansson@example.com', 'expires': '2026-11-30T18:00:00+01:00',         # ended, still present
     'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]},
    {'user': 'fatima.haddad@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Analyst',
                                                          'expires': '2027-03-31'}]},       # beyond 14 days
    {'user': 'george.okafor@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Viewer',
                                                          'expires': '2026-11-01'}]},       # ended and absent: fine
    {'user': 'adam.admin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Admin'}]},
]


def test_expiring_access_and_expired_access_still_present_in_every_file(emulator, run_playbook, tmp_path):
    dest = str(tmp_path / 'expiry')
    extra = {'workspace_access_audit_dest': dest, 'workspace_access_audit_desired': DESIRED_WITH_EXPIRIES,
             'workspace_access_audit_now': EXPIRING_NOW}
    run = run_playbook(AUDIT, extra_vars=extra)
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0, 'the audit wrote to the API'

    report = json.loads(_read(dest, 'access.json'))
    assert [(d['workspace_name'], d['user_email'], d['role'], d['ends_at']) for d in report['drift']['expired']] == [
        ('Risk', 'erik.johansson@example.com', 'Viewer', '2026-11-30T17:00:00Z')]
    # George's access has ended and he has none: neither missing nor expired.
    assert report['drift']['missing'] == report['drift']['unexpected'] == report['drift']['wrong_role'] == []
    assert [(d['workspace_name'], d['user_email'], d['expires']) for d in report['expiring']] == [
        ('Payments', 'dana.kowalski@example.com', '2026-12-05')]
    assert report['expiring_days'] == 14
    assert (report['summary']['drift'], report['summary']['expired'], report['summary']['expiring']) == (1, 1, 1)

    marked = {(r['workspace_name'], r['user_email']): (r['drift'], r['expires'], r['expiry'])
              for r in _csv(dest, 'access.csv') if r['expiry']}
    assert marked == {('Risk', 'erik.johansson@example.com'): ('expired', '2026-11-30T18:00:00+01:00', 'expired'),
                      ('Payments', 'dana.kowalski@example.com'): ('', '2026-12-05', 'expiring')}
    assert [(r['kind'], r['workspace_name'], r['user_email'], r['expires']) for r in _csv(dest, 'drift.csv')] == [
        ('expired', 'Risk', 'erik.johansson@example.com', '2026-11-30T18:00:00+01:00')]

    html = _read(dest, 'access.html')
    assert 'id="expiring-table"' in html and 'Access expiring in the next 14 day(s)' in html
    assert 'class="key drift-expired"' in html  # the legend
    data = _page_data(html)
    users = [u[1] for u in data['users']]
    workspaces = [w[1] for w in data['workspaces']]
    assert [(kind, workspaces[w], users[u]) for kind, u, w, _role, _desired in data['drift']] == [
        (4, 'Risk', 'erik.johansson@example.com')]
    assert [(users[u], workspaces[w], ends) for u, w, _role, ends in data['expiring']] == [
        ('dana.kowalski@example.com', 'Payments', '2026-12-06T00:00:00Z')]

    lines = summary(run, SUMMARY)
    assert lines[0].endswith('drift: 0 missing, 0 unexpected, 0 wrong role, 1 expired'), lines
    assert lines[1:4] == [
        'DRIFT expired: erik.johansson@example.com in Risk as Viewer (access ended 2026-11-30T17:00:00Z, still present)',
        'Expiring in the next 14 day(s): 1 membership(s)',
        'EXPIRING: dana.kowalski@example.com in Payments as Viewer (access ends 2026-12-06T00:00:00Z)']

    # A rerun an hour later finds the same: no file is rewritten.
    again = run_playbook(AUDIT, extra_vars=dict(extra, workspace_access_audit_now='2026-12-01T11:00:00Z'))
    assert again.rc == 0, again
    assert again.stats['localhost']['changed'] == 0, again
    assert counts(emulator)['writes'] == 0


def test_a_bad_expiry_fails_naming_the_item_and_writes_no_file(emulator, run_playbook, tmp_path):
    dest = str(tmp_path / 'bad-expiry')
    desired = [{'user': 'erik.johansson@example.com',
                'workspaces': [{'workspace': 'Risk', 'role': 'Viewer', 'expires': '31/12/2026'}]}]
    run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest, 'workspace_access_audit_desired': desired,
                                          'workspace_access_audit_now': EXPIRING_NOW})
    assert run.rc != 0, run
    out = run.stdout + run.stderr
    assert "desired item 0 (erik.johansson@example.com in Risk): expires '31/12/2026' is not a date" in out, out
    assert not os.path.exists(dest)
    assert counts(emulator)['writes'] == 0
