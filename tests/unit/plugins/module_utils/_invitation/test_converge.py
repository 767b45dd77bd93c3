# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_invitation/converge.py over a stand-in client: the cases the emulator does not produce (a write that answers
no content, a failure that a re-read shows was not applied)."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._invitation import plan as ip
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.converge import converge

MEMBER = {'id': '00000000-0000-4000-8000-000000000003', 'name': 'member', 'organizationId': 'org'}
NEW_ID = '00000000-0000-4000-8000-0000000000e1'


class Api:
    """call()/get_all_pages() answering from a list of enrollments that the writes change."""

    def __init__(self, create_answers_nothing=False, fail=None):
        self.enrollments = []
        self.create_answers_nothing = create_answers_nothing
        self.fail = fail  # (path suffix, status): that write fails without being applied
        self.sent = []

    def list_users(self):
        return self.get_all_pages('/organizations/users')

    def get_all_pages(self, path, scope=None, params=None):
        if params:
            path += '?' + '&'.join('%s=%s' % item for item in sorted(params.items()))
        self.sent.append(('GET', path))
        if path.startswith('/organizations/users'):
            return [{'id': '00000000-0000-4000-8000-0000000000aa', 'email': 'alice@example.com'}]
        return [dict(e) for e in self.enrollments]

    def fetch(self, endpoint, params=None, body=None, **ids):
        """The client's one endpoint method (endpoints.Endpoints.fetch), over the two stand-ins below."""
        if endpoint.paged:
            return self.get_all_pages(endpoint.template, params=params)
        return self.call(endpoint.method, endpoint.template, body=body, **ids)

    def call(self, method, template, body=None, scope=None, **ids):
        path = template.format(**ids)
        self.sent.append((method, path))
        if method == 'GET':
            return [MEMBER]
        if self.fail and path.endswith(self.fail[0]):
            raise TransactionLinkError(method, path, self.fail[1])
        item = {'enrollmentId': NEW_ID, 'email': body['email'], 'status': 'PENDING', 'lastInvitationSentAt': '2026-12-01T00:00:00Z'}
        self.enrollments.append(item)
        return None if self.create_answers_nothing else item


def after_the_write(api):
    """What was sent after the first write (the enrollments are read unfiltered: only page and size are documented)."""
    first = [i for i, sent in enumerate(api.sent) if sent[0] == 'POST'][0]
    return api.sent[first + 1:]


def wanted(*emails):
    return ip.requested({'invitations': [{'email': e} for e in emails], 'org_role': 'member'})


def test_a_create_that_answers_no_content_gets_its_id_from_one_read():
    api = Api(create_answers_nothing=True)
    outcome = converge(api, wanted('new@example.com'), 'present')
    assert outcome['actions'][0]['enrollment_id'] == NEW_ID and outcome['invitations'][0]['enrollment_id'] == NEW_ID
    assert api.sent[-1] == ('GET', '/organizations/enrollments')  # unfiltered: only page and size are documented


def test_a_failure_not_applied_is_raised_with_what_was_done():
    api = Api(fail=('enrollments', 400))
    with pytest.raises(TransactionLinkError) as caught:
        converge(api, wanted('alice@example.com', 'new@example.com'), 'present')
    assert caught.value.completed == [] and caught.value.result['failed_action']['email'] == 'new@example.com'
    assert ('GET', '/organizations/enrollments') in after_the_write(api)  # it looked before giving up


def test_a_403_is_raised_without_a_second_look():
    api = Api(fail=('enrollments', 403))
    with pytest.raises(TransactionLinkError):
        converge(api, wanted('new@example.com'), 'present')
    assert ('GET', '/organizations/enrollments') not in after_the_write(api)


def test_check_mode_sends_no_write():
    api = Api()
    outcome = converge(api, wanted('new@example.com', 'alice@example.com'), 'present', check_mode=True)
    assert [m for m, p in api.sent if m != 'GET'] == [] and outcome['changed'] is True
    assert [i['user_exists'] for i in outcome['invitations']] == [False, True]
