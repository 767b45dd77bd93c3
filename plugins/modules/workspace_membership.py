#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: workspace_membership
short_description: Manage who may enter a TransactionLink workspace, and with which role
version_added: 0.1.0
description:
  - Adds users to TransactionLink workspaces, changes their workspace role, or removes them.
  - One user per task (O(user)), or a whole list in one task (O(members)), across one or many workspaces, optionally
    removing everybody not listed (O(exclusive)).
  - Idempotent. The current members are read and compared with what is wanted before anything is written; a role change
    is one update in place, never a removal and a re-add (people are e-mailed on every re-add).
  - Workspaces, users and roles may be given by UUID or by name (workspace name, user e-mail, role name). Each list
    the run needs is fetched once. An unknown or ambiguous name fails, listing the candidates, before anything is written.
  - Only direct memberships are managed. Organization admins' inherited access to every workspace is never touched.
  - Access as code for an organization (since 0.3.0) - grant to teams (O(teams), O(members[].team)), let access end by
    itself (O(members[].expires)), never touch some accounts (O(protected_users)), and be authoritative for some roles
    only (O(exclusive_roles)). All of it is planned before the first write, so check mode, diff, RV(plan_id) and
    O(max_removals) see it.
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
extends_documentation_fragment:
  - transactionlink.access.api
  - transactionlink.access.api.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Sends no write, and returns the same C(changed) and RV(actions) a real run would.
  diff_mode:
    support: full
    details: The members of each workspace the task touches, before and after.
  platform:
    platforms: all
    support: N/A
