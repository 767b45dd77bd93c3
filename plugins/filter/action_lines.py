# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: action_lines
short_description: One readable line per membership action
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Turns the RV(transactionlink.access.workspace_membership#module:actions) of a
    M(transactionlink.access.workspace_membership) run into lines a person reads (task output, a plan to approve).
  - Sorted by workspace name; the module's order is kept within a workspace. Linear in the number of actions.
options:
  _input:
    description: The RV(transactionlink.access.workspace_membership#module:actions) list.
    type: list
    elements: dict
    required: true
  check_mode:
    description: Say C(would be added) instead of C(added) (a prediction, nothing was written).
    type: bool
    default: false
seealso:
  - module: transactionlink.access.workspace_membership
'''

EXAMPLES = r'''
- name: Show what a run did
  ansible.builtin.debug:
    msg: "{{ result.actions | transactionlink.access.action_lines(check_mode=ansible_check_mode) }}"
# - "Payments: bob.nguyen@example.com added as Analyst"
# - "Risk: erik.johansson@example.com updated from Viewer to Analyst"
# - "Risk: adam.admin@example.com removed (was Admin)"
'''

RETURN = r'''
_value:
  description:
    - 'One line per action - C(<workspace>: <user> added as <role>), C(updated from <role> to <role>) or
      C(removed (was <role>)).'
    - The user is the e-mail, or the UUID when the e-mail is unknown.
  type: list
  elements: str
'''

from ansible.errors import AnsibleFilterError

from ansible_collections.transactionlink.access.plugins.module_utils.membership_plan import describe


def action_lines(actions, check_mode=False):
    """One line per action, sorted by workspace name (stable), worded as the module words them."""
    if not isinstance(actions, (list, tuple)):
        raise AnsibleFilterError('action_lines: expected the list of actions, not a {0}'.format(type(actions).__name__))
    lines = []
    for action in sorted(actions, key=lambda a: str(a.get('workspace_name') or a.get('workspace_id') or '')):
        try:
            lines.append(describe(action, check_mode))
        except ValueError as exc:
            raise AnsibleFilterError('action_lines: {0}'.format(exc))
    return lines


class FilterModule(object):
    def filters(self):
        return {'action_lines': action_lines}
