# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the access audit - the report, its CSV tables, the matrix the page draws, the summary.

Pure functions over plain data: the memberships workspace_membership_info
found, the check-mode workspace_membership result that is the drift, and the
desired state with its expiries. ``files()`` reads what the modules returned
once and builds every file of the workspace_access_audit role from plain Python
data. The time expiries are compared with is an argument (``now``). Errors are
ValueError.
"""

import datetime
import json
from urllib.parse import urlsplit, urlunsplit

from ansible_collections.transactionlink.access.plugins.module_utils._membership.expiry import ends_at, has_expired
from ansible_collections.transactionlink.access.plugins.plugin_utils import _csv, _ticket

DRIFT_KINDS = {'added': 'missing', 'removed': 'unexpected', 'updated': 'wrong_role'}
KIND_CODES = {'missing': 1, 'unexpected': 2, 'wrong_role': 3, 'expired': 4}
EXPIRING_DAYS = 14
MEMBERSHIP_KEYS = ('workspace_id', 'workspace_name', 'user_id', 'user_email', 'role_id', 'role_name', 'inherited')
MEMBERSHIP_COLUMNS = ('workspace_name', 'workspace_id', 'user_email', 'user_id', 'org_role', 'role_name', 'role_id',
                      'inherited', 'drift', 'expires', 'expiry')
ADMIN_ROLES = ('owner', 'admin')  # an organization role with inherited access to every workspace
UNEXPLAINED_LINE = ('UNEXPLAINED inherited access: {who} in {where} as {role}, but the organization role is {org_role} '
                    '(owners and admins have inherited access; check the organization)')
ROLES_UNKNOWN_LINE = 'Organization roles unknown: {why}'

DRIFT_COLUMNS = ('kind', 'workspace_name', 'workspace_id', 'user_email', 'user_id', 'role', 'desired_role', 'expires')
DRIFT_LINES = {
    'missing': 'DRIFT missing: {who} in {where} (desired {desired})',
    'unexpected': 'DRIFT unexpected: {who} in {where} as {role}',
    'wrong_role': 'DRIFT wrong role: {who} in {where} is {role}, desired {desired}',
    'expired': 'DRIFT expired: {who} in {where} as {role} (access ended {ends_at}, still present)',
}
EXPIRING_LINE = 'EXPIRING: {who} in {where} as {role} (access ends {ends_at})'


def _name_key(value):
    """Sort key of a name: case-insensitive (names, not ids)."""
    return str(value or '').lower()


def _drift_checked(drift):
    return isinstance(drift, dict) and not drift.get('skipped') and isinstance(drift.get('actions'), list)


def _rows(found):
    """Plain membership dicts from a list of memberships or of info results, each value read once."""
    rows = []
    for item in found:
        if not isinstance(item, dict):
            raise ValueError('every membership must be a dict, got {0!r}'.format(item))
        if 'memberships' in item:  # a registered result of workspace_membership_info
            rows.extend(_rows(item['memberships']))
        elif 'workspace_id' in item:
            rows.append(dict((key, item.get(key)) for key in MEMBERSHIP_KEYS))
        elif item.get('failed'):
            raise ValueError('a workspace could not be read: {0}'.format(item.get('msg') or item))
        elif not item.get('skipped'):
            raise ValueError('expected memberships or info results, got {0!r}'.format(item))
    return rows


def organization_roles(organization):
    """({user id: organization role name}, why unknown or None) from the registered check-mode organization_user
    result ORGANIZATION (its RV(users)); ({}, None) when it was not run (nobody to read)."""
    if organization is None or not isinstance(organization, dict) or organization.get('skipped'):
        return {}, None
    if organization.get('failed') or 'users' not in organization:  # failed (a 403 is not failed_when in the role)
        status = (organization.get('api_error') or {}).get('status')
        return {}, ('the token may not read users (it lacks can_manage_users)' if status == 403
                    else str(organization.get('msg') or 'the organization roles could not be read'))
    return dict((u.get('user_id'), u.get('org_role')) for u in organization.get('users') or [] if isinstance(u, dict)), None


def unexplained(rows):
    """The inherited memberships whose user's organization role is known and is no owner or admin role."""
    return [row for row in rows if row.get('inherited') and row.get('org_role') and row['org_role'] not in ADMIN_ROLES]


