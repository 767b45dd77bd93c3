# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: offboarding_report
short_description: Per person, what an offboarding removed and what access remains
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Builds the C(workspace_offboarding_report) of the C(transactionlink.access.workspace_offboarding) role, one entry
    per person as the ticket names them (e-mail or UUID).
  - After a real run, the remaining access is what the API reports now (O(after)). In check mode (O(after) not
    given) it is predicted - organization admins (anybody with inherited access before) keep inherited access to every
    workspace they could enter, with their inherited role; everybody else keeps nothing.
  - Linear in the number of memberships and actions.
options:
  _input:
    description: The people of the ticket, each an e-mail or a UUID, as given to the role.
    type: list
    elements: str
    required: true
  before:
    description: The memberships found before the removal, direct and inherited, of all these people.
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
seealso:
  - plugin: transactionlink.access.offboarding_removals
    plugin_type: filter
  - plugin: transactionlink.access.offboarding_summary
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Record what was removed and what access remains
  ansible.builtin.set_fact:
    report: >-
      {{ users | transactionlink.access.offboarding_report(found.memberships, removal.actions | default([]),
                                                           none if ansible_check_mode else after.memberships) }}
# - user: adam.admin@example.com
#   user_id: 1c7d...
#   user_email: adam.admin@example.com
#   removed: [{workspace_name: Risk, action: removed, role_before: Admin, ...}]
#   remaining: [{workspace_name: Compliance, role_name: Admin, inherited: true, ...}, ...]
'''

RETURN = r'''
_value:
  description: One entry per person, in the ticket's order.
  type: list
  elements: dict
  contains:
    user: {description: The person as the ticket names them., type: str}
    user_id: {description: Their UUID; null when no membership of theirs was found., type: str}
    user_email: {description: Their e-mail; null when unknown., type: str}
    removed: {description: The removal actions of this person., type: list, elements: dict}
    remaining:
      description: Their inherited memberships after the run (flat membership dicts, C(inherited=true)).
      type: list
      elements: dict
'''

from ansible.errors import AnsibleFilterError


def _user_ids(memberships):
    """({user id: e-mail}, {lower-case e-mail: user id}) of the memberships."""
    emails, by_email = {}, {}
    for found in memberships:
        user_id = str(found['user_id']).lower()
        emails.setdefault(user_id, found.get('user_email'))
        if found.get('user_email'):
            by_email.setdefault(found['user_email'].lower(), user_id)
    return emails, by_email


def _predict(before):
    """The inherited access each user keeps: organization admins keep every workspace they can enter now."""
    admin_role = {}
    for found in before:
        if found.get('inherited'):
            admin_role.setdefault(str(found['user_id']).lower(), found)
    remaining = []
    for found in before:
        role = admin_role.get(str(found['user_id']).lower())
        if role is not None:
            remaining.append(dict(found, inherited=True, role_id=role.get('role_id'), role_name=role.get('role_name')))
    return remaining


def _by_user(items, key='user_id'):
    grouped = {}
    for item in items:
        grouped.setdefault(str(item.get(key)).lower(), []).append(item)
    return grouped


def offboarding_report(users, before, actions=None, after=None):
    """[{user, user_id, user_email, removed, remaining}] per person of USERS."""
    for name, value in (('the users', users), ('before', before), ('actions', actions or []), ('after', after or [])):
        if not isinstance(value, (list, tuple)):
            raise AnsibleFilterError('offboarding_report: {0} must be a list, not a {1}'.format(name, type(value).__name__))
    emails, by_email = _user_ids(before)
    removed = _by_user(a for a in (actions or []) if a.get('action') == 'removed')
    remaining = _by_user(m for m in (_predict(before) if after is None else after) if m.get('inherited'))
    report = []
    for ref in users:
        key = str(ref).strip().lower()
        user_id = key if key in emails else by_email.get(key)
        report.append({
            'user': ref,
            'user_id': user_id,
            'user_email': emails.get(user_id),
            'removed': removed.get(user_id, []) if user_id else [],
            'remaining': remaining.get(user_id, []) if user_id else [],
        })
    return report


class FilterModule(object):
    def filters(self):
        return {'offboarding_report': offboarding_report}
