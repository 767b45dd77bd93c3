# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: review_start
short_description: Every file that starts an access review, from one read of the reviewed workspaces
version_added: 0.4.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - What the C(transactionlink.access.review_start) playbook (role C(transactionlink.access.workspace_access_review),
    entry point C(start)) writes, computed in one call from what
    M(transactionlink.access.workspace_membership_info) read with C(include_inherited=true).
  - C(snapshot.json) - the header C(review) (C(id), C(started_at), the API URL without credentials, the endpoints
    read, the scope, the reviewers, C(counts)), C(workspaces) (each with its C(reviewer) and counts) and
    C(memberships) - every membership read, direct and inherited (C(inherited=true)), as C(workspace, workspace_id,
    user, user_id, role, role_id, inherited). Nothing read is left out.
  - C(worksheets/<reviewer>.csv) for each reviewer - the header C(workspace,user,role,decision,comment), then one row
    per direct membership of the workspaces routed to that reviewer, sorted by workspace, user and role, with
    C(decision) and C(comment) empty. A user whose e-mail could not be read is shown by UUID. Every cell is quoted,
    and a cell that begins with C(=), C(+), C(-), C(@), a tab or a carriage return gets a leading C(') (CSV
    injection). Inherited access is no row (it cannot be removed from a workspace).
  - C(review.html) - who reviews what, the counts per workspace and the inherited access, one static page.
  - C(manifest.sha256) - C(sha256sum -c) lines over C(snapshot.json) and the worksheets as issued, paths relative to
    the review directory.
  - Fails (ValueError) naming the problem - a reviewer that is not a safe file name (letters, digits and C(. _ @ + -),
    not starting with a dot or a dash), a O(reviewers) key that is no reviewed workspace, two reviewers that differ
    only in case, two reviewed workspaces with the same name, or a workspace that could not be read.
options:
  _input:
    description:
      - The registered C(results) of a loop of M(transactionlink.access.workspace_membership_info) runs (or one
        registered result, or a list of flat memberships), read with C(include_inherited=true).
    type: list
    elements: dict
    required: true
  reviewers:
    description: Workspace name or UUID (any case) to the reviewer of its memberships (an e-mail, say).
    type: dict
    default: {}
  default_reviewer:
    description: The reviewer of every workspace O(reviewers) does not name.
    type: str
    default: unassigned
  workspaces:
    description: The scope as the user gave it (names or UUIDs), recorded in the snapshot; empty means every workspace.
    type: list
    elements: str
    default: []
  started_at:
    description: When the review starts (the role gives the UTC time), in the snapshot and the review id.
    type: str
    required: true
  api_url:
    description: The API the memberships were read from; shown as scheme, host, port and path only.
    type: str
  path:
    description: The review directory, for the summary lines.
    type: str
    default: .
seealso:
  - module: transactionlink.access.workspace_membership_info
  - plugin: transactionlink.access.review_close
    plugin_type: filter
'''

EXAMPLES = r'''
- name: Read every workspace, direct and inherited access
  transactionlink.access.workspace_membership_info:
    include_inherited: true
  register: found

- name: Build the files of the review
  ansible.builtin.set_fact:
    review: >-
      {{ [found] | transactionlink.access.review_start(
           reviewers={'Payments': 'carol.smith@example.com'}, default_reviewer='ciso@example.com',
           started_at=now(utc=true, fmt='%Y-%m-%dT%H:%M:%SZ'), path='/srv/reviews/2026-q4') }}

- name: Write them, the manifest last
  ansible.builtin.copy:
    content: "{{ review.files[item] }}"
    dest: "/srv/reviews/2026-q4/{{ item }}"
    mode: "0640"
  loop: "{{ review.order }}"
'''

RETURN = r'''
_value:
  description: The texts to write and what they say.
  type: dict
  contains:
    files:
      description: Path relative to the review directory (C(snapshot.json), C(worksheets/<reviewer>.csv),
        C(review.html), C(manifest.sha256)) to the exact text of the file.
      type: dict
    order:
      description: The paths of RV(_value.files) in the order to write them, C(manifest.sha256) last.
      type: list
      elements: str
    review:
      description: The C(review) header of C(snapshot.json) (C(id), C(started_at), C(api_url), C(counts), ...).
      type: dict
    counts:
      description: C(workspaces), C(users), C(memberships), C(direct), C(inherited), C(reviewers).
      type: dict
    summary:
      description: Lines to print - the counts, one line per worksheet with its number of rows, the page.
      type: list
      elements: str
'''

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.start import files

# Unsafe: the texts hold names and e-mails from the API, never to be templated.
ARGUMENTS = FilterArguments('review_start', DOCUMENTATION, unsafe=True)


def review_start(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(files, args, kwargs)


class FilterModule:
    def filters(self):
        return {'review_start': review_start}
