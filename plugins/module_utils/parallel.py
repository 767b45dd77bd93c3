# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Bounded parallelism for API requests inside one module run.

At most ``concurrency`` calls are in flight at once. Results always come back
in the order of the items, whatever order the calls finished in, so what a
run reports does not depend on timing. With ``concurrency`` 1 every call runs
in the calling thread, one after another.

Each of ``concurrency`` threads takes the next item as soon as its call
returned (a lock around the shared list): no future, waiter or queue per
call. A run of 10,000 writes is that many calls: a thread pool's
bookkeeping (a future per call, a waiter installed on every pending future
at each completion) costs several times this one's CPU a call
(``benchmarks/parallel_calls.py``; the figures are on the speed page).
"""

import threading


def bounded_map(fn, items, concurrency):
    """``[fn(item) for item in items]`` with at most CONCURRENCY calls at once.

    When calls raise, every call already started finishes, no new one starts,
    and the exception of the first failed item (in item order) is raised.
    """
    done, failure = run_until_failure(fn, items, concurrency)
    if failure is not None:
        raise failure[1]
    return [result for _index, result in done]


def run_until_failure(fn, items, concurrency):
    """Call FN on ITEMS in order, at most CONCURRENCY at once, until a call raises.

    Once a call has raised, no new call starts; the ones in flight finish.
    Returns ``(done, failure)``: ``done`` is ``[(index, result)]`` of every call
    that returned, in item order; ``failure`` is ``(index, exception)`` of the
    first failed item in item order, or None.
    """
    items = list(items)
    results, failures = {}, {}
    if concurrency <= 1 or len(items) <= 1:
        for index, item in enumerate(items):
            try:
                results[index] = fn(item)
            except Exception as exc:  # pylint: disable=broad-except
                failures[index] = exc
                break
        return _outcome(results, failures)

    lock = threading.Lock()
    feed = iter(enumerate(items))

    def take():
        """The next (index, item), or None once the items are all taken or a call has raised."""
        with lock:
            return None if failures else next(feed, None)

    def work():
        task = take()
        while task is not None:
            index, item = task
            try:
                results[index] = fn(item)
            except BaseException as exc:  # pylint: disable=broad-except  # any of them: raised by the caller
                with lock:
                    failures[index] = exc
            task = take()

    threads = [threading.Thread(target=work, name='transactionlink-%d' % number, daemon=True)
               for number in range(min(concurrency, len(items)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _outcome(results, failures)


def _outcome(results, failures):
    done = [(index, results[index]) for index in sorted(results)]
    failure = None
    if failures:
        first = min(failures)
        failure = (first, failures[first])
    return done, failure
