#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: converge_workspaces
short_description: Converge the members of every workspace host of the play batch in one API pass
version_added: 0.3.0
description:
  - The engine of the C(transactionlink.access.converge) playbook (access as code). Runs once for the play batch, on
    the controller, and converges every workspace host of the batch from its own variables, with one API client -
    the workspaces' ids and names come from the inventory (no workspace list is read again), the user pages are read
    once, each workspace's direct members once, and the writes of every workspace go out together under one
    O(concurrency) bound and one rate-limit pause.
  - 'The hosts taken are those of C(ansible_play_batch) that have both C(transactionlink_workspace_id) (set by the
    C(transactionlink.access.workspaces) inventory plugin) and C(transactionlink_desired_members). Per host, from its
    variables - C(transactionlink_desired_members) (a list of C({user, role}) or C({user, state: absent}); an item
    may name a C(workspace) only if it is the host''s own), C(transactionlink_exclusive),
    C(transactionlink_max_removals), C(transactionlink_expected_plan_id) or C(transactionlink_expected_plan_ids[host]).'
  - All or nothing - every workspace is planned, and every check passed (unknown roles or users, an item naming another
    workspace, two hosts for one workspace, C(transactionlink_max_removals) per host, the approved plan per host), before the
    first write anywhere. Any error fails every host with nothing written.
  - 'Guardrails, one value for the whole batch (C(group_vars/all) or C(-e)) - C(transactionlink_policies) (the parameters
    of the shipped Rego policies), C(transactionlink_policy_files) (your own C(.rego) files) and
    C(transactionlink_plan_file) (the path to write the pass''s plan document to, with or without check mode); relative
    paths are resolved against the directory of C(ansible-playbook). A denial fails the hosts it names (a message that
    starts with the host''s name), or every host, with nothing written anywhere. See the policies guide.'
  - When a host's approved plan differs from its plan now, nothing is written anywhere. When its plan now is empty
    (the approved plan was applied already, say by a re-run of the apply), that host writes nothing and says so.
  - Every add and role change is written before the first removal; after a write that fails for good, no new write
    starts, and each host reports what was done there.
  - The task itself reports C(changed=false). Register it and follow it with
    M(transactionlink.access.converge_report), which gives each host its own result (changed, failed, diff).
  - The C(environment) keyword does not reach this action (it runs in the controller's process, not as a module) -
    the E(TRANSACTIONLINK_*) variables are read from the environment of C(ansible-playbook).
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
extends_documentation_fragment:
  - transactionlink.access.api
  - transactionlink.access.api.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: full
    details: Runs once for the play batch; use it with C(run_once=true) so the registered result reaches every host.
  check_mode:
    support: full
    details: Plans and checks everything, sends no write, and returns what each host would change.
  diff_mode:
    support: full
    details: Each host's before and after is in its outcome; M(transactionlink.access.converge_report) shows it.
  platform:
    platforms: all
    support: N/A
options: {}
seealso:
  - module: transactionlink.access.converge_report
  - module: transactionlink.access.workspace_membership
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
hosts:
  description:
    - Every workspace host's outcome, keyed by host. The keys of each are those M(transactionlink.access.converge_report)
      returns and, in diff mode, C(diff) (the members before and after).
  returned: success
  type: dict
  sample:
    Risk:
      changed: true
      failed: false
      plan_id: tlp1-3c9a0d4e5f60718293a4b5c6d7e8f901
      workspace_id: 0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e
      workspace_name: Risk
      actions:
        - {workspace_name: Risk, user_email: alice.martin@example.com, action: added, role_before: null, role_after: Analyst}
failed_hosts:
  description: The hosts whose outcome failed.
  returned: success
  type: list
  elements: str
changed_hosts:
  description: The hosts whose members changed (or would, in check mode).
  returned: success
  type: list
  elements: str
plan_ids:
  description: "C({host: plan id}) of every host that did not fail: what plan review publishes as C(transactionlink_expected_plan_ids)."
  returned: success
  type: dict
  sample: {Risk: tlp1-3c9a0d4e5f60718293a4b5c6d7e8f901}
plan:
  description: "C({host: the planned actions as text, one line each}): what plan review publishes as C(transactionlink_plan)."
  returned: success
  type: dict
lines:
  description:
    - What was done (in check mode, what would be done) in every workspace of the batch, one line per action,
      worded as M(transactionlink.access.workspace_membership) words them; by host, in the order of the host names.
      Each host's own are its RV(transactionlink.access.converge_report#module:lines).
    - What the converge playbook shows, once for the batch.
  returned: success
  type: list
  elements: str
  sample: ['Payments: dana.kowalski@example.com removed (was Viewer)', 'Risk: alice.martin@example.com added as Analyst']
plan_ids_message:
  description: Two lines to print - how many plan ids, and the C(-e) argument that applies exactly those plans.
  returned: success
  type: list
  elements: str
'''
