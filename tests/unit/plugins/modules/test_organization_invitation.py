# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.organization_invitation: its main() run in-process against the emulator app.

Each test starts from the demo organization (tests/emulator/seed.py) and
asserts the emulator's state, the request log (writes sent or not) and the
module's result as Ansible gets it.
"""

import pytest
from helpers.api import failed, ok, writes

from helpers.inprocess import BOTH_MODES

pytestmark = BOTH_MODES  # every test reads users and enrollments: lenient and strict emulator
MODULE = 'organization_invitation'
NEW = 'nora.hire@example.com'
ALICE = 'alice.martin@example.com'
ENROLLMENTS = '/organizations/enrollments'


@pytest.fixture
def invite(run_module):
    """invite(args, check=False, diff=False, token='admin'): one run of the module."""
    return lambda args, **kw: run_module(MODULE, args, **kw)


def reads_ok(tl_api):
    """['ok', ...] for the reads of the users before the first write: one page of 40 users, or, in strict mode,
    the page at size 1000 refused and then two pages of 20."""
    return ['ok'] * (3 if tl_api.emulator.strict else 1)


def enrollments(tl_api, email=None):
    """The emulator's enrollments (of EMAIL), as its state holds them."""
    return [e for e in tl_api.state()['enrollments'] if email is None or e['email'].lower() == email.lower()]


def test_present_twice_sends_one_post(tl_api, invite):
    first = ok(invite({'email': NEW, 'first_name': 'Nora', 'last_name': 'Hire', 'title': 'Risk Analyst'}))
    assert first['changed'] is True
    assert writes(tl_api) == [('POST', ENROLLMENTS)]
    [made] = enrollments(tl_api, NEW)
    assert (made['status'], made['firstName'], made['lastName'], made['title']) == ('PENDING', 'Nora', 'Hire', 'Risk Analyst')
    assert first['actions'] == [{'email': NEW, 'action': 'invited', 'enrollment_id': made['enrollmentId'], 'org_role': 'member',
                                 'status_before': None, 'status_after': 'PENDING'}]
    assert first['invitations'] == [{'email': NEW, 'enrollment_id': made['enrollmentId'], 'status': 'PENDING', 'user_exists': False,
                                     'similar_users': []}]
    tl_api.clear_requests()
    second = ok(invite({'email': NEW.upper()}))
    assert second['changed'] is False and second['actions'] == [] and writes(tl_api) == []
    assert second['invitations'][0]['status'] == 'PENDING'
    assert len(enrollments(tl_api, NEW)) == 1


def test_an_existing_user_sends_nothing(tl_api, invite):
    result = ok(invite({'email': ' Alice.Martin@Example.com '}))
    assert result['changed'] is False and writes(tl_api) == []
    assert result['invitations'] == [{'email': 'Alice.Martin@Example.com', 'enrollment_id': None, 'status': None, 'user_exists': True,
                                     'similar_users': []}]


def test_expired_is_resent_once(tl_api, invite):
    ok(invite({'email': NEW}))
    tl_api.call('POST', '/enrollments/%s/expire' % NEW)
    [expired] = enrollments(tl_api, NEW)
    tl_api.clear_requests()
    result = ok(invite({'email': NEW}))
    assert writes(tl_api) == [('POST', '%s/%s/resend' % (ENROLLMENTS, expired['enrollmentId']))]
    assert result['actions'] == [{'email': NEW, 'action': 'resent', 'enrollment_id': expired['enrollmentId'], 'org_role': 'member',
                                  'status_before': 'EXPIRED', 'status_after': 'PENDING'}]
    [resent] = enrollments(tl_api, NEW)
    assert resent['status'] == 'PENDING' and resent['lastInvitationSentAt'] > expired['lastInvitationSentAt']
    tl_api.clear_requests()
    assert ok(invite({'email': NEW}))['changed'] is False and writes(tl_api) == []


def test_absent_cancels_a_pending_invitation_and_then_does_nothing(tl_api, invite):
    ok(invite({'email': NEW}))
    [pending] = enrollments(tl_api, NEW)
    tl_api.clear_requests()
    result = ok(invite({'email': NEW, 'state': 'absent'}))
    assert writes(tl_api) == [('POST', '%s/%s/cancel' % (ENROLLMENTS, pending['enrollmentId']))]
    assert result['actions'][0]['action'] == 'cancelled' and result['invitations'][0]['status'] == 'CANCELLED'
    assert enrollments(tl_api, NEW)[0]['status'] == 'CANCELLED'
    tl_api.clear_requests()
    again = ok(invite({'email': NEW, 'state': 'absent'}))
    assert again['changed'] is False and writes(tl_api) == []


def test_absent_never_touches_an_existing_user(tl_api, invite):
    before = tl_api.state()['users']
    result = ok(invite({'email': ALICE, 'state': 'absent'}))
    assert result['changed'] is False and writes(tl_api) == [] and tl_api.state()['users'] == before
    assert result['invitations'][0]['user_exists'] is True


