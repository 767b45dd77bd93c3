# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_audit.py: access that expires - expiring within N days, expired and still present (drift)."""

import csv
import datetime
import io
import json

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._audit import (
    current_time, expiries, files as access_audit, report as access_report)

NOW = '2026-12-01T10:00:00Z'


def _m(workspace, user, role, inherited=False):
    return {'workspace_id': 'w-' + workspace, 'workspace_name': workspace, 'user_id': 'u-' + user,
            'user_email': user, 'role_id': 'r-' + role, 'role_name': role, 'inherited': inherited}


def _a(workspace, user, action, before, after):
    return {'workspace_id': 'w-' + workspace, 'workspace_name': workspace, 'user_id': 'u-' + user, 'user_email': user,
            'action': action, 'role_before': before, 'role_after': after}


def _person(user, *entries, **extra):
    """A desired item: USER with (workspace, role[, expires]) ENTRIES, and EXTRA keys (a person's expires)."""
    return dict(extra, user=user, workspaces=[dict(zip(('workspace', 'role', 'expires'), entry)) for entry in entries])


FOUND = [
    _m('Risk', 'erik@x', 'Analyst'),
    _m('Risk', 'dana@x', 'Viewer'),
    _m('Payments', 'dana@x', 'Viewer'),
    _m('Payments', 'adam@x', 'Admin', inherited=True),
]
NO_DRIFT = {'changed': False, 'actions': [], 'memberships': []}


def _pairs(items):
    return [(d['workspace_name'], d['user_email']) for d in items]


def test_expiring_within_the_window_and_not_beyond_it():
    desired = [_person('erik@x', ('Risk', 'Analyst', '2026-12-10')),          # ends 2026-12-11T00:00Z: in 14 days
               _person('dana@x', ('Risk', 'Viewer', '2026-12-20'),            # ends 2026-12-21: beyond 14 days
                       ('Payments', 'Viewer', '2026-12-05T18:00:00+01:00'))]  # 17:00Z on the 5th
    report = access_report(FOUND, NO_DRIFT, desired, NOW)
    assert [(d['workspace_name'], d['user_email'], d['role'], d['expires'], d['ends_at']) for d in report['expiring']] == [
        ('Payments', 'dana@x', 'Viewer', '2026-12-05T18:00:00+01:00', '2026-12-05T17:00:00Z'),
        ('Risk', 'erik@x', 'Analyst', '2026-12-10', '2026-12-11T00:00:00Z')]
    assert report['drift']['expired'] == [] and report['summary']['drift'] == 0
    assert report['summary']['expiring'] == 2 and report['expiring_days'] == 14
    # A wider window takes the third one too; a zero-day window none.
    assert len(access_report(FOUND, NO_DRIFT, desired, NOW, 30)['expiring']) == 3
    assert access_report(FOUND, NO_DRIFT, desired, NOW, 0)['expiring'] == []


def test_the_window_boundary_is_included_and_one_second_past_it_is_not():
    desired = [_person('erik@x', ('Risk', 'Analyst', '2026-12-15T10:00:00Z'))]  # exactly NOW + 14 days
    assert _pairs(access_report(FOUND, NO_DRIFT, desired, NOW)['expiring']) == [('Risk', 'erik@x')]
    desired = [_person('erik@x', ('Risk', 'Analyst', '2026-12-15T10:00:01Z'))]
    assert access_report(FOUND, NO_DRIFT, desired, NOW)['expiring'] == []


def test_a_date_lasts_through_the_end_of_that_day_utc():
    desired = [_person('erik@x', ('Risk', 'Analyst', '2026-12-01'))]
    before_midnight = access_report(FOUND, NO_DRIFT, desired, '2026-12-01T23:59:59Z')
    assert _pairs(before_midnight['expiring']) == [('Risk', 'erik@x')] and before_midnight['drift']['expired'] == []
    at_midnight = access_report(FOUND, NO_DRIFT, desired, '2026-12-02T00:00:00Z')
    assert _pairs(at_midnight['drift']['expired']) == [('Risk', 'erik@x')] and at_midnight['expiring'] == []


