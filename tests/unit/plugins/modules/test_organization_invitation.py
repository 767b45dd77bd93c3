# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.organization_invitation: its main() run in-process against the emulator app.

Each test starts from the demo organization (tests/emulator/seed.py) and
asserts the emulator's state, the request log (writes sent or not) and the
module's result as Ansible gets it.
"""

import pytest

MODULE = 'organization_invitation'
NEW = 'nora.hire@example.com'
ALICE = 'alice.martin@example.com'
ENROLLMENTS = '/organizations/enrollments'


@pytest.fixture
def invite(run_module):
    """invite(args, check=False, diff=False, token='admin'): one run of the module."""
    return lambda args, **kw: run_module(MODULE, args, **kw)


def ok(result):
    assert not result.get('failed') and result['rc'] == 0, result
    return result


def failed(result):
    assert result.get('failed') is True and result['rc'] == 1, result
    return result


def writes(tl_api):
    return [(r['method'], r['path']) for r in tl_api.requests()['requests'] if r['method'] in ('PUT', 'DELETE', 'POST', 'PATCH')]


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
    assert first['invitations'] == [{'email': NEW, 'enrollment_id': made['enrollmentId'], 'status': 'PENDING', 'user_exists': False}]
    tl_api.clear_requests()
    second = ok(invite({'email': NEW.upper()}))
    assert second['changed'] is False and second['actions'] == [] and writes(tl_api) == []
    assert second['invitations'][0]['status'] == 'PENDING'
    assert len(enrollments(tl_api, NEW)) == 1
