# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parallel requests against the emulator process, in real time (issue 8).

One 429 pauses every worker: the emulator's request log (its own clock) shows
that once the 429 was answered no new request came in until its Retry-After
was over (only those already on their way), although eight were in flight
before and after. An ordering, not a
speed: no duration is asserted beyond the wait the server asked for.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils.directory import Directory
from ansible_collections.transactionlink.access.plugins.module_utils.membership_converge import Item, converge

RETRY_AFTER = 1


def test_one_429_pauses_every_worker_until_its_retry_after_is_over(emulator):
    emulator.reset(seed='bench', workspaces=4, users=80)
    items = [Item('members[%d]' % i, 'ws-%02d' % (i % 4 + 1), 'user%03d@example.com' % (i + 1), 'Viewer') for i in range(80)]
    # The reads of a run are what its check mode sends; the 11th write after them gets the 429.
    client = TransactionLinkClient(emulator.url, emulator.tokens['admin'], concurrency=8)
    converge(Directory(client), items, check_mode=True)
    reads = emulator.requests()['counts']['total']
    emulator.clear_requests()
    emulator.set_faults(latency_ms=20, queue=['ok'] * (reads + 10) + [{'status': 429, 'retry_after': RETRY_AFTER}])

    result = converge(Directory(TransactionLinkClient(emulator.url, emulator.tokens['admin'], concurrency=8)), items)
    assert result.changed is True and len(result.actions) == 80
    log = emulator.requests()['requests']
    limited = [r for r in log if r['status'] == 429]
    assert len(limited) == 1
    pause_end = limited[0]['ended'] + RETRY_AFTER
    in_flight = [r for r in log if r['started'] <= limited[0]['ended'] and r is not limited[0] and r['ended'] >= limited[0]['started']]
    later = [r for r in log if r['started'] > limited[0]['ended']]
    assert len(in_flight) >= 2, 'the workers were not running side by side when the 429 came'
    assert len(later) >= 10
    # After the 429 was answered, only requests a worker had sent before the client read that answer may
    # arrive (at most one per other worker); every other one waited for the Retry-After: nobody hammered on.
    # Without the shared pause, all the ~70 remaining writes would arrive within that second.
    during = [r for r in later if r['started'] < pause_end]
    assert len(during) <= 7, [round(r['started'] - limited[0]['ended'], 3) for r in during]
    assert len([r for r in later if r['started'] >= pause_end]) >= 10
    assert len(emulator.state()['memberships']) == 80
