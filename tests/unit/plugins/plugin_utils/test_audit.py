# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_audit.py: the audit role's report, its CSV tables, matrix and summary, and _csv.py's cells."""

import csv
import io
import json

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._audit import (
    drift_csv, files as access_audit, matrix as access_matrix, memberships_csv, report as access_report, shown_url,
    summary as audit_summary)


def access_csv(report, table='memberships'):
    return drift_csv(report) if table == 'drift' else memberships_csv(report)


def _m(workspace, user, role, inherited=False, email=True):
    return {'workspace_id': 'w-' + workspace, 'workspace_name': workspace, 'user_id': 'u-' + user,
            'user_email': user if email else None, 'role_id': 'r-' + role, 'role_name': role, 'inherited': inherited}


def _a(workspace, user, action, before, after):
    return {'workspace_id': 'w-' + workspace, 'workspace_name': workspace, 'user_id': 'u-' + user, 'user_email': user,
            'action': action, 'role_before': before, 'role_after': after}


FOUND = [
    _m('risk', 'erik@x', 'Analyst'),
    _m('Payments', 'george@x', 'Viewer'),
    _m('Payments', 'adam@x', 'Admin', inherited=True),
    _m('Compliance', 'carol@x', 'Viewer'),
    _m('Payments', 'george@x', 'Viewer'),  # found twice (workspace listed twice)
]
DRIFT = {
    'changed': False,
    'actions': [_a('risk', 'erik@x', 'updated', 'Analyst', 'Viewer'),
                _a('Payments', 'fatima@x', 'added', None, 'Analyst'),
                _a('Payments', 'george@x', 'removed', 'Viewer', None)],
    'memberships': [_m('Payments', 'fatima@x', 'Analyst'), _m('risk', 'erik@x', 'Viewer')],
}


def test_report_dedupes_sorts_and_counts():
    report = access_report(FOUND)
    assert [(m['workspace_name'], m['user_email']) for m in report['memberships']] == [
        ('Compliance', 'carol@x'), ('Payments', 'adam@x'), ('Payments', 'george@x'), ('risk', 'erik@x')]
    assert [w['workspace_name'] for w in report['workspaces']] == ['Compliance', 'Payments', 'risk']
    assert [u['user_email'] for u in report['users']] == ['adam@x', 'carol@x', 'erik@x', 'george@x']
    assert report['drift'] == {'checked': False, 'workspaces': [], 'missing': [], 'unexpected': [], 'wrong_role': [],
                               'expired': []}
    assert report['expiring'] == [] and report['expiring_days'] == 14
    assert report['summary'] == {'workspaces': 3, 'users': 4, 'memberships': 4, 'direct': 3, 'inherited': 1, 'drift': 0,
                                 'expired': 0, 'expiring': 0}


def test_report_with_drift():
    report = access_report(FOUND, DRIFT)
    drift = report['drift']
    assert drift['checked'] is True
    assert drift['workspaces'] == ['Payments', 'risk']
    assert drift['missing'] == [{'kind': 'missing', 'workspace_id': 'w-Payments', 'workspace_name': 'Payments',
                                 'user_id': 'u-fatima@x', 'user_email': 'fatima@x', 'role': None,
                                 'desired_role': 'Analyst'}]
    assert [d['user_email'] for d in drift['unexpected']] == ['george@x']
    assert [(d['role'], d['desired_role']) for d in drift['wrong_role']] == [('Analyst', 'Viewer')]
    # Fatima has no access yet but is a row (her missing access is drift).
    assert 'fatima@x' in [u['user_email'] for u in report['users']]
    assert report['summary']['drift'] == 3 and report['summary']['users'] == 4


