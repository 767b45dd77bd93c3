# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every bad input we try: a clear message, and nothing written.

Each row of BAD_INPUTS is one test: the module (or the inventory plugin)
fails, its message contains the expected text, and the emulator received no
write. The same rows are the
table in docs/docsite/rst/bad_input.rst, with the full message each gives;
``TL_UPDATE_DOCS=1 pytest tests/unit/plugins/modules/test_bad_input.py``
rewrites it, and a test fails when the page and the rows disagree.
"""

import os
import re
import tempfile

import pytest
import yaml

from ansible.errors import AnsibleFilterError, AnsibleParserError

from ansible_collections.transactionlink.access.plugins.filter.export_host_vars import export_host_vars
from emulator import seed
from helpers import inventory as inventory_helper
from helpers.converge_pass import report, run_pass, workspace_vars
from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
DOC = os.path.join(REPO, 'docs', 'docsite', 'rst', 'bad_input.rst')
M, INFO, INV = 'workspace_membership', 'workspace_membership_info', 'organization_invitation'
ORG = 'organization_user'
INVENTORY = 'transactionlink.access.workspaces inventory'  # args: its config file's options, TRANSACTIONLINK_*: the environment
CONVERGE = 'converge playbook'  # args: {'host': workspace host, variable (without transactionlink_): value}
EXPORT = 'export playbook'  # args: {'host': a workspace host's name (from the API), next to Risk and Payments}
ALICE, DANA = 'alice.martin@example.com', 'dana.kowalski@example.com'
NORA = 'nora.hire@example.com'
GOOD = {'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}


def good(**changes):
    args = dict(GOOD)
    args.update(changes)
    return dict((k, v) for k, v in args.items() if v is not None)


# (what is wrong, module, args, token, expected text in the message)
BAD_INPUTS = [
    # names and ids
    ('unknown workspace name', M, good(workspace='Rsik'), 'admin', "workspace 'Rsik' not found"),
    ('unknown workspace UUID', M, good(workspace='00000000-0000-4000-8000-000000000001'), 'admin',
     "workspace '00000000-0000-4000-8000-000000000001' not found; available:"),
    ('malformed workspace id', M, good(workspace='688ade1e-671f-5bd6-b744'), 'admin', "workspace '688ade1e-671f-5bd6-b744' not found"),
    ('unknown role name', M, good(role='Analyts'), 'admin', "role 'Analyts' not found in workspace 'Risk'; available: Admin, Analyst, Viewer"),
    ('role UUID of another workspace', M, good(role=seed.role_id('Payments', 'Viewer')), 'admin', 'not found in workspace'),
    ('unknown user e-mail', M, good(user='alice.martn@example.com'), 'admin', 'did you mean: alice.martin@example.com'),
    ('user not enrolled in the organization', M, good(user='nobody@elsewhere.example'), 'admin',
     'Users must be enrolled in the organization'),
    ('unknown user UUID to add', M, good(user='00000000-0000-4000-8000-0000000000ff'), 'admin', 'not found in the organization'),
    ('e-mail without the users scope', M, good(), 'access_manager', "Give the user's UUID instead"),
    ('empty user', M, good(user=' '), 'admin', 'has no user'),
    ('user null in a list item', M, {'workspace': 'Risk', 'members': [{'user': None, 'role': 'Viewer'}]}, 'admin',
     'members[0] has no user'),  # the module checks each item itself, on every ansible-core
    ('unknown info role filter', INFO, {'role': 'Analyts'}, 'admin', "role 'Analyts' not found in any workspace"),
    ('unknown info workspace', INFO, {'workspace': 'Nope'}, 'admin', "workspace 'Nope' not found"),
    ('unknown user in the info list', INFO, {'user': [DANA, 'nobody@example.com']}, 'admin', "user 'nobody@example.com' not found"),
    # the shape of the request
    ('state present without a role', M, good(role=None), 'admin', 'has state=present but no role'),
    ('list item without a role', M, {'workspace': 'Risk', 'members': [{'user': ALICE}]}, 'admin', 'members[0] (user %s) has state=present but no role' % ALICE),
    ('no workspace anywhere', M, {'members': [{'user': ALICE, 'role': 'Viewer'}]}, 'admin', 'names no workspace'),
    ('duplicate user in a workspace', M, {'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer'}, {'user': ALICE, 'role': 'Admin'}]},
     'admin', 'is listed twice for workspace'),
    ('duplicate user by e-mail and UUID', M, {'workspace': 'Risk', 'members': [
        {'user': ALICE, 'role': 'Viewer'}, {'user': seed.user_id(ALICE).upper(), 'state': 'absent'}]},
     'admin', 'is listed twice for workspace'),
    ('a bad item late in the list', M, {'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}] + [
        {'workspace': 'Payments', 'user': DANA, 'role': 'Boss'}]}, 'admin', "members[1]: role 'Boss' not found in workspace 'Payments'"),
    ('user and members together', M, dict(good(), members=[{'user': DANA, 'role': 'Viewer'}]), 'admin', 'mutually exclusive'),
    ('neither user nor members', M, {'workspace': 'Risk'}, 'admin', 'one of the following is required'),
    ('exclusive without members', M, dict(good(), exclusive=True), 'admin', 'exclusive needs members'),
    ('exclusive with an empty list and no workspace', M, {'exclusive': True, 'members': []}, 'admin', 'no workspace is named'),
    ('an invalid state', M, good(state='gone'), 'admin', 'value of state must be one of: present, absent'),
    ('an invalid item state', M, {'workspace': 'Risk', 'members': [{'user': ALICE, 'state': 'removed'}]}, 'admin',
     'value of state must be one of: present, absent'),
    ('an unknown option', M, dict(good(), rol='Viewer'), 'admin', 'Unsupported parameters'),
    ('members not a list of dicts', M, {'workspace': 'Risk', 'members': 'alice'}, 'admin', 'dictionary requested'),
    ('exclusive not a boolean', M, {'workspace': 'Risk', 'members': [], 'exclusive': 'sometimes'}, 'admin', 'exclusive'),
    ('task workspace that does not exist', M, {'workspace': 'Nowhere', 'members': [{'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}]},
     'admin', "workspace 'Nowhere' not found"),
    # safety rails
    ('more removals than max_removals', M, {'workspace': 'Risk', 'exclusive': True, 'members': [], 'max_removals': 2}, 'admin',
     'would remove 3 membership(s), more than max_removals=2'),
    ('max_removals not a number', M, dict(good(), max_removals='many'), 'admin', 'max_removals'),
    ('negative max_removals', M, dict(good(), max_removals=-1), 'admin', 'max_removals must be 0 or more'),
    ('a plan id that is not the plan', M, dict(good(), expected_plan_id='tlp1-0000'), 'admin',
     'the access changed since the plan was approved'),
    # issue 15: every item error names its item; nulls, booleans and dicts where a name belongs
    ('a late item without a user', M, {'workspace': 'Risk', 'members': [
        {'user': ALICE, 'role': 'Viewer'}, {'user': DANA, 'role': 'Viewer'}, {'role': 'Viewer'}]}, 'admin', 'members[2] has no user'),
    ('an unknown option in a late item', M, {'workspace': 'Risk', 'members': [
        {'user': ALICE, 'role': 'Viewer'}, {'user': DANA, 'role': 'Viewer'}, {'user': ALICE, 'rol': 'Viewer'}]}, 'admin',
     'members[2]: unsupported option(s) rol'),
    ('an invalid state in a late item', M, {'workspace': 'Risk', 'members': [
        {'user': ALICE, 'role': 'Viewer'}, {'user': DANA, 'state': 'gone'}]}, 'admin',
     'members[1]: value of state must be one of: present, absent, got: gone'),
    ('a dict as an item user', M, {'workspace': 'Risk', 'members': [{'user': {'email': ALICE}, 'role': 'Viewer'}]}, 'admin',
     'members[0].user is of type dict'),
    ('an item user and user_id that disagree', M, {'workspace': 'Risk', 'members': [{'user': ALICE, 'user_id': DANA, 'role': 'Viewer'}]},
     'admin', 'members[0]: user and its alias user_id are both set, to different values'),
    ('user null with workspace and role', M, {'workspace': 'Risk', 'user': None, 'role': 'Viewer'}, 'admin',
     'user and members are both null'),
    ('max_removals a boolean', M, {'workspace': 'Risk', 'exclusive': True, 'members': [], 'max_removals': True}, 'admin',
     'max_removals must be a number (0 or more; 0 forbids any removal), not a boolean'),
    # ansible-core before 2.17 refuses a null list element itself, while checking the types (no index there)
    ('a null entry in the info user list', INFO, {'user': [None]}, 'admin',
     ('user[0] is empty', "Elements value for option 'user' is of type <class 'NoneType'>")),
    ('an empty entry in the info user list', INFO, {'user': [DANA, '']}, 'admin', 'user[1] is empty'),
    ('a dict entry in the info user list', INFO, {'user': [{'email': DANA}]}, 'admin', 'user[0] is of type dict'),
    # issue 17: teams, expiring access, protected users, per-role authority
    ('an item with both user and team', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE]}, 'members': [{'user': DANA, 'team': 'ops', 'role': 'Viewer'}]},
     'admin', 'members[0] gives both user and team'),
    ('a team that teams does not define', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE]}, 'members': [{'team': 'opz', 'role': 'Viewer'}]},
     'admin', "members[0]: team 'opz' is not defined in teams; defined: ops"),
    ('a team member unknown to the organization', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE, 'nobody@example.com']},
                                                      'members': [{'team': 'ops', 'role': 'Viewer'}]},
     'admin', "members[0]: team 'ops': user 'nobody@example.com' not found"),
    ('a team that is not a list', M, {'workspace': 'Risk', 'teams': {'ops': ALICE}, 'members': [{'team': 'ops', 'role': 'Viewer'}]},
     'admin', "teams: team 'ops' must be a list of users"),
    ('teams giving one user different roles', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE], 'leads': [ALICE]},
                                                  'members': [{'team': 'ops', 'role': 'Viewer'}, {'team': 'leads', 'role': 'Admin'}]},
     'admin', 'is in several teams with different roles'),
    ('role_precedence that does not rank a role', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE], 'leads': [ALICE]},
                                                      'role_precedence': ['Admin'],
                                                      'members': [{'team': 'ops', 'role': 'Viewer'}, {'team': 'leads', 'role': 'Admin'}]},
     'admin', 'role_precedence (Admin) does not rank Admin and Viewer'),
    ('a team entry that is no user', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE, '']}, 'members': [{'team': 'ops', 'role': 'Viewer'}]},
     'admin', "teams: team 'ops', entry 1 ('') is not a user"),
    ('an empty protected user', M, {'workspace': 'Risk', 'protected_users': [' '], 'members': []}, 'admin', 'protected_users[0] is empty'),
    ('an expiry that is not a date', M, {'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer', 'expires': '31/12/2026'}]},
     'admin', "members[0]: expires '31/12/2026' is not a date or date-time"),
    ('an expiry without an offset', M, {'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer', 'expires': '2026-12-31T18:00'}]},
     'admin', 'has no offset'),
    ('an item that removes a protected user', M, {'workspace': 'Risk', 'protected_users': [seed.DEMO_ADMIN],
                                                  'members': [{'user': seed.DEMO_ADMIN, 'state': 'absent'}]},
     'admin', 'is protected (protected_users), and this item would remove it'),
    ('a protected user unknown to the organization', M, {'workspace': 'Risk', 'exclusive': True, 'members': [],
                                                         'protected_users': ['brekglass@example.com']},
     'admin', "protected_users[0]: user 'brekglass@example.com' not found"),
    ('exclusive_roles with exclusive=true', M, {'workspace': 'Risk', 'exclusive': True, 'exclusive_roles': ['Admin'], 'members': []},
     'admin', 'exclusive_roles and exclusive=true together'),
    ('exclusive_roles without members', M, dict(good(), exclusive_roles=['Admin']), 'admin', 'exclusive_roles needs members'),
    ('exclusive_roles naming no role', M, {'workspace': 'Risk', 'exclusive_roles': ['Admn'], 'members': []}, 'admin',
     "exclusive_roles[0]: role 'Admn' not found in workspace(s) Risk"),
    # issue 23: a removal never widened by a typo or an empty source
    ('state absent with an unknown role', M, good(user=DANA, role='Analyts', state='absent'), 'admin',
     "role 'Analyts' not found in workspace 'Risk'; available: Admin, Analyst, Viewer"),
    ('an expired item with an unknown role', M, {'workspace': 'Risk', 'members': [
        {'user': DANA, 'role': 'Analyts', 'expires': '2020-01-01'}]}, 'admin', "members[0]: role 'Analyts' not found in workspace 'Risk'"),
    ('a team with no users under exclusive', M, {'workspace': 'Risk', 'exclusive': True, 'teams': {'ops': []},
                                                 'members': [{'team': 'ops', 'role': 'Viewer'}]},
     'admin', "members[0]: team 'ops' has no users, and with exclusive=true an empty team removes"),
    ('a team with no users under exclusive_roles', M, {'workspace': 'Risk', 'exclusive_roles': ['Admin'], 'teams': {'admins': []},
                                                       'members': [{'team': 'admins', 'role': 'Admin'}]},
     'admin', "members[0]: team 'admins' has no users, and with exclusive_roles"),
    ('allow_empty on a user item', M, {'workspace': 'Risk', 'members': [{'user': ALICE, 'role': 'Viewer', 'allow_empty': True}]},
     'admin', 'members[0]: allow_empty is for a team item'),
    ('a protected user UUID unknown to the organization', M, {'workspace': 'Risk', 'exclusive': True, 'members': [],
                                                              'protected_users': ['00000000-0000-4000-8000-0000000000ff']},
     'admin', 'protected_users[0]: user 00000000-0000-4000-8000-0000000000ff not found in the organization'),
    ('a typo in role_precedence', M, {'workspace': 'Risk', 'teams': {'ops': [ALICE]}, 'role_precedence': ['Admin', 'Analsyt'],
                                      'members': [{'team': 'ops', 'role': 'Viewer'}]},
     'admin', "role_precedence[1]: role 'Analsyt' not found in workspace(s) Risk; did you mean: Analyst"),
    # connection options
    ('no token', M, good(), None, 'api_token is required'),
    ('unknown token', M, good(), 'tot_' + 'n' * 52, 'HTTP 401'),
    ('token with a Bearer prefix', M, good(), 'Bearer ' + seed.TOKENS['admin'], 'Bearer'),
    ('token with a space inside', M, good(), 'tot_abc def', 'api_token'),
    ('plain http to a remote host', M, dict(good(), api_url='http://api.transactionlink.io'), 'admin', 'clear text'),
    ('not an http URL', M, dict(good(), api_url='ftp://127.0.0.1:9'), 'admin', 'api_url'),
    ('URL with a query', M, dict(good(), api_url='http://127.0.0.1:9/?x=1'), 'admin', 'api_url'),
    ('URL with a fragment', M, dict(good(), api_url='http://127.0.0.1:9/#top'), 'admin', 'api_url'),
    ('URL with user and password', M, dict(good(), api_url='http://user:pass@127.0.0.1:9'), 'admin', 'api_url'),
    ('port out of range', M, dict(good(), api_url='http://127.0.0.1:99999'), 'admin', 'api_url'),
    ('port not a number', M, dict(good(), api_url='http://127.0.0.1:abc'), 'admin', 'api_url'),
    ('timeout zero', M, dict(good(), timeout=0), 'admin', 'timeout'),
    ('negative max_retries', M, dict(good(), max_retries=-1), 'admin', 'max_retries'),
    ('concurrency zero', M, dict(good(), concurrency=0), 'admin', 'concurrency'),
    ('concurrency above 32', M, dict(good(), concurrency=64), 'admin', 'concurrency'),
    ('timeout not a number', M, dict(good(), timeout='soon'), 'admin', 'timeout'),
    ('CA bundle that does not exist', M, dict(good(), ca_path='/nonexistent/ca.pem'), 'admin', 'ca_path'),
    ('timeout far too long', M, dict(good(), timeout=10 ** 12), 'admin', 'timeout must be a whole number of seconds from 1 to 3600'),
    ('max_retries above 20', M, dict(good(), max_retries=1000), 'admin', 'max_retries must be a whole number from 0 to 20'),
    ('CA directory without certificates', M, dict(good(), ca_path='/'), 'admin', 'is a directory holding no CA certificate'),
    # the inventory plugin
    ('inventory: a misspelled option', INVENTORY, {'hostnam': 'id'}, 'admin',
     "unknown option(s) 'hostnam' (did you mean 'hostname'?)"),
    ('inventory: a boolean option that is no boolean', INVENTORY, {'include_members': 'maybe'}, 'admin',
     "option 'include_members' in demo.transactionlink.yml must be a boolean"),
    ('inventory: timeout far too long in the environment', INVENTORY, {'TRANSACTIONLINK_TIMEOUT': str(10 ** 12)}, 'admin',
     'timeout must be a whole number of seconds from 1 to 3600'),
    ('inventory: validate_certs no boolean in the environment', INVENTORY, {'TRANSACTIONLINK_VALIDATE_CERTS': 'maybe'},
     'admin', "validate_certs must be a boolean (true or false), got 'maybe'"),
    ('inventory: a template in the environment (never run)', INVENTORY,
     {'TRANSACTIONLINK_API_URL': "{{ lookup('pipe', 'id') }}http://127.0.0.1:9"}, 'admin', "api_url '{{ lookup('pipe', 'id') }}"),
    # invitations (organization_invitation)
    ('unknown organization role', INV, {'email': NORA, 'org_role': 'membr'}, 'admin',
     "organization role 'membr' not found; did you mean: member; available: admin, member, owner"),
    ('a bad invitation late in the list', INV, {'invitations': [{'email': NORA}, {'email': 'omar.start@example.com'},
                                                                {'email': 'paul.new@example.com', 'org_role': 'boss'}]}, 'admin',
     "invitations[2]: organization role 'boss' not found"),
    ('not an e-mail address to invite', INV, {'email': 'Nora Hire'}, 'admin', "'Nora Hire' is not an e-mail address"),
    ('a local part over 64 octets to invite', INV, {'email': 'a' * 65 + '@example.com'}, 'admin',
     'has a local part of 65 octets, more than the 64 an e-mail address allows'),
    ('an e-mail address over 254 octets to invite', INV, {'email': 'n@' + '.'.join(['d' * 63] * 4) + '.com'}, 'admin',
     'is 261 octets long, more than the 254 an e-mail address allows'),
    ('a domain label over 63 octets to invite', INV, {'invitations': [{'email': NORA}, {'email': 'n@' + 'd' * 64 + '.com'}]}, 'admin',
     'invitations[1]: ' + "'n@" + 'd' * 64 + ".com' has a domain label of 64 octets"),
    ('a local part that is not ASCII to invite', INV, {'email': 'jürgen@example.com'}, 'admin',
     "has a local part that is not ASCII ('jürgen'): internationalized local parts (SMTPUTF8) are not sent"),
    ('an internationalized domain that IDNA refuses', INV, {'email': 'n@bü_cher.example'}, 'admin',
     'has a domain that is no valid internationalized domain name'),
    ('an e-mail listed twice to invite', INV, {'invitations': [{'email': NORA}, {'email': NORA.upper()}]}, 'admin',
     'is listed twice (invitations[0] and invitations[1])'),
    ('empty e-mail to invite', INV, {'email': ' '}, 'admin', 'no email given: give the e-mail address'),
    ('email and invitations together', INV, {'email': NORA, 'invitations': []}, 'admin', 'mutually exclusive'),
    ('invitations without the users scope', INV, {'email': NORA}, 'access_manager', 'lacks the scope can_manage_users'),
    # organization roles and profiles (organization_user)
    ('unknown organization role to set', ORG, {'user': ALICE, 'org_role': 'ownr'}, 'admin',
     "organization role 'ownr' not found; did you mean: owner; available: admin, member, owner"),
    ('unknown user to set a role of', ORG, {'users': [{'user': ALICE}, {'user': 'alice.martn@example.com', 'org_role': 'admin'}]},
     'admin', "users[1]: user 'alice.martn@example.com' not found in the organization; did you mean: alice.martin@example.com"),
    ('the last owner demoted', ORG, {'user': 'olivia.owner@example.com', 'org_role': 'admin'}, 'admin',
     'would leave the organization without an owner'),
    ('a user listed twice for a role', ORG, {'users': [{'user': ALICE}, {'user': seed.user_id(ALICE)}], 'org_role': 'member'},
     'admin', 'users[1]: user alice.martin@example.com is listed twice'),
    ('an empty profile field', ORG, {'user': ALICE, 'last_name': ''}, 'admin', 'last_name is empty: leave it out'),
    ('organization roles without the users scope', ORG, {'user': ALICE, 'org_role': 'admin'}, 'access_manager',
     'lacks the scope can_manage_users'),
    # the converge playbook (issues 15 #3 and 16): one host's input stops the whole pass, naming the host and the item
    ('unknown role in one host of the converge', CONVERGE, {'host': 'Payments', 'desired_members': [
        {'user': 'bob.nguyen@example.com', 'role': 'Analyst'}, {'user': DANA, 'role': 'Boss'}]}, 'admin',
     "Payments: members[1]: role 'Boss' not found in workspace 'Payments'"),
    ("a host's item naming another workspace", CONVERGE, {'host': 'Risk', 'desired_members': [
        {'user': ALICE, 'role': 'Viewer'}, {'workspace': 'Payments', 'user': DANA, 'state': 'absent'}]}, 'admin',
     "Risk: members[1] (user dana.kowalski@example.com) names workspace 'Payments', but transactionlink_desired_members "
     "may only change its own workspace 'Risk'"),
    ('an unknown option in a converge item', CONVERGE, {'host': 'Risk', 'desired_members': [{'user': ALICE, 'rol': 'Viewer'}]},
     'admin', 'Risk: members[0]: unsupported option(s) rol'),
    ('desired members null (a key with no value)', CONVERGE, {'host': 'Risk', 'desired_members': None, 'exclusive': True},
     'admin', 'Risk: transactionlink_desired_members is null'),
    ('desired members not a list', CONVERGE, {'host': 'Risk', 'desired_members': ALICE}, 'admin',
     'Risk: transactionlink_desired_members must be a list'),
    ('a converge item that is no dict', CONVERGE, {'host': 'Risk', 'desired_members': [ALICE]}, 'admin',
     'Risk: members[0] must be a dict'),
    ('more removals than a host allows', CONVERGE, {'host': 'Risk', 'desired_members': [], 'exclusive': True,
                                                    'max_removals': 2}, 'admin',
     'Risk: this run would remove 3 membership(s), more than max_removals=2'),
    ('a host without an approved plan', CONVERGE, {'host': 'Risk', 'desired_members': [{'user': ALICE, 'role': 'Viewer'}],
                                                   'expected_plan_ids': {'Payments': 'tlp1-0000'}}, 'admin',
     'holds no approved plan for Risk'),
    ('a team item naming an undefined team in host vars', CONVERGE, {'host': 'Risk', 'desired_members': [{'team': 'risk-analysts', 'role': 'Analyst'}],
                                                                     'teams': {'risk-analyst': [ALICE]}}, 'admin',
     "Risk: members[0]: team 'risk-analysts' is not defined in teams; defined: risk-analyst"),
    ('transactionlink_teams not a dict', CONVERGE, {'host': 'Risk', 'desired_members': [], 'teams': [ALICE]}, 'admin',
     'Risk: transactionlink_teams must be a dict'),
    ('an expiry that is not a date in host vars', CONVERGE, {'host': 'Risk', 'desired_members': [
        {'user': ALICE, 'role': 'Viewer', 'expires': 'end of Q1'}]}, 'admin', "Risk: members[0]: expires 'end of Q1' is not a date"),
    ('a host item removing a protected user', CONVERGE, {'host': 'Risk', 'desired_members': [{'user': seed.DEMO_ADMIN, 'state': 'absent'}],
                                                         'protected_users': [seed.DEMO_ADMIN]}, 'admin',
     'Risk: members[0]: user adam.admin@example.com is protected'),
    ('transactionlink_exclusive_roles with exclusive', CONVERGE, {'host': 'Risk', 'desired_members': [], 'exclusive': True,
                                                                  'exclusive_roles': ['Admin']}, 'admin',
     'Risk: transactionlink_exclusive_roles and transactionlink_exclusive=true together'),
    ('a host item removing with an unknown role', CONVERGE, {'host': 'Risk', 'desired_members': [
        {'user': DANA, 'role': 'Analyts', 'state': 'absent'}]}, 'admin', "Risk: members[0]: role 'Analyts' not found in workspace 'Risk'"),
    ('a host team with no users under exclusive', CONVERGE, {'host': 'Risk', 'exclusive': True, 'teams': {'risk-analysts': []},
                                                             'desired_members': [{'team': 'risk-analysts', 'role': 'Analyst'}]},
     'admin', "Risk: members[0]: team 'risk-analysts' has no users"),
    ('a typo in role_precedence in host vars', CONVERGE, {'host': 'Risk', 'role_precedence': ['Admn'], 'teams': {'ops': [ALICE]},
                                                          'desired_members': [{'team': 'ops', 'role': 'Viewer'}]},
     'admin', "Risk: role_precedence[0]: role 'Admn' not found in workspace(s) Risk; did you mean: Admin"),
    ('exclusive not a boolean in host vars', CONVERGE, {'host': 'Risk', 'desired_members': [], 'exclusive': 'sometimes'},
     'admin', "Risk: transactionlink_exclusive must be true or false, got 'sometimes'"),
    # the export playbook (issue 23 part 2 #1): host names come from the API and become file names
    ('a workspace named like a path (export)', EXPORT, {'host': '../../etc'}, 'admin',
     "1 workspace name(s) cannot be a file name host_vars/<name>.yml: '../../etc' (workspace '%s'): holds /" % seed.workspace_id('Compliance')),
    ('a workspace name with markup (export)', EXPORT, {'host': '<script>alert(1)</script>'}, 'admin', 'holds / < >. Nothing was written'),
    ('a workspace name with a NUL (export)', EXPORT, {'host': 'Risk\x00'}, 'admin', "'Risk\\x00' (workspace"),
    ('a workspace name over 251 bytes (export)', EXPORT, {'host': 'W' * 252}, 'admin', 'longer than 251 bytes'),
    # policies (docs/docsite/rst/policies.rst): checked before the first write, check mode too
    ('a policy parameter of the wrong type', M, good(policies={'max_members_per_role': {'Admin': 'two'}}), 'admin',
     "policies.max_members_per_role.Admin must be the most members (a whole number, 0 or more), got the string 'two'"),
    ('an unknown policy parameter', M, good(policies={'allowed_domains': ['example.com']}), 'admin',
     "policies: unknown parameter 'allowed_domains'"),
    ('a policy file that cannot be read', M, good(policy_files=['/nonexistent/policy.rego']), 'admin',
     'policy_files[0]: cannot read /nonexistent/policy.rego: No such file or directory'),
    ('a plan a policy denies', M, good(policies={'allowed_email_domains': ['partner.example']}), 'admin',
     "workspace 'Risk': alice.martin@example.com (Viewer) has an e-mail outside allowed_email_domains (partner.example)"),
    ('a host whose plan a policy denies, in a converge', CONVERGE, {'host': 'Risk', 'desired_members': [{'user': ALICE, 'role': 'Admin'}],
                                                                    'policies': {'max_members_per_role': {'Admin': 1}}}, 'admin',
     "Risk: workspace 'Risk': 2 member(s) would have role Admin, more than max_members_per_role allows (1)"),
]


# (what the API answers wrongly, module, args, emulator fault settings, expected text): issue 15. Each fails
# before any write, naming the endpoint and what was expected.
HOSTILE_ANSWERS = [
    ('the API answers the workspaces as an object (emulator: wrong_shapes=workspaces_as_dict)', M, good(),
     {'wrong_shapes': ['workspaces_as_dict']},
     'GET /organizations/workspaces: unexpected answer (HTTP 200): the answer is an object, expected a list of objects with id, name'),
    ('the API answers the workspaces as strings (emulator: wrong_shapes=workspaces_as_strings)', M, good(),
     {'wrong_shapes': ['workspaces_as_strings']}, 'the answer[0] is a string, expected an object with id, name'),
    ('the API answers a workspace without id (emulator: wrong_shapes=workspace_without_id)', M, good(),
     {'wrong_shapes': ['workspace_without_id']}, "the answer[0] has no 'id' (expected a non-empty string)"),
    ('the API answers memberships without userId (emulator: wrong_shapes=memberships_without_user_id)', INFO,
     {'workspace': 'Risk'}, {'wrong_shapes': ['memberships_without_user_id']}, "the answer[0] has no 'userId'"),
    ("the API answers a users page whose content is not a list (emulator: wrong_shapes=users_content_not_list)", M, good(),
     {'wrong_shapes': ['users_content_not_list']}, 'the answer.content is an object, expected a list of objects with id, email'),
    ('the API claims a billion pages of users (emulator: wrong_shapes=users_total_pages_lie)', M, good(),
     {'wrong_shapes': ['users_total_pages_lie']}, 'GET /organizations/users: unexpected answer (HTTP 200): page 0 claims '
     'totalPages 1000000000'),
    ('the API answers with a redirect (emulator: redirect to /login for GET)', M, good(),
     {'redirect': {'status': 302, 'location': '/login', 'methods': ['GET']}},
     'GET /organizations/workspaces: unexpected answer (HTTP 302): a redirect to /login, which is not followed'),
    # issue 23: what the API holds, renamed in the emulator's store ('rename': {old name: new name})
    ('the API answers more than the client reads of one answer (a workspace name of 17 MiB)', M, good(),
     {'rename': {'Risk': 'x' * (17 * 1024 * 1024)}},
     'GET /organizations/workspaces: unexpected answer (HTTP 200): the answer is longer than 16777216 bytes'),
    ('a name from the API too long to show (100,000 characters) is cut in the message', M, good(workspace='Nowhere'),
     {'rename': {'Risk': 'r' * 100000}}, '...(100000 characters not shown)'),
    ("inventory: a workspace named 'all' (one of Ansible's own groups)", INVENTORY, {}, {'rename': {'Risk': 'all'}},
     "a workspace is named 'all'"),
    ("inventory: a workspace named 'ungrouped' (one of Ansible's own groups)", INVENTORY, {},
     {'rename': {'Risk': 'ungrouped'}}, "Set 'hostname: id' in the inventory configuration"),
]
ROWS = [row + (None,) for row in BAD_INPUTS] + [
    (what, module, args, 'admin', expected, faults) for what, module, args, faults, expected in HOSTILE_ANSWERS]


def rename_workspaces(tl_api, names):
    """Rename workspaces in the emulator's store ({old name: new name}): what the API may hold."""
    store = tl_api.emulator.store
    with store.lock:
        for old, new in names.items():
            store._workspaces[seed.workspace_id(old)]['name'] = new  # pylint: disable=protected-access


