# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_review: routing, the worksheets as issued, and reading them back (file and line in every problem)."""

import csv
import io

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._review import (
    memberships, outcomes, routing, start, worksheets)
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import Membership

HEADER = 'workspace,user,role,decision,comment\n'


def info(workspace, user, role, inherited=False, email=True):
    return {'workspace_id': 'w-' + workspace, 'workspace_name': workspace, 'user_id': 'u-' + user,
            'user_email': user if email else None, 'role_id': 'r-%s-%s' % (workspace, role), 'role_name': role,
            'inherited': inherited}


FOUND = [{'memberships': [info('Risk', 'erik@x', 'Viewer'), info('Risk', 'adam@x', 'Admin'),
                          info('Payments', 'fatima@x', 'Analyst'), info('Payments', 'adam@x', 'Admin', True),
                          info('Compliance', 'dana@x', 'Admin')]},
         {'memberships': [info('Risk', 'erik@x', 'Viewer')]},  # Risk named twice in the scope
         {'skipped': True}]


def direct_and_routed(reviewers=None, default='ciso@x'):
    records = memberships.read(FOUND)
    routed = routing.route(memberships.workspaces(records), reviewers or {'payments': 'carol@x'}, default)
    return [m for m in records if not m.inherited], routed


def sheet(*lines):
    return (HEADER + ''.join(line + '\n' for line in lines)).encode('utf-8')


def problems_of(returned, reviewers=None):
    direct, routed = direct_and_routed(reviewers)
    with pytest.raises(ValueError) as caught:
        outcomes.answers(direct, routed, returned)
    return str(caught.value).split('\n')[1:]


# -- reading what workspace_membership_info returned ------------------------------------------------------------------

def test_memberships_are_read_once_sorted_and_direct_wins_over_inherited():
    records = memberships.read(FOUND + [{'memberships': [info('Risk', 'erik@x', 'Viewer', inherited=True)]}])
    assert [(m.workspace, m.user, m.inherited) for m in records] == [
        ('Compliance', 'dana@x', False), ('Payments', 'adam@x', True), ('Payments', 'fatima@x', False),
        ('Risk', 'adam@x', False), ('Risk', 'erik@x', False)]


def test_a_workspace_that_could_not_be_read_fails_naming_it():
    with pytest.raises(ValueError, match=r'a workspace could not be read \(Ops\): no such workspace'):
        memberships.read([{'failed': True, 'item': 'Ops', 'msg': 'no such workspace'}])


# -- routing ---------------------------------------------------------------------------------------------------------

def test_each_workspace_goes_to_its_reviewer_by_name_or_uuid_in_any_case_the_rest_to_the_default():
    spaces = [('w-1', 'Risk'), ('w-2', 'Payments'), ('w-3', 'Compliance')]
    assert routing.route(spaces, {' RISK ': 'dana@x', 'W-2': 'carol@x'}, 'ciso@x') == {
        'w-1': 'dana@x', 'w-2': 'carol@x', 'w-3': 'ciso@x'}


@pytest.mark.parametrize('reviewers, default, needle', [
    ({'Ops': 'dana@x'}, 'ciso@x', r"reviewers: 'Ops' is not a reviewed workspace; the reviewed workspaces are Risk, Pay"),
    ({'Risk': 'dana@x', 'w-1': 'erik@x'}, 'ciso@x', "workspace .* is given two reviewers, 'dana@x' and 'erik@x'"),
    ({'Risk': '../dana'}, 'ciso@x', r"reviewers\['Risk'\]: the reviewer '../dana' is not a safe file name"),
    ({}, '.hidden', "default_reviewer: the reviewer '.hidden' is not a safe file name"),
    ({}, '-rf', "default_reviewer: the reviewer '-rf' is not a safe file name"),
    ({'Risk': 'a b'}, 'ciso@x', 'not a safe file name'),
    ({'Risk': 'Dana@x', 'Pay': 'dana@x'}, 'ciso@x', "reviewers 'Dana@x' and 'dana@x' differ only in case"),
])
def test_routing_refuses_what_would_lose_or_misplace_a_worksheet(reviewers, default, needle):
    with pytest.raises(ValueError, match=needle):
        routing.route([('w-1', 'Risk'), ('w-2', 'Pay')], reviewers, default)


