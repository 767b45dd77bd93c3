# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure retry policy and the governor (_api/retry.py): no clock read, no sleep."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._api import retry


@pytest.mark.parametrize('status, retried', [(429, True), (502, True), (503, True), (504, True), (500, False),
                                             (400, False), (404, False)])
def test_what_is_retried(status, retried):
    assert retry.is_retried(status) is retried


def test_retry_after_wins_then_a_429_backs_off_doubling_and_a_fault_with_full_jitter():
    assert retry.status_delay(503, 7.0, 3, 1.0) == 7.0
    assert [retry.status_delay(429, None, n, 1.0) for n in range(4)] == [0.5, 1.0, 2.0, 4.0]
    assert [retry.status_delay(429, None, 0, r) for r in (0.0, 1.0)] == [0.25, 0.5]
    assert retry.status_delay(502, None, 2, 1.0) == pytest.approx(0.8) and retry.status_delay(502, None, 2, 0.0) == 0.0
    assert retry.status_delay(429, None, 20, 1.0) == retry.BACKOFF_CAP == retry.transient_backoff(20, 1.0)


@pytest.mark.parametrize('status, retry_after, everyone', [(429, None, True), (429, 2.0, True), (503, 2.0, True),
                                                           (503, None, False), (502, 2.0, False)])
def test_only_a_rate_limit_pauses_every_request(status, retry_after, everyone):
    assert retry.pauses_everyone(status, retry_after) is everyone


def test_the_governor_holds_the_latest_pause_and_counts_retries():
    now = [100.0]
    governor = retry.Governor(lambda: now[0])
    assert governor.pause_left(None) == (0.0, None) and governor.summary(5) is None
    end = governor.pause_everyone(10)
    governor.pause_everyone(3)  # shorter: the longer pause stays
    assert governor.pause_left(None) == (10.0, end)
    assert governor.pause_left(end) == (0.0, None)  # honoured already
    now[0] += 4
    assert governor.pause_left(None) == (6.0, end)
    governor.count_retry('HTTP 429')
    governor.count_retry('HTTP 429')
    governor.count_retry('Timeout')
    assert governor.counts() == {'HTTP 429': 2, 'Timeout': 1}
    assert governor.summary(5) == 'API requests were retried 3 time(s): HTTP 429 x2, Timeout x1 (max_retries 5 per request)'
