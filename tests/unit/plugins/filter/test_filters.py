# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The public filters are thin: each checks its arguments against its DOCUMENTATION, then calls the core.

The behaviour itself is tested on the core (tests/unit/plugins/plugin_utils/).
"""

import importlib
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.transactionlink.access.plugins.plugin_utils import _actions, _audit, _offboarding, _onboarding, _ticket
from ansible_collections.transactionlink.access.plugins.plugin_utils._review import close as _review_close
from ansible_collections.transactionlink.access.plugins.plugin_utils._review import start as _review_start

# Each is called by a role or a playbook of the collection (export_host_vars: playbooks/export.yml).
PUBLIC = ('access_audit', 'action_lines', 'export_host_vars', 'offboarding_report', 'onboarding_plan', 'onboarding_summary',
          'review_close', 'review_start', 'ticket_members')
TICKET = [{'user': 'alice@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]}]
ACTION = {'workspace_id': 'w', 'workspace_name': 'Risk', 'user_id': 'u', 'user_email': 'erik@example.com',
          'action': 'updated', 'role_before': 'Viewer', 'role_after': 'Analyst'}
EXPIRING = [{'user': 'erik@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer', 'expires': '2026-12-05'}]}]
INVITATION = {'email': 'alice@example.com', 'enrollment_id': 'e', 'status': 'PENDING', 'user_exists': False,
              'similar_users': []}
PENDING = {'workspace': 'Risk', 'user': 'alice@example.com', 'role': 'Analyst', 'state': 'present', 'status': 'PENDING'}
MEMBERSHIP = {'workspace_id': 'w', 'workspace_name': 'Risk', 'user_id': 'u', 'user_email': 'erik@example.com',
              'role_id': 'r', 'role_name': 'Viewer', 'inherited': False}
SNAPSHOT = _review_start.files([MEMBERSHIP], started_at='2026-12-01T10:00:00Z')['files']['snapshot.json']
SHEET = 'workspace,user,role,decision,comment\nRisk,erik@example.com,Viewer,revoke,\n'


def _filter(name):
    module = importlib.import_module('ansible_collections.transactionlink.access.plugins.filter.' + name)
    filters = module.FilterModule().filters()
    assert list(filters) == [name]
    return filters[name]


def test_the_public_filters_are_exactly_these():
    here = os.path.dirname(importlib.import_module(
        'ansible_collections.transactionlink.access.plugins.filter.action_lines').__file__)
    assert sorted(f[:-3] for f in os.listdir(here) if f.endswith('.py')) == list(PUBLIC)


@pytest.mark.parametrize('name, args, kwargs, expected', [
    ('ticket_members', (TICKET,), {'state': 'absent'}, _ticket.ticket_members(TICKET, 'absent')),
    ('action_lines', ([ACTION], True), {}, _actions.action_lines([ACTION], True)),
    ('onboarding_summary', ({'actions': [ACTION]}, '3'), {}, _actions.onboarding_summary({'actions': [ACTION]}, 3)),
    ('onboarding_summary', ({'actions': []}, 1), {'pending': [PENDING]},
     _actions.onboarding_summary({'actions': []}, 1, False, None, [PENDING])),
    ('onboarding_plan', (TICKET,), {}, _onboarding.onboarding_plan(TICKET)),
    ('onboarding_plan', (TICKET, [INVITATION]), {}, _onboarding.onboarding_plan(TICKET, [INVITATION])),
    ('offboarding_report', (['erik@example.com'], [MEMBERSHIP]), {'check_mode': True},
     _offboarding.offboarding_report(['erik@example.com'], [MEMBERSHIP], [], None, True)),
    ('offboarding_report', (['erik@example.com', 'alice@example.com'], [MEMBERSHIP]), {'invitations': [INVITATION]},
     _offboarding.offboarding_report(['erik@example.com', 'alice@example.com'], [MEMBERSHIP], [], None, False,
                                     [INVITATION], [])),
    ('access_audit', ([MEMBERSHIP],), {'path': '/r'}, _audit.files([MEMBERSHIP], None, '/r', 50)),
    ('access_audit', ([MEMBERSHIP], None, '/r'),
     {'desired': EXPIRING, 'now': '2026-12-01T10:00:00Z', 'expiring_days': '7'},
     _audit.files([MEMBERSHIP], None, '/r', 50, None, None, None, EXPIRING, '2026-12-01T10:00:00Z', 7)),
    ('review_start', ([MEMBERSHIP],), {'started_at': '2026-12-01T10:00:00Z', 'reviewers': {'risk': 'dana@example.com'}},
     _review_start.files([MEMBERSHIP], {'risk': 'dana@example.com'}, 'unassigned', [], '2026-12-01T10:00:00Z', None, '.')),
    ('review_close', (SNAPSHOT,), {'worksheets': {'unassigned.csv': SHEET}, 'current': [MEMBERSHIP]},
     _review_close.run(SNAPSHOT, {'unassigned.csv': SHEET}, 'keep', [MEMBERSHIP])),
])
def test_each_filter_is_its_core_with_validated_arguments(name, args, kwargs, expected):
    assert _filter(name)(*args, **kwargs) == expected


@pytest.mark.parametrize('name, args, kwargs, needle', [
    ('ticket_members', ('alice',), {}, "ticket_members: Elements value for option '_input'"),
    ('ticket_members', (TICKET,), {'state': 'gone'}, 'ticket_members: value of state must be one of: present, absent'),
    ('ticket_members', ([{'workspaces': []}],), {}, 'ticket_members: item 0 of the ticket'),
    ('action_lines', ({'actions': []},), {}, 'action_lines: '),
    ('action_lines', ([dict(ACTION, action='renamed')],), {}, "action_lines: unknown action 'renamed'"),
    ('onboarding_summary', ({},), {}, 'onboarding_summary: missing required arguments: ticket_size'),
    ('onboarding_summary', ({}, 1), {'pending': 'nora'}, 'onboarding_summary: .*pending'),
    ('onboarding_plan', (TICKET, {'email': 'x'}), {}, 'onboarding_plan: .*invitations'),
    ('onboarding_plan', (TICKET, [{'email': 'x@example.com'}]), {}, 'onboarding_plan: invitations.0. must be'),
    ('offboarding_report', (['a@example.com'],), {}, 'offboarding_report: missing required arguments: before'),
    ('offboarding_report', ([''], []), {}, 'offboarding_report: person 0 of the list'),
    ('offboarding_report', (['a@example.com'], []), {'invitations': [{'email': 'a@example.com'}]},
     'offboarding_report: invitations.0. must be'),
    ('access_audit', ([MEMBERSHIP], ['not', 'a', 'result']), {}, 'access_audit: .*drift'),
    ('access_audit', ([MEMBERSHIP],), {'limit': 'all'}, 'access_audit: .*limit'),
    ('access_audit', ([MEMBERSHIP],), {'dest': '/r'}, 'access_audit: unknown argument dest'),
    ('access_audit', ([MEMBERSHIP], None, '/r'), {'desired': EXPIRING, 'expiring_days': 'two weeks'},
     'access_audit: .*expiring_days'),
    ('access_audit', ([MEMBERSHIP], None, '/r'), {'desired': [{'user': 'erik@example.com', 'workspaces': [
        {'workspace': 'Risk', 'role': 'Viewer', 'expires': 'soon'}]}]},
     r"access_audit: desired item 0 \(erik@example.com in Risk\): expires 'soon' is not a date"),
    ('access_audit', ([MEMBERSHIP], None, '/r'), {'now': 'today'}, 'access_audit: now must be a date-time'),
    ('review_start', ([MEMBERSHIP],), {}, 'review_start: missing required arguments: started_at'),
    ('review_start', ([MEMBERSHIP],), {'started_at': 'now', 'default_reviewer': '../x'},
     'review_start: default_reviewer: the reviewer .* is not a safe file name'),
    ('review_close', (SNAPSHOT,), {'unanswered': 'maybe'}, 'review_close: value of unanswered must be one of: keep, revoke'),
    ('review_close', (SNAPSHOT,), {'worksheets': {'unassigned.csv': 'workspace,user,role,decision,comment\nRisk,x,y,keep,\n'}},
     '(?s)review_close: 1 problem.*worksheets/unassigned.csv line 2: unknown row'),
])
def test_bad_arguments_fail_naming_the_filter(name, args, kwargs, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        _filter(name)(*args, **kwargs)


def test_a_string_given_as_the_offboarding_list_is_one_person_never_half_applied():
    # The argument spec converts it; the filter uses what it converted (one person), removals and report alike.
    out = _filter('offboarding_report')('erik@example.com', [MEMBERSHIP])
    assert [p['user'] for p in out['people']] == ['erik@example.com']
    assert out['removals'] == [{'workspace': 'w', 'user': 'u', 'state': 'absent'}]
