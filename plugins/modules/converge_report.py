#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: converge_report
short_description: One workspace host's result of the converge pass
version_added: 0.3.0
description:
  - Turns the registered result of M(transactionlink.access.converge_workspaces) into this host's own result - changed
    on exactly the workspace hosts whose members changed (or would, in check mode), failed on the hosts the pass
    failed, with their message, and in diff mode the workspace's members before and after.
  - Sends no request. It takes the host's outcome by key from the pass result, so each host costs the same, whatever
    the batch size.
  - A host that took no part in the pass (no C(transactionlink_desired_members), or not a workspace host) is skipped.
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details: Reports what the pass would change.
  diff_mode:
    support: full
    details: The workspace's members (e-mail, or UUID, to role name) before and after.
  platform:
    platforms: all
    support: N/A
options:
  pass_var:
    description:
      - The name of the variable the converge pass was registered as. Read from the task variables as it is, never
        templated.
    type: str
    default: transactionlink_converge_pass
seealso:
  - module: transactionlink.access.converge_workspaces
'''

EXAMPLES = r'''
- name: Converge every workspace of the batch in one pass
  transactionlink.access.converge_workspaces:
  run_once: true
  register: transactionlink_converge_pass

- name: Each workspace host's own result
  transactionlink.access.converge_report:
  register: transactionlink_converge_result
'''

RETURN = r'''
actions:
  description:
    - What was done here (in check mode, what would be done), one item per membership written; the keys of
      M(transactionlink.access.workspace_membership)'s RV(transactionlink.access.workspace_membership#module:actions).
    - After an API failure, only the actions that were done.
  returned: when the host took part
  type: list
  elements: dict
lines:
  description:
    - RV(actions) as lines a person reads, worded as M(transactionlink.access.workspace_membership) words them (in check
      mode, C(would be added)). The converge playbook shows every host's, once for the batch
      (RV(transactionlink.access.converge_workspaces#module:lines)).
  returned: when the host took part
  type: list
  elements: str
  sample: ['Risk: alice.martin@example.com added as Analyst']
plan_id:
  description: The digest of this workspace's planned writes, the same as M(transactionlink.access.workspace_membership) gives for it.
  returned: when the workspace was planned
  type: str
  sample: tlp1-3c9a0d4e5f60718293a4b5c6d7e8f901
workspace_id:
  description: The workspace's UUID.
  returned: when the workspace was found
  type: str
workspace_name:
  description: The workspace's name.
  returned: when the workspace was found
  type: str
msg:
  description:
    - Why the host failed (its input errors, each naming the host and the item; or the host whose errors stopped the
      whole pass; or the API failure), or a note (an approved plan with nothing left to write, also given as a
      warning).
  returned: when there is something to say
  type: str
errors:
  description: Every input error of this host, when there are several (RV(msg) joins them).
  returned: when the host had more than one input error
  type: list
  elements: str
protected:
  description:
    - The users of C(transactionlink_protected_users), resolved (the keys of
      M(transactionlink.access.workspace_membership)'s RV(transactionlink.access.workspace_membership#module:protected)).
      The pass left their memberships here as they were.
  returned: when the host has transactionlink_protected_users and was planned
  type: list
  elements: dict
  version_added: 0.3.0
planned_actions:
  description: What the host would have written, when the pass refused to write anything.
  returned: when the pass failed its checks
  type: list
  elements: dict
failed_action:
  description: The action whose write failed (same keys as RV(actions)).
  returned: on this host's write failure
  type: dict
api_error:
  description: The failed request and the API's answer (never headers or the token).
  returned: on an API failure
  type: dict
'''