def run_inventory_bad(tl_api, args, token, reads=False):
    """The inventory plugin's message for ARGS (config options; TRANSACTIONLINK_* environment variables)."""
    env = {'TRANSACTIONLINK_API_URL': tl_api.url, 'TRANSACTIONLINK_API_TOKEN': tl_api.tokens.get(token, token)}
    env.update((k, v) for k, v in args.items() if k.startswith('TRANSACTIONLINK_'))
    config = dict((k, v) for k, v in args.items() if not k.startswith('TRANSACTIONLINK_'))
    config['plugin'] = inventory_helper.FQCN
    saved = dict((k, os.environ.get(k)) for k in env)
    with tempfile.TemporaryDirectory() as directory:
        os.environ.update(env)
        try:
            with pytest.raises(AnsibleParserError) as failure:
                inventory_helper.parse(yaml.safe_dump(config), directory, tl_api=tl_api)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        message = str(failure.value).replace(directory + os.sep, '')
    assert tl_api.writes() == 0 if reads else tl_api.sent() == []
    return message


def run_bad_export(args):
    """The export playbook's refusal (its filter, before anything is read or written) for a host named args['host']."""
    hosts = {'Risk': seed.workspace_id('Risk'), args['host']: seed.workspace_id('Compliance'), 'Payments': seed.workspace_id('Payments')}
    with pytest.raises(AnsibleFilterError) as refused:
        export_host_vars([], hosts, 'http://127.0.0.1:9', 't')
    return str(refused.value)


