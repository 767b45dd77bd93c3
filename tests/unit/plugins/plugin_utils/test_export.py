# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Today's direct memberships as host_vars files (the export playbook's pure core and its filter)."""

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.transactionlink.access.plugins.filter.export_host_vars import export_host_vars
from ansible_collections.transactionlink.access.plugins.plugin_utils._export import host_vars_files, shown_url

WS, OTHER = '0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e', '1b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e'


def row(user_email, role, ws=WS, name='Risk', inherited=False, user_id='u-1'):
    return {'workspace_id': ws, 'workspace_name': name, 'user_id': user_id, 'user_email': user_email,
            'role_id': 'r', 'role_name': role, 'inherited': inherited}


def test_direct_members_sorted_by_e_mail_under_a_header():
    memberships = [row('zoe@example.com', 'Viewer'), row('Bob@example.com', 'Admin'), row('owner@example.com', 'Admin', inherited=True),
                   row(None, 'Analyst', user_id='9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d'), row('x@example.com', 'Viewer', ws=OTHER)]
    files = host_vars_files(memberships, {'Risk': WS.upper(), 'Empty': '2b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e'},
                            'https://api.example.com/', '2026-12-01T10:00:00Z', exclusive=True)
    lines = files['Risk'].splitlines()
    assert lines[:3] == ['---', '# Risk: the direct members of workspace Risk (%s) as they were,' % WS,
                         '# exported by transactionlink.access.export at 2026-12-01T10:00:00Z from https://api.example.com.']
    assert lines[4:] == ['transactionlink_desired_members:', '- {user: 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d, role: Analyst}',
                         '- {user: Bob@example.com, role: Admin}', '- {user: zoe@example.com, role: Viewer}',
                         'transactionlink_exclusive: true']
    assert yaml.safe_load(files['Empty']) == {'transactionlink_desired_members': [], 'transactionlink_exclusive': True}
    assert 'transactionlink_exclusive' not in host_vars_files([], {'Risk': WS}, 'u', 't')['Risk']


def test_what_comes_from_the_api_cannot_leave_its_comment_or_its_quotes():
    sneaky = 'Risk\ntransactionlink_exclusive: true\r# '
    files = host_vars_files([row('a@example.com', 'Read: "all" #1', name=sneaky)], {'Risk': WS}, 'https://api.example.com', 't')
    assert yaml.safe_load(files['Risk']) == {'transactionlink_desired_members': [{'user': 'a@example.com', 'role': 'Read: "all" #1'}]}
    assert len(files['Risk'].splitlines()) == 6


@pytest.mark.parametrize('url, shown', [
    ('https://user:secret@api.example.com:8443/v1/?token=abc#x', 'https://api.example.com:8443/v1'),
    ('http://127.0.0.1:9', 'http://127.0.0.1:9'),
    (None, 'an unknown API URL'),
])
def test_the_api_url_is_shown_without_credentials_or_query(url, shown):
    assert shown_url(url) == shown


def test_the_filter_refuses_what_is_not_the_info_module_s_list():
    with pytest.raises(AnsibleFilterError, match="export_host_vars: Elements value for option '_input' is of type (<class ')?str"):
        export_host_vars('Risk', {}, 'u', 't')
    with pytest.raises(AnsibleFilterError, match="export_host_vars: argument 'workspaces' is of type (<class ')?list"):
        export_host_vars([], ['Risk'], 'u', 't')
    with pytest.raises(AnsibleFilterError, match=r'memberships\[0\] has no role_name'):
        export_host_vars([row('a@example.com', None)], {'Risk': WS}, 'u', 't')
    with pytest.raises(AnsibleFilterError, match='export_host_vars: .*exclusive.* bool'):
        export_host_vars([], {'Risk': WS}, 'u', 't', exclusive='sometimes')
    with pytest.raises(AnsibleFilterError, match='export_host_vars: unknown argument exclusiv;'):
        export_host_vars([], {'Risk': WS}, 'u', 't', exclusiv=True)  # checked against DOCUMENTATION, as every filter


