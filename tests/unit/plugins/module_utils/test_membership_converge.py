# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge against the tl_api: plan everything first, then one write per change."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils.membership_converge import converge

from helpers.api import directory_for, sent
from emulator import seed

ALICE, DANA = 'alice.martin@example.com', 'dana.kowalski@example.com'


def item(workspace, user, role=None, state='present'):
    return {'workspace': workspace, 'user': user, 'role': role, 'state': state}


def writes(tl_api):
    return [s for s in sent(tl_api) if s[0] != 'GET']


def test_check_mode_plans_the_same_as_the_real_run_without_writing(tl_api):
    items = [item('Risk', ALICE, 'Viewer'), item('Risk', DANA, 'Admin'), item('Payments', DANA, state='absent')]
    predicted = converge(directory_for(tl_api), items, check_mode=True)
    assert writes(tl_api) == []
    real = converge(directory_for(tl_api), items)
    assert predicted == real and [a['action'] for a in real['actions']] == ['added', 'updated', 'removed']
    assert len(writes(tl_api)) == 3
    assert converge(directory_for(tl_api), items)['changed'] is False


def test_exclusive_with_an_empty_list_empties_only_the_named_workspace(tl_api):
    result = converge(directory_for(tl_api), [], exclusive=True, extra_workspaces=['Risk'])
    assert sorted(a['user_email'] for a in result['actions']) == ['adam.admin@example.com', DANA, 'erik.johansson@example.com']
    assert result['memberships'] == [] and [m for m in tl_api.state()['memberships'] if m['workspace'] == 'Risk'] == []
    assert any(m['workspace'] == 'Payments' for m in tl_api.state()['memberships'])


def test_a_failure_mid_way_reports_what_was_already_done(tl_api):
    ghost = '00000000-0000-4000-8000-000000000000'  # no such user; the token may not list users to notice first
    items = [item('Risk', seed.user_id(ALICE), 'Viewer'), item('Risk', ghost, 'Viewer')]
    with pytest.raises(TransactionLinkError) as info:
        converge(directory_for(tl_api, token='access_manager'), items)
    assert info.value.status == 404
    assert [(a['user_id'], a['action']) for a in info.value.completed] == [(seed.user_id(ALICE), 'added')]


def test_nothing_is_written_when_any_workspace_has_bad_input(tl_api):
    with pytest.raises(InputError):
        converge(directory_for(tl_api), [item('Risk', ALICE, 'Viewer'), item('Nowhere', DANA, 'Viewer')])
    assert writes(tl_api) == []


def test_retries_are_reported_and_the_run_converges(tl_api):
    tl_api.set_faults(queue=[{'status': 429, 'retry_after': 0}, 503, 502])
    directory = directory_for(tl_api)
    result = converge(directory, [item('Risk', ALICE, 'Viewer')])
    assert result['changed'] is True
    assert directory.client.retry_counts() == {'HTTP 429': 1, 'HTTP 503': 1, 'HTTP 502': 1}
    assert [m['role'] for m in tl_api.state()['memberships'] if m['email'] == ALICE] == ['Viewer']