def run_bad(run_module, tl_api, module, args, token, faults=None):
    if module == EXPORT:
        return run_bad_export(args)
    faults = dict(faults or {})
    renamed = faults.pop('rename', {})
    rename_workspaces(tl_api, renamed)
    if module == INVENTORY:
        return run_inventory_bad(tl_api, args, token, reads=bool(renamed))  # a name from the API: read, then refused
    if module == CONVERGE:
        return run_bad_converge(tl_api, args, token)
    before = tl_api.state()['memberships']
    if faults:
        tl_api.set_faults(**faults)
    result = run_module(module, args, token=token)
    assert result.get('failed') is True, result
    assert tl_api.writes() == 0 and tl_api.state()['memberships'] == before
    return result['msg']


@pytest.mark.parametrize('what, module, args, token, expected, faults', ROWS, ids=[row[0] for row in ROWS])
def test_bad_input_fails_clearly_and_writes_nothing(tl_api, run_module, what, module, args, token, expected, faults):
    message = run_bad(run_module, tl_api, module, args, token, faults)
    assert any(text in message for text in (expected if isinstance(expected, tuple) else (expected,))), message
    for secret in seed.all_tokens().values():
        assert secret not in message and secret[4:16] not in message


@pytest.mark.slow  # the page holds the default ansible-core's wording: checked with that version only
def test_the_docs_table_lists_every_bad_input_with_its_message(tl_api, run_module):
    rows = []
    for what, module, args, token, _expected, faults in ROWS:
        tl_api.reset()
        rows.append((what, module, args, run_bad(run_module, tl_api, module, args, token, faults)))
    page = render(rows)
    if os.environ.get('TL_UPDATE_DOCS') == '1':
        with open(DOC, 'w', encoding='utf-8') as handle:
            handle.write(page)
    with open(DOC, encoding='utf-8') as handle:
        assert handle.read() == page, 'docs/docsite/rst/bad_input.rst is stale: rerun with TL_UPDATE_DOCS=1'
    assert len(rows) >= 40


