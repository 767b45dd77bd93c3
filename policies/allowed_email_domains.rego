# allowed_email_domains: [domain, ...]
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
