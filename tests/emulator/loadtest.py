# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How many requests the emulator answers: N membership PUTs from T threads.

    PYTHONPATH=tests python -m emulator.loadtest [--writes 10000] [--threads 8] [--latency-ms 0]
        [--workspaces 200] [--users 2000] [--tls] [--new-connections]

starts an emulator process (bench seed, a state file, quiet), times its start,
sends WRITES distinct PUTs (WRITES/WORKSPACES users per workspace) from THREADS
threads, each on its own keep-alive connection (--new-connections: one per
request), then checks that the emulator holds
exactly WRITES memberships, stops it (SIGTERM) and checks the state file holds
them too. Prints one line of figures. Standard library only (plus the
emulator's own needs). Not a test: nothing here asserts a time.
"""

import argparse
import http.client
import json
import os
import ssl
import sys
import tempfile
import threading
import time

from . import seed
from .process import EmulatorServer


def plan(writes, workspaces, users):
    """WRITES distinct (workspace name, user e-mail, role name): consecutive blocks per workspace."""
    per_workspace = -(-writes // workspaces)
    if per_workspace > users:
        raise SystemExit('%d writes need at least %d users' % (writes, per_workspace))
    return [('ws-%02d' % (i // per_workspace + 1), 'user%03d@example.com' % ((i * 7) % users + 1), ('Viewer', 'Analyst', 'Admin')[i % 3])
            for i in range(writes)]


def cpu_seconds(pid):
    """CPU time (user + system) the process PID used so far; None where /proc is not there."""
    try:
        with open('/proc/%d/stat' % pid) as handle:
            fields = handle.read().rsplit(')', 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / float(os.sysconf('SC_CLK_TCK'))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def run(writes=10000, threads=8, latency_ms=0, workspaces=200, users=2000, tls=False, workdir=None, new_connections=False):
    """Return a dict of figures (seconds, counts)."""
    workdir = workdir or tempfile.mkdtemp(prefix='tl-loadtest-')
    server = EmulatorServer(workdir, seed='bench', workspaces=workspaces, users=users, tls=tls,
                            args=['--latency-ms', str(latency_ms)])
    begin = time.monotonic()
    server.start()
    started_s = time.monotonic() - begin
    host, port = server.url.rsplit('/', 1)[1].rsplit(':', 1)
    context = ssl.create_default_context(cafile=server.ca_file) if server.ca_file else None
    token = seed.TOKENS['admin']
    items = plan(writes, workspaces, users)
    durations = [[] for _t in range(threads)]
    failures = []

    def connect():
        if context is not None:
            return http.client.HTTPSConnection(host, int(port), timeout=60, context=context)
        return http.client.HTTPConnection(host, int(port), timeout=60)

    def worker(index):
        connection = None
        for ws, email, role in items[index::threads]:
            user = seed.user_id(email)
            body = json.dumps({'userId': user, 'roleId': seed.role_id(ws, role)})
            one = time.monotonic()
            if connection is None:
                connection = connect()
            try:
                connection.request('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id(ws), user), body=body,
                                   headers={'Authorization': token, 'Content-Type': 'application/json'})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(response.status)
                if new_connections or response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as e:
                failures.append(repr(e))
                connection.close()
                connection = None
            durations[index].append(time.monotonic() - one)
        if connection is not None:
            connection.close()

    try:
        workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        cpu = cpu_seconds(server.process.pid)
        begin = time.monotonic()
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        elapsed = time.monotonic() - begin
        cpu = cpu_seconds(server.process.pid) - cpu if cpu is not None else None
        health = server.call('GET', '/health')
    finally:
        server.stop()
    with open(server.state_file, encoding='utf-8') as handle:
        saved = len(json.load(handle)['memberships'])
    every = [d for per_thread in durations for d in per_thread]
    return {'writes': writes, 'threads': threads, 'latency_ms': latency_ms, 'workspaces': workspaces, 'users': users,
            'tls': tls, 'new_connections': new_connections, 'start_s': round(started_s, 2), 'elapsed_s': round(elapsed, 2),
            'writes_per_s': round(writes / elapsed, 1), 'p50_ms': round(percentile(every, 0.5) * 1000, 1),
            'p99_ms': round(percentile(every, 0.99) * 1000, 1), 'failed': len(failures),
            'emulator_cpu_ms_per_write': round(cpu * 1000 / writes, 2) if cpu is not None else None,
            'memberships': health['memberships'], 'saved_memberships': saved}


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m emulator.loadtest', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--writes', type=int, default=10000)
    parser.add_argument('--threads', type=int, default=8)
    parser.add_argument('--latency-ms', type=float, default=0)
    parser.add_argument('--workspaces', type=int, default=200)
    parser.add_argument('--users', type=int, default=2000)
    parser.add_argument('--tls', action='store_true', help='serve HTTPS (a test CA made for the run)')
    parser.add_argument('--new-connections', action='store_true', help='a new connection per request (default: keep-alive, one per thread)')
    args = parser.parse_args(argv)
    figures = run(args.writes, args.threads, args.latency_ms, args.workspaces, args.users, args.tls, new_connections=args.new_connections)
    print(json.dumps(figures))
    ok = figures['failed'] == 0 and figures['memberships'] == figures['saved_memberships'] == args.writes
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