def test_a_cancelled_invitation_is_replaced_by_a_new_one(tl_api, invite):
    ok(invite({'email': NEW}))
    ok(invite({'email': NEW, 'state': 'absent'}))
    tl_api.clear_requests()
    result = ok(invite({'email': NEW, 'org_role': 'Admin'}))
    assert writes(tl_api) == [('POST', ENROLLMENTS)]
    assert result['actions'][0]['status_before'] == 'CANCELLED' and result['actions'][0]['org_role'] == 'admin'
    assert [e['status'] for e in enrollments(tl_api, NEW)] == ['CANCELLED', 'PENDING']


def test_an_accepted_invitation_makes_a_user_and_the_next_run_sends_nothing(tl_api, invite):
    ok(invite({'email': NEW, 'org_role': 'admin'}))
    accepted = tl_api.call('POST', '/enrollments/%s/accept' % NEW)
    assert accepted['user']['organizationRole'] == 'admin'
    tl_api.clear_requests()
    result = ok(invite({'email': NEW}))
    assert result['changed'] is False and writes(tl_api) == []
    assert result['invitations'][0]['status'] == 'ACCEPTED' and result['invitations'][0]['user_exists'] is True


def test_check_mode_sends_nothing_and_predicts_the_real_run(tl_api, invite):
    ok(invite({'email': 'old.hire@example.com'}))
    tl_api.call('POST', '/enrollments/old.hire@example.com/expire')
    args = {'invitations': [{'email': NEW}, {'email': 'old.hire@example.com'}, {'email': ALICE}]}
    tl_api.clear_requests()
    checked = ok(invite(args, check=True, diff=True))
    assert writes(tl_api) == []
    assert [e['status'] for e in enrollments(tl_api)] == ['EXPIRED']
    real = ok(invite(args, diff=True))
    assert len(writes(tl_api)) == 2
    assert checked['changed'] is real['changed'] is True
    assert checked['diff'] == real['diff']
    # the one difference: a new invitation's id is known only once it is made
    assert [dict(a, enrollment_id=None) if a['action'] == 'invited' else a for a in real['actions']] == checked['actions']
    assert [a['action'] for a in real['actions']] == ['invited', 'resent']
    assert [i['status'] for i in checked['invitations']] == [i['status'] for i in real['invitations']] == ['PENDING', 'PENDING', None]


def test_diff_shows_each_status_before_and_after(tl_api, invite):
    ok(invite({'email': 'gone.soon@example.com'}))
    result = ok(invite({'invitations': [{'email': NEW}, {'email': 'gone.soon@example.com'}, {'email': ALICE}],
                        'state': 'absent'}, diff=True))
    assert result['diff'] == {
        'before': {NEW: {'status': None, 'user_exists': False}, 'gone.soon@example.com': {'status': 'PENDING', 'user_exists': False},
                   ALICE: {'status': None, 'user_exists': True}},
        'after': {NEW: {'status': None, 'user_exists': False}, 'gone.soon@example.com': {'status': 'CANCELLED', 'user_exists': False},
                  ALICE: {'status': None, 'user_exists': True}},
    }
    assert 'diff' not in ok(invite({'email': NEW}))


def test_a_list_converges_in_one_run_with_one_post_per_new_person(tl_api, invite):
    people = [{'email': 'p%02d@example.com' % i, 'first_name': 'P%02d' % i} for i in range(25)]
    result = ok(invite({'invitations': people}))
    assert writes(tl_api) == [('POST', ENROLLMENTS)] * 25
    assert len(enrollments(tl_api)) == 25 and len(result['actions']) == 25
    tl_api.clear_requests()
    again = ok(invite({'invitations': people}))
    assert again['changed'] is False and writes(tl_api) == []
    # the enrollments list is paged (the emulator caps a page at 100): every page was read
    assert all(i['status'] == 'PENDING' for i in again['invitations'])


def test_every_page_of_enrollments_is_read(tl_api, invite):
    people = [{'email': 'p%03d@example.com' % i} for i in range(130)]
    ok(invite({'invitations': people}))
    tl_api.clear_requests()
    again = ok(invite({'invitations': people}))
    assert again['changed'] is False and writes(tl_api) == []
    pages = [r['query'].get('page') for r in tl_api.requests()['requests'] if r['path'] == ENROLLMENTS]
    # 100 a page (the emulator caps 1000); strict: 20 a page after the first listing was refused its size
    assert sorted(pages) == ([str(n) for n in range(7)] if tl_api.emulator.strict else ['0', '1'])


def test_an_empty_list_sends_nothing(tl_api, invite):
    result = ok(invite({'invitations': []}))
    assert result == dict(result, changed=False, actions=[], invitations=[])
    assert tl_api.requests()['counts']['total'] == 0


