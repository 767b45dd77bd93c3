# Helpers of the shipped policies of transactionlink.access (docs/docsite/rst/policies.rst).
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
