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
    line per action (see P(transactionlink.access.action_lines#filter)), one per invitation sent and one per
    membership pending an invitation, and, when the run returned one, the plan id to approve.
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
  invitation:
    description:
      - The registered result of the M(transactionlink.access.organization_invitation) task, when the ticket's new
        people were invited; each of its RV(transactionlink.access.organization_invitation#module:actions) is a line.
        A skipped task counts as no invitation.
    type: dict
  pending:
    description:
      - The memberships waiting for their person to accept the invitation,
        RV(transactionlink.access.onboarding_plan#filter:_value.pending) - one line each, and a C(did you mean) line
        for a person whose e-mail looks like a typo of an existing user's.
    type: list
    elements: dict
    default: []
seealso:
  - plugin: transactionlink.access.action_lines
    plugin_type: filter
  - plugin: transactionlink.access.onboarding_plan
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

- name: Summarize an onboarding that invited the new hires first
  ansible.builtin.debug:
    msg: >-
      {{ result | transactionlink.access.onboarding_summary(ticket_size, ansible_check_mode,
                                                            invitation=invited, pending=plan.pending) }}
# - "Onboarding: 3 membership(s) in the ticket; 1 added, 0 updated, 0 removed; 1 invitation(s) sent, 2 membership(s)
#   pending acceptance"
# - "Risk: alice.martin@example.com added as Analyst"
# - "nora.hire@example.com invited as member"
# - "Payments: nora.hire@example.com pending as Viewer (invitation PENDING: a run after they accept grants it)"
# - "Risk: nora.hire@example.com pending as Analyst (invitation PENDING: a run after they accept grants it)"
'''

RETURN = r'''
_value:
  description: The lines, the counts first.
  type: list
  elements: str
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._actions import onboarding_summary as summary

ARGUMENTS = FilterArguments('onboarding_summary', DOCUMENTATION,
                            reads={'_input': ('actions', 'plan_id'), 'invitation': ('actions',)})


def onboarding_summary(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(summary, args, kwargs)


class FilterModule:
    def filters(self):
        return {'onboarding_summary': onboarding_summary}