def test_teams_that_cover_members_exactly_are_folded():
    memberships = [row('a@example.com', 'Analyst', user_id='u-a'), row('b@example.com', 'Analyst', user_id='u-b'),
                   row('c@example.com', 'Viewer', user_id='u-c'), row('d@example.com', 'Admin', user_id='u-d')]
    teams = {'analysts': ['A@example.com', 'U-B'],  # by e-mail in any case, and by UUID: folded
             'mixed': ['c@example.com', 'd@example.com'],  # two roles: not folded
             'wider': ['d@example.com', 'x@example.com'],  # x is no member here: not folded
             'empty': [], 'viewers': ['c@example.com']}
    files = host_vars_files(memberships, {'Risk': WS}, 'u', 't', teams=teams)
    assert yaml.safe_load(files['Risk'])['transactionlink_desired_members'] == [
        {'team': 'analysts', 'role': 'Analyst'}, {'team': 'viewers', 'role': 'Viewer'}, {'user': 'd@example.com', 'role': 'Admin'}]
    assert '- {team: analysts, role: Analyst}' in files['Risk']
    assert yaml.safe_load(host_vars_files(memberships, {'Risk': WS}, 'u', 't')['Risk'])['transactionlink_desired_members'][0] == {
        'user': 'a@example.com', 'role': 'Analyst'}  # no teams: nothing folded
    with pytest.raises(AnsibleFilterError, match="export_host_vars: argument 'teams' is of type (<class ')?list"):
        export_host_vars([], {'Risk': WS}, 'u', 't', teams=['analysts'])


class Tagged(str):
    """A str subclass whose str() is itself, as ansible-core's unsafe text was before 2.19."""

    def __str__(self):  # pylint: disable=invalid-str-returned  # it is a str: the very object, as before 2.19
        return self


def test_text_of_a_str_subclass_is_written_as_plain_text():
    memberships = [row(Tagged('a@example.com'), Tagged('{{ 7*6 }}'), name=Tagged('Risk'))]
    text = host_vars_files(memberships, {Tagged('Risk'): WS}, Tagged('https://api.example.com'), Tagged('t'),
                           teams={Tagged('ops'): [Tagged('a@example.com')]})['Risk']
    assert yaml.safe_load(text)['transactionlink_desired_members'] == [{'team': 'ops', 'role': '{{ 7*6 }}'}]


@pytest.mark.parametrize('host, why', [
    ('../../etc', 'holds /'),
    ('..', 'not a file name'),
    ('', 'not a file name'),
    ('Risk/Payments', 'holds /'),
    ('<script>alert(1)</script>', 'holds / < >'),
    ('C:\\temp', 'holds : \\'),
    ('Risk\x00', 'holds a control character'),
    ('Risk\nteam', 'holds a control character'),
    ('R' * 252, 'longer than 251 bytes'),
    ('\u00e9' * 126, 'longer than 251 bytes'),  # 252 bytes in UTF-8
])
def test_a_host_name_that_is_no_file_name_refuses_the_whole_export(host, why):
    workspaces = {'Risk': WS, host: OTHER, 'Payments': '2b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e'}
    with pytest.raises(ValueError) as refused:
        host_vars_files([row('a@example.com', 'Viewer')], workspaces, 'u', 't')
    message = str(refused.value)
    assert message.startswith('1 workspace name(s) cannot be a file name host_vars/<name>.yml: ')
    assert '(workspace %r): %s' % (OTHER, why) in message
    assert 'Nothing was written' in message and '"hostname: id"' in message
    assert '\x00' not in message and '\n' not in message and len(message) < 600  # one line, never the whole long name


def test_names_that_are_file_names_are_written_as_they_are():
    hosts = ['Risk', 'Customer Support', 'R&D (EU) #2', '.hidden', '\u00c9quipe \u00e9t\u00e9', 'R' * 251,
             '0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e']
    files = host_vars_files([], dict((host, WS) for host in hosts), 'u', 't')
    assert sorted(files) == sorted(hosts)


def test_every_unsafe_host_is_named_in_one_refusal_through_the_filter():
    with pytest.raises(AnsibleFilterError) as refused:
        export_host_vars([], {'../../etc': WS, 'Risk': OTHER, 'a/b': OTHER}, 'u', 't')
    assert str(refused.value).startswith("export_host_vars: 2 workspace name(s) cannot be a file name host_vars/<name>.yml: "
                                         "'../../etc' (workspace '%s'): holds /; 'a/b' (workspace '%s'): holds /." % (WS, OTHER))
