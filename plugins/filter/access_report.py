# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: access_report
short_description: The access audit report - memberships, workspaces, users, drift and counts
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Builds the report of the C(transactionlink.access.workspace_access_audit) role (its C(access.json)) from the
    memberships M(transactionlink.access.workspace_membership_info) found and, for drift, the result of
    M(transactionlink.access.workspace_membership) run in check mode with C(exclusive=true) on the desired state.
  - Memberships found twice (workspaces listed twice) are kept once. Drift is the check-mode run's actions - C(added)
    is C(missing), C(removed) is C(unexpected), C(updated) is C(wrong_role).
  - Linear in the number of memberships and actions (plus the sorting).
options:
  _input:
    description:
      - The memberships found, direct and inherited - a list of flat membership dicts, or the registered C(results)
        of a loop of M(transactionlink.access.workspace_membership_info) runs (each with its C(memberships)).
    type: list
    elements: dict
    required: true
  drift:
    description:
      - The registered result of the check-mode M(transactionlink.access.workspace_membership) run. Omitted, V(null),
        or a skipped task (no desired state) means drift was not checked.
    type: dict
seealso:
  - plugin: transactionlink.access.access_csv
    plugin_type: filter
  - plugin: transactionlink.access.access_matrix
    plugin_type: filter
  - plugin: transactionlink.access.audit_summary
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Assemble the audit report
  ansible.builtin.set_fact:
    report: "{{ found.results | transactionlink.access.access_report(drift_check) }}"
'''

RETURN = r'''
_value:
  description: The report.
  type: dict
  contains:
    memberships:
      description: The memberships, each once, sorted by workspace name then user e-mail (case-insensitive).
      type: list
      elements: dict
    workspaces:
      description: Every workspace of the memberships and of the drift, C({workspace_id, workspace_name}), by name.
      type: list
      elements: dict
    users:
      description: Every user with some access or some drift, C({user_id, user_email}), by e-mail.
      type: list
      elements: dict
    drift:
      description:
        - C(checked) (bool), C(workspaces) (the names of the workspaces drift was checked in) and the lists
          C(missing), C(unexpected), C(wrong_role). Each item has C(kind), C(workspace_id), C(workspace_name),
          C(user_id), C(user_email), C(role) (actual role name) and C(desired_role).
      type: dict
    summary:
      description: Counts - C(workspaces), C(users), C(memberships), C(direct), C(inherited), C(drift).
      type: dict
'''

from ansible.errors import AnsibleFilterError

DRIFT_KINDS = {'added': 'missing', 'removed': 'unexpected', 'updated': 'wrong_role'}


def _fold(value):
    return str(value or '').lower()


def _drift_checked(drift):
    return isinstance(drift, dict) and not drift.get('skipped') and isinstance(drift.get('actions'), list)


MEMBERSHIP_KEYS = ('workspace_id', 'workspace_name', 'user_id', 'user_email', 'role_id', 'role_name', 'inherited')


def _rows(found):
    """Plain membership dicts from a list of memberships or of info results, each value read once."""
    rows = []
    for item in found:
        if not isinstance(item, dict):
            raise AnsibleFilterError('access_report: every membership must be a dict, got {0!r}'.format(item))
        if 'memberships' in item:  # a registered result of workspace_membership_info
            rows.extend(_rows(item['memberships']))
        elif 'workspace_id' in item:
            rows.append(dict((key, item.get(key)) for key in MEMBERSHIP_KEYS))
        elif not item.get('skipped'):
            raise AnsibleFilterError('access_report: expected memberships or info results, got {0!r}'.format(item))
    return rows


def access_report(memberships, drift=None):
    """The audit report of MEMBERSHIPS, with the drift of the check-mode run DRIFT."""
    if not isinstance(memberships, (list, tuple)):
        raise AnsibleFilterError('access_report: expected a list of memberships, not a '
                                 '{0}'.format(type(memberships).__name__))
    if drift is not None and not isinstance(drift, dict):
        raise AnsibleFilterError('access_report: drift must be the registered module result (a dict), not a '
                                 '{0}'.format(type(drift).__name__))
    rows, seen = [], set()
    for found in sorted(_rows(memberships), key=lambda m: (_fold(m['workspace_name']), _fold(m['user_email']),
                                                           str(m['user_id']))):
        key = (found['workspace_id'], found['user_id'])
        if key not in seen:
            seen.add(key)
            rows.append(found)

    checked = _drift_checked(drift)
    items = []
    for action in (drift['actions'] if checked else []):
        action = dict(action.items())
        items.append({'kind': DRIFT_KINDS[action['action']], 'workspace_id': action['workspace_id'],
                      'workspace_name': action['workspace_name'], 'user_id': action['user_id'],
                      'user_email': action['user_email'], 'role': action['role_before'],
                      'desired_role': action['role_after']})
    items.sort(key=lambda d: (_fold(d['workspace_name']), d['kind']))

    workspaces, users = {}, {}
    for row in rows + items:
        workspaces[row['workspace_id']] = row['workspace_name']
        users[row['user_id']] = row['user_email']
    drift_workspaces = set(item['workspace_name'] for item in items)
    if checked:
        drift_workspaces.update(m['workspace_name'] for m in drift.get('memberships') or [])
    direct = sum(1 for row in rows if not row.get('inherited'))
    return {
        'memberships': rows,
        'workspaces': [{'workspace_id': k, 'workspace_name': v}
                       for k, v in sorted(workspaces.items(), key=lambda kv: (_fold(kv[1]), kv[0]))],
        'users': [{'user_id': k, 'user_email': v}
                  for k, v in sorted(users.items(), key=lambda kv: (_fold(kv[1]), kv[0]))],
        'drift': {
            'checked': checked,
            'workspaces': sorted(drift_workspaces, key=lambda name: (_fold(name), name)),
            'missing': [d for d in items if d['kind'] == 'missing'],
            'unexpected': [d for d in items if d['kind'] == 'unexpected'],
            'wrong_role': [d for d in items if d['kind'] == 'wrong_role'],
        },
        'summary': {
            'workspaces': len(set(row['workspace_id'] for row in rows)),
            'users': len(set(row['user_id'] for row in rows)),
            'memberships': len(rows),
            'direct': direct,
            'inherited': len(rows) - direct,
            'drift': len(items),
        },
    }


class FilterModule(object):
    def filters(self):
        return {'access_report': access_report}