def test_a_skipped_or_absent_drift_check_is_not_checked():
    assert access_report(FOUND, {'skipped': True, 'changed': False})['drift']['checked'] is False
    assert access_report(FOUND, None)['drift']['checked'] is False
    with pytest.raises(ValueError):
        access_report(FOUND, ['not', 'a', 'result'])
    with pytest.raises(ValueError):
        access_report({'memberships': FOUND})


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_access_csv_one_quoted_row_per_membership_with_drift_marks():
    text = access_csv(access_report(FOUND, DRIFT))
    lines = text.splitlines()
    assert lines[0] == 'workspace_name,workspace_id,user_email,user_id,org_role,role_name,role_id,inherited,drift,expires,expiry'
    assert lines[1] == '"Compliance","w-Compliance","carol@x","u-carol@x","","Viewer","r-Viewer","false","","",""'
    assert text.endswith('\n') and len(lines) == 5
    marks = {(r['workspace_name'], r['user_email']): r['drift'] for r in _rows(text)}
    assert marks == {('Compliance', 'carol@x'): '', ('Payments', 'adam@x'): '', ('Payments', 'george@x'): 'unexpected',
                     ('risk', 'erik@x'): 'wrong_role (desired Viewer)'}
    assert [r['inherited'] for r in _rows(text)] == ['false', 'true', 'false', 'false']


def test_access_csv_quotes_and_empty_values():
    text = access_csv(access_report([_m('A "quoted", name', 'x@x', 'Viewer', email=False)]))
    row = _rows(text)[0]
    assert row['workspace_name'] == 'A "quoted", name' and row['user_email'] == ''


def test_drift_csv_missing_then_unexpected_then_wrong_role():
    rows = _rows(access_csv(access_report(FOUND, DRIFT), table='drift'))
    assert [(r['kind'], r['workspace_name'], r['user_email'], r['role'], r['desired_role']) for r in rows] == [
        ('missing', 'Payments', 'fatima@x', '', 'Analyst'),
        ('unexpected', 'Payments', 'george@x', 'Viewer', ''),
        ('wrong_role', 'risk', 'erik@x', 'Analyst', 'Viewer')]
    assert access_csv(access_report(FOUND), table='drift') == (
        'kind,workspace_name,workspace_id,user_email,user_id,role,desired_role,expires\n')


def test_matrix_lists_names_once_and_only_cells_that_hold_something():
    report = access_report(FOUND, DRIFT)
    matrix = access_matrix(report)
    assert matrix['workspaces'] == [['w-Compliance', 'Compliance'], ['w-Payments', 'Payments'], ['w-risk', 'risk']]
    assert [u[1] for u in matrix['users']] == ['adam@x', 'carol@x', 'erik@x', 'fatima@x', 'george@x']
    users = [u[1] for u in matrix['users']]
    workspaces = [w[1] for w in matrix['workspaces']]

    def decode(cell):
        u, w, role, inherited, drift, desired, ends = cell
        assert ends is None  # no desired state with expiries here
        return (users[u], workspaces[w], None if role is None else matrix['roles'][role], inherited,
                drift, None if desired is None else matrix['roles'][desired])

    assert [decode(c) for c in matrix['cells']] == [
        ('adam@x', 'Payments', 'Admin', 1, 0, None),
        ('carol@x', 'Compliance', 'Viewer', 0, 0, None),
        ('erik@x', 'risk', 'Analyst', 0, 3, 'Viewer'),
        ('fatima@x', 'Payments', None, 0, 1, 'Analyst'),
        ('george@x', 'Payments', 'Viewer', 0, 2, None),
    ]
    assert [(kind, users[u], workspaces[w]) for kind, u, w, _r, _d in matrix['drift']] == [
        (1, 'fatima@x', 'Payments'), (2, 'george@x', 'Payments'), (3, 'erik@x', 'risk')]
    assert matrix['checked'] is True and matrix['drift_workspaces'] == ['Payments', 'risk']
    assert len(set(matrix['roles'])) == len(matrix['roles'])
    json.dumps(matrix)  # plain data, embeddable as JSON


def test_matrix_size_grows_with_memberships_not_with_users_times_workspaces():
    found = [_m('ws-%03d' % ((u * 7 + k) % 200), 'user%04d@x' % u, ('Viewer', 'Analyst', 'Admin')[k % 3])
             for u in range(2000) for k in range(5)]
    matrix = access_matrix(access_report(found))
    assert len(matrix['workspaces']) == 200 and len(matrix['users']) == 2000
    assert len(matrix['cells']) == 10000
    assert len(json.dumps(matrix, separators=(',', ':'))) < 1024 * 1024


