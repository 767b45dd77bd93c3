#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: workspace_membership_info
short_description: List who may enter TransactionLink workspaces, and with which role
version_added: 0.1.0
description:
  - Lists the memberships of one workspace, or of every workspace the token can view.
  - Optionally adds organization admins' inherited access. The API lists it without marking it, so it is found as what
    the organization-wide membership list has and the workspace's direct list has not.
  - Never writes.
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
extends_documentation_fragment:
  - transactionlink.access.api
  - transactionlink.access.api.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Never writes, so check mode changes nothing.
  diff_mode:
    support: N/A
    details: Never changes anything.
  platform:
    platforms: all
    support: N/A
options:
  workspace:
    description:
      - The workspace, by UUID or name. When omitted, every workspace the token can view.
    type: str
    aliases: [workspace_id]
  user:
    description:
      - Only these users' memberships, each by UUID or e-mail (an e-mail needs the C(can_manage_users) scope).
      - One user as a string, or a list of users, read in one run (for example everybody of an offboarding ticket).
        A string is split at commas.
      - An empty list names nobody, so nothing is listed. Leave O(user) out to list everybody.
    type: list
    elements: str
    aliases: [user_id]
  role:
    description:
      - Only memberships with this role, by UUID or name (case-insensitive). A role name that exists in none of the
        workspaces listed is an error.
    type: str
    aliases: [role_id]
  include_inherited:
    description:
      - Also list organization admins' access to workspaces where they have no direct membership, marked
        RV(memberships[].inherited=true).
    type: bool
    default: false
notes:
  - Users' e-mails come from the organization's user list, which needs the C(can_manage_users) scope. Without it the
    module still works, with RV(memberships[].user_email=null) and a warning.
seealso:
  - module: transactionlink.access.workspace_membership
'''

EXAMPLES = r'''
- name: Who is in the Risk workspace
  transactionlink.access.workspace_membership_info:
    workspace: Risk
  register: risk

- name: Everything one person can enter, inherited access included
  transactionlink.access.workspace_membership_info:
    user: dana.kowalski@example.com
    include_inherited: true
  register: dana

- name: Everything three leavers can enter, in one read
  transactionlink.access.workspace_membership_info:
    user:
      - dana.kowalski@example.com
      - erik.johansson@example.com
      - 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
    include_inherited: true
  register: leavers

- name: Every Admin of every workspace
  transactionlink.access.workspace_membership_info:
    role: Admin
  register: admins

# Ad hoc, with the token in TRANSACTIONLINK_API_TOKEN:
#   ansible localhost -m transactionlink.access.workspace_membership_info -a "workspace=Risk"
'''

RETURN = r'''
memberships:
  description: The memberships found, sorted by workspace name then user e-mail.
  returned: success
  type: list
  elements: dict
  contains:
    workspace_id: {description: Workspace UUID., type: str, returned: success}
    workspace_name: {description: Workspace name., type: str, returned: success}
    user_id: {description: User UUID., type: str, returned: success}
    user_email: {description: User e-mail; null when the token may not list users., type: str, returned: success}
    role_id: {description: Role UUID., type: str, returned: success}
    role_name: {description: Role name., type: str, returned: success}
    inherited:
      description: V(true) for an organization admin's access without a direct membership.
      type: bool
      returned: success
  sample:
    - {workspace_id: 0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e, workspace_name: Risk, user_id: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d,
       user_email: dana.kowalski@example.com, role_id: 5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a, role_name: Analyst,
       inherited: false}
api_error:
  description: On an API failure, the request and the API's answer (never headers or the token).
  returned: failure
  type: dict
'''

from ansible.module_utils import basic

from ansible_collections.transactionlink.access.plugins.module_utils._membership.query import query
from ansible_collections.transactionlink.access.plugins.module_utils.module import TransactionLinkModule


def user_filter(params):
    """The O(user) filter, with each entry as the task gave it when one is not a string.

    Ansible turns a dict entry into its text ("{'email': ...}") while checking
    the types; the task's own arguments show what it was, so the query can
    refuse it naming the entry (_membership/query.py, user_refs).
    """
    try:
        given = basic._load_params()  # pylint: disable=protected-access
    except Exception:  # pylint: disable=broad-exception-caught
        return params['user']  # arguments not readable again: the converted list is all there is
    raw = given.get('user', given.get('user_id'))
    if isinstance(raw, list) and any(entry is not None and not isinstance(entry, str) for entry in raw):
        return raw
    return params['user']


def main(**inject):
    module = TransactionLinkModule(
        argument_spec=dict(
            workspace=dict(type='str', aliases=['workspace_id']),
            user=dict(type='list', elements='str', aliases=['user_id']),
            role=dict(type='str', aliases=['role_id']),
            include_inherited=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
        **inject
    )
    params = module.params
    users = user_filter(params)
    module.run(lambda directory: {'changed': False, 'memberships': query(
        directory, params['workspace'], users, params['role'], params['include_inherited'])})


if __name__ == '__main__':
    main()