def test_two_reviewed_workspaces_with_one_name_are_refused():
    with pytest.raises(ValueError, match="two reviewed workspaces are named 'risk'"):
        routing.check_unique_names([('w-1', 'Risk'), ('w-2', 'risk')])


# -- the worksheets as issued ----------------------------------------------------------------------------------------

def test_each_reviewer_gets_the_exact_header_and_their_sorted_direct_rows_only():
    out = start.files(FOUND, {'Payments': 'carol@x'}, 'ciso@x', started_at='2026-12-01T10:00:00Z')
    assert sorted(p for p in out['files'] if p.startswith('worksheets/')) == [
        'worksheets/carol@x.csv', 'worksheets/ciso@x.csv']
    assert out['files']['worksheets/carol@x.csv'] == HEADER + '"Payments","fatima@x","Analyst","",""\n'
    assert out['files']['worksheets/ciso@x.csv'] == HEADER + (
        '"Compliance","dana@x","Admin","",""\n"Risk","adam@x","Admin","",""\n"Risk","erik@x","Viewer","",""\n')
    assert out['order'][-1] == 'manifest.sha256'


def test_a_cell_that_a_spreadsheet_would_evaluate_is_issued_as_text_and_read_back_as_written():
    found = [info('=HYPERLINK("http://x")', '@evil', '+Admin'), info('-Ops', 'u\x00@x', 'Viewer')]
    text = start.files(found, started_at='2026-12-01T10:00:00Z')['files']['worksheets/unassigned.csv']
    cells = list(csv.reader(io.StringIO(text)))[1:]
    assert sorted(row[0] for row in cells) == ["'-Ops", "'=HYPERLINK(\"http://x\")"]
    assert sorted(row[1] for row in cells) == ["'@evil", 'u\ufffd@x'] and sorted(row[2] for row in cells) == ["'+Admin", 'Viewer']
    assert '\x00' not in text
    records = memberships.read(found)
    routed = dict((m.workspace_id, 'unassigned') for m in records)
    answered = text.replace('"",""\n', '"keep",""\n').replace("'@evil", '@evil')  # a spreadsheet may drop the '
    found_rows = outcomes.answers(records, routed, {'worksheets/unassigned.csv': answered.encode()})
    assert [a.decision for a in found_rows.values()] == ['keep', 'keep']


def test_a_user_whose_email_could_not_be_read_is_shown_by_uuid():
    text = start.files([info('Risk', 'erik@x', 'Viewer', email=False)], started_at='x')['files']['worksheets/unassigned.csv']
    assert text == HEADER + '"Risk","u-erik@x","Viewer","",""\n'


# -- decisions as reviewers write them -------------------------------------------------------------------------------

@pytest.mark.parametrize('cell, decision', [
    ('keep', 'keep'), ('KEEP', 'keep'), (' Revoke ', 'revoke'), ('re voke', 'revoke'), ('', ''), ('  ', ''),
    ('\tkeep\t', 'keep'), ('yes', None), ('revoked', None), ('0', None), ('keep revoke', None)])
def test_a_decision_is_keep_or_revoke_in_any_case_spaces_ignored(cell, decision):
    assert worksheets.decision_of(cell) == decision


def test_a_spreadsheet_s_bom_crlf_semicolons_and_blank_rows_are_read():
    direct, routed = direct_and_routed()
    text = '\ufeffworkspace;user;role;decision;comment\r\nRISK;Erik@X;viewer;Revoke;"left; for good"\r\n;;;;\r\n'
    found = outcomes.answers(direct, routed, {'worksheets/ciso@x.csv': text.encode('utf-8')})
    assert [(a.line, a.decision, a.comment) for a in found.values()] == [(2, 'revoke', 'left; for good')]