def test_audit_summary_lines():
    report = access_report(FOUND, DRIFT)
    assert audit_summary(report, '/tmp/r/') == [
        'Access audit: 3 workspace(s), 4 user(s), 4 membership(s) (1 inherited); drift: 1 missing, 1 unexpected, 1 wrong role',
        'DRIFT missing: fatima@x in Payments (desired Analyst)',
        'DRIFT unexpected: george@x in Payments as Viewer',
        'DRIFT wrong role: erik@x in risk is Analyst, desired Viewer',
        'Report: /tmp/r/access.html (also access.csv, access.json, drift.csv)',
    ]
    unchecked = audit_summary(access_report(FOUND), '/tmp/r')
    assert unchecked[0].endswith('drift: not checked (no desired state given)')
    assert unchecked[1] == 'Report: /tmp/r/access.html (also access.csv, access.json)'


def test_audit_summary_caps_the_drift_lines():
    lines = audit_summary(access_report(FOUND, DRIFT), '/r', limit=1)
    assert lines[1:3] == ['DRIFT missing: fatima@x in Payments (desired Analyst)',
                          '... and 2 more drift item(s), all in drift.csv']


def test_report_takes_the_registered_results_of_an_info_loop():
    results = [{'changed': False, 'memberships': FOUND[:2], 'item': 'risk'},
               {'changed': False, 'memberships': FOUND[2:], 'item': None},
               {'skipped': True, 'changed': False}]
    assert access_report(results, DRIFT) == access_report(FOUND, DRIFT)
    with pytest.raises(ValueError, match='expected memberships or info results'):
        access_report([{'changed': False}])


def test_access_audit_is_the_composition_of_the_filters():
    report = access_report(FOUND, DRIFT)
    out = access_audit(FOUND, DRIFT, '/r/')
    assert json.loads(out['json']) == dict(report, report={'generated_at': None, 'api_url': None})
    assert out['json'].endswith('}\n')
    assert out['csv'] == access_csv(report) and out['drift_csv'] == access_csv(report, table='drift')
    assert json.loads(out['matrix']) == access_matrix(report)
    assert out['summary'] == audit_summary(report, '/r/')
    assert out['counts'] == dict(report['summary'], columns=3, rows=5, missing=1, unexpected=1, wrong_role=1,
                                 expired=0, expiring=0, expiring_days=14, drift_workspaces=2, checked=True)


def test_access_audit_matrix_text_cannot_close_its_script_element():
    found = [_m('</script><script>alert(1)</script>', 'x@x', 'Viewer')]
    out = access_audit(found, None, '/r')
    assert '<' not in out['matrix']
    assert json.loads(out['matrix'])['workspaces'][0][1] == '</script><script>alert(1)</script>'


def test_a_failed_read_is_an_error_that_carries_the_module_message():
    with pytest.raises(ValueError, match="could not be read: workspace 'Nope' not found"):
        access_report([{'failed': True, 'msg': "workspace 'Nope' not found", 'item': 'Nope'}])
    with pytest.raises(ValueError, match='every membership must be a dict'):
        access_report(['Risk'])


HOSTILE = [_m('=HYPERLINK("http://evil/")', '+cmd@x', '-Viewer'), _m('@SUM(1)', '\tx@x', '\rAdmin'),
           _m('a\x00b', 'plain@x', '\uff1dfull')]


def test_csv_cells_that_a_spreadsheet_would_evaluate_start_with_a_quote():
    rows = _rows(access_csv(access_report(HOSTILE)))
    cells = [(r['workspace_name'], r['user_email'], r['role_name']) for r in rows]
    assert cells == [("'=HYPERLINK(\"http://evil/\")", "'+cmd@x", "'-Viewer"), ("'@SUM(1)", "'\tx@x", "'\rAdmin"),
                     ('a\ufffdb', 'plain@x', "'\uff1dfull")]
    assert '\x00' not in access_csv(access_report(HOSTILE))
    drift = {'actions': [_a('=1+1', '-x@x', 'added', None, '@Admin')], 'memberships': []}
    assert [(r['workspace_name'], r['user_email'], r['desired_role'])
            for r in _rows(access_csv(access_report([], drift), table='drift'))] == [("'=1+1", "'-x@x", "'@Admin")]


def test_the_json_keeps_hostile_values_exact():
    out = access_audit(HOSTILE, None, '/r')
    names = sorted(m['workspace_name'] for m in json.loads(out['json'])['memberships'])
    assert names == sorted(['=HYPERLINK("http://evil/")', '@SUM(1)', 'a\x00b'])


