# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's rate limiter: 429 only to a client that goes too fast, with the wait it must take."""

import pytest

from emulator.faults import FaultError, Faults


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def statuses(faults, count):
    out = []
    for _draw in range(count):
        fault = faults.draw().fault
        out.append((fault['status'], fault['retry_after']) if fault else 200)
    return out


def test_a_burst_beyond_the_limit_gets_429_with_the_seconds_to_wait():
    clock = Clock()
    faults = Faults(clock=clock, rate_limit=5)
    assert statuses(faults, 7) == [200] * 5 + [(429, 1)] * 2
    clock.now += 0.4  # 2 tokens back
    assert statuses(faults, 3) == [200, 200, (429, 1)]


def test_a_client_that_waits_as_asked_gets_through_at_the_limit():
    clock = Clock()
    faults = Faults(clock=clock, rate_limit=10)
    answered, limited = 0, 0
    while answered < 200:
        fault = faults.draw().fault
        if fault:
            limited += 1
            clock.now += fault['retry_after']  # it waits as asked
        else:
            answered += 1
            clock.now += 0.001
    elapsed = clock.now - 100.0
    # A full bucket (10) at once, then 10 a second: about 19 s for 200, and one 429 per refill, no more.
    assert 18.5 <= elapsed <= 21 and limited <= 20


def test_no_limit_by_default_and_off_again_when_cleared():
    faults = Faults(clock=Clock())
    assert statuses(faults, 50) == [200] * 50
    faults.update(rate_limit=1)
    assert statuses(faults, 2) == [200, (429, 1)]
    faults.clear()
    assert statuses(faults, 5) == [200] * 5


def test_a_queue_entry_comes_before_the_limiter():
    faults = Faults(clock=Clock(), rate_limit=1, queue=[503])
    assert statuses(faults, 3) == [(503, None), 200, (429, 1)]


@pytest.mark.parametrize('value', [-1, 'fast', True])
def test_a_bad_limit_is_refused(value):
    with pytest.raises(FaultError, match='rate_limit'):
        Faults(rate_limit=value)
