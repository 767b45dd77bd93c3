# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: review_close
short_description: Check the returned worksheets of an access review, plan its removals, and build its evidence
version_added: 0.4.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - What the C(transactionlink.access.review_close) playbook (role C(transactionlink.access.workspace_access_review),
    entry point C(close)) computes, in three calls that each give one more input.
  - With the snapshot and the returned worksheets only, it checks them. Every row must be a direct membership of the
    snapshot (workspace, user, role; compared in any case), in the worksheet of its reviewer, at most once, and its
    C(decision) C(keep), C(revoke) (any case, spaces ignored) or empty. A header other than
    C(workspace,user,role,decision,comment), a bad decision, an unknown, moved or duplicated row, a file in
    C(worksheets/) that is no worksheet of the review, or a worksheet that is not UTF-8 fails, naming the file and
    the line (the header is line 1), every problem at once. A missing worksheet is no error (its rows are
    unanswered); so is a missing row. A spreadsheet's byte order mark, CRLF, semicolons or tabs are read as well.
    With O(unanswered=revoke) and no decision in any row, it fails too (it would remove every membership of the
    review).
  - With O(current) (the direct memberships now), it decides. An unanswered row counts as O(unanswered). A revoke
    removes the membership only when it still exists with the role the snapshot recorded; otherwise the outcome is
    C(already_absent) or C(changed_since_review) and nothing is removed. Outcomes are C(kept), C(revoked),
    C(already_absent), C(changed_since_review), C(unanswered_kept) and C(unanswered_revoked). With O(previous) (the
    C(decisions.json) of an earlier close), a removal it made stays C(revoked) and is not sent again, and a membership
    it removed that is back is C(changed_since_review).
  - With O(removal) (the result of the one M(transactionlink.access.workspace_membership) run) and O(after) (the
    direct memberships read back), it builds the evidence - C(evidence/decisions.json) (one entry per direct
    membership of the snapshot), C(evidence/after.json), C(evidence/summary.html) and C(evidence/manifest.sha256)
    (C(sha256sum -c) lines over C(snapshot.json), C(manifest.sha256), the worksheets as returned and the evidence
    files, paths relative to the review directory).
options:
  _input:
    description: The text of C(snapshot.json).
    type: str
    required: true
  worksheets:
    description: The files found in C(worksheets/) - file name to its text.
    type: dict
    default: {}
  unanswered:
    description: The decision of a row left empty, or of a worksheet not returned.
    type: str
    choices: [keep, revoke]
    default: keep
  current:
    description: The registered result(s) of M(transactionlink.access.workspace_membership_info) over the reviewed
      workspaces (direct memberships) before the removal run.
    type: list
    elements: dict
  previous:
    description: The text of the C(evidence/decisions.json) of an earlier close (a forced close again).
    type: str
  removal:
    description: The registered result of the M(transactionlink.access.workspace_membership) removal run (skipped when
      nothing was to be removed).
    type: dict
  after:
    description: The registered result(s) of M(transactionlink.access.workspace_membership_info) read after the
      removal run; omitted in check mode.
    type: list
    elements: dict
  closed_at:
    description: When the review was closed (the role gives the UTC time).
    type: str
  api_url:
    description: The API; shown as scheme, host, port and path only.
    type: str
  max_removals:
    description: The cap given to the removal run, recorded in C(decisions.json).
    type: int
  force:
    description: Whether this close ran again over an earlier one, recorded in C(decisions.json).
    type: bool
    default: false
  issued_manifest:
    description: The text of the review's C(manifest.sha256), listed in the evidence manifest too.
    type: str
  path:
    description: The review directory, for the summary lines.
    type: str
    default: .
seealso:
  - plugin: transactionlink.access.review_start
    plugin_type: filter
  - module: transactionlink.access.workspace_membership
'''

EXAMPLES = r'''
- name: Check the returned worksheets (fails naming the file and the line)
  ansible.builtin.set_fact:
    checked: >-
      {{ lookup('ansible.builtin.file', dir ~ '/snapshot.json', rstrip=false)
         | transactionlink.access.review_close(worksheets=returned) }}

- name: Plan the removals against the access now
  ansible.builtin.set_fact:
    plan: >-
      {{ lookup('ansible.builtin.file', dir ~ '/snapshot.json', rstrip=false)
         | transactionlink.access.review_close(worksheets=returned, current=[now_read], unanswered='keep') }}

- name: Remove what was revoked, in one run
  transactionlink.access.workspace_membership:
    members: "{{ plan.removals }}"
  when: plan.removals | length > 0
'''

RETURN = r'''
_value:
  description: What the step found.
  type: dict
  contains:
    review:
      description: The C(review) header of the snapshot.
      type: dict
    scope:
      description: The workspaces the review was started with (names or UUIDs as given; empty is every workspace).
      type: list
      elements: str
    rows:
      description: The number of direct memberships under review.
      type: int
    answered:
      description: The number of rows with a decision.
      type: int
    removals:
      description: With O(current) - the M(transactionlink.access.workspace_membership) items (by UUID, C(state=absent))
        that carry out the revocations.
      type: list
      elements: dict
    summary:
      description: With O(current) - lines to print, the counts per outcome and one line per removal.
      type: list
      elements: str
    files:
      description: With O(removal) - path relative to the review directory to the exact text of each evidence file.
      type: dict
    order:
      description: With O(removal) - the paths of RV(_value.files) in the order to write them, the manifest last.
      type: list
      elements: str
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.close import run

# Unsafe: the texts hold names and e-mails from the API, never to be templated.
ARGUMENTS = FilterArguments('review_close', DOCUMENTATION, unsafe=True)


def review_close(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(run, args, kwargs)


class FilterModule:
    def filters(self):
        return {'review_close': review_close}
