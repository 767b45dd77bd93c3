# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bounded parallelism (plugins/module_utils/parallel.py): order, the bound, and the stop at the first failure."""

import threading

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils.parallel import bounded_map, run_until_failure

WAIT = 10  # seconds an event wait may take before the test fails (never reached when the code is right)


@pytest.mark.parametrize('concurrency', [1, 3])
def test_results_come_back_in_item_order_whatever_order_calls_finish_in(concurrency):
    released = {i: threading.Event() for i in range(5)}

    def call(i):
        if concurrency > 1 and i < 2:
            assert released[i + 1].wait(WAIT)  # the first items finish after the later ones
        released[i].set()
        return i * 10

    assert bounded_map(call, range(5), concurrency) == [0, 10, 20, 30, 40]


def test_at_most_concurrency_calls_are_in_flight():
    lock, state = threading.Lock(), {'now': 0, 'peak': 0}

    def call(i):
        with lock:
            state['now'] += 1
            state['peak'] = max(state['peak'], state['now'])
        threading.Event().wait(0.01)
        with lock:
            state['now'] -= 1
        return i

    assert bounded_map(call, range(12), 3) == list(range(12))
    assert 1 <= state['peak'] <= 3


def test_concurrency_one_runs_in_the_calling_thread_and_stops_at_the_first_failure():
    threads, called = set(), []

    def call(i):
        threads.add(threading.get_ident())
        called.append(i)
        if i == 2:
            raise ValueError('item 2')
        return i

    done, failure = run_until_failure(call, range(5), 1)
    assert done == [(0, 0), (1, 1)] and failure[0] == 2 and str(failure[1]) == 'item 2'
    assert called == [0, 1, 2] and threads == {threading.get_ident()}  # nothing after the failure started


def test_after_a_failure_no_new_call_starts_and_the_first_failed_item_is_raised():
    started = []

    def call(i):
        started.append(i)
        if i in (1, 2):
            raise RuntimeError('item %d' % i)
        return i

    with pytest.raises(RuntimeError, match='^item 1$'):
        bounded_map(call, range(20), 2)
    assert len(started) < 20


def test_every_item_is_called_exactly_once_across_the_threads():
    lock, calls = threading.Lock(), []

    def call(i):
        with lock:
            calls.append(i)
        return i

    assert bounded_map(call, range(500), 8) == list(range(500))
    assert sorted(calls) == list(range(500))


def test_a_call_that_raises_beyond_exception_in_a_thread_is_the_failure_not_a_lost_item():
    class Stop(BaseException):
        pass

    def call(i):
        if i == 3:
            raise Stop('item 3')
        return i

    done, failure = run_until_failure(call, range(4), 2)
    assert failure[0] == 3 and isinstance(failure[1], Stop)
    assert done == [(0, 0), (1, 1), (2, 2)]
