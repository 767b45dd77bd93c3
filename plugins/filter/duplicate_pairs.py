# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: duplicate_pairs
short_description: The user and workspace pairs a members list names more than once
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Finds the C(user in workspace) pairs that a members list (for example the output of
    P(transactionlink.access.ticket_members#filter)) names more than once, so a role can refuse a ticket that gives one
    person two roles in one workspace before any API call.
  - User e-mails are compared case-insensitively; workspaces as written. Linear in the size of the list.
options:
  _input:
    description: Members, each a dict with C(user) and C(workspace).
    type: list
    elements: dict
    required: true
seealso:
  - plugin: transactionlink.access.ticket_members
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Refuse a ticket that names a user twice in one workspace
  ansible.builtin.assert:
    that: duplicates | length == 0
    fail_msg: "More than one role for: {{ duplicates | join(', ') }}"
  vars:
    duplicates: "{{ ticket | transactionlink.access.ticket_members | transactionlink.access.duplicate_pairs }}"
# For alice.martin@example.com in Risk as Analyst and Alice.Martin@example.com in Risk as Viewer:
#   ['alice.martin@example.com in Risk']
'''

RETURN = r'''
_value:
  description:
    - Each pair named more than once, as C(<user in lower case> in <workspace>), once, in the order in which the second
      mention appears. Empty when every pair is named once.
  type: list
  elements: str
'''

from ansible.errors import AnsibleFilterError


def duplicate_pairs(members):
    """'user in workspace' for every pair MEMBERS names more than once."""
    if not isinstance(members, (list, tuple)):
        raise AnsibleFilterError('duplicate_pairs: expected a list of members, not a {0}'.format(type(members).__name__))
    seen, reported, duplicates = set(), set(), []
    for item in members:
        if not isinstance(item, dict):
            raise AnsibleFilterError('duplicate_pairs: every member must be a dict, got {0!r}'.format(item))
        pair = '{0} in {1}'.format(str(item.get('user') or '').lower(), item.get('workspace'))
        if pair in seen and pair not in reported:
            reported.add(pair)
            duplicates.append(pair)
        seen.add(pair)
    return duplicates


class FilterModule(object):
    def filters(self):
        return {'duplicate_pairs': duplicate_pairs}