def test_the_org_role_is_sent_by_id(tl_api, invite):
    roles = dict((r['name'], r['id']) for r in tl_api.state()['organizationRoles'])
    ok(invite({'invitations': [{'email': NEW, 'org_role': roles['owner'].upper()}, {'email': 'x@example.com'}], 'org_role': 'ADMIN'}))
    assert [e['roleId'] for e in enrollments(tl_api)] == [roles['owner'], roles['admin']]


@pytest.mark.parametrize('args, expected', [
    ({'invitations': [{'email': NEW}, {'email': 'x@example.com'}, {'email': 'y@example.com', 'org_role': 'membr'}]},
     "invitations[2]: organization role 'membr' not found; did you mean: member; available: admin, member, owner"),
    ({'invitations': [{'email': NEW}, {'email': 'not-an-address'}]}, "invitations[1]: 'not-an-address' is not an e-mail address"),
    ({'invitations': [{'email': NEW}, {'email': NEW.upper()}]},
     "invitations[1]: e-mail '%s' is listed twice (invitations[0] and invitations[1])" % NEW.upper()),
    ({'email': ' '}, 'no email given'),
    ({'email': NEW, 'invitations': []}, 'mutually exclusive'),
    ({'invitations': [{'email': NEW}], 'first_name': 'Nora'}, 'mutually exclusive'),
    ({'org_role': 'member'}, 'one of the following is required: email, invitations'),
])
def test_bad_input_fails_naming_the_item_with_nothing_written(tl_api, invite, args, expected):
    result = failed(invite(args))
    assert expected in result['msg']
    assert writes(tl_api) == [] and enrollments(tl_api) == []


def test_without_the_users_scope_it_fails_with_nothing_written(tl_api, invite):
    result = failed(invite({'email': NEW}, token='access_manager'))
    assert 'HTTP 403' in result['msg'] and 'can_manage_users' in result['msg']
    assert writes(tl_api) == []


def test_a_create_whose_answer_was_lost_counts_as_done_and_is_not_doubled(tl_api, invite):
    # the create is applied, its answer lost (502); the client retries it, the API refuses the second (PENDING
    # exists) and the module finds the invitation made
    tl_api.set_faults(queue=['ok'] + reads_ok(tl_api) + ['ok', {'kind': 'lost_answer', 'status': 502}])
    result = ok(invite({'email': NEW}))
    assert [e['status'] for e in enrollments(tl_api, NEW)] == ['PENDING']
    assert result['actions'][0]['enrollment_id'] == enrollments(tl_api, NEW)[0]['enrollmentId']
    assert writes(tl_api) == [('POST', ENROLLMENTS), ('POST', ENROLLMENTS)]


def test_a_failed_write_reports_what_was_done(tl_api, invite):
    tl_api.set_faults(queue=['ok'] + reads_ok(tl_api) + ['ok', 'ok', 500])
    result = failed(invite({'invitations': [{'email': NEW}, {'email': 'x@example.com'}]}))
    assert [a['email'] for a in result['actions']] == [NEW] and result['failed_action']['email'] == 'x@example.com'
    assert result['changed'] is True and result['api_error']['status'] == 500


def test_a_cancel_whose_answer_was_lost_counts_as_done(tl_api, invite):
    ok(invite({'email': NEW}))
    # reads: users, PENDING enrollments; then the cancel is applied and its answer lost; the retry is refused (400)
    tl_api.set_faults(queue=reads_ok(tl_api) + ['ok', {'kind': 'lost_answer', 'status': 504}])
    tl_api.clear_requests()
    result = ok(invite({'email': NEW, 'state': 'absent'}))
    assert result['actions'][0]['action'] == 'cancelled' and enrollments(tl_api, NEW)[0]['status'] == 'CANCELLED'
    assert [w[1].rsplit('/', 1)[1] for w in writes(tl_api)] == ['cancel', 'cancel']


def walks(tl_api):
    """The paths read, one per listing (its first page answered): no query parameter but page and size."""
    gets = [r for r in tl_api.requests()['requests'] if r['method'] == 'GET']
    assert all(set(r['query']) <= {'page', 'size'} for r in gets)
    return [r['path'] for r in gets if r['status'] == 200 and r['query'].get('page', '0') == '0']


def test_one_run_reads_each_list_once(tl_api, invite):
    people = [{'email': 'p%02d@example.com' % i} for i in range(5)] + [{'email': ALICE}]
    ok(invite({'invitations': people}))
    assert walks(tl_api) == ['/organizations/roles', '/organizations/users', ENROLLMENTS]
    tl_api.clear_requests()
    ok(invite({'invitations': people, 'state': 'absent'}))
    assert walks(tl_api) == ['/organizations/users', ENROLLMENTS]  # no roles needed to cancel
    assert len([w for w in writes(tl_api) if w[1].endswith('/cancel')]) == 5
