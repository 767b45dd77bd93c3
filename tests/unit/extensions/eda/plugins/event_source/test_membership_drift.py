# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.membership_drift: its main() against the in-process emulator, with a recording queue.

The source is loaded by path as ansible-rulebook loads it; its client talks to
the emulator app in this process and its waits between polls are held by the
test (helpers.eda.Stepper), so each poll is one deterministic step.
"""

import asyncio
import contextlib
import logging

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from emulator import seed
from helpers import eda

ADMIN = seed.TOKENS['admin']


@pytest.fixture(scope='module')
def source(collection_tree):
    return eda.load(collection_tree, 'event_source', 'membership_drift')


@pytest.fixture
def hand(tl_api):
    return eda.Hand(TransactionLinkClient(tl_api.url, ADMIN, **tl_api.inject()))


def watch(source, tl_api, script, token=ADMIN, **args):
    """Run the source's main() with ARGS until SCRIPT(step, queue) is done; return what SCRIPT returns."""
    async def run():
        queue, stepper = eda.RecordingQueue(), eda.Stepper()
        given = dict({'api_url': tl_api.url, 'api_token': token, 'interval': 15, 'max_retries': 0}, **args)
        task = asyncio.ensure_future(source['main'](queue, given, wait=stepper, **tl_api.inject()))

        async def step():
            """Let the next poll run (the first call: the baseline) and return the events it put."""
            before = len(queue.events)
            if stepper.waits:
                stepper.next()
            await stepper.poll_ended(task)
            return queue.events[before:]

        try:
            return await script(step, stepper)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    return asyncio.run(run())


def drift(workspace, added=(), removed=(), changed=()):
    """The event the source puts for WORKSPACE of the demo organization (entries as (e-mail, role...) tuples)."""
    def entry(email, role):
        return {'user_id': seed.user_id(email), 'user': email, 'role': role}
    return {
        'transactionlink': {
            'type': 'membership_drift', 'workspace': workspace, 'workspace_id': seed.workspace_id(workspace),
            'added': [entry(*a) for a in added], 'removed': [entry(*r) for r in removed],
            'changed': [{'user_id': seed.user_id(email), 'user': email, 'role_before': before, 'role_after': after}
                        for email, before, after in changed],
        },
        'meta': {'hosts': workspace},
    }


def test_baseline_is_silent_then_one_event_per_changed_workspace(source, tl_api, hand):
    async def script(step, stepper):
        baseline = await step()
        hand.set('Customer Support', 'george.okafor@example.com', 'Viewer')
        hand.set('Payments', 'fatima.haddad@example.com', 'Admin')
        hand.remove('Payments', 'dana.kowalski@example.com')
        changes = await step()
        quiet = await step()
        return baseline, changes, quiet, stepper.waits

    baseline, changes, quiet, waits = watch(source, tl_api, script)
    assert baseline == []
    assert changes == [
        drift('Customer Support', added=[('george.okafor@example.com', 'Viewer')]),
        drift('Payments', removed=[('dana.kowalski@example.com', 'Viewer')],
              changed=[('fatima.haddad@example.com', 'Analyst', 'Admin')]),
    ]
    assert quiet == []  # nothing for unchanged workspaces, and a change is reported once
    assert waits == [15.0, 15.0, 15.0]


def test_a_poll_without_change_reads_the_list_and_each_member_list_once_and_no_user_page(source, tl_api, hand):
    workspaces = [seed.workspace_id(name) for name in seed.DEMO_WORKSPACES]

    async def script(step, stepper):
        await step()
        tl_api.clear_requests()
        await step()
        quiet = tl_api.sent()
        hand.set('Risk', 'alice.martin@example.com', 'Viewer')
        tl_api.clear_requests()
        await step()
        changed = tl_api.sent()
        hand.remove('Risk', 'alice.martin@example.com')
        tl_api.clear_requests()
        await step()
        return quiet, changed, tl_api.sent()

    quiet, changed, known = watch(source, tl_api, script)
    expected = [('GET', '/organizations/workspaces')] + [('GET', '/workspaces/%s/memberships' % w) for w in workspaces]
    assert sorted(quiet) == sorted(expected)
    assert sorted(r for r in changed if 'users' not in r[1]) == sorted(expected)
    pages = [r for r in changed if 'users' in r[1]]
    assert pages and set(pages) == {('GET', '/organizations/users')}  # a change needs the e-mails: the user pages
    assert sorted(known) == sorted(expected)  # the e-mail is known by now: no user page


def test_watches_only_the_workspaces_given_and_names_hosts_by_id_when_asked(source, tl_api, hand):
    async def script(step, stepper):
        await step()
        hand.set('Risk', 'alice.martin@example.com', 'Viewer')
        hand.set('Payments', 'alice.martin@example.com', 'Viewer')
        tl_api.clear_requests()
        return await step(), tl_api.sent()

    events, sent = watch(source, tl_api, script, workspaces=['payments', seed.workspace_id('Compliance').upper()],
                         hostname='id')
    assert [e['transactionlink']['workspace'] for e in events] == ['Payments']
    assert events[0]['meta'] == {'hosts': seed.workspace_id('Payments')}
    assert not any(seed.workspace_id('Risk') in path for _method, path in sent)


