# roles_requiring_expiry: {role name: days}
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
