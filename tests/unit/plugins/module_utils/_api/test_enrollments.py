# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""enrollments.EnrollmentApi over the real endpoint methods (endpoints.Endpoints) and a recording request()."""

from ansible_collections.transactionlink.access.plugins.module_utils._api.endpoints import Endpoints
from ansible_collections.transactionlink.access.plugins.module_utils._api.enrollments import EnrollmentApi, enrollment_item

ID = '0A1B2C3D-0000-4000-8000-000000000001'


class Recorder(Endpoints):
    """The client's endpoint methods over a request() that answers from PAGES {path: items} (one page each)."""

    def __init__(self, pages=None, answer=None):
        self.pages = pages or {}
        self.answer = answer
        self.calls = []

    def request(self, method, path, params=None, body=None, scope=None):
        if method == 'GET':
            extra = sorted((k, v) for k, v in (params or {}).items() if k not in ('page', 'size'))
            path += '?' + '&'.join('%s=%s' % item for item in extra) if extra else ''
            self.calls.append(('pages', path, scope))
            items = self.pages.get(path, [])
            return {'content': items, 'totalElements': len(items), 'totalPages': 1, 'size': 1000, 'number': 0}
        self.calls.append((method, path, body, scope))
        return self.answer


def item(status, enrollment_id=ID, email='n@example.com'):
    return {'enrollmentId': enrollment_id, 'email': email, 'status': status, 'lastInvitationSentAt': '2026-11-01T00:00:00Z'}


def test_statuses_are_filtered_on_the_client_without_an_undocumented_query_parameter():
    everything = [item('PENDING'), item('CANCELLED', ID.replace('1', '2')), item('EXPIRED', ID.replace('1', '3'))]
    client = Recorder({'/organizations/enrollments': everything})
    found = EnrollmentApi(client).enrollments(['PENDING', 'EXPIRED'])
    assert [e['status'] for e in found] == ['PENDING', 'EXPIRED'] and found[0]['enrollment_id'] == ID.lower()
    assert client.calls == [('pages', '/organizations/enrollments', 'can_manage_users')]  # one read, no status parameter


def test_no_filter_lists_every_status_once():
    client = Recorder({'/organizations/enrollments': [item('PENDING'), item('PENDING'), item('EXPIRED', ID.replace('1', '3'))]})
    assert [e['status'] for e in EnrollmentApi(client).enrollments()] == ['PENDING', 'EXPIRED']


def test_create_sends_only_the_fields_given():
    client = Recorder(answer=item('PENDING'))
    made = EnrollmentApi(client).create('n@example.com', 'role-1', first_name='Nora')
    assert client.calls == [('POST', '/organizations/enrollments', {'email': 'n@example.com', 'roleId': 'role-1', 'firstName': 'Nora'},
                             'can_manage_users')]
    assert made['status'] == 'PENDING'


def test_resend_and_cancel_put_the_id_in_the_path_and_accept_no_content():
    client = Recorder(answer=None)
    assert EnrollmentApi(client).resend('a/b') is None
    assert EnrollmentApi(client).cancel(ID) is None
    assert [c[1] for c in client.calls] == ['/organizations/enrollments/a%2Fb/resend', '/organizations/enrollments/%s/cancel' % ID]


def test_an_answer_that_is_no_enrollment_is_none():
    assert enrollment_item({'email': 'x'}) is None and enrollment_item([]) is None
    assert enrollment_item(item('pending'))['status'] == 'PENDING'