def test_line_numbers_count_the_header_as_line_1_and_a_multiline_comment_as_its_lines():
    returned = {'worksheets/ciso@x.csv': sheet('Risk,erik@x,Viewer,keep,"two\nlines"', 'Risk,adam@x,Admin,nope,')}
    assert problems_of(returned) == ["worksheets/ciso@x.csv line 4: the decision 'nope' (adam@x in Risk) is not keep, "
                                     "revoke or empty"]


def test_every_problem_is_named_by_file_and_line_all_at_once():
    returned = {
        'worksheets/ciso@x.csv': sheet('Risk,erik@x,Viewer,keep,', 'Payments,fatima@x,Analyst,revoke,',
                                       'risk,ERIK@x,viewer,revoke,', 'Risk,erik@x,Admin,keep,', 'Risk,nobody@x,Viewer,,',
                                       'Risk,adam@x,Admin,keep,,extra'),
        'worksheets/carol@x.csv': b'workspace,user,decision\n',
        'worksheets/stranger.csv': sheet(),
        'worksheets/bad.csv': b'\xff\xfe',
    }
    assert problems_of(returned) == [
        "worksheets/bad.csv: not a worksheet of this review (the worksheets are worksheets/carol@x.csv, "
        "worksheets/ciso@x.csv)",
        'worksheets/carol@x.csv line 1: the header must be workspace,user,role,decision,comment, found '
        'workspace,user,decision',
        'worksheets/ciso@x.csv line 3: fatima@x in Payments is reviewed in worksheets/carol@x.csv, not here (a moved row)',
        'worksheets/ciso@x.csv line 4: erik@x in Risk is already on line 2 (a duplicated row)',
        "worksheets/ciso@x.csv line 5: unknown row (risk, erik@x, admin): the snapshot has erik@x in Risk as 'Viewer', "
        "not 'admin'",
        'worksheets/ciso@x.csv line 6: unknown row (risk, nobody@x, viewer): no direct membership of the snapshot has '
        'this workspace and user',
        'worksheets/ciso@x.csv line 7: 6 cells, the worksheet has 5 columns (workspace,user,role,decision,comment)',
        'worksheets/stranger.csv: not a worksheet of this review (the worksheets are worksheets/carol@x.csv, '
        'worksheets/ciso@x.csv)',
    ]


def test_a_worksheet_that_is_not_utf8_is_named():
    direct, routed = direct_and_routed()
    data = sheet('Risk,erik@x,Viewer,keep,caf')[:-1] + b'\xe9\n'  # "CSV" of a Windows spreadsheet: cp1252
    with pytest.raises(ValueError, match=r'worksheets/ciso@x.csv: not UTF-8 text \(byte %d\); save it as "CSV UTF-8"'
                       % (len(data) - 2)):
        outcomes.answers(direct, routed, {'worksheets/ciso@x.csv': data})


def test_an_inherited_access_is_no_row_of_any_worksheet():
    problems = problems_of({'worksheets/ciso@x.csv': sheet('Payments,adam@x,Admin,revoke,')}, {'Payments': 'ciso@x'})
    assert problems == ['worksheets/ciso@x.csv line 2: unknown row (payments, adam@x, admin): no direct membership of '
                        'the snapshot has this workspace and user']


def test_a_missing_worksheet_and_a_missing_row_are_no_problem():
    direct, routed = direct_and_routed()
    assert outcomes.answers(direct, routed, {}) == {}
    found = outcomes.answers(direct, routed, {'worksheets/ciso@x.csv': sheet('Risk,erik@x,Viewer,keep,')})
    assert list(found) == [('w-Risk', 'u-erik@x')]


def test_a_membership_record_keys_by_uuid_and_by_what_people_write():
    m = Membership('Risk', 'w', 'Erik@X', 'u', 'Viewer', 'r')
    assert m.key == ('w', 'u') and m.row_key == ('risk', 'erik@x', 'viewer')