def current_time(now=None):
    """NOW as an aware datetime: None is the current UTC time; text is an ISO 8601 date-time with an offset."""
    if now is None:
        return datetime.datetime.now(datetime.timezone.utc)
    if isinstance(now, datetime.datetime) or (isinstance(now, str) and 'T' in now.upper()):
        try:
            return ends_at(now)  # a date-time is its own instant; the collection's one parser of them
        except ValueError:
            pass
    raise ValueError('now must be a date-time with an offset, such as 2026-12-01T10:00:00Z, not {0!r}'.format(now))


def _expires_text(value):
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else str(value).strip()


def _utc_text(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def expiries(desired):
    """[{user, workspace, role, expires, ends_at}] of every (person, workspace) of the DESIRED ticket that expires.

    ``expires`` is given per workspace entry, or per person for all their
    workspaces (an entry's own wins). An unparseable value names the item.
    """
    found = []
    for index, person, access in _ticket.entries(desired, 'the desired state'):
        value = access.get('expires', person.get('expires'))
        if value is None:
            continue
        try:
            ends = ends_at(value)
        except ValueError as exc:
            raise ValueError('desired item {0} ({1} in {2}): {3}'.format(
                index, person['user'], access['workspace'], exc)) from None
        found.append({'user': str(person['user']), 'workspace': str(access['workspace']),
                      'role': access.get('role'), 'expires': _expires_text(value), 'ends_at': ends})
    return found


def _refers_to(entry, row):
    """True when the desired ENTRY (names or UUIDs, as written) is about the membership or drift action ROW."""
    user, workspace = entry['user'].strip().lower(), entry['workspace'].strip().lower()
    users = (str(row.get('user_id') or '').lower(), str(row.get('user_email') or '').lower())
    workspaces = (str(row.get('workspace_id') or '').lower(), str(row.get('workspace_name') or '').lower())
    return user in users and workspace in workspaces


def _expiry(rows, entries, now, days):
    """(expired, expiring): direct memberships whose desired access has ended / ends within DAYS days of NOW."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ValueError('expiring_days must be a whole number of days, 0 or more, not {0!r}'.format(days))
    horizon = now + datetime.timedelta(days=days)
    expired, expiring = [], []
    direct = [row for row in rows if not row.get('inherited')]
    for entry in entries:
        ended = has_expired(entry['ends_at'], now)
        if not ended and entry['ends_at'] > horizon:
            continue
        for row in (r for r in direct if _refers_to(entry, r)):
            item = {'workspace_id': row['workspace_id'], 'workspace_name': row['workspace_name'],
                    'user_id': row['user_id'], 'user_email': row['user_email'], 'role': row.get('role_name'),
                    'expires': entry['expires'], 'ends_at': _utc_text(entry['ends_at'])}
            if ended:
                expired.append(dict(item, kind='expired', desired_role=None))
            else:
                expiring.append(item)
    expiring.sort(key=lambda d: (d['ends_at'], _name_key(d['workspace_name']), _name_key(d['user_email'])))
    return expired, expiring


def _unique_rows(found, org_roles):
    """The memberships of FOUND, each once, sorted by workspace name then e-mail, each with its user's org_role."""
    rows, seen = [], set()
    for row in sorted(_rows(found), key=lambda m: (_name_key(m['workspace_name']), _name_key(m['user_email']),
                                                   str(m['user_id']))):
        key = (row['workspace_id'], row['user_id'])
        if key not in seen:
            seen.add(key)
            row['org_role'] = org_roles.get(row['user_id'])
            rows.append(row)
    return rows


def _drift_actions(actions, ended):
    """The drift items of the check-mode run's ACTIONS, without those about desired access that has ENDED."""
    items = []
    for action in actions:
        action = dict(action.items())
        if any(_refers_to(entry, action) for entry in ended):
            continue  # access that has ended: never missing; still present, it is an expired item
        items.append({'kind': DRIFT_KINDS[action['action']], 'workspace_id': action['workspace_id'],
                      'workspace_name': action['workspace_name'], 'user_id': action['user_id'],
                      'user_email': action['user_email'], 'role': action['role_before'],
                      'desired_role': action['role_after']})
    return items


def report(found, drift=None, desired=None, now=None, expiring_days=EXPIRING_DAYS, organization=None):
    """The report (access.json): memberships (each once), workspaces, users, drift, expiring access and counts.

    DESIRED is the desired state (the ticket the check-mode run was given);
    its expiries are compared with NOW (see ``current_time``). A desired entry
    whose access has ended is not wanted any more: the check-mode run's
    actions about it are dropped (expired and absent is fine), and its direct
    membership, if still present, is drift of kind ``expired``. Present direct
    memberships whose access ends within EXPIRING_DAYS days are ``expiring``.
    ORGANIZATION (``organization_roles``): each membership and user's ``org_role``, which explains inherited
    access (``unexplained``: what it does not explain).
    """
    if drift is not None and not isinstance(drift, dict):
        raise ValueError('drift must be the registered module result (a dict), not a {0}'.format(type(drift).__name__))
    entries = expiries(desired)
    moment = current_time(now)
    org_roles, roles_unknown = organization_roles(organization)
    rows = _unique_rows(found, org_roles)
    checked = _drift_checked(drift)
    expired, expiring = _expiry(rows, entries, moment, expiring_days)
    ended = [entry for entry in entries if has_expired(entry['ends_at'], moment)]
    items = list(expired) + _drift_actions(drift['actions'] if checked else [], ended)
    items.sort(key=lambda d: (_name_key(d['workspace_name']), d['kind'], _name_key(d['user_email'])))
    workspaces, users = {}, {}
    for row in rows + items + expiring:
        workspaces[row['workspace_id']] = row['workspace_name']
        users[row['user_id']] = row['user_email']
    drift_workspaces = set(item['workspace_name'] for item in items)
    if checked:
        drift_workspaces.update(m['workspace_name'] for m in drift.get('memberships') or [])
    direct = sum(1 for row in rows if not row.get('inherited'))
    return {
        'memberships': rows,
        'workspaces': [{'workspace_id': k, 'workspace_name': v}
                       for k, v in sorted(workspaces.items(), key=lambda kv: (_name_key(kv[1]), kv[0]))],
        'users': [{'user_id': k, 'user_email': v, 'org_role': org_roles.get(k)}
                  for k, v in sorted(users.items(), key=lambda kv: (_name_key(kv[1]), kv[0]))],
        'organization_roles': {'read': roles_unknown is None and bool(org_roles), 'unknown_because': roles_unknown,
                               'unexplained': [dict(row) for row in unexplained(rows)]},
        'drift': {
            'checked': checked,
            'workspaces': sorted(drift_workspaces, key=lambda name: (_name_key(name), name)),
            'missing': [d for d in items if d['kind'] == 'missing'],
            'unexpected': [d for d in items if d['kind'] == 'unexpected'],
            'wrong_role': [d for d in items if d['kind'] == 'wrong_role'],
            'expired': [d for d in items if d['kind'] == 'expired'],
        },
        'expiring': expiring,
        'expiring_days': expiring_days,
        'summary': {
            'workspaces': len(set(row['workspace_id'] for row in rows)),
            'users': len(set(row['user_id'] for row in rows)),
            'memberships': len(rows),
            'direct': direct,
            'inherited': len(rows) - direct,
            'drift': len(items),
            'expired': len(expired),
            'expiring': len(expiring),
        },
    }


def _drift_items(rep):
    drift = rep['drift']
    return list(drift['missing']) + list(drift['unexpected']) + list(drift['wrong_role']) + list(drift['expired'])


def memberships_csv(rep):
    """access.csv: one row per membership, with its drift mark and, for access that ends, when and whether it is over."""
    marks, ends = {}, {}
    for item in rep['drift']['unexpected']:
        marks[(item['workspace_id'], item['user_id'])] = 'unexpected'
    for item in rep['drift']['wrong_role']:
        marks[(item['workspace_id'], item['user_id'])] = 'wrong_role (desired {0})'.format(item['desired_role'])
    for item in rep['drift']['expired']:
        marks[(item['workspace_id'], item['user_id'])] = 'expired'
        ends[(item['workspace_id'], item['user_id'])] = (item['expires'], 'expired')
    for item in rep['expiring']:
        ends[(item['workspace_id'], item['user_id'])] = (item['expires'], 'expiring')
    rows = []
    for m in rep['memberships']:
        key = (m['workspace_id'], m['user_id'])
        expires, expiry = ends.get(key, (None, None)) if not m.get('inherited') else (None, None)
        rows.append(dict(m, inherited=bool(m.get('inherited')), drift=marks.get(key, ''), expires=expires, expiry=expiry))
    return _csv.table(MEMBERSHIP_COLUMNS, rows)


def drift_csv(rep):
    """drift.csv: one row per difference, missing first, then unexpected, wrong role, expired (with its expires)."""
    return _csv.table(DRIFT_COLUMNS, _drift_items(rep))


def matrix(rep):
    """The compact data access.html draws: names once, cells and drift items as arrays of indexes."""
    ws_index = dict((w['workspace_id'], i) for i, w in enumerate(rep['workspaces']))
    user_index = dict((u['user_id'], i) for i, u in enumerate(rep['users']))
    roles, role_index = [], {}

    def role(name):
        if name is None:
            return None
        if name not in role_index:
            role_index[name] = len(roles)
            roles.append(name)
        return role_index[name]

    cells = {}
    for m in rep['memberships']:
        key = (user_index[m['user_id']], ws_index[m['workspace_id']])
        cells[key] = [key[0], key[1], role(m.get('role_name')), 1 if m.get('inherited') else 0, 0, None, None]
    items = []
    for item in _drift_items(rep):
        key = (user_index[item['user_id']], ws_index[item['workspace_id']])
        kind = KIND_CODES[item['kind']]
        cell = cells.setdefault(key, [key[0], key[1], role(item.get('role')), 0, 0, None, None])
        cell[4] = kind
        cell[5] = role(item.get('desired_role'))
        if item.get('expires'):
            cell[6] = item['ends_at']
        items.append([kind, key[0], key[1], role(item.get('role')), role(item.get('desired_role'))])
    expiring = []
    for item in rep['expiring']:
        key = (user_index[item['user_id']], ws_index[item['workspace_id']])
        if key in cells:
            cells[key][6] = item['ends_at']
        expiring.append([key[0], key[1], role(item.get('role')), item['ends_at']])
    return {
        'workspaces': [[w['workspace_id'], w['workspace_name']] for w in rep['workspaces']],
        'users': [[u['user_id'], u['user_email'], u.get('org_role')] for u in rep['users']],
        'roles': roles,
        'cells': [cells[key] for key in sorted(cells)],
        'drift': items,
        'expiring': expiring,
        'expiring_days': rep['expiring_days'],
        'checked': bool(rep['drift']['checked']),
        'drift_workspaces': list(rep['drift']['workspaces']),
        'summary': dict(rep['summary']),
    }


def summary(rep, path, limit=50):
    """Counts, one line per drift item (at most LIMIT, then how many more), and where the files are."""
    counts, drift = rep['summary'], rep['drift']
    items = _drift_items(rep)
    limit = max(0, int(limit))
    if drift['checked']:
        found = '{0} missing, {1} unexpected, {2} wrong role'.format(
            len(drift['missing']), len(drift['unexpected']), len(drift['wrong_role']))
        if drift['expired']:
            found += ', {0} expired'.format(len(drift['expired']))
    else:
        found = 'not checked (no desired state given)'
    lines = ['Access audit: {0} workspace(s), {1} user(s), {2} membership(s) ({3} inherited); drift: {4}'.format(
        counts['workspaces'], counts['users'], counts['memberships'], counts['inherited'], found)]
    organization = rep.get('organization_roles') or {}
    if organization.get('unknown_because'):
        lines.append(ROLES_UNKNOWN_LINE.format(why=organization['unknown_because']))
    for row in organization.get('unexplained') or []:
        lines.append(UNEXPLAINED_LINE.format(who=row.get('user_email') or row.get('user_id'), where=row.get('workspace_name'),
                                             role=row.get('role_name'), org_role=row.get('org_role')))
    for item in items[:limit]:
        lines.append(DRIFT_LINES[item['kind']].format(
            who=item.get('user_email') or item.get('user_id'), where=item.get('workspace_name'),
            role=item.get('role'), desired=item.get('desired_role'), ends_at=item.get('ends_at')))
    if len(items) > limit:
        lines.append('... and {0} more drift item(s), all in drift.csv'.format(len(items) - limit))
    if rep['expiring']:
        lines.append('Expiring in the next {0} day(s): {1} membership(s)'.format(rep['expiring_days'], len(rep['expiring'])))
    for item in rep['expiring'][:limit]:
        lines.append(EXPIRING_LINE.format(who=item.get('user_email') or item.get('user_id'),
                                          where=item.get('workspace_name'), role=item.get('role'), ends_at=item['ends_at']))
    if len(rep['expiring']) > limit:
        lines.append('... and {0} more expiring membership(s), all in access.csv'.format(len(rep['expiring']) - limit))
    lines.append('Report: {0}/access.html (also access.csv, access.json{1})'.format(
        str(path).rstrip('/'), ', drift.csv' if drift['checked'] else ''))
    return lines


def shown_url(url):
    """The API URL as a report may show it: scheme, host, port and path; never a user, password, query or fragment."""
    if not url:
        return None
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname or ''
        port = ':{0}'.format(parts.port) if parts.port else ''
    except ValueError:
        return None
    if not parts.scheme or not host:
        return None
    return urlunsplit((parts.scheme, host + port, parts.path.rstrip('/'), '', ''))


def about(rep, generated_at=None, api_url=None, previous=None):
    """{generated_at, api_url} of the report REP.

    PREVIOUS is the text of the access.json this run replaces: when it holds the
    same report from the same API, its generation time is kept, so a rerun that
    finds the same access rewrites no file.
    """
    info = {'generated_at': generated_at, 'api_url': shown_url(api_url)}
    try:
        old = json.loads(previous) if previous else None
    except ValueError:
        old = None
    if isinstance(old, dict) and isinstance(old.get('report'), dict):
        kept = dict((k, v) for k, v in old.items() if k != 'report')
        if old['report'].get('generated_at') and kept == json.loads(json.dumps(rep)) and old['report'].get('api_url') == info['api_url']:
            info['generated_at'] = old['report']['generated_at']
    return info


def files(found, drift=None, path='.', limit=50, generated_at=None, api_url=None, previous=None, desired=None, now=None,
          expiring_days=EXPIRING_DAYS, organization=None):
    """{json, csv, drift_csv, matrix, summary, counts, report}: every file of the audit, from one pass over FOUND.

    DESIRED, NOW, EXPIRING_DAYS and ORGANIZATION: see ``report``.
    """
    rep = report(found, drift, desired, now, expiring_days, organization)
    info = about(rep, generated_at, api_url, previous)
    counts = dict(rep['summary'])
    counts.update({
        'columns': len(rep['workspaces']),
        'rows': len(rep['users']),
        'missing': len(rep['drift']['missing']),
        'unexpected': len(rep['drift']['unexpected']),
        'wrong_role': len(rep['drift']['wrong_role']),
        'expired': len(rep['drift']['expired']),
        'expiring': len(rep['expiring']),
        'expiring_days': rep['expiring_days'],
        'drift_workspaces': len(rep['drift']['workspaces']),
        'checked': rep['drift']['checked'],
    })
    return {
        'json': json.dumps(dict(rep, report=info), indent=2, sort_keys=True, separators=(',', ': ')) + '\n',
        'csv': memberships_csv(rep),
        'drift_csv': drift_csv(rep),
        'matrix': json.dumps(matrix(rep), separators=(',', ':')).replace('<', '\\u003c'),
        'summary': summary(rep, path, limit),
        'counts': counts,
        'report': info,
    }
