# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: export_host_vars
short_description: Today's direct memberships as access-as-code host_vars files
version_added: 0.3.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - Turns the RV(transactionlink.access.workspace_membership_info#module:memberships) of every workspace into the text
    of each workspace host's C(host_vars) file, for the C(transactionlink.access.export) playbook.
  - Each file holds C(transactionlink_desired_members) - the direct members only, as C({user, role}) with the user's
    e-mail (its UUID when the e-mail is unknown) and the role name, sorted by e-mail - under a comment saying when and
    from which API URL it was exported. A converge over these files right after changes nothing.
  - Linear in the number of memberships.
  - >-
    Fails, naming every such workspace, when a host name cannot be the file name C(<host>.yml) (a path such as
    C(../etc), a slash or backslash, one of C(< > : " | ? *), a control character, over 251 bytes); set
    C(hostname: id) in the inventory source to name the hosts by workspace UUID.
options:
  _input:
    description: The RV(transactionlink.access.workspace_membership_info#module:memberships) list (inherited ones are left out).
    type: list
    elements: dict
    required: true
  workspaces:
    description: The hosts to write a file for, host name to workspace UUID (C(transactionlink_workspace_id)).
    type: dict
    required: true
  api_url:
    description: The API the memberships were read from, for the header comment. Never give a token here.
    type: str
    required: true
  exported_at:
    description: When they were read, for the header comment (for example C(now(utc=true\)) formatted).
    type: str
    required: true
  exclusive:
    description: Also set C(transactionlink_exclusive=true) in every file.
    type: bool
    default: false
  teams:
    description:
      - Teams to fold members into, team name to a list of users (e-mails or UUIDs), as C(transactionlink_teams).
      - A team whose every user is a direct member of the workspace, all with one role, becomes one
        C({team, role}) item in place of those users' items (team items first, by name). Other teams are left out.
    type: dict
seealso:
  - module: transactionlink.access.workspace_membership_info
'''

EXAMPLES = r'''
- name: Every host's file, once for the play
  ansible.builtin.set_fact:
    files: >-
      {{ info.memberships | transactionlink.access.export_host_vars(
           workspaces={'Risk': '0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e'}, api_url='https://api.transactionlink.io',
           exported_at='2026-12-01T10:00:00Z') }}
# files['Risk']:
# ---
# # Risk: the direct members of workspace Risk (0b7c6d1e-...) as they were,
# # exported by transactionlink.access.export at 2026-12-01T10:00:00Z from https://api.transactionlink.io.
# # Organization admins' inherited access is not listed (it is not a direct membership).
# transactionlink_desired_members:
# - {user: dana.kowalski@example.com, role: Analyst}
'''

RETURN = r'''
_value:
  description: Host name to the text of its C(host_vars) file (YAML with a header comment).
  type: dict
'''

from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.transactionlink.access.plugins.plugin_utils._export import host_vars_files
from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments

ARGUMENTS = FilterArguments('export_host_vars', DOCUMENTATION)


def _unsafe_files(*args):
    """The core's files, marked unsafe: names and e-mails from the API must never be templated where the text is used."""
    return wrap_var(host_vars_files(*args))


def export_host_vars(*args, **kwargs):
    """The filter: its arguments checked against DOCUMENTATION, then the private core."""
    return ARGUMENTS.run(_unsafe_files, args, kwargs)


class FilterModule:
    def filters(self):
        return {'export_host_vars': export_host_vars}
