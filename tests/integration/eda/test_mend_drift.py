# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`ansible-rulebook -r transactionlink.access.mend_drift` over the emulator: a change by hand is mended.

Only what needs the real CLI is here: the source loaded from the installed
collection, the filter's limit through ansible-runner, the converge on the
drifted host alone, the echo of the converge's own write ending in a run with
no write, a clean stop. The source's behaviour is tested in
tests/unit/extensions/eda/.
"""

import os
import signal
import time

import pytest

from emulator import seed
from emulator.process import EmulatorServer
from helpers.eda import Rulebook, by_hand, environment, inventory_dir, members, polls, until


@pytest.fixture
def server(tmp_path):
    emulator = EmulatorServer(str(tmp_path / 'emulator'))
    os.makedirs(emulator.workdir)
    emulator.start()
    yield emulator
    emulator.stop()


def test_a_member_added_and_a_role_changed_by_hand_are_mended_there_alone(server, tmp_path, collection_tree):
    by_hand(server, 'PUT', 'Customer Support', 'george.okafor@example.com', 'Viewer')  # as host_vars has it
    wanted = dict((ws, members(server, ws)) for ws in seed.DEMO_WORKSPACES)
    (tmp_path / 'vars.yml').write_text('transactionlink_drift_interval: 1\n')
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    rulebook = Rulebook(['-r', 'transactionlink.access.mend_drift', '-i', inventory_dir(str(tmp_path / 'inventory')),
                         '--vars', str(tmp_path / 'vars.yml')],
                        environment(server.url, server.tokens['admin'], collections_path), str(tmp_path))
    try:
        until(lambda: polls(server) >= 2, 'the baseline poll and the next one', rulebook=rulebook)
        server.clear_requests()
        by_hand(server, 'PUT', 'Customer Support', 'alice.martin@example.com', 'Analyst')
        by_hand(server, 'PUT', 'Payments', 'fatima.haddad@example.com', 'Admin')
        until(lambda: all(members(server, ws) == wanted[ws] for ws in wanted), 'both workspaces mended',
              rulebook=rulebook)
        # the converge's own writes come back as one more event each: two runs that write nothing, then quiet
        until(lambda: rulebook.output.count('PLAY RECAP') >= 4, 'the two runs after the mend', rulebook=rulebook)
        seen = polls(server)
        until(lambda: polls(server) >= seen + 3, 'three more polls', rulebook=rulebook)
        assert rulebook.output.count('PLAY RECAP') == 4, rulebook.output
    finally:
        rc = rulebook.stop()
    after_stop = len(server.requests()['requests'])
    time.sleep(2)
    assert len(server.requests()['requests']) == after_stop  # nothing polls any more
    writes = [(r['method'], r['path']) for r in server.requests()['requests'] if r['method'] in ('PUT', 'DELETE')]
    assert sorted(writes) == sorted([
        ('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Customer Support'), seed.user_id('alice.martin@example.com'))),
        ('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Payments'), seed.user_id('fatima.haddad@example.com'))),
        ('DELETE', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Customer Support'), seed.user_id('alice.martin@example.com'))),
        ('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Payments'), seed.user_id('fatima.haddad@example.com'))),
    ])  # the two changes by hand and the two mends: no other workspace, no second write
    assert all(members(server, ws) == wanted[ws] for ws in wanted)
    # Ended by itself within the stop's timeout (a kill would be -9): 0, or 143, the status the JVM that
    # ansible-rulebook's rule engine runs in exits with on SIGTERM, as it does for any rulebook.
    assert rc in (0, 128 + signal.SIGTERM), rulebook.output
    assert 'Traceback' not in rulebook.output, rulebook.output


def test_a_refused_token_stops_it_with_a_clear_message(server, tmp_path, collection_tree):
    token = 'tot_' + 'r' * 52
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    rulebook = Rulebook(['-r', 'transactionlink.access.mend_drift', '-i', inventory_dir(str(tmp_path / 'inventory'))],
                        environment(server.url, token, collections_path), str(tmp_path))
    try:
        rc = rulebook.process.wait(120)
    finally:
        rulebook.stop()
    assert rc != 0
    assert 'GET /organizations/workspaces failed: HTTP 401' in rulebook.output, rulebook.output
    assert 'Check api_token' in rulebook.output
    assert token[4:24] not in rulebook.output
