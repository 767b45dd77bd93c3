# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan-wide rules as ids, and the words of a refusal (plugins/module_utils/_membership/rules.py), against the tl_api."""

import datetime

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._membership import rules
from ansible_collections.transactionlink.access.plugins.module_utils._membership.records import Item
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

from helpers.api import directory_for
from emulator import seed

ALICE, DANA = 'alice.martin@example.com', 'dana.kowalski@example.com'


NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)


def entry(label, user=None, team=None, role='Viewer', state='present'):
    return Item(label, 'Risk', user, role, state, team=team)


def reached(directory, items, teams, ends=None):
    ends = dict({item.label: None for item in items}, **(ends or {}))
    return rules.reached(directory, directory.workspace('Risk'), items, teams, ends, NOW, {})


def test_a_team_item_reaches_each_user_of_its_team_once_and_only_active_reaches_need_their_role(tl_api):
    found = reached(directory_for(tl_api), [entry('members[0]', team='ops'), entry('members[1]', user=DANA),
                                            entry('members[2]', user='erik.johansson@example.com')],
                    {'ops': [ALICE, ALICE.upper(), seed.user_id(DANA)]},
                    ends={'members[2]': datetime.datetime(2026, 11, 30, tzinfo=datetime.timezone.utc)})
    assert [(r.item.label, r.user_id, r.user, r.active) for r in found] == [
        ('members[0]', seed.user_id(ALICE), ALICE, True),
        ('members[0]', seed.user_id(DANA), seed.user_id(DANA), False),  # overruled by the direct item of members[1]
        ('members[1]', seed.user_id(DANA), DANA, True),
        ('members[2]', seed.user_id('erik.johansson@example.com'), 'erik.johansson@example.com', False)]  # expired


@pytest.mark.parametrize('entries, teams, message', [
    ([entry('members[0]', user=ALICE), entry('members[1]', user=ALICE.upper())], {},
     "members[1]: user '%s' is listed twice for workspace 'Risk' (members[0] and members[1])" % ALICE.upper()),
    ([entry('members[0]', team='ops'), entry('members[1]', team='ops')], {'ops': [ALICE]},
     "members[1]: team 'ops' is listed twice for workspace 'Risk' (members[0] and members[1])"),
    ([entry('members[0]', team='opz')], {'ops': [ALICE]}, "members[0]: team 'opz' is not defined in teams; defined: ops"),
    ([entry('members[0]', team='ops')], {'ops': ['nobody@example.com']}, "members[0]: team 'ops': user 'nobody@example.com'"),
])
def test_what_cannot_be_reached_is_refused_naming_the_items(tl_api, entries, teams, message):
    with pytest.raises(InputError) as refused:
        reached(directory_for(tl_api), entries, teams)
    assert str(refused.value).startswith(message), str(refused.value)


def test_exclusive_roles_are_each_workspaces_own_role_ids(tl_api):
    directory = directory_for(tl_api)
    workspaces = [directory.workspace('Risk'), directory.workspace('Payments')]
    found = rules.exclusive_role_ids(directory, workspaces, ['admin', seed.role_id('Risk', 'Viewer')])
    assert found == {workspaces[0]['id']: frozenset([seed.role_id('Risk', 'Admin'), seed.role_id('Risk', 'Viewer')]),
                     workspaces[1]['id']: frozenset([seed.role_id('Payments', 'Admin')])}
    with pytest.raises(InputError, match=r"^exclusive_roles\[0\]: role 'Boss' not found in workspace\(s\) Risk, Payments"):
        rules.exclusive_role_ids(directory, workspaces, ['Boss'])


def test_a_lookup_error_is_prefixed_by_the_label_of_its_item_but_not_for_the_single_user_task():
    def lookup(ref):
        raise InputError("user '%s' not found" % ref, result={'k': 1})

    with pytest.raises(InputError, match=r"^members\[3\]: user 'x' not found$") as refused:
        rules.labelled('members[3]', lookup, 'x')
    assert refused.value.result == {'k': 1}
    assert rules.prefixed(rules.SINGLE_USER, 'text') == 'text' and rules.prefixed('members[0]', 'text') == 'members[0]: text'


def test_the_words_of_the_converge_pass_refusals():
    item = Item('Risk: members[1]', 'Payments', DANA, state='absent')
    assert rules.out_of_scope(item, 'Payments', {'name': 'Risk'}) == (
        "Risk: members[1] (user %s) names workspace 'Payments', but transactionlink_desired_members may only change its "
        "own workspace 'Risk': nothing is written. Move the item to the variables of the host of 'Payments', or drop its "
        "workspace key" % DANA)
    assert rules.managed_twice('Risk', 'Risk', 'risk-again').startswith(
        "Risk: workspace 'Risk' is also managed by host(s) risk-again of this run")
    assert rules.nothing_left('Risk', 'tlp1-a', 'tlp1-b').startswith('Risk: the approved plan tlp1-a has nothing left to write')


def test_the_current_role_is_decided_once_so_an_unchanged_member_needs_no_role_list(tl_api):
    directory = directory_for(tl_api)
    viewer = {'id': seed.role_id('Risk', 'Viewer'), 'name': 'Viewer'}
    current = {seed.user_id(ALICE): viewer}
    items = [entry('members[0]', user=ALICE, role=viewer['id'].upper()), entry('members[1]', user=DANA, role='Viewer')]
    found = rules.reached(directory, directory.workspace('Risk'), items, {}, {'members[0]': None, 'members[1]': None}, NOW, current)
    assert [(r.kept_role, r.needs_role_list) for r in found] == [(viewer, False), (None, True)]
