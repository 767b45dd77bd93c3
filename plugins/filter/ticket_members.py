# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: ticket_members
short_description: Flatten an access ticket into workspace_membership members
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Turns a person-centric ticket (each person with the workspaces and roles they get) into the flat list of
    O(transactionlink.access.workspace_membership#module:members) items, one per person and workspace, each naming
    its own workspace, so one module run converges the whole ticket.
  - Linear in the size of the ticket. Items keep the ticket's order; names and UUIDs are passed on as written (the
    module resolves them, and refuses a user listed twice in one workspace before any write).
options:
  _input:
    description:
      - The ticket, one item per person, in the shape of the roles' C(workspace_onboarding_users) and
        C(workspace_access_audit_desired) variables.
      - Each item has C(user) (e-mail or UUID) and C(workspaces), a list of C(workspace) (name or UUID) and C(role)
        (name or UUID).
    type: list
    elements: dict
    required: true
  state:
    description: The C(state) given to every item.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: transactionlink.access.workspace_membership
'''

EXAMPLES = r'''
- name: Converge a whole onboarding ticket in one module run
  transactionlink.access.workspace_membership:
    members: "{{ ticket | transactionlink.access.ticket_members }}"
  vars:
    ticket:
      - user: alice.martin@example.com
        workspaces:
          - {workspace: Risk, role: Analyst}
          - {workspace: Payments, role: Viewer}
# members:
#   - {workspace: Risk, user: alice.martin@example.com, role: Analyst, state: present}
#   - {workspace: Payments, user: alice.martin@example.com, role: Viewer, state: present}
'''

RETURN = r'''
_value:
  description: One item per person and workspace, in the ticket's order.
  type: list
  elements: dict
  contains:
    workspace: {description: The workspace as the ticket names it., type: str}
    user: {description: The user as the ticket names them., type: str}
    role: {description: The role as the ticket names it., type: str}
    state: {description: The O(state) option., type: str}
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._ticket import ticket_members as members

ARGUMENTS = FilterArguments('ticket_members', DOCUMENTATION)


def ticket_members(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(members, args, kwargs)


class FilterModule:
    def filters(self):
        return {'ticket_members': ticket_members}
