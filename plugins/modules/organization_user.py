#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: organization_user
short_description: Set the organization role and the profile of TransactionLink users
version_added: 0.4.0
description:
  - Sets the organization role (V(owner), V(admin), V(member)) and the profile (first name, last name, title) of
    existing users of the TransactionLink organization. One user per task (O(user)), or a list in one task (O(users)).
  - An organization V(owner) or V(admin) has inherited access to every workspace, which no workspace membership
    grants and no removal of one ends. Changing their role to V(member) is what ends it (the
    C(transactionlink.access.workspace_offboarding) role does that with C(workspace_offboarding_demote_admins));
    changing a member to V(admin) grants it.
  - Only the fields a task gives are compared; a field left out keeps its current value. A profile write sends the
    current values merged with the given ones, so giving only O(title) keeps the names.
  - Idempotent. The users (every page) and the organization roles are read once per run; each user gets one
    C(PUT .../role) and one C(PUT .../profile) at most, only for what differs.
  - Every item is checked before the first write, and a bad item fails the task naming it, with nothing written - an
    unknown user (with C(did you mean) for a likely typo of an e-mail), an unknown organization role (listing the
    roles), a user listed twice, an empty field, and a change that would leave the organization without an V(owner).
  - Role changes to V(owner) are written first, so that the organization always has an owner while the task runs.
  - Terminating and reinstating accounts (C(POST .../terminate), C(.../reinstate)) are not offered - the API
    documents no user status, so nothing tells whether an account is terminated and such a task could not be
    idempotent, nor could check mode predict it.
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
    details: Writes nothing, and returns the same C(changed), RV(actions) and RV(users) a real run would.
  diff_mode:
    support: full
    details: Each requested user's organization role and profile, before and after, keyed by e-mail.
  platform:
    platforms: all
    support: N/A
options:
  user:
    description:
      - The user, by e-mail (case-insensitive) or UUID.
      - Mutually exclusive with O(users).
    type: str
  org_role:
    description:
      - The organization role, by name (case-insensitive) or UUID, one of those C(GET /organizations/roles) lists
        (V(owner), V(admin), V(member)). Not set, the role is not compared.
      - With O(users), the role of items that do not set their own.
    type: str
  first_name:
    description: The first name (O(user) only). Not set, it is kept. An empty value is refused.
    type: str
  last_name:
    description: The last name (O(user) only). Not set, it is kept. An empty value is refused.
    type: str
  title:
    description: The job title (O(user) only). Not set, it is kept. An empty value is refused.
    type: str
  users:
    description:
      - Many users in one task, instead of O(user). Each user at most once.
      - An empty list reads and writes nothing.
    type: list
    elements: dict
    suboptions:
      user:
        description:
          - The user, by e-mail or UUID.
          - The alias C(user_id) lets items of another module's result that carry only C(user_id) be given as they
            are (the audit role reads the organization role of every user it found that way).
        type: str
        required: true
        aliases: [user_id]
      org_role:
        description: The organization role, by name or UUID. Defaults to the task's O(org_role).
        type: str
      first_name:
        description: The first name. Not set, it is kept.
        type: str
      last_name:
        description: The last name. Not set, it is kept.
        type: str
      title:
        description: The job title. Not set, it is kept.
        type: str
notes:
  - The bodies of C(PUT /organizations/users/{id}/role) (C({"roleId"})) and C(.../profile)
    (C({"firstName", "lastName", "title"})) are inferred - the vendor's page cuts them off. When the API answers with
    a user that does not show what was written, or a read-back after an answer with no content does not, the task
    fails naming the inferred fact; it is never reported as done.
seealso:
  - module: transactionlink.access.organization_invitation
  - module: transactionlink.access.workspace_membership_info
'''

EXAMPLES = r'''
- name: End a leaver's inherited access to every workspace
  transactionlink.access.organization_user:
    user: adam.admin@example.com
    org_role: member

- name: Make a second owner before the first one leaves
  transactionlink.access.organization_user:
    users:
      - {user: dana.kowalski@example.com, org_role: owner}
      - {user: olivia.owner@example.com, org_role: admin}

- name: Give a new title, keep the names
  transactionlink.access.organization_user:
    user: 469c4dd5-2723-5c09-9865-2e878d745322
    title: Head of Risk

- name: Review first (check mode), each user's role and profile before and after
  transactionlink.access.organization_user:
    users: "{{ organization_roles }}"
  check_mode: true
  diff: true
  register: organization_plan
'''

RETURN = r'''
actions:
  description:
    - What was written (or, in check mode, what would be), in the order of the items; per user its role change, then
      its profile change.
  returned: always
  type: list
  elements: dict
  contains:
    user_id: {description: The user's UUID., type: str, returned: always}
    email: {description: The user's e-mail., type: str, returned: always}
    action: {description: V(role_changed) or V(profile_changed)., type: str, returned: always}
    before:
      description: V(role_changed) - C({org_role}) before; V(profile_changed) - C({first_name, last_name, title}) before.
      type: dict
      returned: always
    after:
      description: The same keys, after.
      type: dict
      returned: always
  sample:
    - {user_id: 21b33946-c0bd-5276-b517-1c3f26eb0848, email: adam.admin@example.com, action: role_changed,
       before: {org_role: admin}, after: {org_role: member}}
users:
  description: Every requested user after the run (predicted in check mode), in the order of the items.
  returned: always
  type: list
  elements: dict
  contains:
    user_id: {description: The user's UUID., type: str, returned: always}
    email: {description: The user's e-mail., type: str, returned: always}
    org_role: {description: The organization role's name., type: str, returned: always}
    first_name: {description: The first name (null when the profile has none)., type: str, returned: always}
    last_name: {description: The last name (null when the profile has none)., type: str, returned: always}
    title: {description: The job title (null when the profile has none)., type: str, returned: always}
  sample:
    - {user_id: 21b33946-c0bd-5276-b517-1c3f26eb0848, email: adam.admin@example.com, org_role: member,
       first_name: Adam, last_name: Admin, title: IT Administrator}
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

from ansible_collections.transactionlink.access.plugins.module_utils._organization.converge import converge
from ansible_collections.transactionlink.access.plugins.module_utils.module import TransactionLinkModule


def _profile():
    return dict(first_name=dict(type='str'), last_name=dict(type='str'), title=dict(type='str'))


def main(**inject):
    module = TransactionLinkModule(
        argument_spec=dict(
            user=dict(type='str'),
            org_role=dict(type='str'),
            users=dict(type='list', elements='dict', options=dict(
                user=dict(type='str', required=True, aliases=['user_id']), org_role=dict(type='str'), **_profile())),
            **_profile()
        ),
        mutually_exclusive=[('user', 'users'), ('users', 'first_name'), ('users', 'last_name'), ('users', 'title')],
        required_one_of=[('user', 'users')],
        supports_check_mode=True,
        **inject
    )

    def work(directory):
        outcome = converge(directory.client, module.params, module.check_mode)
        result = {'changed': outcome['changed'], 'actions': outcome['actions'], 'users': outcome['users']}
        if module._diff:
            result['diff'] = outcome['diff']
        return result

    module.run(work)


if __name__ == '__main__':
    main()
