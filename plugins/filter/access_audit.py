# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: access_audit
short_description: Everything the access audit writes, from one pass over what was read
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - What the C(transactionlink.access.workspace_access_audit) role writes, computed in one call - the report of
    P(transactionlink.access.access_report#filter) as JSON text (C(access.json)), the two CSV tables of
    P(transactionlink.access.access_csv#filter), the matrix data of P(transactionlink.access.access_matrix#filter) as
    JSON text safe inside an HTML C(script) element, the summary lines of P(transactionlink.access.audit_summary#filter)
    and the counts the HTML page shows.
  - One call instead of one per file - Ansible hands a filter its input as lazily templated containers, which costs
    time per value read; here the memberships are read once, and the files are built from plain Python data. At
    10,000 memberships that is several times faster than chaining the filters in Jinja.
options:
  _input:
    description:
      - The memberships found - a list of flat membership dicts, or the registered C(results) of a loop of
        M(transactionlink.access.workspace_membership_info) runs.
    type: list
    elements: dict
    required: true
  drift:
    description: The registered result of the check-mode M(transactionlink.access.workspace_membership) run; omitted,
      V(null) or skipped means drift was not checked.
    type: dict
  path:
    description: The directory the files are written to (for the summary's last line).
    type: str
    required: true
  limit:
    description: At most this many drift lines in the summary.
    type: int
    default: 50
seealso:
  - plugin: transactionlink.access.access_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Build every file of the audit at once
  ansible.builtin.set_fact:
    audit: "{{ found.results | transactionlink.access.access_audit(drift_check, '/var/tmp/audit') }}"

- name: Write access.json
  ansible.builtin.copy:
    content: "{{ audit.json }}"
    dest: /var/tmp/audit/access.json
    mode: "0640"
'''

RETURN = r'''
_value:
  description: The texts and counts.
  type: dict
  contains:
    json:
      description: The report as indented JSON (keys sorted) with a final line end - C(access.json).
      type: str
    csv:
      description: The memberships table - C(access.csv).
      type: str
    drift_csv:
      description: The drift table - C(drift.csv).
      type: str
    matrix:
      description: The matrix data as JSON text with every C(<) escaped, to embed in a C(script) element.
      type: str
    summary:
      description: The summary lines.
      type: list
      elements: str
    counts:
      description:
        - The report's C(summary) (C(workspaces), C(users), C(memberships), C(direct), C(inherited), C(drift)) and
          C(columns) and C(rows) of the matrix, C(missing), C(unexpected), C(wrong_role), C(drift_workspaces)
          (numbers) and C(checked) (bool).
      type: dict
'''

import json

from ansible_collections.transactionlink.access.plugins.filter.access_csv import access_csv
from ansible_collections.transactionlink.access.plugins.filter.access_matrix import access_matrix
from ansible_collections.transactionlink.access.plugins.filter.access_report import access_report
from ansible_collections.transactionlink.access.plugins.filter.audit_summary import audit_summary


def access_audit(found, drift=None, path='.', limit=50):
    """{json, csv, drift_csv, matrix, summary, counts} of the audit of FOUND (and DRIFT)."""
    report = access_report(found, drift)
    checked = report['drift']['checked']
    counts = dict(report['summary'])
    counts.update({
        'columns': len(report['workspaces']),
        'rows': len(report['users']),
        'missing': len(report['drift']['missing']),
        'unexpected': len(report['drift']['unexpected']),
        'wrong_role': len(report['drift']['wrong_role']),
        'drift_workspaces': len(report['drift']['workspaces']),
        'checked': checked,
    })
    return {
        'json': json.dumps(report, indent=2, sort_keys=True, separators=(',', ': ')) + '\n',
        'csv': access_csv(report),
        'drift_csv': access_csv(report, table='drift'),
        'matrix': json.dumps(access_matrix(report), separators=(',', ':')).replace('<', '\\u003c'),
        'summary': audit_summary(report, path, limit),
        'counts': counts,
    }


class FilterModule(object):
    def filters(self):
        return {'access_audit': access_audit}
