# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: today's direct memberships as the host_vars files of access as code (the export playbook).

Pure: the memberships (as workspace_membership_info returns them), the hosts'
workspaces, and when and from where they were read all come in as arguments.
Each file holds ``transactionlink_desired_members`` (direct members only,
``{user: e-mail, role: role name}``, sorted by e-mail; the UUID when the
e-mail is unknown) under a comment saying when and from where it was read.

Given ``teams`` (team name -> e-mails or UUIDs, as ``transactionlink_teams``),
a team whose every user is a direct member of the workspace with one same
role is folded: one ``{team, role}`` item (teams by name, first) replaces
those users' items. The converge then reaches exactly the same people with
the same roles.

Each file is ``host_vars/<host>.yml``: a host whose name cannot be that file
name (a path, a character some file systems refuse, a control character,
longer than 255 bytes) refuses the whole export before any file is written,
naming every such workspace (see ``unsafe_hosts``).
"""

import unicodedata

import yaml

from ansible_collections.transactionlink.access.plugins.plugin_utils import _audit

MEMBERS_VAR = 'transactionlink_desired_members'
EXCLUSIVE_VAR = 'transactionlink_exclusive'
SUFFIX = '.yml'
# Refused in a file name by Windows (where such a repository may be checked out) or a path separator anywhere.
UNSAFE_CHARACTERS = frozenset('/\\<>:"|?*')
MAX_NAME_BYTES = 255  # a file name's limit on common file systems (ext4, XFS, APFS, NTFS in UTF-16 units)


def host_vars_files(memberships, workspaces, api_url, exported_at, exclusive=False, teams=None):
    """{host: the text of its host_vars file} for WORKSPACES {host: workspace id}.

    Linear in the memberships: they are grouped by workspace once. A
    workspace without direct members gets an empty list. Raises ValueError on
    a membership without a user or a role, and (before anything else) on host
    names that cannot be file names (``check_hosts``).
    """
    check_hosts(workspaces)
    by_workspace = dict((str(ws_id).strip().lower(), []) for ws_id in workspaces.values())
    names = {}
    for index, membership in enumerate(memberships):
        if membership.get('inherited'):
            continue  # an organization admin's access to every workspace: never a desired member
        ws_id = str(membership.get('workspace_id') or '').strip().lower()
        if ws_id not in by_workspace:
            continue
        user = membership.get('user_email') or membership.get('user_id')
        role = membership.get('role_name')
        if not user or not role:
            raise ValueError('memberships[{0}] has no {1}: expected the memberships of '
                             'transactionlink.access.workspace_membership_info'.format(index, 'user' if not user else 'role_name'))
        names.setdefault(ws_id, membership.get('workspace_name'))
        by_workspace[ws_id].append({'user': _text(user), 'role': _text(role), 'keys': _keys(membership)})
    files = {}
    for host, ws_id in workspaces.items():
        key = str(ws_id).strip().lower()
        members = fold(sorted(by_workspace[key], key=lambda m: (m['user'].lower(), m['user'])), teams or {})
        files[host] = host_vars_text(host, key, names.get(key), members, api_url, exported_at, exclusive)
    return files


def unsafe_hosts(workspaces):
    """[(host, why)] for each host of WORKSPACES whose name is not one safe file name ``<host>.yml``, sorted."""
    found = []
    for host in workspaces:
        why = _unsafe_name(str(host))
        if why:
            found.append((str(host), why))
    return sorted(found)


def check_hosts(workspaces):
    """Raise ValueError naming every host of WORKSPACES {host: workspace id} that cannot be a host_vars file name."""
    found = unsafe_hosts(workspaces)
    if found:
        ids = dict((str(host), ws_id) for host, ws_id in workspaces.items())
        shown = '; '.join('{0} (workspace {1}): {2}'.format(_shown(host), _shown(ids[host]), why) for host, why in found)
        raise ValueError(
            '{0} workspace name(s) cannot be a file name host_vars/<name>{1}: {2}. Nothing was written. Name the '
            'hosts by workspace UUID instead: set "hostname: id" in the inventory source of '
            'transactionlink.access.workspaces (or rename the workspaces).'.format(len(found), SUFFIX, shown))


def _unsafe_name(name):
    """Why NAME cannot be the file name NAME.yml in one directory, or None."""
    if name in ('', '.', '..'):
        return 'not a file name'
    if any(unicodedata.category(ch) == 'Cc' for ch in name):
        return 'holds a control character'
    bad = sorted(set(name) & UNSAFE_CHARACTERS)
    if bad:
        return 'holds {0}'.format(' '.join(bad))
    if len((name + SUFFIX).encode('utf-8')) > MAX_NAME_BYTES:
        return 'longer than {0} bytes'.format(MAX_NAME_BYTES - len(SUFFIX))
    return None


def _shown(value, limit=80):
    """VALUE quoted for a message, control characters escaped, cut after LIMIT characters."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + '...')


def fold(members, teams):
    """MEMBERS ({user, role, keys}, sorted) with each team that covers some of them exactly as one {team, role} item.

    A team is folded when it has users and every one of them is a member here, all with one role. The items
    returned have no ``keys``: team items first (by team name), then the users no folded team covers.
    """
    by_key = {}
    for member in members:
        for key in member['keys']:
            by_key[key] = member
    folded, covered = [], set()
    for team in sorted(teams, key=str):
        users = teams[team]
        if not isinstance(users, (list, tuple)) or not users:
            continue
        found = [by_key.get(str(ref).strip().lower()) for ref in users]
        if any(m is None for m in found) or len(set(m['role'] for m in found)) != 1:
            continue
        folded.append({'team': _text(team), 'role': found[0]['role']})
        covered.update(id(m) for m in found)
    return folded + [{'user': m['user'], 'role': m['role']} for m in members if id(m) not in covered]


def _text(value):
    """VALUE as a plain ``str``: what ansible-core hands a filter may be a str subclass (an unsafe text before 2.19),
    which YAML's safe dumper refuses and ``str()`` keeps."""
    return ''.join([value]) if isinstance(value, str) else str(value)


def _keys(membership):
    """The ways a team list may name this member: e-mail (any case) and UUID (lower case)."""
    return [str(v).strip().lower() for v in (membership.get('user_email'), membership.get('user_id')) if v]


def host_vars_text(host, workspace_id, workspace_name, members, api_url, exported_at, exclusive=False):
    """One host_vars file: the header comment, then the variables as YAML."""
    header = [
        '# {0}: the direct members of workspace {1} ({2}) as they were,'.format(
            _comment(host), _comment(workspace_name or host), _comment(workspace_id)),
        '# exported by transactionlink.access.export at {0} from {1}.'.format(_comment(exported_at), _comment(shown_url(api_url))),
        '# Organization admins\' inherited access is not listed (it is not a direct membership).',
    ]
    data = {MEMBERS_VAR: members}
    if exclusive:
        data[EXCLUSIVE_VAR] = True
    body = yaml.safe_dump(data, default_flow_style=None, sort_keys=False, allow_unicode=True, width=1000)
    return '---\n' + '\n'.join(header) + '\n' + body


def shown_url(api_url):
    """The API URL as a header shows it (the audit's ``shown_url``: never a user, password, query or fragment)."""
    return _audit.shown_url(api_url) or 'an unknown API URL'


def _comment(value):
    """VALUE as text that stays inside one comment line (no line break or other control character)."""
    text = '' if value is None else str(value)
    return ''.join(' ' if unicodedata.category(ch).startswith('C') else ch for ch in text).strip()
