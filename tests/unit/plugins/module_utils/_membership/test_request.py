# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one request grammar (plugins/module_utils/_membership/request.py), as the module and the converge pass use it."""

import datetime

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.transactionlink.access.plugins.module_utils._membership.records import Item, Rules
from ansible_collections.transactionlink.access.plugins.module_utils._membership.request import (
    MEMBER_SPEC, _options, collect, kind, parse_bool, parse_count, parse_item, parse_rules)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

ALICE = 'alice.martin@example.com'


def test_an_item_becomes_an_item_record_with_the_defaults_of_its_task():
    assert parse_item('members[0]', {'user_id': ALICE, 'role_id': 'Viewer'}, workspace='Risk') == Item(
        'members[0]', 'Risk', ALICE, 'Viewer', 'present')
    assert parse_item('members[1]', {'team': 'ops', 'state': 'absent', 'workspace': 'Payments', 'role': None}, 'Risk') == Item(
        'members[1]', 'Payments', None, None, 'absent', team='ops')
    assert parse_item('x', {'user': ALICE, 'role': 'Viewer', 'expires': datetime.date(2026, 12, 1)}).expires == '2026-12-01'


def test_an_option_and_its_alias_with_the_same_value_are_one_option():
    # The module always took this; the converge pass used to refuse it with its own grammar.
    assert parse_item('Risk: members[0]', {'user': ALICE, 'user_id': ALICE, 'role': 'Viewer'}).user == ALICE
    with pytest.raises(InputError, match=r'^members\[0\]: user and its alias user_id are both set, to different values'):
        parse_item('members[0]', {'user': ALICE, 'user_id': 'dana@example.com', 'role': 'Viewer'})


@pytest.mark.parametrize('raw, message', [
    ('dana', "members[0] must be a dict such as {user: alice@example.com, role: Viewer}, got the string 'dana'"),
    ({'user': ALICE, 'rol': 'Viewer'}, 'members[0]: unsupported option(s) rol; an item takes user or team'),
    ({'user': ALICE, 'role': 'Viewer', 'state': 'gone'}, 'members[0]: value of state must be one of: present, absent, got: gone'),
    ({'user': {'email': ALICE}, 'role': 'Viewer'}, 'members[0].user is of type dict'),
    ({'user': ALICE, 'team': 'ops', 'role': 'Viewer'}, 'members[0] gives both user and team (ops)'),
    ({'role': 'Viewer'}, 'members[0] has no user: give the user by e-mail or UUID, or a team'),
    ({'user': ' ', 'role': 'Viewer'}, 'members[0] has no user: give the user by e-mail or UUID'),
    ({'team': ' ', 'role': 'Viewer'}, 'members[0] has an empty team'),
    ({'user': ALICE}, 'members[0] (user %s) has state=present but no role' % ALICE),
])
def test_a_bad_item_is_refused_naming_it(raw, message):
    with pytest.raises(InputError) as refused:
        parse_item('members[0]', raw)
    assert str(refused.value).startswith(message), str(refused.value)


def test_rules_raise_the_first_problem_or_collect_every_one():
    assert parse_rules({'ops': [ALICE]}, ['Admin', ' Viewer '], None, ('Analyst',)) == Rules(
        teams={'ops': [ALICE]}, role_precedence=('Admin', 'Viewer'), exclusive_roles=('Analyst',))
    with pytest.raises(InputError, match=r'^role_precedence\[1\] is empty: give a role name or UUID$'):
        parse_rules(role_precedence=['Admin', ''])
    errors = []
    rules = parse_rules({'ops': ALICE, 'leads': [7]}, None, 'adam', None, errors=errors,
                        names={'protected_users': 'transactionlink_protected_users'}, used_teams={'ops'})
    assert errors == ["transactionlink_protected_users must be a list of users (e-mails or UUIDs), got the string 'adam'",
                      "teams: team 'ops' must be a list of users (e-mails or UUIDs), got the string %r" % ALICE]
    assert rules.protected_users == () and rules.teams == {}  # a bad option counts as not given (the pass fails anyway)


def test_collect_keeps_each_error_named_by_its_host_and_goes_on():
    errors = []
    assert collect(errors, 'Risk', parse_item, 'Risk: members[0]', {'role': 'Viewer'}) is None
    assert collect(errors, 'Risk', parse_rules, role_precedence='Admin') is None
    assert collect(errors, 'Risk', parse_item, 'Risk: members[1]', {'user': ALICE, 'role': 'Viewer'}).user == ALICE
    assert errors == ['Risk: members[0] has no user: give the user by e-mail or UUID, or a team',
                      "Risk: role_precedence must be a list of role names or UUIDs, got the string 'Admin'"]


@pytest.mark.parametrize('value, expected', [(True, True), ('yes', True), (' On ', True), ('0', False), ('', False), (False, False)])
def test_booleans_as_yaml_and_ansible_spell_them(value, expected):
    assert parse_bool(value) is expected


def test_counts_and_kinds():
    assert [parse_count(v) for v in (None, '', ' 3 ', 0, 12)] == [None, None, 3, 0, 12]
    for bad in (-1, True, '1.5', 2.0):
        with pytest.raises(ValueError, match='must be a whole number, 0 or more'):
            parse_count(bad)
    with pytest.raises(ValueError, match="must be true or false, got 'sometimes'"):
        parse_bool('sometimes')
    assert [kind('x' * 50), kind({}), kind(()), kind(3)] == ["the string '%s...'" % ('x' * 40), 'a dict', 'a list', 'a int']


@pytest.mark.parametrize('raw', [
    {'user': 'a@example.com', 'role': 'Viewer'},
    {'user_id': 'a@example.com', 'role_id': 'Viewer', 'workspace_id': 'Risk', 'state': 'present'},
    {'user': 'a@example.com', 'user_id': 'a@example.com', 'state': 'absent', 'expires': '2030-01-01'},
    {'team': 'ops', 'role': '', 'workspace': 'Risk'},
])
def test_an_item_reads_as_ansible_argument_spec_validation_reads_it(raw):
    validated = ArgumentSpecValidator(MEMBER_SPEC).validate(dict(raw)).validated_parameters
    assert _options('members[0]', raw) == {name: validated.get(name) for name in MEMBER_SPEC}
