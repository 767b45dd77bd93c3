# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan-wide rules as ids, and the words of a refusal (plugins/module_utils/_membership/rules.py), against the tl_api."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._membership import rules
from ansible_collections.transactionlink.access.plugins.module_utils._membership.records import Item
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

from helpers.api import directory_for
from emulator import seed

ALICE, DANA = 'alice.martin@example.com', 'dana.kowalski@example.com'


def entry(label, user=None, team=None, role='Viewer'):
    return (Item(label, 'Risk', user, role, team=team), None)


def test_a_team_item_reaches_each_user_of_its_team_once(tl_api):
    directory = directory_for(tl_api)
    ws = directory.workspace('Risk')
    found = rules.reached(directory, ws, [entry('members[0]', team='ops'), entry('members[1]', user=DANA)],
                          {'ops': [ALICE, ALICE.upper(), seed.user_id(DANA)]})
    assert [(e[0].label, user_id, ref) for e, user_id, ref in found] == [
        ('members[0]', seed.user_id(ALICE), ALICE), ('members[0]', seed.user_id(DANA), seed.user_id(DANA)),
        ('members[1]', seed.user_id(DANA), DANA)]


@pytest.mark.parametrize('entries, teams, message', [
    ([entry('members[0]', user=ALICE), entry('members[1]', user=ALICE.upper())], {},
     "members[1]: user '%s' is listed twice for workspace 'Risk' (members[0] and members[1])" % ALICE.upper()),
    ([entry('members[0]', team='ops'), entry('members[1]', team='ops')], {'ops': [ALICE]},
     "members[1]: team 'ops' is listed twice for workspace 'Risk' (members[0] and members[1])"),
    ([entry('members[0]', team='opz')], {'ops': [ALICE]}, "members[0]: team 'opz' is not defined in teams; defined: ops"),
    ([entry('members[0]', team='ops')], {'ops': ['nobody@example.com']}, "members[0]: team 'ops': user 'nobody@example.com'"),
])
def test_what_cannot_be_reached_is_refused_naming_the_items(tl_api, entries, teams, message):
    directory = directory_for(tl_api)
    with pytest.raises(InputError) as refused:
        rules.reached(directory, directory.workspace('Risk'), entries, teams)
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
