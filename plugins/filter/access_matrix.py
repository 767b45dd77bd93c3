# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: access_matrix
short_description: The users by workspaces matrix of an access report, compact, for the HTML report
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Turns a report of P(transactionlink.access.access_report#filter) into the compact data the C(access.html) page of
    the C(transactionlink.access.workspace_access_audit) role draws its matrix and drift list from - workspaces,
    users and role names listed once, cells and drift items as small arrays of indexes into them.
  - Only the cells that hold something (access or drift) are listed, so the size grows with the memberships, not with
    users x workspaces (10,000 memberships of 2,000 users over 200 workspaces are about 10,000 cells, not 400,000).
  - Rows are the report's users - everybody with some access or some drift. Linear in the size of the report.
options:
  _input:
    description: The report of P(transactionlink.access.access_report#filter).
    type: dict
    required: true
seealso:
  - plugin: transactionlink.access.access_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Embed the matrix in a page (the JSON is safe inside a script element)
  ansible.builtin.copy:
    content: >-
      <script type="application/json" id="access-data">{{ report | transactionlink.access.access_matrix
      | ansible.builtin.to_json | replace('<', '\u003c') }}</script>
    dest: /var/tmp/audit/data.html
    mode: "0640"
'''

RETURN = r'''
_value:
  description: The matrix.
  type: dict
  contains:
    workspaces:
      description: C([workspace id, workspace name]) per column, by name.
      type: list
      elements: list
    users:
      description: C([user id, e-mail or null]) per row, by e-mail.
      type: list
      elements: list
    roles:
      description: The role names the cells and drift items refer to by index.
      type: list
      elements: str
    cells:
      description:
        - One C([user index, workspace index, role index or null, inherited (0 or 1), drift, desired role index or
          null]) per cell that holds access or drift. C(drift) is 0 (none), 1 (missing), 2 (unexpected) or 3 (wrong
          role). Sorted by user, then workspace.
      type: list
      elements: list
    drift:
      description:
        - The drift items in the report's order (missing, unexpected, wrong role), each C([drift, user index,
          workspace index, role index or null, desired role index or null]).
      type: list
      elements: list
    checked:
      description: Whether drift was checked.
      type: bool
    drift_workspaces:
      description: The names of the workspaces drift was checked in.
      type: list
      elements: str
    summary:
      description: The report's counts.
      type: dict
'''

from ansible.errors import AnsibleFilterError

KINDS = {'missing': 1, 'unexpected': 2, 'wrong_role': 3}


def access_matrix(report):
    """Compact matrix data of REPORT: names once, cells as index arrays."""
    if not isinstance(report, dict) or not all(k in report for k in ('memberships', 'workspaces', 'users', 'drift')):
        raise AnsibleFilterError('access_matrix: expected the report of transactionlink.access.access_report')
    ws_index = dict((w['workspace_id'], i) for i, w in enumerate(report['workspaces']))
    user_index = dict((u['user_id'], i) for i, u in enumerate(report['users']))
    roles, role_index = [], {}

    def role(name):
        if name is None:
            return None
        if name not in role_index:
            role_index[name] = len(roles)
            roles.append(name)
        return role_index[name]

    cells = {}
    for m in report['memberships']:
        key = (user_index[m['user_id']], ws_index[m['workspace_id']])
        cells[key] = [key[0], key[1], role(m.get('role_name')), 1 if m.get('inherited') else 0, 0, None]
    drift = report['drift']
    items = []
    for item in list(drift['missing']) + list(drift['unexpected']) + list(drift['wrong_role']):
        key = (user_index[item['user_id']], ws_index[item['workspace_id']])
        kind = KINDS[item['kind']]
        cell = cells.setdefault(key, [key[0], key[1], role(item.get('role')), 0, 0, None])
        cell[4] = kind
        cell[5] = role(item.get('desired_role'))
        items.append([kind, key[0], key[1], role(item.get('role')), role(item.get('desired_role'))])
    return {
        'workspaces': [[w['workspace_id'], w['workspace_name']] for w in report['workspaces']],
        'users': [[u['user_id'], u['user_email']] for u in report['users']],
        'roles': roles,
        'cells': [cells[key] for key in sorted(cells)],
        'drift': items,
        'checked': bool(drift['checked']),
        'drift_workspaces': list(drift.get('workspaces') or []),
        'summary': dict(report.get('summary') or {}),
    }


class FilterModule(object):
    def filters(self):
        return {'access_matrix': access_matrix}
