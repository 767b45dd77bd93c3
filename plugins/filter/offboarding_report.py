# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: offboarding_report
short_description: What an offboarding removes, what it removed, what access remains, and its summary
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Everything the C(transactionlink.access.workspace_offboarding) role computes, for the people of the ticket (each
    an e-mail, compared case-insensitively, or a UUID).
  - Before the removal run, called with only O(before) - RV(_value.removals) are the
    O(transactionlink.access.workspace_membership#module:members) items that remove every direct membership of these
    people, by UUID, each once. Memberships of anybody not listed are never turned into removals, so an empty list
    removes nothing. Inherited access (organization admins) is left out - it is not a workspace membership.
  - After the removal run, called with its O(actions) and the memberships read back (O(after)) - RV(_value.people)
    says per person what was removed and what access remains, RV(_value.summary) the lines to print. In check mode
    (O(after) not given) the remaining access is predicted - organization admins keep inherited access to every
    workspace they could enter, with their inherited role; everybody else keeps nothing.
  - The summary counts every removal of the run (O(actions)), and words each one as the module does.
  - People who are not in the organization (HR deleted the account, or the new hire never started) are no error -
    given O(invitations), the check-mode result of M(transactionlink.access.organization_invitation) with
    C(state=absent) for RV(_value.invitations), they are left out of RV(_value.readable) and the summary says
    C(not in the organization, nothing to remove), with their invitation cancelled (O(cancelled)) and a
    C(did you mean) only for a likely typo of a user's e-mail.
  - Linear in the number of memberships and actions.
options:
  _input:
    description: The people of the ticket, each an e-mail or a UUID, as given to the role.
    type: list
    elements: str
    required: true
  before:
    description: The memberships found before the removal, direct and inherited.
    type: list
    elements: dict
    required: true
  actions:
    description: The RV(transactionlink.access.workspace_membership#module:actions) of the removal run.
    type: list
    elements: dict
    default: []
  after:
    description:
      - The memberships read back after the removal, direct and inherited. Omit (or V(null)) in check mode to
        predict them.
    type: list
    elements: dict
  check_mode:
    description: The run was a prediction (C(--check)); the summary says C(would be removed).
    type: bool
    default: false
  invitations:
    description:
      - The RV(transactionlink.access.organization_invitation#module:invitations) of a check-mode
        M(transactionlink.access.organization_invitation) run with C(state=absent) for RV(_value.invitations) - who
        of the people given by e-mail has a user (C(user_exists)), and the likely typos (C(similar_users)).
      - Omit (or V(null)) when it was not run - everybody then counts as a user (a UUID always does).
    type: list
    elements: dict
  cancelled:
    description:
      - The RV(transactionlink.access.organization_invitation#module:actions) of the run that cancelled the pending
        invitations (predicted, in check mode); each is named in its person's line.
    type: list
    elements: dict
    default: []
  organization:
    description:
      - The registered result of a check-mode M(transactionlink.access.organization_user) run over
        RV(_value.organization) - each person's organization role, and the role changes it predicted. An V(owner) or
        V(admin) keeps inherited access to every workspace; the summary names their role, and says to set
        C(workspace_offboarding_demote_admins) to end it.
      - Omit (or V(null)) when it was not run - the organization role is then V(unknown).
    type: dict
    version_added: 0.4.0
  demoted:
    description:
      - The RV(transactionlink.access.organization_user#module:actions) of the run that made the leavers V(member).
        Omit (or V(null)) in check mode - the changes O(organization) predicted are then reported.
    type: list
    elements: dict
    version_added: 0.4.0
  demote_admins:
    description:
      - The leavers who are organization owners or admins are to become V(member) (ending their inherited access) -
        RV(_value.organization) asks for that role, RV(_value.demotions) lists the changes O(organization) predicted.
    type: bool
    default: false
    version_added: 0.4.0
  protected:
    description:
      - Users (e-mails or UUIDs) never made V(member) - with O(demote_admins), a predicted role change of one fails,
        naming them, before anything is written.
    type: list
    elements: str
    default: []
    version_added: 0.4.0
seealso:
  - module: transactionlink.access.workspace_membership_info
  - module: transactionlink.access.workspace_membership
  - module: transactionlink.access.organization_invitation
'''

EXAMPLES = r'''
- name: Remove every direct membership of the leavers in one run
  transactionlink.access.workspace_membership:
    members: "{{ (users | transactionlink.access.offboarding_report(found.memberships)).removals }}"
  register: removal

- name: Print what was removed and what access remains
  ansible.builtin.debug:
    msg: >-
      {{ (users | transactionlink.access.offboarding_report(found.memberships, removal.actions | default([]),
                                                            none if ansible_check_mode else after.memberships,
                                                            ansible_check_mode)).summary }}
# - "Offboarding: 2 user(s), 2 membership(s) removed, 4 inherited access(es) remaining"
# - "Risk: dana.kowalski@example.com removed (was Analyst)"
# - "dana.kowalski@example.com: no workspace access remains"
# - "Risk: adam.admin@example.com removed (was Admin)"
# - "adam@example.com: inherited access remains (organization role admin): set workspace_offboarding_demote_admins
#   to end it; in Compliance (Admin), ..."
'''

RETURN = r'''
_value:
  description: The report.
  type: dict
  contains:
    invitations:
      description:
        - One C({email}) item per person given by e-mail (each once, case-insensitive), for
          O(transactionlink.access.organization_invitation#module:invitations).
      type: list
      elements: dict
    readable:
      description:
        - The people whose memberships are to be read (for
          O(transactionlink.access.workspace_membership_info#module:user)), each once - everybody but those
          O(invitations) says have no user.
      type: list
      elements: str
    removals:
      description: One C({workspace, user, state=absent}) item (UUIDs) per direct membership of the listed people.
      type: list
      elements: dict
    organization:
      description:
        - One C({user}) item (a UUID) per listed person found in O(before), each once, for
          O(transactionlink.access.organization_user#module:users) - with C(org_role=member) when O(demote_admins).
      type: list
      elements: dict
      version_added: 0.4.0
    demotions:
      description:
        - With O(demote_admins), one C({user, org_role=member}) item per role change O(organization) predicted (the
          owners and admins among the people); else empty.
      type: list
      elements: dict
      version_added: 0.4.0
    user_ids:
      description: The UUIDs of the listed people found in O(before), sorted.
      type: list
      elements: str
    people:
      description:
        - One entry per person, in the ticket's order - C(user) (as the ticket names them), C(user_id) and
          C(user_email) (null when no membership of theirs was found), C(removed) (their removal actions, by workspace
          name) and C(remaining) (their inherited memberships after the run).
        - Also C(in_organization) (false when O(invitations) found no user with that e-mail, true when it found one,
          null when not asked or given by UUID), C(similar_users) (the likely typos, without people of the list) and
          C(invitation) (the cancel action of their pending invitation, or null).
        - Also C(org_role) (their organization role before the run, from O(organization); null when unknown) and
          C(demotion) (the action that made them V(member), or null).
        - A person listed twice (another case, or an e-mail and a UUID) is one entry, the first.
      type: list
      elements: dict
    summary:
      description: The lines to print, the counts first; each removal worded as the module words it.
      type: list
      elements: str
    removed:
      description: How many memberships the run removed (or would remove), whoever they belong to.
      type: int
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._offboarding import offboarding_report as report

ARGUMENTS = FilterArguments('offboarding_report', DOCUMENTATION)


def offboarding_report(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(report, args, kwargs)


class FilterModule:
    def filters(self):
        return {'offboarding_report': offboarding_report}
