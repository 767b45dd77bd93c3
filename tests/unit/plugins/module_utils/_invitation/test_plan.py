# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_invitation/plan.py: the pure planner behind organization_invitation."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._invitation import plan as ip
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils import results

ROLES = [{'id': '00000000-0000-4000-8000-00000000000%d' % i, 'name': name} for i, name in enumerate(('owner', 'admin', 'member'))]
MEMBER = ROLES[2]


def params(**kw):
    base = {'email': None, 'org_role': 'member', 'first_name': None, 'last_name': None, 'title': None, 'invitations': None}
    base.update(kw)
    return base


def enrollment(email, status, sent='2026-11-01T00:00:00Z', enrollment_id=None):
    return {'enrollment_id': enrollment_id or 'id-%s-%s-%s' % (email, status, sent), 'email': email, 'status': status, 'sent_at': sent}


def one(state='present', users=(), enrollments=(), **item):
    item = dict({'email': 'new@example.com'}, **item)
    [entry] = ip.plan(ip.requested(params(**item)), state, set(users), list(enrollments), ROLES)
    return entry


# -- requested() ---------------------------------------------------------------

def test_email_mode_is_one_item_with_no_label():
    assert ip.requested(params(email=' new@example.com ', first_name='Nora', title=' ')) == [
        {'label': '', 'email': 'new@example.com', 'org_role': 'member', 'first_name': 'Nora', 'last_name': None, 'title': None}]


def test_list_items_take_the_task_role_unless_they_name_their_own():
    items = ip.requested(params(org_role='admin', invitations=[{'email': 'a@example.com'}, {'email': 'b@example.com', 'org_role': 'owner'}]))
    assert [(i['label'], i['org_role']) for i in items] == [('invitations[0]', 'admin'), ('invitations[1]', 'owner')]


def test_no_org_role_at_all_means_member():
    assert ip.requested(params(org_role=None, email='a@example.com'))[0]['org_role'] == 'member'


@pytest.mark.parametrize('invitations, message', [
    ([{'email': 'a@example.com'}, {'email': None}], 'invitations[1]: no email given'),
    ([{'email': 'a@example.com'}, {'email': 'Bob Smith'}], "invitations[1]: 'Bob Smith' is not an e-mail address"),
    ([{'email': 'a@example.com'}, {'email': 'a@b@example.com'}], "invitations[1]: 'a@b@example.com' is not an e-mail"),
    ([{'email': 'a@example.com'}, {'email': 'b@example.com'}, {'email': 'A@Example.com'}],
     "invitations[2]: e-mail 'A@Example.com' is listed twice (invitations[0] and invitations[2])"),
])
def test_bad_items_are_named(invitations, message):
    with pytest.raises(InputError) as caught:
        ip.requested(params(invitations=invitations))
    assert message in str(caught.value)


def test_the_params_are_not_modified():
    items = [{'email': ' a@example.com '}]
    ip.requested(params(invitations=items))
    assert items == [{'email': ' a@example.com '}]


# -- resolve_role() --------------------------------------------------------------

def test_a_role_by_name_in_any_case_or_by_uuid_in_any_case():
    assert ip.resolve_role(ROLES, 'Member', 'x') == MEMBER
    assert ip.resolve_role(ROLES, MEMBER['id'].upper(), 'x') == MEMBER


def test_an_unknown_role_suggests_and_lists():
    with pytest.raises(InputError, match=r"^invitations\[4\]: organization role 'admn' not found; did you mean: admin; "
                                         r"available: admin, member, owner$"):
        ip.resolve_role(ROLES, 'admn', 'invitations[4]')


def test_an_unknown_role_uuid_is_not_found():
    with pytest.raises(InputError, match="organization role '00000000-0000-4000-8000-0000000000ff' not found; available"):
        ip.resolve_role(ROLES, '00000000-0000-4000-8000-0000000000ff', 'invitations[0]')


@pytest.mark.parametrize('email, org_role, expected', [
    (' ', 'member', r"^no email given: give the e-mail address of the person to invite$"),
    ('Nora Hire', 'member', r"^'Nora Hire' is not an e-mail address \(name@example.com\)$"),
    ('new@example.com', 'membr', r"^organization role 'membr' not found; did you mean: member; available: admin, member, owner$"),
])
def test_the_one_item_of_email_mode_needs_no_prefix(email, org_role, expected):
    # no "the task:" prefix: it would name nothing the user wrote
    with pytest.raises(InputError, match=expected):
        ip.plan(ip.requested(params(email=email, org_role=org_role)), 'present', set(), [], ROLES)


def test_an_ambiguous_role_name_asks_for_the_uuid():
    with pytest.raises(InputError, match='ambiguous'):
        ip.resolve_role(ROLES + [{'id': 'x', 'name': 'MEMBER'}], 'member', '')


# -- plan() ------------------------------------------------------------------------

def test_nobody_and_nothing_means_a_new_invitation():
    entry = one()
    assert (entry.action, entry.status_before, entry.status_after, entry.enrollment_id, entry.role) == (
        ip.INVITED, None, 'PENDING', None, MEMBER)


def test_an_existing_user_in_any_case_needs_nothing():
    entry = one(users={'new@example.com'}, email='New@Example.COM')
    assert entry.action is None and entry.user_exists is True


def test_a_pending_invitation_needs_nothing():
    entry = one(enrollments=[enrollment('NEW@example.com', 'PENDING', enrollment_id='e1')])
    assert (entry.action, entry.status_after, entry.enrollment_id) == (None, 'PENDING', 'e1')


