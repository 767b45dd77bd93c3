# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: access_csv
short_description: The access audit report as CSV text
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Writes a report of P(transactionlink.access.access_report#filter) as CSV - every field quoted, a header line
    first, C(\\n) line ends. Empty values (an unknown e-mail) are empty strings.
  - O(table=memberships) (C(access.csv)) has one row per membership, direct and inherited, with the columns
    C(workspace_name, workspace_id, user_email, user_id, role_name, role_id, inherited, drift); C(drift) is
    C(unexpected), C(wrong_role (desired <role>)) or empty.
  - O(table=drift) (C(drift.csv)) has one row per difference from the desired state, missing first, then unexpected,
    then wrong role - C(kind, workspace_name, workspace_id, user_email, user_id, role, desired_role).
  - Linear in the size of the report.
options:
  _input:
    description: The report of P(transactionlink.access.access_report#filter).
    type: dict
    required: true
  table:
    description: Which table.
    type: str
    choices: [memberships, drift]
    default: memberships
seealso:
  - plugin: transactionlink.access.access_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Write access.csv
  ansible.builtin.copy:
    content: "{{ report | transactionlink.access.access_csv }}"
    dest: /var/tmp/audit/access.csv
    mode: "0640"

- name: Write drift.csv
  ansible.builtin.copy:
    content: "{{ report | transactionlink.access.access_csv(table='drift') }}"
    dest: /var/tmp/audit/drift.csv
    mode: "0640"
'''

RETURN = r'''
_value:
  description: The CSV text, ending with a line end.
  type: str
'''

import csv
import io

from ansible.errors import AnsibleFilterError

MEMBERSHIP_COLUMNS = ('workspace_name', 'workspace_id', 'user_email', 'user_id', 'role_name', 'role_id', 'inherited',
                      'drift')
DRIFT_COLUMNS = ('kind', 'workspace_name', 'workspace_id', 'user_email', 'user_id', 'role', 'desired_role')


def _text(value):
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _write(columns, rows):
    out = io.StringIO()
    out.write(','.join(columns) + '\n')
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator='\n')
    for row in rows:
        writer.writerow([_text(row.get(column)) for column in columns])
    return out.getvalue()


def access_csv(report, table='memberships'):
    """The memberships (access.csv) or drift (drift.csv) table of REPORT as CSV text."""
    if not isinstance(report, dict) or 'memberships' not in report or 'drift' not in report:
        raise AnsibleFilterError('access_csv: expected the report of transactionlink.access.access_report')
    drift = report['drift']
    if table == 'drift':
        return _write(DRIFT_COLUMNS, list(drift['missing']) + list(drift['unexpected']) + list(drift['wrong_role']))
    if table != 'memberships':
        raise AnsibleFilterError("access_csv: table must be 'memberships' or 'drift', not {0!r}".format(table))
    marks = {}
    for item in drift['unexpected']:
        marks[(item['workspace_id'], item['user_id'])] = 'unexpected'
    for item in drift['wrong_role']:
        marks[(item['workspace_id'], item['user_id'])] = 'wrong_role (desired {0})'.format(item['desired_role'])
    rows = (dict(m, inherited=bool(m.get('inherited')), drift=marks.get((m['workspace_id'], m['user_id']), ''))
            for m in report['memberships'])
    return _write(MEMBERSHIP_COLUMNS, rows)


class FilterModule(object):
    def filters(self):
        return {'access_csv': access_csv}