def render(rows):
    def cell(text):
        text = re.sub(r'fingerprint [0-9A-Za-z-]+', 'fingerprint <unique id>', str(text))  # differs on every error
        text = re.sub(r'(include: )([^.]*)', lambda m: m.group(1) + ', '.join(sorted(m.group(2).split(', '))), text)  # a set
        text = ''.join(ch if ch.isprintable() or ch == '\n' else repr(ch)[1:-1] for ch in text)  # a NUL as \\x00
        text = text.replace('\n', ' ').replace('|', '\\|').replace('*', '\\*').replace('`', "'")
        return re.sub(r'(\w)_(?=\W|$)', r'\1\\_', text)  # "tot_..." is no link target in rst

    lines = ['.. _ansible_collections.transactionlink.access.docsite.bad_input:', '', 'Bad input and what it says',
             '==========================', '',
             'Every row is a test (``tests/unit/plugins/modules/test_bad_input.py``): the module (or the inventory',
             'plugin) fails with this message and nothing is written. Tokens are shown as ``tot_...``; the emulator runs at ``http://127.0.0.1:9``.',
             '', '.. list-table::', '   :header-rows: 1', '   :widths: 20 30 50', '',
             '   * - What is wrong', '     - Module and options', '     - The message']
    for what, module, args, message in rows:
        shown = ', '.join('{0}={1}'.format(k, v) for k, v in sorted(args.items()))
        lines += ['   * - ' + cell(what), ('     - ``{0}``: {1}'.format(module, cell(shown))).rstrip(), '     - ' + cell(message)]
    return '\n'.join(lines) + '\n'


def run_bad_converge(tl_api, args, token):
    """The converge pass over one workspace host with ARGS as its variables: the host fails, nothing is written."""
    variables = dict(args)
    host = variables.pop('host')
    before = tl_api.state()['memberships']
    passed = run_pass(tl_api, {host: workspace_vars(host, **variables)}, token=token)
    result = report(passed, host)
    assert result.get('failed') is True, result
    assert tl_api.writes() == 0 and tl_api.state()['memberships'] == before
    return result['msg']