options:
  workspace:
    description:
      - The workspace, by UUID or name.
      - Required unless every item of O(members) names its own O(members[].workspace); then it is the default for
        items that do not.
    type: str
    aliases: [workspace_id]
  user:
    description:
      - The user, by UUID or e-mail (case-insensitive).
      - Looking a user up by e-mail needs the C(can_manage_users) scope; a UUID works without it.
      - Mutually exclusive with O(members).
    type: str
    aliases: [user_id]
  role:
    description:
      - The workspace role, by UUID or name. Roles belong to one workspace; a role name works in every workspace that
        has a role of that name.
      - Required with O(state=present) when O(user) is given.
    type: str
    aliases: [role_id]
  state:
    description:
      - V(present) makes sure the user is a direct member with O(role); V(absent) removes the direct membership.
      - With O(members), the default state of items that do not set their own.
    type: str
    choices: [present, absent]
    default: present
  members:
    description:
      - Many memberships in one task, instead of O(user). Each item is one user in one workspace.
      - All names are resolved and all workspaces planned before the first write.
    type: list
    elements: dict
    suboptions:
      user:
        description:
          - The user, by UUID or e-mail.
          - Exactly one of O(members[].user) and O(members[].team) is required.
        type: str
        aliases: [user_id]
      team:
        description:
          - A team of O(teams), instead of O(members[].user). Every user of the team gets the item's role, state and
            expiry.
          - A user reached by a O(members[].user) item and by team items gets what the direct item says. A user reached
            by several team items gets the same role from all of them, or the strongest in O(role_precedence); without
            O(role_precedence) such a conflict fails before any write, naming the user, the teams and the roles.
            Between team items, one that grants access wins over one that is V(absent) or expired.
          - A team that O(teams) does not define, or a team member who is not a user of the organization, fails before
            any write, naming the team. With O(exclusive=true) or O(exclusive_roles), so does a team with no users,
            unless the item sets O(members[].allow_empty=true).
        type: str
        version_added: 0.3.0
      role:
        description: The role, by UUID or name. Required when the item's state is V(present).
        type: str
        aliases: [role_id]
      state:
        description: V(present) or V(absent). Defaults to the task's O(state).
        type: str
        choices: [present, absent]
      workspace:
        description: The item's workspace, by UUID or name. Defaults to the task's O(workspace).
        type: str
        aliases: [workspace_id]
      expires:
        description:
          - When the access ends. A date V(YYYY-MM-DD) grants access through the end of that day (UTC); a date-time
            needs an offset (V(2026-12-31T18:00:00+01:00), V(2026-12-31T17:00:00Z)).
          - Once it has passed the item counts as O(members[].state=absent) - an existing membership is removed (its
            action has RV(actions[].reason=expired)), a missing one is not added. So the access ends at the first run
            after that time; schedule the converge (an AWX schedule, cron) to make it end on time.
          - V(9999-12-31) (a common way to write "never") is accepted, as is any date or date-time the date type
            holds; an end past its last instant in UTC counts as that instant, one before its first as long over.
          - A value that is not such a date fails before any write, naming the item.
        type: str
        version_added: 0.3.0
      allow_empty:
        description:
          - Only on a O(members[].team) item. With O(exclusive=true) or O(exclusive_roles), a team with no users fails
            before any write, naming the item - a team list that came out empty (an identity provider export that
            failed) would otherwise remove every member the team stands for. V(true) says the team may be empty.
          - Set O(max_removals) too when the teams come from an export, so that a list that is only short cannot remove
            more than expected either.
        type: bool
        default: false
        version_added: 0.3.0
  exclusive:
    description:
      - Only with O(members). In each workspace the task touches, remove every direct member who is not listed.
      - The workspaces touched are those of the items, and O(workspace) when O(members) is empty (so
        O(members=[]) with O(exclusive=true) empties O(workspace)). With O(members=[]) O(workspace) is required.
      - Inherited organization-admin access is never removed (it is not a direct membership).
      - A variable that came out empty empties the workspace. Set O(max_removals) to cap what one run may remove.
    type: bool
    default: false
  exclusive_roles:
    description:
      - Only with O(members), not with O(exclusive=true). Authority per role - in each workspace the task touches,
        remove every direct member who is not listed and whose current role is one of these (role names or UUIDs).
        Every other unlisted member is left alone.
      - "For example O(exclusive_roles=[Admin]) with the admins listed: exactly these people are Admins, and the
        Viewers nobody listed keep their access."
      - An entry that names no role of any workspace the task touches fails before any write.
      - Members reached through O(members[].team) count as listed; O(protected_users) are never removed.
    type: list
    elements: str
    version_added: 0.3.0
  teams:
    description:
      - Teams that O(members[].team) items may name - a dict, team name to a list of users (e-mails or UUIDs).
      - Only the teams some item names are looked up. Fill it from an identity provider export (see the
        access-as-code guide).
    type: dict
    version_added: 0.3.0
  role_precedence:
    description:
      - Role names (or UUIDs), strongest first. Decides the role of a user whom several team items give different
        roles (the strongest wins). Without it, or when it does not list one of the roles, that conflict fails.
      - An entry that names no role of any workspace the task touches (a typo) fails before any write, with the closest
        role names.
    type: list
    elements: str
    version_added: 0.3.0
  protected_users:
    description:
      - Users (e-mails or UUIDs) that this task never removes or changes - the break-glass admin, service accounts, the
        account of the token. O(exclusive) and O(exclusive_roles) leave them in place; an item (or a team item)
        that would remove one or change its role fails before any write, naming the user. Adding one is allowed.
      - An e-mail or a UUID that is not a user of the organization fails (a mistyped entry would protect nobody).
        A UUID is checked when the token may list users.
      - They are returned as RV(protected).
    type: list
    elements: str
    version_added: 0.3.0
  max_removals:
    description:
      - The most memberships this run may remove, over all workspaces it touches. When the plan would remove more,
        the task fails before any write, naming how many it would remove and the first users; check mode fails the
        same way, so a reviewed plan cannot hide it.
      - Unset (the default) means no cap. V(0) forbids any removal.
      - Removals of expired access and by O(exclusive_roles) count too.
    type: int
    version_added: 0.2.0
  expected_plan_id:
    description:
      - The RV(plan_id) of a reviewed (check mode) run. The run plans first and, when its plan differs from the
        reviewed one (the access changed since, or the input did), fails before any write, returning the new
        RV(plan_id) and RV(actions).
      - Unset (the default), the run applies whatever it plans.
    type: str
    version_added: 0.2.0
  policies:
    description:
      - Parameters of the shipped Rego policies; each policy is enabled by its parameter. The plan (RV(plan)) is checked
        against them after it is made and before the first write, in check mode too; any denial fails the task with
        nothing written, listing every message (each names the workspace, the user's e-mail and the role).
      - C(allowed_email_domains) (a list of domains) - every direct member after the run has an e-mail in one of them
        (exact domain, any case).
      - C(max_members_per_role) (a dict, role name to a number) - per workspace, at most that many direct members
        with the role after the run.
      - C(roles_requiring_expiry) (a dict, role name to days) - every direct member with the role after the run has
        an O(members[].expires) at most that many days after the run. A member the task does not list with
        O(members[].expires) has none, and is denied.
      - A parameter of the wrong type or an unknown one fails before any request, naming it.
      - Needs the Python package C(regopy) where the module runs (see the policies guide); with policies, the
        organization's user list is read (the C(can_manage_users) scope), so that every e-mail is known.
    type: dict
    version_added: 0.4.0
  policy_files:
    description:
      - Your own Rego policies (C(.rego) files, C(package transactionlink.policy), C(import rego.v1)), each adding
        messages to C(deny) over the plan document (C(input)); checked with the shipped ones (see O(policies)).
      - "Paths on the host the module runs on. With C(connection: local) (how this collection's modules run), Ansible
        runs the module in the playbook's directory, so a relative path is taken from there; give
        C({{ playbook_dir }}/policies/my.rego) or an absolute path to make it plain. The collection's roles resolve
        their variables' relative paths against the directory C(ansible-playbook) was started from."
      - A file that cannot be read or does not parse fails before any write, naming the file (and the line).
    type: list
    elements: path
    version_added: 0.4.0
  return_memberships:
    description:
      - Which workspaces RV(memberships) lists (with O(members)).
      - V(all) (the default) lists the direct memberships of every workspace the task touches, changed or not.
      - V(changed) lists only the workspaces where the run changed a membership (in check mode, would change one); a
        run that changes nothing returns an empty list. For large runs whose caller reads RV(actions) and not the
        whole state, this keeps the result small - a no-change run over 10,000 memberships then returns none of them
        instead of all 10,000, which Ansible would otherwise decode, copy and hand to every callback. The run itself
        (requests, plan, RV(plan_id), RV(actions), the diff) is the same.
    type: str
    choices: [all, changed]
    default: all
    version_added: 0.3.0
  return_plan:
    description:
      - Return the plan document as RV(plan) (check mode too) - what a reviewer or C(opa eval) / C(conftest) reads.
      - Off by default, as O(ansible.builtin.uri#module:return_content) is - at 10,000 memberships the document holds
        20,000 records, which Ansible decodes, copies and hands to every callback (about a second of the
        controller's CPU). O(policies) and O(policy_files) check the document whether or not it is returned; a run
        that a policy denies returns it anyway, with RV(policy_denials).
    type: bool
    default: false
    version_added: 0.4.0
seealso:
  - module: transactionlink.access.workspace_membership_info
  - ref: ansible_collections.transactionlink.access.docsite.access_as_code
    description: Access as code, with teams from an identity provider export.
'''

EXAMPLES = r'''
- name: Give Alice the Analyst role in the Risk workspace
  transactionlink.access.workspace_membership:
    workspace: Risk
    user: alice.martin@example.com
    role: Analyst

- name: Remove Dana from Payments
  transactionlink.access.workspace_membership:
    workspace: Payments
    user: dana.kowalski@example.com
    state: absent

- name: Converge a team across two workspaces in one task
  transactionlink.access.workspace_membership:
    members:
      - {workspace: Risk, user: bob.nguyen@example.com, role: Viewer}
      - {workspace: Risk, user: carol.smith@example.com, role: Admin}
      - {workspace: Payments, user: bob.nguyen@example.com, role: Analyst}

- name: Exactly these members in Compliance, nobody else (organization admins keep their inherited access)
  transactionlink.access.workspace_membership:
    workspace: Compliance
    exclusive: true
    members:
      - {user: alice.martin@example.com, role: Admin}
      - {user: 3f1c2b8e-9d4a-4e57-8b1a-2c6d7e8f9a0b, role: Viewer}

- name: Exactly these members, but never remove more than 3 (an empty variable fails instead of emptying Risk)
  transactionlink.access.workspace_membership:
    workspace: Risk
    exclusive: true
    max_removals: 3
    members: "{{ risk_members | default([]) }}"

- name: Review first (check mode), apply only what was reviewed
  transactionlink.access.workspace_membership:
    workspace: Risk
    members: "{{ risk_members }}"
  check_mode: true
  register: risk_plan

- name: Apply the reviewed plan; fails with nothing written if the access changed in between
  transactionlink.access.workspace_membership:
    workspace: Risk
    members: "{{ risk_members }}"
    expected_plan_id: "{{ risk_plan.plan_id }}"

- name: Teams, an expiring contractor and a protected break-glass account (exclusive, so unlisted members are removed)
  transactionlink.access.workspace_membership:
    workspace: Payments
    exclusive: true
    max_removals: 5
    teams:
      payments-admins: [carol.smith@example.com]
      payments-analysts: [bob.nguyen@example.com, dana.kowalski@example.com]
    role_precedence: [Admin, Analyst, Viewer]
    protected_users: [breakglass@example.com]
    members:
      - {team: payments-admins, role: Admin}
      - {team: payments-analysts, role: Analyst}
      - {user: dana.kowalski@example.com, role: Viewer}  # a direct item wins over her team
      - {user: erik.contractor@example.com, role: Analyst, expires: '2026-12-31'}

- name: Exactly these Admins of Risk; its other members are left alone
  transactionlink.access.workspace_membership:
    workspace: Risk
    exclusive_roles: [Admin]
    members:
      - {user: carol.smith@example.com, role: Admin}

- name: Guardrails - refuse (also in check mode) any plan that breaks the organization's rules
  transactionlink.access.workspace_membership:
    workspace: Risk
    members: "{{ risk_members }}"
    policies:
      allowed_email_domains: [example.com]
      max_members_per_role: {Admin: 2}
      roles_requiring_expiry: {Admin: 30}
    policy_files:
      - "{{ playbook_dir }}/policies/no_removals_in_risk.rego"
  register: risk_result

- name: The plan document, for a reviewer or conftest (check mode writes nothing)
  transactionlink.access.workspace_membership:
    workspace: Risk
    members: "{{ risk_members }}"
    return_plan: true
  check_mode: true
  register: risk_plan

- name: Save it
  ansible.builtin.copy:
    content: "{{ risk_plan.plan | to_nice_json }}"
    dest: "{{ playbook_dir }}/plan.json"
    mode: '0644'

- name: Connection options once for every module of the collection
  module_defaults:
    group/transactionlink.access.api:
      api_url: https://api.transactionlink.io
      api_token: "{{ transactionlink_token }}"
  block:
    - name: Make Erik an Admin of Risk
      transactionlink.access.workspace_membership:
        workspace: Risk
        user: erik.johansson@example.com
        role: Admin
'''

RETURN = r'''
actions:
  description:
    - What was done (or, in check mode, what would be done), one item per membership written.
  returned: always
  type: list
  elements: dict
  contains:
    workspace_id: {description: Workspace UUID., type: str, returned: always}
    workspace_name: {description: Workspace name., type: str, returned: always}
    user_id: {description: User UUID., type: str, returned: always}
    user_email:
      description:
        - The user's e-mail, from the organization's user list. That list is read when a user is given by e-mail or
          something changes; it needs the C(can_manage_users) scope. Else null.
      type: str
      returned: always
    action:
      description: One of V(added), V(updated), V(removed).
      type: str
      returned: always
    role_before: {description: Role name before; null when added., type: str, returned: always}
    role_after: {description: Role name after; null when removed., type: str, returned: always}
    reason:
      description: V(expired) when the membership is removed because its O(members[].expires) has passed.
      type: str
      returned: when the removal is of expired access
      version_added: 0.3.0
  sample:
    - {workspace_id: 0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e, workspace_name: Risk, user_id: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d,
       user_email: alice.martin@example.com, action: updated, role_before: Viewer, role_after: Analyst}
plan_id:
  description:
    - A stable digest of the planned writes together with the current role of every member they touch. The same
      input against the same access gives the same id; any difference in what would be written gives another.
    - Returned in check mode too, to be approved and given back as O(expected_plan_id).
  returned: always
  type: str
  version_added: 0.2.0
  sample: tlp1-3c9a0d4e5f60718293a4b5c6d7e8f901
plan:
  description:
    - The plan document - every workspace the task manages (also those it does not change), each with its RV(plan_id)
      per workspace, its changes and its direct members after the run, in the format of the collection's
      C(docs/schemas/plan.schema.json) (C(format_version) V(1.0)). Returned in check mode too, and when a policy denies
      the plan. It is the C(input) of O(policies) and O(policy_files), and of C(opa eval) or C(conftest).
    - C(plan_id) at its top is this run's RV(plan_id); each workspace's C(plan_id) is that workspace's alone.
    - A user's e-mail is null when the organization's user list was not read (it always is with policies).
  returned: with O(return_plan=true), and when a policy denies the plan
  type: dict
  version_added: 0.4.0
  sample:
    format_version: '1.0'
    generated_at: '2026-12-07T01:00:00+00:00'
    plan_id: tlp1-3c9a0d4e5f60718293a4b5c6d7e8f901
    workspaces:
      - workspace: Risk
        workspace_id: 0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e
        host: null
        plan_id: tlp1-3c9a0d4e5f60718293a4b5c6d7e8f901
        changes:
          - {action: added, user: erik.contractor@example.com, user_id: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d,
             role_before: null, role_after: Analyst, expires: '2027-01-01T00:00:00+00:00', team: null, reason: requested}
        after:
          - {user: erik.contractor@example.com, user_id: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d, role: Analyst,
             expires: '2027-01-01T00:00:00+00:00'}
policy_denials:
  description: The messages of every policy rule the plan breaks (the task failed with nothing written).
  returned: when a policy denies the plan
  type: list
  elements: str
  version_added: 0.4.0
  sample:
    - "workspace 'Risk': eve@partner.example (Admin) has an e-mail outside allowed_email_domains (example.com)"
protected:
  description: The users of O(protected_users), resolved. The task left their memberships as they were.
  returned: when O(protected_users) is given
  type: list
  elements: dict
  version_added: 0.3.0
  contains:
    user_id: {description: User UUID., type: str, returned: always}
    user_email:
      description: The user's e-mail when the user list was read, else null.
      type: str
      returned: always
  sample:
    - {user_id: 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d, user_email: breakglass@example.com}
failed_action:
  description: When a write failed, the action it was for (same keys as RV(actions)); RV(actions) lists those done.
  returned: when a write failed
  type: dict
membership:
  description:
    - With O(user), the user's direct membership after the run; V({}) when absent.
  returned: when O(user) is given
  type: dict
  contains:
    workspace_id: {description: Workspace UUID., type: str, returned: success}
    workspace_name: {description: Workspace name., type: str, returned: success}
    user_id: {description: User UUID., type: str, returned: success}
    user_email:
      description: User e-mail when known, else null.
      type: str
      returned: success
    role_id: {description: Role UUID., type: str, returned: success}
    role_name: {description: Role name., type: str, returned: success}
    inherited: {description: Always V(false) here (direct membership)., type: bool, returned: success}
memberships:
  description:
    - With O(members), the direct memberships of every workspace the task touched, after the run (predicted in check
      mode). Same keys as RV(membership).
    - With O(return_memberships=changed), only those of the workspaces the run changed.
  returned: when O(members) is given
  type: list
  elements: dict
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

import datetime

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._membership.engine import converge
from ansible_collections.transactionlink.access.plugins.module_utils._membership.request import parse_item, parse_rules
from ansible_collections.transactionlink.access.plugins.module_utils._membership.rules import SINGLE_USER
from ansible_collections.transactionlink.access.plugins.module_utils._policy.review import PlanReview
from ansible_collections.transactionlink.access.plugins.module_utils._policy.rego import policy_set
from ansible_collections.transactionlink.access.plugins.module_utils.module import TransactionLinkModule


def requested_items(params):
    """The memberships the task asks for, as Items (request.parse_item): each with its workspace, state and label."""
    if params['user'] is None and params['members'] is None:
        raise InputError('user and members are both null: give user (an e-mail or a UUID), or members (a list)')
    if params['user'] is not None:
        given = [(SINGLE_USER, {'user': params['user'], 'role': params['role']})]
    else:
        given = [('members[{0}]'.format(i), raw) for i, raw in enumerate(params['members'])]
    items = [parse_item(label, raw, params['workspace'], params['state']) for label, raw in given]
    for item in items:
        if not item.workspace:
            who = "team '{0}'".format(item.team) if item.team is not None else 'user {0}'.format(item.user)
            raise InputError('{0} ({1}) names no workspace: set workspace on the task or on the item'.format(item.label, who))
    if params['exclusive'] and params['members'] == [] and not params['workspace']:
        raise InputError('exclusive=true with an empty members list removes every direct member of a workspace, but no '
                         'workspace is named: set workspace to the one to empty, or list the members it should keep')
    return items


def requested_rules(params, now=None):
    """The task's plan-wide rules (request.parse_rules), after the checks of exclusive_roles against the task."""
    if params.get('exclusive_roles') is not None:
        if params['members'] is None:
            raise InputError('exclusive_roles needs members: list every member of those roles the workspace should keep')
        if params['exclusive']:
            raise InputError('exclusive_roles and exclusive=true together: exclusive=true already removes every unlisted '
                             'member; give one of them')
        if params['members'] == [] and not params['workspace']:
            raise InputError('exclusive_roles with an empty members list removes every direct member with those roles, '
                             'but no workspace is named: set workspace, or list the members to keep')
    return parse_rules(params.get('teams'), params.get('role_precedence'), params.get('protected_users'),
                       params.get('exclusive_roles'), now=now)


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def main(now=_utc_now, **inject):
    """Run the module. NOW gives the time (aware) that expiries are compared with, read once per run;
    INJECT (session, sleep, clock) goes to the client (TransactionLinkModule)."""
    module = TransactionLinkModule(
        argument_spec=dict(
            workspace=dict(type='str', aliases=['workspace_id']),
            user=dict(type='str', aliases=['user_id']),
            role=dict(type='str', aliases=['role_id']),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            members=dict(type='list', elements='dict'),  # each item checked by request.parse_item()
            exclusive=dict(type='bool', default=False),
            exclusive_roles=dict(type='list', elements='str'),
            teams=dict(type='dict'),  # each team checked by requested_rules()
            role_precedence=dict(type='list', elements='str'),
            protected_users=dict(type='list', elements='str'),
            max_removals=dict(type='int'),
            expected_plan_id=dict(type='str'),
            return_memberships=dict(type='str', default='all', choices=['all', 'changed']),
            return_plan=dict(type='bool', default=False),
            policies=dict(type='dict'), policy_files=dict(type='list', elements='path'),  # checked by _policy.rego.policy_set()
        ),
        mutually_exclusive=[('user', 'members')],
        required_one_of=[('user', 'members')],
        supports_check_mode=True,
        **inject
    )
    params = module.params
    if params['exclusive'] and params['members'] is None:
        module.fail_json(msg='exclusive needs members: list every member the workspace should keep')
    if isinstance(params['max_removals'], bool):
        module.fail_json(msg='max_removals must be a number (0 or more; 0 forbids any removal), not a boolean: '
                             '{0} would be read as {1:d}'.format(str(params['max_removals']).lower(), params['max_removals']))
    if params['max_removals'] is not None and params['max_removals'] < 0:
        module.fail_json(msg='max_removals must be 0 or more (0 forbids any removal), got {0}'.format(params['max_removals']))

    def work(directory):
        items = requested_items(params)
        rules = requested_rules(params, now=now())
        policies = policy_set(params['policies'], params['policy_files'])
        review = None
        if policies is not None or params['return_plan']:
            review = PlanReview(policies, runner='the module (where it runs)')
        if params['workspace']:
            directory.workspace(params['workspace'])  # a task-level workspace must exist, even when every item names its own
        extra = [params['workspace']] if params['members'] == [] and params['workspace'] else []
        outcome = converge(directory, items, params['exclusive'], module.check_mode, extra,
                           params['max_removals'], params['expected_plan_id'], rules=rules, review=review)
        result = {'changed': outcome.changed, 'actions': list(outcome.actions), 'plan_id': outcome.plan_id}
        if params['return_plan']:
            result['plan'] = review.document
        if params['user'] is not None:
            ws = outcome.workspaces[0]
            user_id = ws.plan.wanted[0].desired.user_id
            mine = [m for m in ws.memberships if m['user_id'] == user_id]
            result['membership'] = mine[0] if mine else {}
        elif params['return_memberships'] == 'changed':
            result['memberships'] = [row for ws in outcome.workspaces if ws.changed for row in ws.memberships]
        else:
            result['memberships'] = outcome.memberships
        if params['protected_users'] is not None:
            result['protected'] = list(outcome.protected)
        if module._diff:
            result['diff'] = outcome.diff
        return result

    module.run(work)


if __name__ == '__main__':
    main()