def test_faults_do_not_end_it_and_a_change_made_meanwhile_is_reported(source, tl_api, hand):
    async def script(step, stepper):
        await step()
        hand.set('Risk', 'alice.martin@example.com', 'Viewer')
        tl_api.set_faults(queue=[503])  # the workspace list: the whole poll fails
        failed_list = await step()
        tl_api.set_faults(queue=['ok', {'kind': 'reset'}, 'reset', 'reset'])  # three of the four member lists
        hand_made = await step()
        return failed_list, hand_made, await step(), list(stepper.waits)

    failed_list, partly, recovered, waits = watch(source, tl_api, script)
    assert failed_list == []
    events = partly + recovered
    assert [e['transactionlink']['workspace'] for e in events] == ['Risk']
    assert events[0]['transactionlink']['added'] == [
        {'user_id': seed.user_id('alice.martin@example.com'), 'user': 'alice.martin@example.com', 'role': 'Viewer'}]
    assert waits[0] == 15.0 and waits[1] == 30.0 and waits[-1] == 15.0  # backs off, then back to the interval


def test_a_change_is_not_lost_when_the_member_list_that_shows_it_fails(source, tl_api, hand):
    order = sorted(seed.DEMO_WORKSPACES, key=str.lower)

    async def script(step, stepper):
        await step()
        hand.set('Risk', 'alice.martin@example.com', 'Viewer')
        faults = ['ok'] + [503 if name == 'Risk' else 'ok' for name in order]
        tl_api.set_faults(queue=faults)
        missed = await step()
        return missed, await step()

    missed, later = watch(source, tl_api, script, concurrency=1)
    assert missed == []
    assert [e['transactionlink']['workspace'] for e in later] == ['Risk']


def test_retry_after_of_a_429_is_waited_and_the_poll_goes_through(source, tl_api, hand):
    async def script(step, stepper):
        await step()
        hand.set('Risk', 'alice.martin@example.com', 'Viewer')
        tl_api.set_faults(queue=[{'status': 429, 'retry_after': 7}])
        return await step(), list(tl_api.sleeps), list(stepper.waits)

    events, sleeps, waits = watch(source, tl_api, script, max_retries=2)
    assert sleeps == [7]
    assert [e['transactionlink']['workspace'] for e in events] == ['Risk']
    assert waits == [15.0, 15.0]  # no back-off: the poll went through


@pytest.mark.parametrize('token, status', [('tot_' + 'q' * 52, '401'), ('noscope', '403')])
def test_a_refused_token_ends_it_with_a_clear_message_without_the_token(source, tl_api, token, status):
    if token == 'noscope':
        token = tl_api.add_token('noscope', [])

    async def script(step, stepper):
        await step()

    with pytest.raises(source['DriftWatchError']) as raised:
        watch(source, tl_api, script, token=token)
    message = str(raised.value)
    assert 'GET /organizations/workspaces failed: HTTP ' + status in message
    assert ('Check api_token' if status == '401' else 'scope') in message
    assert token not in message and token[4:24] not in message


def test_a_member_list_of_an_undocumented_shape_ends_it_naming_the_workspace(source, tl_api):
    async def script(step, stepper):
        await step()
        tl_api.set_faults(wrong_shapes=['memberships_without_user_id'])
        await step()

    with pytest.raises(source['DriftWatchError'], match=r"workspace 'Compliance': GET /workspaces/.*unexpected answer"):
        watch(source, tl_api, script)


@pytest.mark.parametrize('args, message', [
    ({'interval': 0}, 'interval must be a number of seconds, 1 or more, got 0'),
    ({'interval': 'soon'}, "interval must be a number of seconds, 1 or more, got 'soon'"),
    ({'workspaces': [1]}, 'workspaces must be a list of workspace names or UUIDs'),
    ({'hostname': 'uuid'}, "hostname must be 'name' or 'id'"),
    ({'intervall': 5}, 'unknown argument(s) intervall; valid: api_token, api_url'),
    ({'timeout': 0}, 'timeout must be a whole number of seconds from 1 to 3600, got 0'),
    ({'api_url': 'http://api.example.com'}, 'plain http to a host that is not loopback'),
    ({'workspaces': ['Treasury']}, "workspaces: workspace 'Treasury' not found"),
])
def test_bad_arguments_end_it_before_any_write_naming_the_argument(source, tl_api, args, message):
    async def script(step, stepper):
        await step()

    with pytest.raises(source['DriftWatchError']) as raised:
        watch(source, tl_api, script, **args)
    assert message in str(raised.value)
    assert tl_api.writes() == 0


def test_connection_options_fall_back_to_the_environment(source, tl_api, monkeypatch, hand):
    monkeypatch.setenv('TRANSACTIONLINK_API_URL', tl_api.url)
    monkeypatch.setenv('TRANSACTIONLINK_API_TOKEN', ADMIN)
    monkeypatch.setenv('TRANSACTIONLINK_CONCURRENCY', '')  # empty: not set

    async def script(step, stepper):
        await step()
        hand.remove('Risk', 'erik.johansson@example.com')
        return await step()

    events = watch(source, tl_api, script, api_url=None, api_token=None)
    assert events == [drift('Risk', removed=[('erik.johansson@example.com', 'Viewer')])]


def test_without_the_users_scope_the_e_mails_are_null_and_it_says_why(source, tl_api, hand, caplog):
    async def script(step, stepper):
        await step()
        hand.set('Risk', 'alice.martin@example.com', 'Viewer')
        return await step()

    with caplog.at_level(logging.WARNING):
        events = watch(source, tl_api, script, token=seed.TOKENS['readonly'])
    assert events[0]['transactionlink']['added'] == [
        {'user_id': seed.user_id('alice.martin@example.com'), 'user': None, 'role': 'Viewer'}]
    assert 'can_manage_users' in caplog.text


def test_cancelled_it_stops_at_once(source, tl_api):
    async def run():
        stepper = eda.Stepper()
        task = asyncio.ensure_future(source['main'](eda.RecordingQueue(), {
            'api_url': tl_api.url, 'api_token': ADMIN, 'interval': 1}, wait=stepper, **tl_api.inject()))
        await stepper.poll_ended(task)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(run())
