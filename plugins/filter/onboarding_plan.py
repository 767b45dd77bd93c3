# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: onboarding_plan
short_description: Split an onboarding ticket into invitations, memberships to converge now, and pending ones
version_added: 0.3.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - What the C(transactionlink.access.workspace_onboarding) role needs to onboard people who have no TransactionLink
    account yet - invite them first, converge everybody else's access, and leave the new people's access for a run
    after they accepted.
  - Before the invitation task, called without O(invitations) - RV(_value.invite) are the
    O(transactionlink.access.organization_invitation#module:invitations) items, one per person of the ticket given by
    e-mail (each once, case-insensitive; UUIDs and other names are never invited), and RV(_value.members) the whole
    ticket (as P(transactionlink.access.ticket_members#filter) flattens it).
  - After it, called with its RV(transactionlink.access.organization_invitation#module:invitations) -
    RV(_value.members) leaves out the people it found no user for (C(user_exists=false)), whose items are
    RV(_value.pending) instead. The organization's users are not read again.
  - Linear in the size of the ticket.
options:
  _input:
    description:
      - The ticket, one item per person, in the shape of the role's C(workspace_onboarding_users) - C(user) (e-mail
        or UUID) and C(workspaces), a list of C(workspace) and C(role).
    type: list
    elements: dict
    required: true
  invitations:
    description:
      - The RV(transactionlink.access.organization_invitation#module:invitations) of the invitation task (its check
        mode prediction under C(--check)). Omit (or V(null)) when nobody was invited - everybody then counts as a user.
    type: list
    elements: dict
seealso:
  - module: transactionlink.access.organization_invitation
  - module: transactionlink.access.workspace_membership
  - plugin: transactionlink.access.onboarding_summary
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Invite the people of the ticket who have no account yet
  transactionlink.access.organization_invitation:
    invitations: "{{ (ticket | transactionlink.access.onboarding_plan).invite }}"
  register: invited

- name: Converge the access of everybody who has an account
  transactionlink.access.workspace_membership:
    members: "{{ (ticket | transactionlink.access.onboarding_plan(invited.invitations)).members }}"
# pending:
#   - {workspace: Risk, user: nora.hire@example.com, role: Analyst, state: present, status: PENDING, similar_users: []}
'''

RETURN = r'''
_value:
  description: The split ticket.
  type: dict
  contains:
    invite:
      description: One C({email}) item per person of the ticket given by e-mail, in the ticket's order.
      type: list
      elements: dict
    members:
      description:
        - The O(transactionlink.access.workspace_membership#module:members) items of the people who have a user
          (everybody, without O(invitations)), in the ticket's order.
      type: list
      elements: dict
    pending:
      description:
        - The items of the people without a user yet, each with C(status), their invitation's status, and
          C(similar_users), the existing users their e-mail could be a typo of.
      type: list
      elements: dict
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._onboarding import onboarding_plan as split

ARGUMENTS = FilterArguments('onboarding_plan', DOCUMENTATION)


def onboarding_plan(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(split, args, kwargs)


class FilterModule:
    def filters(self):
        return {'onboarding_plan': onboarding_plan}
