# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: ``PYTHONPATH=tests python -m emulator [options]``."""

import argparse
import ipaddress
import logging
import os
import signal
import sys
import tempfile
import threading

from werkzeug.serving import make_server

from .app import create_app
from .faults import FaultError, Faults
from .seed import SEEDS
from .store import Store


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog='python -m emulator', description='Local emulator of the TransactionLink organization API.')
    parser.add_argument('--host', default='127.0.0.1', help='address to bind (default 127.0.0.1; loopback only unless --allow-remote)')
    parser.add_argument('--port', type=int, default=8080, help='port (0: a free one, see --port-file)')
    parser.add_argument('--port-file', help='write the port to this file once listening')
    parser.add_argument('--allow-remote', action='store_true', help='allow a non-loopback --host')
    parser.add_argument('--state', help='JSON state file: loaded at start when it exists; each change goes to its journal '
                                         '(FILE.journal) before the answer; rewritten whole at start, at reset and when the emulator stops')
    parser.add_argument('--reset', action='store_true', help='ignore an existing state file and seed anew')
    parser.add_argument('--seed', choices=SEEDS, default='demo', help='seed data for a new state (default demo)')
    parser.add_argument('--workspaces', type=int, help='bench seed: number of workspaces (default 3)')
    parser.add_argument('--users', type=int, help='bench seed: number of users (default 100)')
    parser.add_argument('--fault-rate', type=float, default=0.0, help='probability that an API request gets a fault status')
    parser.add_argument('--fault-statuses', default='429,503', help='comma-separated statuses for random faults (default 429,503)')
    parser.add_argument('--fault-queue', default='', help='comma-separated statuses answered by the next API requests, in order')
    parser.add_argument('--fault-seed', type=int, help='seed of the fault RNG, for reproducible runs')
    parser.add_argument('--retry-after', type=float, default=1, help='Retry-After seconds sent with 429 (default 1)')
    parser.add_argument('--latency-ms', type=float, default=0, help='latency added to every API request')
    parser.add_argument('--quiet', action='store_true', help='no access log on stderr')
    return parser.parse_args(argv)


def statuses(text):
    return [int(s) for s in text.split(',') if s.strip()]


def write_port(path, port):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.port-', dir=directory)
    with os.fdopen(fd, 'w') as handle:
        handle.write('%d\n' % port)
    os.replace(tmp, path)


def main(argv=None):
    args = parse_args(argv)
    try:
        loopback = args.host == 'localhost' or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not args.allow_remote:
        sys.exit('refusing to bind %s: the emulator has fixed tokens; use a loopback address or --allow-remote' % args.host)
    retry_after = int(args.retry_after) if args.retry_after == int(args.retry_after) else args.retry_after
    try:
        faults = Faults(rate=args.fault_rate, statuses=statuses(args.fault_statuses), queue=statuses(args.fault_queue),
                        retry_after=retry_after, latency_ms=args.latency_ms, seed=args.fault_seed)
        store = Store.open(args.state, args.seed, args.workspaces, args.users, args.reset)
    except (FaultError, ValueError) as e:
        sys.exit('emulator: %s' % e)
    if args.quiet:
        logging.getLogger('werkzeug').setLevel(logging.WARNING)
    app = create_app(store, faults)
    server = make_server(args.host, args.port, app, threaded=True)
    port = server.socket.getsockname()[1]

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        write_port(args.port_file, port)
    host = '[%s]' % args.host if ':' in args.host else args.host
    print('TransactionLink emulator listening on http://%s:%d' % (host, port), flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        store.close()  # the journal's changes go into the state file
    print('TransactionLink emulator stopped', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
