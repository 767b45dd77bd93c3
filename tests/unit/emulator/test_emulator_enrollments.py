# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's enrollments (invitations): the API routes, the admin routes that accept or expire one, persistence.

Every API answer is validated against tests/emulator/openapi.yaml by the ``api`` fixture.
"""

import json
import shutil

import pytest

from emulator import seed
from emulator.store import Store
from helpers.paths import REPO_ROOT

ENROLLMENTS = '/organizations/enrollments'
MEMBER = seed.organization_role_id('demo', 'member')
ADMIN = seed.organization_role_id('demo', 'admin')
UNKNOWN = '00000000-0000-4000-8000-000000000000'
NEW = 'nora.hire@example.com'


def invite(api, email=NEW, role=MEMBER, **fields):
    return api.call('POST', ENROLLMENTS, json=dict({'email': email, 'roleId': role}, **fields))


def post(api, enrollment_id, what, **kw):
    return api.call('POST', '%s/%s/%s' % (ENROLLMENTS, enrollment_id, what), **kw)


def test_create_and_list_without_a_status_filter(api):
    made = invite(api, firstName='Nora', lastName='Hire', title='Analyst')
    assert made.status_code == 200
    body = made.get_json()
    assert set(body) == {'enrollmentId', 'email', 'status', 'lastInvitationSentAt'} and body['status'] == 'PENDING'
    invite(api, 'second@example.com')
    post(api, body['enrollmentId'], 'cancel')
    everything = api.get(ENROLLMENTS).get_json()
    assert [(e['email'], e['status']) for e in everything['content']] == [(NEW, 'CANCELLED'), ('second@example.com', 'PENDING')]
    # Only page and size are documented: a status filter is ignored (every enrollment is listed).
    assert api.get(ENROLLMENTS + '?status=PENDING').get_json() == everything


def test_the_list_is_paged_zero_based_and_capped_at_100(api):
    for i in range(105):
        invite(api, 'p%03d@example.com' % i)
    first = api.get(ENROLLMENTS + '?size=1000').get_json()
    assert (len(first['content']), first['size'], first['totalPages'], first['totalElements']) == (100, 100, 2, 105)
    second = api.get(ENROLLMENTS + '?page=1&size=100').get_json()
    assert [e['email'] for e in second['content']] == ['p%03d@example.com' % i for i in range(100, 105)]
    assert api.get(ENROLLMENTS + '?page=6').get_json()['content'] == []  # 20 a page by default: 105 fill pages 0-5


def test_ids_are_the_same_in_every_run():
    assert Store().create_enrollment(NEW, MEMBER)['enrollmentId'] == Store().create_enrollment('other@example.com', MEMBER)['enrollmentId']


@pytest.mark.parametrize('body, words', [
    ({'email': NEW}, 'roleId is required'),
    ({'roleId': MEMBER}, 'email is required'),
    ({'email': 'nobody', 'roleId': MEMBER}, 'must be an e-mail address'),
    ({'email': NEW, 'roleId': 'member'}, 'roleId must be a UUID'),
    ({'email': NEW, 'roleId': seed.role_id('Risk', 'Viewer')}, 'is not an organization role'),
    ({'email': NEW, 'roleId': MEMBER, 'workspaces': []}, 'unknown field(s) in the body: workspaces'),
    ({'email': NEW, 'roleId': MEMBER, 'title': 3}, 'title must be a string'),
    ({'email': 'Alice.Martin@example.com', 'roleId': MEMBER}, 'a user with the e-mail Alice.Martin@example.com exists already'),
])
def test_create_refuses_bad_bodies(api, assert_error, body, words):
    assert_error(api.call('POST', ENROLLMENTS, json=body), 400, 'BAD_REQUEST', words)
    assert api.get(ENROLLMENTS).get_json()['content'] == []


def test_a_second_pending_invitation_for_an_e_mail_is_refused(api, assert_error):
    invite(api)
    assert_error(invite(api, NEW.upper()), 400, 'BAD_REQUEST', 'has a PENDING enrollment already')
    assert api.get(ENROLLMENTS).get_json()['totalElements'] == 1


def test_resend_and_cancel_follow_the_status(api, assert_error):
    enrollment = invite(api).get_json()
    resent = post(api, enrollment['enrollmentId'], 'resend').get_json()
    assert resent['status'] == 'PENDING' and resent['lastInvitationSentAt'] > enrollment['lastInvitationSentAt']
    api.client.post('/_emulator/enrollments/%s/expire' % enrollment['enrollmentId'])
    assert_error(post(api, enrollment['enrollmentId'], 'cancel'), 400, 'BAD_REQUEST', 'is EXPIRED: only a PENDING one can be cancelled')
    assert post(api, enrollment['enrollmentId'], 'resend').get_json()['status'] == 'PENDING'
    assert post(api, enrollment['enrollmentId'], 'cancel').get_json()['status'] == 'CANCELLED'
    assert_error(post(api, enrollment['enrollmentId'], 'resend'), 400, 'BAD_REQUEST', 'is CANCELLED: only a PENDING or EXPIRED')
    assert_error(post(api, UNKNOWN, 'cancel'), 404, 'NOT_FOUND', 'enrollment %s not found' % UNKNOWN)
    assert_error(post(api, 'bad', 'resend'), 400, 'BAD_REQUEST', 'enrollmentId must be a UUID')


@pytest.mark.parametrize('method, path', [
    ('GET', ENROLLMENTS), ('POST', ENROLLMENTS), ('POST', ENROLLMENTS + '/%s/resend' % UNKNOWN), ('POST', ENROLLMENTS + '/%s/cancel' % UNKNOWN)])
def test_every_enrollment_route_needs_can_manage_users(api, assert_error, method, path):
    assert_error(api.call(method, path, token='access_manager', json={'email': NEW, 'roleId': MEMBER}), 403, 'FORBIDDEN', 'can_manage_users')
    assert_error(api.call(method, path, token=None, json={'email': NEW, 'roleId': MEMBER}), 401, 'UNAUTHORIZED')


def test_strict_mode_refuses_the_undocumented_status_filter_and_a_size_over_100(api, assert_error):
    api.client.post('/_emulator/reset', json={'strict': True})
    assert_error(api.get(ENROLLMENTS + '?status=PENDING'), 400, 'BAD_REQUEST', 'undocumented query parameter(s) status')
    assert_error(api.get(ENROLLMENTS + '?size=101'), 400, 'BAD_REQUEST', 'size must be at most 100')
    assert api.get(ENROLLMENTS + '?page=0&size=100').status_code == 200


def test_an_enrollment_whose_invitation_was_never_sent_has_a_null_sent_time(api):
    made = api.client.post('/_emulator/enrollments', json={'email': NEW, 'status': 'EXPIRED'})
    assert made.status_code == 201
    listed = api.get(ENROLLMENTS).get_json()['content']  # validated: lastInvitationSentAt is nullable
    assert [(e['email'], e['status'], e['lastInvitationSentAt']) for e in listed] == [(NEW, 'EXPIRED', None)]
    assert api.client.post('/_emulator/enrollments', json={'email': NEW, 'status': 'LOST'}).status_code == 400


def test_accepting_makes_the_person_a_user_with_the_invited_role(api):
    invite(api, role=ADMIN, firstName='Nora', lastName='Hire', title='Analyst')
    answer = api.client.post('/_emulator/enrollments/%s/accept' % NEW.upper())
    assert answer.status_code == 200
    user = answer.get_json()['user']
    assert (user['id'], user['organizationRole']) == (seed.user_id(NEW), 'admin')
    served = api.get('/organizations/users/%s' % user['id']).get_json()
    assert (served['email'], served['roleId'], served['idpId']) == (NEW, ADMIN, None)
    assert served['profile'] == {'firstName': 'Nora', 'lastName': 'Hire', 'title': 'Analyst'}
    listed = [u['email'] for u in api.get('/organizations/users?size=100').get_json()['content']]
    assert NEW in listed and listed == sorted(listed, key=str.lower)  # in its place in the e-mail order
    assert api.get(ENROLLMENTS).get_json()['content'][0]['status'] == 'ACCEPTED'
    # an organization admin inherits every workspace
    inherited = api.get('/organizations/workspaces/%s/memberships' % seed.workspace_id('Payments')).get_json()
    assert user['id'] in [m['userId'] for m in inherited]
    assert api.client.post('/_emulator/enrollments/%s/accept' % NEW).status_code == 400  # not PENDING any more


def test_the_admin_routes_say_what_is_wrong(api):
    assert api.client.post('/_emulator/enrollments/nobody@example.com/expire').status_code == 404
    assert api.client.post('/_emulator/enrollments/%s/accept' % UNKNOWN).status_code == 404
    invite(api)
    assert api.client.post('/_emulator/enrollments/%s/expire' % NEW).get_json()['enrollment']['status'] == 'EXPIRED'
    assert api.client.post('/_emulator/enrollments/%s/expire' % NEW).status_code == 400


def test_enrollments_and_accepted_users_survive_a_crash_and_a_restart(tmp_path):
    path = str(tmp_path / 'state.json')
    store = Store(path)
    made = store.create_enrollment(NEW, MEMBER, 'Nora')
    store.create_enrollment('x@example.com', MEMBER)
    store.accept_enrollment(made['enrollmentId'])
    assert [c['op'] for c in (json.loads(line) for line in open(store.journal_path, encoding='utf-8'))] == [
        'enrollment', 'enrollment', 'user', 'enrollment']
    crashed = tmp_path / 'crashed'
    crashed.mkdir()
    shutil.copy(path, str(crashed / 'state.json'))
    shutil.copy(store.journal_path, str(crashed / 'state.json.journal'))
    reopened = Store.open(str(crashed / 'state.json'))
    assert [(e['email'], e['status']) for e in reopened.enrollments_page(0, 10)[0]] == [(NEW, 'ACCEPTED'), ('x@example.com', 'PENDING')]
    assert reopened.user(seed.user_id(NEW))['profile']['firstName'] == 'Nora'
    store.close()
    again = Store.open(path)
    assert again.counts()['users'] == 41 and again.enrollments_page(0, 10)[1] == 2


def test_a_state_file_from_before_enrollments_still_opens(tmp_path):
    path = tmp_path / 'state.json'
    state = seed.demo()
    path.write_text(json.dumps(state))
    assert 'enrollments' not in state
    assert Store.open(str(path)).enrollments_page(0, 10) == ([], 0)


def test_reset_drops_the_enrollments(api):
    invite(api)
    api.client.post('/_emulator/reset')
    assert api.get(ENROLLMENTS).get_json()['content'] == []


def test_the_emulator_serves_the_enrollment_paths_of_api_facts(app):
    """The collection's enrollment paths and method (plugins/module_utils/api_facts.py) are the emulator's."""
    import importlib.util
    import os
    repo = REPO_ROOT
    spec = importlib.util.spec_from_file_location('tl_api_facts', os.path.join(repo, 'plugins', 'module_utils', 'api_facts.py'))
    facts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(facts)
    served = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith('api.'):
            served.setdefault(rule.rule.replace('<enrollment_id>', '{enrollment_id}'), set()).update(rule.methods)
    assert 'GET' in served[facts.ORGANIZATION_ROLES] and 'GET' in served[facts.ENROLLMENTS]
    for path in (facts.ENROLLMENTS, facts.ENROLLMENT_RESEND, facts.ENROLLMENT_CANCEL):
        assert facts.ENROLLMENT_WRITE_METHOD in served[path], path
    assert facts.ENROLLMENT_STATUSES == ('PENDING', 'ACCEPTED', 'EXPIRED', 'CANCELLED')
