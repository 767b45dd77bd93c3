# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: offboarding_summary
short_description: The summary lines of an offboarding run
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - The summary the C(transactionlink.access.workspace_offboarding) role prints from its report (see
    P(transactionlink.access.offboarding_report#filter)) - the counts, then per person what was removed and what
    access remains. Inherited organization-admin access is called out as C(ACCESS REMAINS).
options:
  _input:
    description: The report, one entry per person.
    type: list
    elements: dict
    required: true
  check_mode:
    description: The run was a prediction (C(--check)); the lines say C(would be removed).
    type: bool
    default: false
seealso:
  - plugin: transactionlink.access.offboarding_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Summarize the offboarding
  ansible.builtin.debug:
    msg: "{{ report | transactionlink.access.offboarding_summary(ansible_check_mode) }}"
# - "Offboarding: 2 user(s), 4 membership(s) removed, 4 inherited access(es) remaining"
# - "dana.kowalski@example.com: removed from Compliance (Admin), Payments (Viewer), Risk (Analyst)"
# - "dana.kowalski@example.com: no workspace access remains"
# - "adam.admin@example.com: removed from Risk (Admin)"
# - "adam.admin@example.com: ACCESS REMAINS (inherited from the organization admin role, ...) in Compliance (Admin), ..."
'''

RETURN = r'''
_value:
  description: The lines, the counts first.
  type: list
  elements: str
'''

from ansible.errors import AnsibleFilterError

REMAINS = ('{who}: ACCESS REMAINS (inherited from the organization admin role, not a workspace membership; revoke the '
           'organization role to remove it) in {where}')


def _places(items, role_key):
    return ', '.join('{0} ({1})'.format(i.get('workspace_name') or i.get('workspace_id'), i.get(role_key)) for i in items)


def offboarding_summary(report, check_mode=False):
    """Counts, then per person: removed from where, and what remains."""
    if not isinstance(report, (list, tuple)):
        raise AnsibleFilterError('offboarding_summary: expected the report list, not a {0}'.format(type(report).__name__))
    verb = 'would be removed' if check_mode else 'removed'
    lines = ['Offboarding{0}: {1} user(s), {2} membership(s) {3}, {4} inherited access(es) remaining'.format(
        ' (check mode, nothing written)' if check_mode else '', len(report),
        sum(len(entry['removed']) for entry in report), verb, sum(len(entry['remaining']) for entry in report))]
    for entry in report:
        who = entry['user']
        if entry['removed']:
            lines.append('{0}: {1} from {2}'.format(who, verb, _places(entry['removed'], 'role_before')))
        if entry['remaining']:
            lines.append(REMAINS.format(who=who, where=_places(entry['remaining'], 'role_name')))
        elif entry['removed']:
            lines.append('{0}: no workspace access remains'.format(who))
        else:
            lines.append('{0}: no workspace access found, nothing to remove'.format(who))
    return lines


class FilterModule(object):
    def filters(self):
        return {'offboarding_summary': offboarding_summary}
