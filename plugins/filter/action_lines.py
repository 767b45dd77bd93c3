# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

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
    - >-
      One line per action, worded as the module words it - C(Risk: alice@example.com added as Viewer),
      C(Risk: alice@example.com updated from Viewer to Admin), or C(Risk: alice@example.com removed) followed by the
      former role in parentheses, C(was Viewer).
    - The user is the e-mail, or the UUID when the e-mail is unknown.
  type: list
  elements: str
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._actions import action_lines as lines

ARGUMENTS = FilterArguments('action_lines', DOCUMENTATION)


def action_lines(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(lines, args, kwargs)


class FilterModule:
    def filters(self):
        return {'action_lines': action_lines}
