# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: membership writes through the collection's client, against the emulator alone answering them.

For each round, alternating: WRITES membership PUTs through the collection's ``TransactionLinkClient``
(``set_membership``, at most CONCURRENCY in flight through ``parallel.run_until_failure``, as the engine sends
its writes) to an emulator process of their own; then the same writes from a bare ``http.client`` loop
(``emulator.loadtest`` through ``harness.stub_writes``, a fresh emulator). Printed for both: the wall time, its ratio to the request floor
(writes / concurrency x latency), the CPU milliseconds a write of the client's process and of the emulator's.
The difference is what the client costs a run beyond the emulator's own limit; the converge and the
onboarding send their writes this way. Pure client and emulator: no Ansible. Nothing is asserted.

Usage: .venv/bin/python benchmarks/client_writes.py [--writes 10000] [--concurrency 8] [--latency-ms 20]
       [--workspaces 200] [--users 2000] [--rounds 1]
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (os.path.join(REPO, 'tests'), os.path.join(REPO, 'scripts')):
    if _path not in sys.path:
        sys.path.insert(0, _path)

sys.path.insert(0, os.path.join(REPO, 'benchmarks'))

import collection_tree  # noqa: E402 pylint: disable=wrong-import-position
from harness import request_floor, stub_writes  # noqa: E402 pylint: disable=wrong-import-position
from emulator import loadtest, seed  # noqa: E402 pylint: disable=wrong-import-position
from emulator.process import EmulatorServer  # noqa: E402 pylint: disable=wrong-import-position


def own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def through_client(args, client_class, run_until_failure):
    """The writes through the collection's client; {wall_s, client_cpu_ms, emulator_cpu_ms, failed}."""
    work = tempfile.mkdtemp(prefix='tl-client-writes-')
    server = EmulatorServer(work, seed='bench', workspaces=args.workspaces, users=args.users,
                            args=['--latency-ms', str(args.latency_ms)])
    server.start()
    try:
        client = client_class(server.url, seed.TOKENS['admin'], concurrency=args.concurrency)
        writes = [(seed.workspace_id(ws), seed.user_id(email), seed.role_id(ws, role))
                  for ws, email, role in loadtest.plan(args.writes, args.workspaces, args.users)]
        cpu, emulator_cpu, started = own_cpu(), loadtest.cpu_seconds(server.process.pid), time.monotonic()
        _done, failure = run_until_failure(lambda w: client.set_membership(*w), writes, args.concurrency)
        wall = time.monotonic() - started
        cpu, emulator_cpu = own_cpu() - cpu, loadtest.cpu_seconds(server.process.pid) - emulator_cpu
        held = server.call('GET', '/health')['memberships']
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return {'wall_s': round(wall, 2), 'client_cpu_ms': round(cpu * 1000 / args.writes, 2),
            'emulator_cpu_ms': round(emulator_cpu * 1000 / args.writes, 2),
            'failed': failure is not None or held != args.writes}


def bare(args):
    """The same writes from emulator.loadtest's http.client loop (``harness.stub_writes``, which fails loudly when
    a write did); the same figures, its client CPU not measured."""
    stub = stub_writes(args.writes, args.concurrency, args.latency_ms, args.workspaces, args.users)
    return {'wall_s': stub.seconds, 'client_cpu_ms': None, 'emulator_cpu_ms': stub.emulator_cpu_ms, 'failed': False}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--writes', type=int, default=10000)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--workspaces', type=int, default=200)
    parser.add_argument('--users', type=int, default=2000)
    parser.add_argument('--rounds', type=int, default=1)
    args = parser.parse_args(argv)

    root = tempfile.mkdtemp(prefix='tl-client-writes-tree-')
    try:
        tree = collection_tree.build(root)
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(tree))))
        # pylint: disable=import-outside-toplevel
        from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
        from ansible_collections.transactionlink.access.plugins.module_utils.parallel import run_until_failure

        floor = request_floor(args.writes, args.concurrency, args.latency_ms)
        rows = []
        for round_ in range(1, args.rounds + 1):
            for label, measure in (('collection client', lambda: through_client(args, TransactionLinkClient, run_until_failure)),
                                   ('bare http.client loop', lambda: bare(args))):
                row = dict(measure(), round=round_, run=label)
                row['vs_request_floor'] = round(row['wall_s'] / floor, 3) if floor else None
                print(json.dumps(row), flush=True)
                rows.append(row)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print('\n%d membership writes, %d in flight, emulator latency %g ms (request floor %.1f s); Python %s, %d CPU(s)\n' % (
        args.writes, args.concurrency, args.latency_ms, floor, sys.version.split()[0], os.cpu_count()))
    print('| round | run | wall s | / request floor | client CPU ms a write | emulator CPU ms a write |')
    print('| --- | --- | --- | --- | --- | --- |')
    for row in rows:
        client = row['client_cpu_ms'] if row['client_cpu_ms'] is not None else '-'
        print('| %d | %s | %.1f | %s | %s | %s |' % (
            row['round'], row['run'], row['wall_s'], row['vs_request_floor'], client, row['emulator_cpu_ms']))
    return 1 if any(row['failed'] for row in rows) else 0


if __name__ == '__main__':
    sys.exit(main())
