# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: offboarding_removals
short_description: The removals that take every direct membership away
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - From the memberships M(transactionlink.access.workspace_membership_info) found (direct and inherited), the
    O(transactionlink.access.workspace_membership#module:members) items that remove every direct membership, by
    UUID, each once.
  - Inherited access (organization admins) is left out - it is not a workspace membership and cannot be removed per
    workspace. Linear in the number of memberships.
options:
  _input:
    description: The RV(transactionlink.access.workspace_membership_info#module:memberships) list.
    type: list
    elements: dict
    required: true
seealso:
  - module: transactionlink.access.workspace_membership_info
  - plugin: transactionlink.access.offboarding_report
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Remove every direct membership of the leavers in one run
  transactionlink.access.workspace_membership:
    members: "{{ found.memberships | transactionlink.access.offboarding_removals }}"
# members:
#   - {workspace: 0b7c6d1e-..., user: 9a8b7c6d-..., state: absent}
'''

RETURN = r'''
_value:
  description: One removal per direct membership, in the order found.
  type: list
  elements: dict
  contains:
    workspace: {description: Workspace UUID., type: str}
    user: {description: User UUID., type: str}
    state: {description: Always V(absent)., type: str}
'''

from ansible.errors import AnsibleFilterError


def offboarding_removals(memberships):
    """{workspace, user, state: absent} for every direct membership, each once."""
    if not isinstance(memberships, (list, tuple)):
        raise AnsibleFilterError('offboarding_removals: expected a list of memberships, not a '
                                 '{0}'.format(type(memberships).__name__))
    seen, removals = set(), []
    for found in memberships:
        if found.get('inherited'):
            continue
        key = (found['workspace_id'], found['user_id'])
        if key not in seen:
            seen.add(key)
            removals.append({'workspace': found['workspace_id'], 'user': found['user_id'], 'state': 'absent'})
    return removals


class FilterModule(object):
    def filters(self):
        return {'offboarding_removals': offboarding_removals}
