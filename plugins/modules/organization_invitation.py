#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: organization_invitation
short_description: Invite people to the TransactionLink organization, or cancel their pending invitation
version_added: 0.3.0
description:
  - Invites people who have no TransactionLink account yet to the organization (an enrollment), so that a new hire can
    be onboarded before their first login. One person per task (O(email)), or a list in one task (O(invitations)).
  - Idempotent. When a user with that e-mail (case-insensitive) already exists, or a PENDING invitation does, nothing
    is sent. An EXPIRED invitation is resent. When the last invitation was CANCELLED, or ACCEPTED by a user who is gone
    since, or there is none, a new invitation is sent.
  - O(state=absent) cancels a PENDING invitation (a new hire who never started cannot accept it later). It never removes
    an existing user.
  - The users and the invitations are read once per run (every page). Every item is checked and every organization
    role resolved before the first invitation is sent; a bad item fails the task, naming it, with nothing sent.
  - The organization role of an existing invitation is not compared (the API's invitation list does not show it).
  - Needs a token with the C(can_manage_users) scope.
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
extends_documentation_fragment:
  - transactionlink.access.api
  - transactionlink.access.api.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Sends nothing, and returns the same C(changed), RV(actions) and RV(invitations) a real run would.
  diff_mode:
    support: full
    details: Each e-mail's invitation status, and whether a user has that e-mail, before and after.
  platform:
    platforms: all
    support: N/A
options:
  email:
    description:
      - The e-mail address of the person to invite. Compared case-insensitively with the users and the invitations.
      - What the grammar of a mail address refuses fails before any request, naming the item - a local part over 64
        octets, an address over 254, a domain label over 63 or empty.
      - An internationalized domain (V(jan@bücher.example)) is converted to its IDNA form (V(jan@xn--bcher-kva.example),
        IDNA 2008 with the UTS 46 mapping), which is compared with the users and invitations, sent, and returned. A
        local part that is not ASCII (an SMTPUTF8 address) fails - not every mail system delivers one.
      - Mutually exclusive with O(invitations).
    type: str
  org_role:
    description:
      - The organization role the person gets on accepting, by name (case-insensitive) or UUID, one of those
        C(GET /organizations/roles) lists (V(owner), V(admin), V(member)).
      - With O(invitations), the role of items that do not set their own.
      - Only used for a new invitation (O(state=present)).
    type: str
    default: member
  first_name:
    description: First name sent with a new invitation (O(email) only).
    type: str
  last_name:
    description: Last name sent with a new invitation (O(email) only).
    type: str
  title:
    description: Job title sent with a new invitation (O(email) only).
    type: str
  invitations:
    description:
      - Many people in one task, instead of O(email). Each e-mail at most once (case-insensitive).
      - An empty list sends nothing.
    type: list
    elements: dict
    suboptions:
      email:
        description: The e-mail address of the person, checked and converted as O(email) is.
        type: str
        required: true
      org_role:
        description: The organization role, by name or UUID. Defaults to the task's O(org_role).
        type: str
      first_name:
        description: First name sent with a new invitation.
        type: str
      last_name:
        description: Last name sent with a new invitation.
        type: str
      title:
        description: Job title sent with a new invitation.
        type: str
  state:
    description:
      - V(present) makes sure the person has an account or a PENDING invitation; V(absent) cancels a PENDING invitation.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The API's create, resend and cancel are POST requests, which are not idempotent, and the client retries them after
    HTTP 429, 502, 503, 504 or a dropped connection. After a write that failed, the invitations are read again; when the
    write is found applied (its answer was lost), it counts as done.
seealso:
  - module: transactionlink.access.workspace_membership
'''

EXAMPLES = r'''
- name: Invite a new hire as a member of the organization
  transactionlink.access.organization_invitation:
    email: new.hire@example.com
    first_name: Nora
    last_name: Hire
    title: Risk Analyst

- name: Invite several people in one task; one of them as an organization admin
  transactionlink.access.organization_invitation:
    invitations:
      - {email: nora.hire@example.com, first_name: Nora, last_name: Hire}
      - {email: omar.start@example.com, org_role: admin}

- name: A new hire who never started must not be able to accept later
  transactionlink.access.organization_invitation:
    email: nora.hire@example.com
    state: absent

- name: Review first (check mode), with the status of each invitation before and after
  transactionlink.access.organization_invitation:
    invitations: "{{ new_hires }}"
  check_mode: true
  diff: true
  register: invite_plan
'''

RETURN = r'''
actions:
  description:
    - What was sent (or, in check mode, what would be sent), one item per invitation written, in the order of the items.
  returned: always
  type: list
  elements: dict
  contains:
    email: {description: The e-mail as sent (an internationalized domain in its IDNA form)., type: str, returned: always}
    action:
      description: One of V(invited) (a new invitation), V(resent) (an EXPIRED one), V(cancelled) (a PENDING one).
      type: str
      returned: always
    enrollment_id:
      description: The invitation's id; for a new invitation the API's answer, null in check mode.
      type: str
      returned: always
    org_role: {description: Organization role name of a new invitation; null for resent and cancelled., type: str, returned: always}
    status_before: {description: The invitation status before (null when there was none)., type: str, returned: always}
    status_after: {description: The invitation status after., type: str, returned: always}
  sample:
    - {email: nora.hire@example.com, action: invited, enrollment_id: 5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a, org_role: member,
       status_before: null, status_after: PENDING}
invitations:
  description:
    - Every requested e-mail after the run (predicted in check mode), in the order of the items.
  returned: always
  type: list
  elements: dict
  contains:
    email: {description: The e-mail as sent (an internationalized domain in its IDNA form)., type: str, returned: always}
    enrollment_id:
      description: The id of the invitation that decides (PENDING first, else the latest); null when there is none.
      type: str
      returned: always
    status:
      description: V(PENDING), V(ACCEPTED), V(EXPIRED), V(CANCELLED), or null when there is no invitation.
      type: str
      returned: always
    user_exists: {description: Whether a user with this e-mail exists in the organization., type: bool, returned: always}
    similar_users:
      description:
        - When no user has this e-mail, the e-mails of users it could be a typo of (at most two letters added, dropped,
          changed or swapped), at most three, sorted; empty otherwise. The roles print them as C(did you mean).
      type: list
      elements: str
      returned: always
  sample:
    - {email: nora.hire@example.com, enrollment_id: 5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a, status: PENDING, user_exists: false,
       similar_users: []}
    - {email: alice.martin@example.com, enrollment_id: null, status: null, user_exists: true, similar_users: []}
failed_action:
  description: When a write failed, the action it was for (same keys as RV(actions)); RV(actions) lists those done.
  returned: when a write failed
  type: dict
api_error:
  description: On an API failure, the request and the API's answer (never headers or the token).
  returned: failure
  type: dict
  contains:
    method: {description: HTTP method., type: str, returned: failure}
    path: {description: Request path., type: str, returned: failure}
    status:
      description: HTTP status; null when no answer came.
      type: int
      returned: failure
    errors: {description: The API's error list of V(code) and V(message)., type: list, elements: dict, returned: failure}
    fingerprint:
      description: The API's id of this error instance, for the vendor's support.
      type: str
      returned: failure
'''

from ansible_collections.transactionlink.access.plugins.module_utils._invitation.converge import converge
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.plan import requested
from ansible_collections.transactionlink.access.plugins.module_utils.module import TransactionLinkModule


def main(**inject):
    module = TransactionLinkModule(
        argument_spec=dict(
            email=dict(type='str'),
            org_role=dict(type='str', default='member'),
            first_name=dict(type='str'),
            last_name=dict(type='str'),
            title=dict(type='str'),
            invitations=dict(type='list', elements='dict', options=dict(
                email=dict(type='str', required=True),
                org_role=dict(type='str'),
                first_name=dict(type='str'),
                last_name=dict(type='str'),
                title=dict(type='str'),
            )),
            state=dict(type='str', default='present', choices=['present', 'absent']),
        ),
        mutually_exclusive=[('email', 'invitations'), ('invitations', 'first_name'), ('invitations', 'last_name'),
                            ('invitations', 'title')],
        required_one_of=[('email', 'invitations')],
        supports_check_mode=True,
        **inject
    )

    def work(directory):
        wanted = requested(module.params)
        outcome = converge(directory.client, wanted, module.params['state'], module.check_mode)
        result = {'changed': outcome['changed'], 'actions': outcome['actions'], 'invitations': outcome['invitations']}
        if module._diff:
            result['diff'] = outcome['diff']
        return result

    module.run(work)


if __name__ == '__main__':
    main()
