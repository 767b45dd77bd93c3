# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: onboarding_summary
short_description: The summary lines of an onboarding run
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - The summary the C(transactionlink.access.workspace_onboarding) role prints - a first line with the counts, one
    line per action (see P(transactionlink.access.action_lines#filter)) and, when the run returned one, the plan id
    to approve.
options:
  _input:
    description:
      - The registered result of the M(transactionlink.access.workspace_membership) task. A skipped task (an empty
        ticket) counts as no action.
    type: dict
    required: true
  ticket_size:
    description: How many memberships the ticket holds (the length of its members list).
    type: int
    required: true
  check_mode:
    description: The run was a prediction (C(--check)); the lines say so.
    type: bool
    default: false
seealso:
  - plugin: transactionlink.access.action_lines
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Summarize the onboarding
  ansible.builtin.debug:
    msg: "{{ result | transactionlink.access.onboarding_summary(members | length, ansible_check_mode) }}"
# - "Onboarding: 6 membership(s) in the ticket; 5 added, 1 updated, 0 removed"
# - "Compliance: carol.smith@example.com added as Analyst"
# - "Risk: erik.johansson@example.com updated from Viewer to Analyst"
# - "Plan id: 5b0c...e1 (give it as workspace_onboarding_expected_plan_id to apply exactly this plan)"
'''

RETURN = r'''
_value:
  description: The lines, the counts first.
  type: list
  elements: str
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._actions import onboarding_summary as summary

ARGUMENTS = FilterArguments('onboarding_summary', DOCUMENTATION)


def onboarding_summary(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(summary, args, kwargs)


class FilterModule:
    def filters(self):
        return {'onboarding_summary': onboarding_summary}
