# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The shipped Rego policies, as the module carries them to the host it runs on (a module's payload holds
Python files only). The files users read and give to ``opa eval`` / ``conftest`` are ``policies/*.rego`` at
the collection root; tests/unit/plugins/module_utils/_policy/test_shipped.py checks that both are the same.
"""

SHIPPED = {
    'lib.rego': r'''# Helpers of the shipped policies of transactionlink.access (docs/docsite/rst/policies.rst).
# Messages are joined with concat: regopy 1.5.2's sprintf quotes a %s argument built at run time
# that contains ", ".
package transactionlink.lib

import rego.v1

# Where a message is about: "workspace 'Risk'" in a module run; "risk: workspace 'Risk'" in a converge
# pass, where a message that starts with its host's name and ': ' is shown in that host's result.
where(ws) := concat("", [ws.host, ": workspace '", ws.workspace, "'"]) if {
    ws.host != null
} else := concat("", ["workspace '", ws.workspace, "'"])

# A member or a change's user: the e-mail, or the user id when the e-mail is unknown.
who(entry) := entry.user if {
    entry.user != null
} else := entry.user_id

# At most ten names, sorted, then "and N more".
names(people) := concat(", ", sort(people)) if {
    count(people) <= 10
} else := concat("", [concat(", ", array.slice(sort(people), 0, 10)), " and ", number(count(people) - 10), " more"])

number(n) := sprintf("%d", [n])

# TEXT ends with one of SUFFIXES (a set of strings).
ends_with_any(text, suffixes) if {
    some suffix in suffixes
    endswith(text, suffix)
}

# {lower-case role name: value} of a parameter {role name: value}.
by_role(param) := {lower(role): value | some role, value in param}

# [workspace, member, days] of every member (once the plan is applied) whose role roles_requiring_expiry names:
# found once, for the three rules of that policy.
expiry_required contains [ws, member, days] if {
    required := by_role(data.transactionlink.params.roles_requiring_expiry)
    some ws in input.workspaces
    some member in ws.after
    days := required[lower(member.role)]
}
''',
    'allowed_email_domains.rego': r'''# allowed_email_domains: [domain, ...]
# Every direct member of every workspace, once the plan is applied, has an e-mail in one of the
# domains (exact domain, any case: example.com allows alice@example.com, not alice@eu.example.com).
package transactionlink.policy

import data.transactionlink.lib
import rego.v1

deny contains msg if {
    allowed := data.transactionlink.params.allowed_email_domains
    suffixes := {concat("", ["@", lower(d)]) | some d in allowed}
    some ws in input.workspaces
    some member in ws.after
    member.user != null
    not lib.ends_with_any(lower(member.user), suffixes)
    msg := concat("", [
        lib.where(ws), ": ", member.user, " (", member.role, ") has an e-mail outside allowed_email_domains (",
        concat(", ", sort({lower(d) | some d in allowed})), ")",
    ])
}

deny contains msg if {
    data.transactionlink.params.allowed_email_domains
    some ws in input.workspaces
    some member in ws.after
    member.user == null
    msg := concat("", [
        lib.where(ws), ": user ", member.user_id, " (", member.role, ") has no known e-mail, so ",
        "allowed_email_domains cannot be checked (listing users needs the can_manage_users scope)",
    ])
}
''',
    'max_members_per_role.rego': r'''# max_members_per_role: {role name: n}
# Per workspace, once the plan is applied, at most n direct members have that role (any case).
package transactionlink.policy

import data.transactionlink.lib
import rego.v1

deny contains msg if {
    some role, limit in data.transactionlink.params.max_members_per_role
    wanted := lower(role)
    some ws in input.workspaces
    count([true | some member in ws.after; lower(member.role) == wanted]) > limit  # counted first: names only when over
    holders := [lib.who(member) | some member in ws.after; lower(member.role) == wanted]
    msg := concat("", [
        lib.where(ws), ": ", lib.number(count(holders)), " member(s) would have role ", role,
        ", more than max_members_per_role allows (", lib.number(limit), "): ", lib.names(holders),
    ])
}
''',
    'roles_requiring_expiry.rego': r'''# roles_requiring_expiry: {role name: days}
# Every direct member with that role (any case), once the plan is applied, has an expires within that
# many days of the run (input.generated_at). A member the task does not list with expires has none.
package transactionlink.policy

import data.transactionlink.lib
import rego.v1

deny contains msg if {
    some [ws, member, days] in lib.expiry_required
    member.expires == null
    msg := concat("", [
        lib.where(ws), ": ", lib.who(member), " has role ", member.role,
        " with no expiry; roles_requiring_expiry wants it to end within ", lib.number(days), " day(s)",
    ])
}

deny contains msg if {
    some [ws, member, days] in lib.expiry_required
    member.expires != null
    time.parse_rfc3339_ns(member.expires) > time.parse_rfc3339_ns(input.generated_at) + ((days * 24) * 3600) * 1000000000
    msg := concat("", [
        lib.where(ws), ": ", lib.who(member), " has role ", member.role, " until ", member.expires,
        ", later than roles_requiring_expiry allows (", lib.number(days), " day(s) from ", input.generated_at, ")",
    ])
}

# Fails closed: an expires that does not read as RFC 3339 is a denial, never a pass.
deny contains msg if {
    some [ws, member, _] in lib.expiry_required
    member.expires != null
    not time.parse_rfc3339_ns(member.expires)
    msg := concat("", [
        lib.where(ws), ": ", lib.who(member), " has role ", member.role, " until ", member.expires,
        ", which roles_requiring_expiry cannot read as a time",
    ])
}
''',
}