def test_expired_and_still_present_is_drift_and_replaces_the_check_mode_actions_about_it():
    desired = [_person('erik@x', ('Risk', 'Viewer', '2026-11-30')),
               _person('dana@x', ('Risk', 'Viewer'), ('Payments', 'Viewer'))]
    # The check-mode run did not know the expiry: it wanted erik as Viewer (wrong role).
    drift = {'changed': True, 'actions': [_a('Risk', 'erik@x', 'updated', 'Analyst', 'Viewer')], 'memberships': []}
    report = access_report(FOUND, drift, desired, NOW)
    assert report['drift']['wrong_role'] == []
    assert report['drift']['expired'] == [{
        'kind': 'expired', 'workspace_id': 'w-Risk', 'workspace_name': 'Risk', 'user_id': 'u-erik@x',
        'user_email': 'erik@x', 'role': 'Analyst', 'desired_role': None, 'expires': '2026-11-30',
        'ends_at': '2026-12-01T00:00:00Z'}]
    assert report['summary']['drift'] == 1 and report['summary']['expired'] == 1
    assert report['drift']['workspaces'] == ['Risk']
    # The run that knew it (or was not given the item) called it unexpected: the same single expired item.
    removed = {'changed': True, 'actions': [_a('Risk', 'erik@x', 'removed', 'Analyst', None)], 'memberships': []}
    assert access_report(FOUND, removed, desired, NOW)['drift'] == report['drift']


def test_expired_and_absent_is_fine():
    desired = [_person('fatima@x', ('Payments', 'Analyst', '2026-11-01'))]
    drift = {'changed': True, 'actions': [_a('Payments', 'fatima@x', 'added', None, 'Analyst')], 'memberships': []}
    report = access_report(FOUND, drift, desired, NOW)
    assert report['drift']['missing'] == [] and report['drift']['expired'] == []
    assert report['summary']['drift'] == 0 and report['expiring'] == []


def test_expiry_per_person_applies_to_every_workspace_and_an_entry_of_its_own_wins():
    desired = [_person('dana@x', ('Risk', 'Viewer'), ('Payments', 'Viewer', '2027-06-30'), expires='2026-11-15')]
    report = access_report(FOUND, NO_DRIFT, desired, NOW)
    assert _pairs(report['drift']['expired']) == [('Risk', 'dana@x')] and report['expiring'] == []


def test_inherited_access_never_expires_and_names_match_as_the_module_does():
    # adam is an organization admin: inherited access is not a membership, its expiry ends nothing.
    desired = [_person('adam@x', ('Payments', 'Admin', '2026-11-01')),
               _person('ERIK@X', ('w-Risk', 'Analyst', '2026-12-03')),   # e-mail in any case, the workspace by id
               _person('u-dana@x', ('payments', 'Viewer', '2026-12-02'))]  # the user by id, the name in any case
    report = access_report(FOUND, NO_DRIFT, desired, NOW)
    assert report['drift']['expired'] == []
    assert _pairs(report['expiring']) == [('Payments', 'dana@x'), ('Risk', 'erik@x')]


@pytest.mark.parametrize('expires, said', [
    ('2026-13-01', "expires '2026-13-01' is not a date or date-time"),
    ('next friday', "expires 'next friday' is not a date or date-time"),
    ('2026-12-31T18:00:00', "expires '2026-12-31T18:00:00' has no offset"),
    ('', "expires '' is not a date"),
])
def test_a_bad_expiry_fails_naming_the_item(expires, said):
    desired = [_person('dana@x', ('Risk', 'Viewer')), _person('erik@x', ('Risk', 'Analyst', expires))]
    with pytest.raises(ValueError) as err:
        access_report(FOUND, NO_DRIFT, desired, NOW)
    message = str(err.value)
    assert message.startswith('desired item 1 (erik@x in Risk): ' + said), message
    assert 'give a date YYYY-MM-DD' in message


@pytest.mark.parametrize('now', ['2026-12-01', 'yesterday', '2026-12-01T10:00:00', 1764583200])
def test_now_must_be_a_date_time_with_an_offset(now):
    with pytest.raises(ValueError, match='^now must be a date-time with an offset'):
        access_report(FOUND, NO_DRIFT, [], now)


@pytest.mark.parametrize('days', [-1, True, '14'])
def test_expiring_days_must_be_a_whole_number(days):
    with pytest.raises(ValueError, match='^expiring_days must be a whole number of days'):
        access_report(FOUND, NO_DRIFT, [], NOW, days)


