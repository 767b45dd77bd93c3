# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: access_audit
short_description: Everything the access audit writes, from one pass over what was read
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - What the C(transactionlink.access.workspace_access_audit) role writes, computed in one call - the report as JSON
    text (C(access.json)), the two CSV tables (C(access.csv), C(drift.csv)), the matrix data as JSON text safe inside
    an HTML C(script) element, the summary lines and the counts the HTML page shows.
  - The report holds C(memberships) (each once, memberships found twice are kept once, sorted by workspace name then
    user e-mail), C(workspaces), C(users) (everybody with some access or some drift), C(drift) and C(summary). Drift
    is the check-mode run's actions - C(added) is C(missing), C(removed) is C(unexpected), C(updated) is
    C(wrong_role) - and, with O(desired) entries that expire, C(expired).
  - Each user's organization role, given O(organization) - C(org_role) in the report, C(access.csv) and the page.
  - Access that ends - given O(desired) (the desired state the check-mode run was given), each of its entries with
    C(expires) (a date C(YYYY-MM-DD), access through the end of that day UTC, or an ISO 8601 date-time with an offset)
    is compared with O(now). A direct membership whose access ends within O(expiring_days) days is listed in the
    report's C(expiring) (and marked C(expiring) in C(access.csv)). One whose access has ended and that is still
    present is drift of kind C(expired) (C(access.csv), C(drift.csv), the summary); the check-mode run's actions about
    an ended entry are dropped, so an ended entry that is absent is no drift. Inherited organization-admin access is
    not a membership and never expires. An unparseable C(expires) fails naming the item.
  - C(access.csv) has one row per membership - C(workspace_name, workspace_id, user_email, user_id, org_role,
    role_name, role_id, inherited, drift, expires, expiry) (C(expiry) is C(expiring), C(expired) or empty); C(drift.csv) one row
    per difference - C(kind, workspace_name, workspace_id, user_email, user_id, role, desired_role, expires). Every
    field is quoted. A cell that begins with C(=), C(+), C(-), C(@), a tab or a carriage return gets a leading C(') so
    that a spreadsheet shows it as text and never evaluates it (CSV injection, as OWASP recommends); a NUL character
    is written as U+FFFD. The JSON keeps every value exact.
  - One call instead of one per file - Ansible hands a filter its input as lazily templated containers, which costs
    time per value read; here the memberships are read once, and the files are built from plain Python data. At
    10,000 memberships that is several times faster than chaining the filters in Jinja.
options:
  _input:
    description:
      - The memberships found - a list of flat membership dicts, or the registered C(results) of a loop of
        M(transactionlink.access.workspace_membership_info) runs.
    type: list
    elements: dict
    required: true
  drift:
    description: The registered result of the check-mode M(transactionlink.access.workspace_membership) run; omitted,
      V(null) or skipped means drift was not checked.
    type: dict
  path:
    description: The directory the files are written to (for the summary's last line).
    type: str
    required: true
  limit:
    description: At most this many drift lines in the summary.
    type: int
    default: 50
  generated_at:
    description: When the report is made (the role gives the UTC time), shown in C(access.json) and C(access.html).
    type: str
  api_url:
    description:
      - The API the memberships were read from, shown in the report as scheme, host, port and path only (never a user,
        password, query or fragment).
    type: str
  previous:
    description:
      - The text of the C(access.json) this run replaces, if any. When it holds the same report from the same API,
        its O(generated_at) is kept, so a rerun that finds the same access rewrites no file.
    type: str
  desired:
    description:
      - The desired state in the shape of the role's C(workspace_access_audit_desired) - items with C(user) and
        C(workspaces) (each with C(workspace), C(role) and an optional C(expires)); an item's own C(expires) applies
        to every workspace entry without one. Names and UUIDs match as the modules match them (e-mails and names in
        any case).
      - Omitted or empty - no expiry is checked.
    type: list
    elements: dict
  now:
    description:
      - The time expiries are compared with, an ISO 8601 date-time with an offset such as V(2026-12-01T10:00:00Z).
      - Omitted - the current UTC time.
    type: str
  expiring_days:
    description: Access that ends within this many days of O(now) is C(expiring).
    type: int
    default: 14
  organization:
    description:
      - The registered result of a check-mode M(transactionlink.access.organization_user) run over the users found -
        each user's organization role (V(owner), V(admin), V(member)), from their C(roleId) and
        C(GET /organizations/roles). Every membership and user of the report, each row of C(access.csv) and each user
        of the page then carries it as C(org_role), and inherited access is explained by it - an owner or admin
        reaches every workspace. Inherited access of a user whose role is neither is listed in the report's
        C(organization_roles.unexplained) and in the summary (C(UNEXPLAINED inherited access)).
      - A failed run (a token without C(can_manage_users)) leaves the roles unknown (null), and the summary says why.
        Omitted or skipped - unknown, without a line.
    type: dict
    version_added: 0.4.0
seealso:
  - module: transactionlink.access.workspace_membership_info
'''

EXAMPLES = r'''
- name: Build every file of the audit at once
  ansible.builtin.set_fact:
    audit: "{{ found.results | transactionlink.access.access_audit(drift_check, '/var/tmp/audit') }}"

- name: Write access.json
  ansible.builtin.copy:
    content: "{{ audit.json }}"
    dest: /var/tmp/audit/access.json
    mode: "0640"

- name: The same, with the access that expires in the next week or has already expired
  ansible.builtin.set_fact:
    audit: >-
      {{ found.results | transactionlink.access.access_audit(drift_check, '/var/tmp/audit', desired=desired,
           now=now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ'), expiring_days=7) }}
  vars:
    desired:
      - user: erik.contractor@example.com
        workspaces:
          - {workspace: Risk, role: Analyst, expires: '2026-12-31'}
'''

RETURN = r'''
_value:
  description: The texts and counts.
  type: dict
  contains:
    json:
      description:
        - The report as indented JSON (keys sorted) with a final line end - C(access.json). Its C(report) key holds
          C(generated_at) and C(api_url); C(expiring) lists the direct memberships whose access ends within
          C(expiring_days) (also a key) days, each with C(expires) as given and C(ends_at), the first instant without
          access (UTC); C(drift.expired) the ones whose access has ended but that are still present.
      type: str
    csv:
      description: The memberships table - C(access.csv).
      type: str
    drift_csv:
      description: The drift table - C(drift.csv).
      type: str
    matrix:
      description: The matrix data as JSON text with every C(<) escaped, to embed in a C(script) element.
      type: str
    summary:
      description: The summary lines.
      type: list
      elements: str
    report:
      description: C(generated_at) and C(api_url) of the report, also the C(report) key of C(access.json).
      type: dict
    counts:
      description:
        - The report's C(summary) (C(workspaces), C(users), C(memberships), C(direct), C(inherited), C(drift)) and
          C(columns) and C(rows) of the matrix, C(missing), C(unexpected), C(wrong_role), C(expired), C(expiring),
          C(expiring_days), C(drift_workspaces) (numbers) and C(checked) (bool).
      type: dict
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._audit import files
from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments

ARGUMENTS = FilterArguments('access_audit', DOCUMENTATION)


def access_audit(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(files, args, kwargs)


class FilterModule:
    def filters(self):
        return {'access_audit': access_audit}
