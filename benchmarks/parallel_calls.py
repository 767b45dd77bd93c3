# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the CPU that sending calls in parallel costs per call, without any request.

``parallel.run_until_failure`` (what the engine sends its writes and reads
with) against the standard library's way, a ``ThreadPoolExecutor`` with a
future per call, waiting for the first completed: CALLS calls that only wait
WAIT_MS each (the GIL released, as a request waiting for its answer), at
CONCURRENCY at once, in alternating rounds. Printed: the CPU microseconds a
call and the wall time of each. What a call costs here is paid once per write
of a run (10,000 writes: 10,000 calls). Nothing is asserted.

Usage: .venv/bin/python benchmarks/parallel_calls.py [--calls 10000] [--concurrency 8] [--wait-ms 2] [--rounds 3]
"""

import argparse
import importlib.util
import os
import sys
import time

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# parallel.py imports nothing of the collection: it is loaded from its file, without a collection tree.
PARALLEL = os.path.join(REPO, 'plugins', 'module_utils', 'parallel.py')


def load_parallel():
    """plugins/module_utils/parallel.py as a module of its own."""
    spec = importlib.util.spec_from_file_location('tl_parallel', PARALLEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pool_calls(fn, items, concurrency):
    """FN on ITEMS through a thread pool, at most CONCURRENCY at once, a future per call (no failure handling)."""
    results = {}
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        pending, feed = {}, iter(enumerate(items))
        while True:
            while len(pending) < concurrency:
                task = next(feed, None)
                if task is None:
                    break
                pending[pool.submit(fn, task[1])] = task[0]
            if not pending:
                return results
            finished, _running = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                results[pending.pop(future)] = future.result()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--calls', type=int, default=10000)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--wait-ms', type=float, default=2.0)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args(argv)
    run_until_failure = load_parallel().run_until_failure

    def call(item):
        time.sleep(args.wait_ms / 1000.0)
        return item

    print('| round | way | CPU us a call | wall s |')
    print('| --- | --- | --- | --- |')
    for round_ in range(1, args.rounds + 1):
        for label, way in (('parallel.run_until_failure', run_until_failure), ('ThreadPoolExecutor, a future a call', pool_calls)):
            cpu, wall = time.process_time(), time.monotonic()
            way(call, range(args.calls), args.concurrency)
            cpu, wall = time.process_time() - cpu, time.monotonic() - wall
            print('| %d | %s | %.1f | %.2f |' % (round_, label, cpu * 1e6 / args.calls, wall), flush=True)
    print('\n%d calls waiting %g ms each, %d at once; Python %s, %d CPU(s)' % (
        args.calls, args.wait_ms, args.concurrency, sys.version.split()[0], os.cpu_count()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
