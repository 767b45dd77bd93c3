# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: audit_summary
short_description: The summary lines of an access audit
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - The summary the C(transactionlink.access.workspace_access_audit) role prints from its report (see
    P(transactionlink.access.access_report#filter)) - the counts, one line per drift item (missing, unexpected, wrong
    role; at most O(limit), then how many more) and where the report files are.
options:
  _input:
    description: The report of P(transactionlink.access.access_report#filter).
    type: dict
    required: true
  path:
    description: The directory the report files were written to.
    type: str
    required: true
  limit:
    description: At most this many drift lines; the rest are counted in one line (they are all in C(drift.csv)).
    type: int
    default: 50
seealso:
  - plugin: transactionlink.access.access_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Summarize the audit
  ansible.builtin.debug:
    msg: "{{ report | transactionlink.access.audit_summary('/var/tmp/audit') }}"
# - "Access audit: 4 workspace(s), 9 user(s), 18 membership(s) (7 inherited); drift: 1 missing, 1 unexpected, 1 wrong role"
# - "DRIFT missing: hana.suzuki@example.com in Risk (desired Viewer)"
# - "DRIFT unexpected: fatima.haddad@example.com in Payments as Analyst"
# - "DRIFT wrong role: bob.nguyen@example.com in Payments is Analyst, desired Viewer"
# - "Report: /var/tmp/audit/access.html (also access.csv, access.json, drift.csv)"
'''

RETURN = r'''
_value:
  description: The lines, the counts first and the report's path last.
  type: list
  elements: str
'''

from ansible.errors import AnsibleFilterError

LINES = {
    'missing': 'DRIFT missing: {who} in {where} (desired {desired})',
    'unexpected': 'DRIFT unexpected: {who} in {where} as {role}',
    'wrong_role': 'DRIFT wrong role: {who} in {where} is {role}, desired {desired}',
}


def audit_summary(report, path, limit=50):
    """Counts, drift lines (at most LIMIT), and the report's location."""
    if not isinstance(report, dict) or 'summary' not in report or 'drift' not in report:
        raise AnsibleFilterError('audit_summary: expected the report of transactionlink.access.access_report')
    counts, drift = report['summary'], report['drift']
    items = list(drift['missing']) + list(drift['unexpected']) + list(drift['wrong_role'])
    if drift['checked']:
        found = '{0} missing, {1} unexpected, {2} wrong role'.format(
            len(drift['missing']), len(drift['unexpected']), len(drift['wrong_role']))
    else:
        found = 'not checked (no desired state given)'
    lines = ['Access audit: {0} workspace(s), {1} user(s), {2} membership(s) ({3} inherited); drift: {4}'.format(
        counts['workspaces'], counts['users'], counts['memberships'], counts['inherited'], found)]
    for item in items[:max(0, int(limit))]:
        lines.append(LINES[item['kind']].format(
            who=item.get('user_email') or item.get('user_id'), where=item.get('workspace_name'),
            role=item.get('role'), desired=item.get('desired_role')))
    if len(items) > max(0, int(limit)):
        lines.append('... and {0} more drift item(s), all in drift.csv'.format(len(items) - max(0, int(limit))))
    lines.append('Report: {0}/access.html (also access.csv, access.json{1})'.format(
        str(path).rstrip('/'), ', drift.csv' if drift['checked'] else ''))
    return lines


class FilterModule(object):
    def filters(self):
        return {'audit_summary': audit_summary}