def test_now_defaults_to_the_current_utc_time():
    before = datetime.datetime.now(datetime.timezone.utc)
    assert before <= current_time() <= datetime.datetime.now(datetime.timezone.utc)
    assert current_time('2026-12-01T11:00:00+01:00') == datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.timezone.utc)


def test_an_unquoted_yaml_date_is_read_as_that_day():
    [entry] = expiries([_person('erik@x', ('Risk', 'Analyst', datetime.date(2026, 12, 10)))])
    assert entry['expires'] == '2026-12-10'
    assert entry['ends_at'] == datetime.datetime(2026, 12, 11, tzinfo=datetime.timezone.utc)


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_every_file_lists_expiring_and_expired_access():
    desired = [_person('erik@x', ('Risk', 'Analyst', '2026-11-30')),
               _person('dana@x', ('Risk', 'Viewer'), ('Payments', 'Viewer', '2026-12-05'))]
    out = access_audit(FOUND, NO_DRIFT, '/r', desired=desired, now=NOW, expiring_days=7)
    report = json.loads(out['json'])
    assert _pairs(report['drift']['expired']) == [('Risk', 'erik@x')]
    assert _pairs(report['expiring']) == [('Payments', 'dana@x')] and report['expiring_days'] == 7
    rows = {(r['workspace_name'], r['user_email']): (r['drift'], r['expires'], r['expiry']) for r in _csv_rows(out['csv'])}
    assert rows == {('Risk', 'erik@x'): ('expired', '2026-11-30', 'expired'),
                    ('Risk', 'dana@x'): ('', '', ''),
                    ('Payments', 'dana@x'): ('', '2026-12-05', 'expiring'),
                    ('Payments', 'adam@x'): ('', '', '')}
    assert [(r['kind'], r['workspace_name'], r['user_email'], r['role'], r['expires'])
            for r in _csv_rows(out['drift_csv'])] == [('expired', 'Risk', 'erik@x', 'Analyst', '2026-11-30')]
    matrix = json.loads(out['matrix'])
    users = [u[1] for u in matrix['users']]
    workspaces = [w[1] for w in matrix['workspaces']]
    assert [(k, users[u], workspaces[w]) for k, u, w, _r, _d in matrix['drift']] == [(4, 'erik@x', 'Risk')]
    assert [(users[u], workspaces[w], matrix['roles'][r], ends) for u, w, r, ends in matrix['expiring']] == [
        ('dana@x', 'Payments', 'Viewer', '2026-12-06T00:00:00Z')]
    assert matrix['expiring_days'] == 7
    marked = {(users[c[0]], workspaces[c[1]]): (c[4], c[6]) for c in matrix['cells'] if c[6]}
    assert marked == {('erik@x', 'Risk'): (4, '2026-12-01T00:00:00Z'), ('dana@x', 'Payments'): (0, '2026-12-06T00:00:00Z')}
    assert out['summary'][0].endswith('drift: 0 missing, 0 unexpected, 0 wrong role, 1 expired'), out['summary']
    assert out['summary'][1:4] == [
        'DRIFT expired: erik@x in Risk as Analyst (access ended 2026-12-01T00:00:00Z, still present)',
        'Expiring in the next 7 day(s): 1 membership(s)',
        'EXPIRING: dana@x in Payments as Viewer (access ends 2026-12-06T00:00:00Z)']
    assert (out['counts']['expired'], out['counts']['expiring'], out['counts']['drift']) == (1, 1, 1)


def test_a_rerun_at_a_later_time_with_the_same_expiries_keeps_the_report():
    desired = [_person('dana@x', ('Payments', 'Viewer', '2026-12-05'))]
    first = access_audit(FOUND, NO_DRIFT, '/r', generated_at='2026-12-01T10:00:00Z', desired=desired, now=NOW)
    again = access_audit(FOUND, NO_DRIFT, '/r', generated_at='2026-12-01T11:00:00Z', previous=first['json'],
                         desired=desired, now='2026-12-01T11:00:00Z')
    assert again['json'] == first['json']
    # Once the access has ended the report changes (it is now drift).
    later = access_audit(FOUND, NO_DRIFT, '/r', generated_at='2026-12-06T00:00:00Z', previous=first['json'],
                         desired=desired, now='2026-12-06T00:00:00Z')
    assert json.loads(later['json'])['drift']['expired'] and later['json'] != first['json']