@pytest.mark.parametrize('url, shown', [
    ('https://user:secret@api.example.com:8443/v1/?token=tot_x#f', 'https://api.example.com:8443/v1'),
    ('http://127.0.0.1:9', 'http://127.0.0.1:9'),
    ('', None), (None, None), ('not a url', None), ('http://[::1', None),
])
def test_the_api_url_is_shown_without_credentials_query_or_fragment(url, shown):
    assert shown_url(url) == shown


def test_the_generation_time_is_kept_while_the_access_and_the_api_are_the_same():
    first = access_audit(FOUND, DRIFT, '/r', generated_at='2026-12-01T09:00:00Z', api_url='https://api.example.com/')
    assert json.loads(first['json'])['report'] == {'generated_at': '2026-12-01T09:00:00Z',
                                                   'api_url': 'https://api.example.com'}
    same = access_audit(FOUND, DRIFT, '/r', 50, '2026-12-01T10:00:00Z', 'https://api.example.com', first['json'])
    assert same['json'] == first['json'] and same['report']['generated_at'] == '2026-12-01T09:00:00Z'
    for found, url, previous in ((FOUND[:2], 'https://api.example.com', first['json']),
                                 (FOUND, 'https://other.example.com', first['json']),
                                 (FOUND, 'https://api.example.com', '{not json'),
                                 (FOUND, 'https://api.example.com', '')):
        again = access_audit(found, DRIFT, '/r', 50, '2026-12-01T10:00:00Z', url, previous)
        assert again['report']['generated_at'] == '2026-12-01T10:00:00Z'


# -- organization roles (issue 24) ------------------------------------------------------------------------------------

def _roles(**roles):
    """A check-mode organization_user result: {user e-mail: role name}."""
    return {'changed': False, 'actions': [], 'users': [{'user_id': 'u-' + email.replace('_', '@'), 'org_role': role}
                                                       for email, role in roles.items()]}


ROLES = _roles(adam_x='admin', carol_x='member', erik_x='member', george_x='member')


def test_every_membership_user_and_row_carries_the_organization_role():
    report = access_report(FOUND, organization=ROLES)
    assert [(m['user_email'], m['org_role'], m['inherited']) for m in report['memberships']] == [
        ('carol@x', 'member', False), ('adam@x', 'admin', True), ('george@x', 'member', False), ('erik@x', 'member', False)]
    assert [(u['user_email'], u['org_role']) for u in report['users']] == [
        ('adam@x', 'admin'), ('carol@x', 'member'), ('erik@x', 'member'), ('george@x', 'member')]
    assert [r['org_role'] for r in _rows(access_csv(report))] == ['member', 'admin', 'member', 'member']
    assert report['organization_roles'] == {'read': True, 'unknown_because': None, 'unexplained': []}
    assert [u[2] for u in access_matrix(report)['users']] == ['admin', 'member', 'member', 'member']


def test_inherited_access_the_organization_role_does_not_explain_is_named():
    report = access_report(FOUND, organization=_roles(adam_x='member'))
    assert [(m['user_email'], m['workspace_name']) for m in report['organization_roles']['unexplained']] == [('adam@x', 'Payments')]
    assert ('UNEXPLAINED inherited access: adam@x in Payments as Admin, but the organization role is member (owners and '
            'admins have inherited access; check the organization)') in audit_summary(report, '/tmp/a')


def test_without_the_users_scope_the_roles_are_unknown_and_the_summary_says_why():
    refused = {'failed': True, 'msg': 'GET /organizations/users failed: HTTP 403', 'api_error': {'status': 403}}
    report = access_report(FOUND, organization=refused)
    assert all(m['org_role'] is None for m in report['memberships'])
    assert audit_summary(report, '/tmp/a')[1] == (
        'Organization roles unknown: the token may not read users (it lacks can_manage_users)')
    assert access_report(FOUND, organization={'skipped': True})['organization_roles']['unknown_because'] is None
    refused.pop('failed')  # as the role registers it: a 403 is not failed_when there
    assert access_report(FOUND, organization=refused)['organization_roles']['unknown_because'].startswith('the token')
