# max_members_per_role: {role name: n}
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