def test_an_expired_invitation_is_resent():
    entry = one(enrollments=[enrollment('new@example.com', 'EXPIRED', enrollment_id='e1')])
    assert (entry.action, entry.status_before, entry.status_after, entry.enrollment_id) == (ip.RESENT, 'EXPIRED', 'PENDING', 'e1')


@pytest.mark.parametrize('status', ['CANCELLED', 'ACCEPTED'])
def test_a_cancelled_or_accepted_by_a_user_who_is_gone_means_a_new_invitation(status):
    entry = one(enrollments=[enrollment('new@example.com', status, enrollment_id='e1')])
    assert (entry.action, entry.status_before, entry.enrollment_id) == (ip.INVITED, status, None)


def test_a_pending_invitation_wins_over_a_later_expired_one():
    entry = one(enrollments=[enrollment('new@example.com', 'PENDING', '2026-01-01T00:00:00Z', 'old'),
                             enrollment('new@example.com', 'EXPIRED', '2026-06-01T00:00:00Z', 'new')])
    assert entry.action is None and entry.enrollment_id == 'old'


def test_the_latest_invitation_decides_otherwise():
    entry = one(enrollments=[enrollment('new@example.com', 'EXPIRED', '2026-06-01T00:00:00Z', 'later'),
                             enrollment('new@example.com', 'CANCELLED', '2026-01-01T00:00:00Z', 'earlier')])
    assert entry.action == ip.RESENT and entry.enrollment_id == 'later'


def test_absent_cancels_only_a_pending_invitation():
    assert one('absent', enrollments=[enrollment('new@example.com', 'PENDING', enrollment_id='e1')]).action == ip.CANCELLED
    for status in ('EXPIRED', 'CANCELLED', 'ACCEPTED'):
        assert one('absent', enrollments=[enrollment('new@example.com', status)]).action is None
    assert one('absent', users={'new@example.com'}).action is None


def test_absent_needs_no_roles():
    wanted = ip.requested(params(email='new@example.com', org_role='no such role'))
    assert ip.plan(wanted, 'absent', set(), [], None)[0].action is None


def test_a_bad_role_late_in_the_list_fails_the_whole_plan():
    wanted = ip.requested(params(invitations=[{'email': 'a@example.com'}, {'email': 'b@example.com', 'org_role': 'boss'}]))
    with pytest.raises(InputError, match=r"invitations\[1\]: organization role 'boss' not found"):
        ip.plan(wanted, 'present', set(), [], ROLES)


# -- likely typos (similar_users) ----------------------------------------------------

USERS = {'dana.kowalski@example.com', 'nina.larsen@example.com', 'nora.hirsch@example.com', 'ab@example.com'}


@pytest.mark.parametrize('email, similar', [
    ('dana.kowalsky@example.com', ['dana.kowalski@example.com']),   # a letter changed
    ('Dana.Kowalki@Example.com', ['dana.kowalski@example.com']),    # a letter dropped, any case
    ('dana.kowlaskii@example.com', ['dana.kowalski@example.com']),  # two neighbours swapped, a letter added
    ('dana.kowalski@exmaple.com', ['dana.kowalski@example.com']),   # in the domain too
    ('nora.hire@example.com', []),      # three edits from nora.hirsch: a new person, not a typo
    ('new.hire@example.com', []),       # same domain, nothing alike: no unrelated suggestion
    ('dana.kowalski@example.com', []),  # the user themself is no suggestion
])
def test_likely_typos_are_at_most_two_edits(email, similar):
    assert ip.likely_typos(email, USERS) == similar


def test_likely_typos_are_the_closest_first_and_at_most_three():
    users = {'a%d@example.com' % i for i in range(9)} | {'a77@example.com', 'b@example.com'}
    assert ip.likely_typos('a7@example.com', users) == ['a0@example.com', 'a1@example.com', 'a2@example.com']
    assert ip.likely_typos('a77@example.co', users) == ['a77@example.com', 'a7@example.com']


def test_a_plan_entry_names_similar_users_only_when_nobody_has_the_email():
    assert one(email='dana.kowalsky@example.com', users=USERS).similar_users == ('dana.kowalski@example.com',)
    assert one(email='DANA.kowalski@example.com', users=USERS).similar_users == ()
    assert one(email='dana.kowalsky@example.com', users=USERS, state='absent').similar_users == ('dana.kowalski@example.com',)


# -- what the module returns ---------------------------------------------------------

def test_action_invitation_and_diff():
    entry = one(enrollments=[enrollment('new@example.com', 'EXPIRED', enrollment_id='e1')])
    assert results.invitation_action(entry) == {
        'email': 'new@example.com', 'action': 'resent', 'enrollment_id': 'e1', 'org_role': 'member',
        'status_before': 'EXPIRED', 'status_after': 'PENDING'}
    assert results.invitation_row(entry) == {
        'email': 'new@example.com', 'enrollment_id': 'e1', 'status': 'PENDING', 'user_exists': False, 'similar_users': []}
    assert results.invitation_diff([entry]) == {
        'before': {'new@example.com': {'status': 'EXPIRED', 'user_exists': False}},
        'after': {'new@example.com': {'status': 'PENDING', 'user_exists': False}}}


def test_an_internationalized_domain_is_compared_and_sent_in_its_idna_form():
    [item] = ip.requested(params(email=' jan@Bücher.example '))
    assert item['email'] == 'jan@xn--bcher-kva.example'
    assert one(email='jan@bücher.example', users={'jan@xn--bcher-kva.example'}).action is None  # that user exists


def test_an_address_the_grammar_refuses_is_named():
    with pytest.raises(InputError, match=r"^invitations\[1\]: '" + 'a' * 65 + "@example.com' has a local part of 65 octets"):
        ip.requested(params(invitations=[{'email': 'ok@example.com'}, {'email': 'a' * 65 + '@example.com'}]))
