# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line of the emulator.

From a clone: ``PYTHONPATH=tests python -m emulator [options]`` (``make emulator``).
Installed (``pip install <collection>/tests/emulator``): ``transactionlink-emulator [options]``.
"""

import argparse
import ipaddress
import logging
import os
import signal
import ssl
import sys
import tempfile
import threading

from .app import create_app
from .faults import RESET, FaultError, Faults
from .seed import SEEDS, TOKENS
from .server import make_server
from .store import Store

STRICT_ENV = 'TRANSACTIONLINK_EMULATOR_STRICT'
EPILOG = '''\
fault queue entries (--fault-queue, comma-separated): a status (429, 500, 502,
503, 504); reset (drop the connection, nothing applied); lost_answer[:STATUS]
(apply the request, then answer STATUS instead, 504 by default, or
lost_answer:reset to drop the connection); spike[:MS] (answer after MS more
milliseconds); ok (answer normally). Example: --fault-queue 429,ok,lost_answer:504,reset

The admin API (/_emulator/faults) changes every fault setting at run time.
Once listening it prints the URL, then export TRANSACTIONLINK_API_URL=... and
export TRANSACTIONLINK_API_TOKEN=... (a test token of the seed, with every
scope), each on its own line to paste into another shell: it holds its
terminal until Ctrl-C. --env-file writes the two NAME=value lines to a file
(for `set -a; . FILE; set +a`, or $GITHUB_ENV).
See README.md next to this file (tests/emulator/ of the collection).
'''


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog=_prog(), description='Local emulator of the TransactionLink organization API.',
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--host', default='127.0.0.1', help='address to bind (default 127.0.0.1; loopback only unless --allow-remote)')
    parser.add_argument('--port', type=int, default=8080, help='port (0: a free one, see --port-file)')
    parser.add_argument('--port-file', help='write the port to this file once listening')
    parser.add_argument('--allow-remote', action='store_true', help='allow a non-loopback --host')
    parser.add_argument('--env-file', metavar='FILE',
                        help='once listening, write TRANSACTIONLINK_API_URL=... and TRANSACTIONLINK_API_TOKEN=... to FILE '
                             '(a dotenv / $GITHUB_ENV file)')
    parser.add_argument('--tls-cert', metavar='FILE', help='serve HTTPS with this PEM certificate (chain); needs --tls-key')
    parser.add_argument('--tls-key', metavar='FILE', help='PEM private key of --tls-cert')
    state = parser.add_argument_group('state')
    state.add_argument('--state', help='JSON state file: loaded at start when it exists; each change goes to its journal '
                                       '(FILE.journal) before the answer; rewritten whole at start, at reset and when the emulator stops')
    state.add_argument('--reset', action='store_true', help='ignore an existing state file and seed anew')
    state.add_argument('--seed', choices=SEEDS, default='demo', help='seed data for a new state (default demo)')
    state.add_argument('--workspaces', type=int, help='bench seed: number of workspaces (default 3)')
    state.add_argument('--users', type=int, help='bench seed: number of users (default 100)')
    faults = parser.add_argument_group('faults (also at run time: PUT /_emulator/faults)')
    faults.add_argument('--fault-rate', type=float, default=0.0, help='probability that an API request gets a fault status')
    faults.add_argument('--fault-statuses', default='429,503', help='comma-separated statuses for random faults (default 429,503)')
    faults.add_argument('--fault-queue', default='', help='comma-separated faults for the next API requests, in order (below)')
    faults.add_argument('--fault-seed', type=int, help='seed of the fault RNG, for reproducible runs')
    faults.add_argument('--retry-after', default='1', metavar='SECONDS|LOW-HIGH|none',
                        help='Retry-After sent with 429 (default 1); LOW-HIGH draws a value per answer; none: no header')
    faults.add_argument('--reset-rate', type=float, default=0.0, help='probability that a connection is dropped without an answer')
    faults.add_argument('--lost-answer-rate', type=float, default=0.0,
                        help='probability that a request is applied and its answer then lost (see --lost-answer-statuses)')
    faults.add_argument('--lost-answer-statuses', default='502,504,reset',
                        help='what a lost answer becomes: statuses 500,502,503,504 and/or reset (default 502,504,reset)')
    faults.add_argument('--spike-rate', type=float, default=0.0, help='probability of a latency spike of --spike-ms')
    faults.add_argument('--spike-ms', type=float, default=1000, help='length of a latency spike (default 1000)')
    faults.add_argument('--latency-ms', type=float, default=0, help='each API answer leaves this long after its request came in (the emulator works within it)')
    faults.add_argument('--rate-limit', type=float, default=0,
                        help='at most this many API requests per second; beyond it 429 with Retry-After (0: no limit)')
    faults.add_argument('--uppercase-ids', action='store_true', help='answer every id (UUID) in upper case')
    parser.add_argument('--strict', action='store_true', default=_env_flag(STRICT_ENV),
                        help='refuse (400) a page size over 100 and any undocumented query parameter, instead of capping '
                             'the size and ignoring the parameter (default: the %s environment variable, 1/true/yes)' % STRICT_ENV)
    parser.add_argument('--quiet', action='store_true', help='no access log on stderr')
    return parser.parse_args(argv)


def _env_flag(name):
    return os.environ.get(name, '').strip().lower() in ('1', 'true', 'yes', 'on')


def _prog():
    """``transactionlink-emulator`` when run by its console script, else ``python -m <package>``."""
    name = os.path.basename(sys.argv[0] if sys.argv and sys.argv[0] else '')
    return name if name and not name.startswith('__main__') else 'python -m %s' % (__package__ or 'emulator')


def ready_lines(url):
    """What a client needs, one variable a line: the URL and the seed's admin token (a fixed test token, not a secret)."""
    return ['TRANSACTIONLINK_API_URL=%s' % url, 'TRANSACTIONLINK_API_TOKEN=%s' % TOKENS['admin']]


def _int_or_float(text):
    value = float(text)
    return int(value) if value == int(value) else value


def statuses(text):
    """'429,503' -> [429, 503]; 'reset' stays a string."""
    return [RESET if s.strip() == RESET else int(s) for s in text.split(',') if s.strip()]


def retry_after(text):
    """'1' -> 1, '0.5' -> 0.5, '0-2' -> [0, 2], 'none' -> None."""
    text = text.strip()
    if text.lower() in ('none', 'null'):
        return None
    if '-' in text.lstrip('-'):
        low, high = text.split('-', 1)
        return [_int_or_float(low), _int_or_float(high)]
    return _int_or_float(text)


def queue(text):
    """The --fault-queue syntax (see EPILOG) -> queue entries of faults.py."""
    entries = []
    for item in (s.strip() for s in text.split(',')):
        if not item:
            continue
        kind, _sep, arg = item.partition(':')
        if kind.isdigit():
            entries.append(int(kind))
        elif kind == 'lost_answer':
            entries.append({'kind': kind, 'status': (RESET if arg == RESET else int(arg)) if arg else 504})
        elif kind == 'spike':
            entries.append({'kind': kind, 'ms': _int_or_float(arg)} if arg else {'kind': kind})
        else:
            entries.append(item)  # reset, ok, or an error from Faults
    return entries


def write_port(path, port):
    write_atomically(path, '%d\n' % port)


def write_atomically(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.port-', dir=directory)
    with os.fdopen(fd, 'w') as handle:
        handle.write(text)
    os.replace(tmp, path)


def tls_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def build_server(host, port, app, context=None):
    """The emulator's threaded HTTP/1.1 server (server.py) for APP; with CONTEXT (an ssl.SSLContext) it serves HTTPS."""
    return make_server(host, port, app, context)


def main(argv=None):
    args = parse_args(argv)
    try:
        loopback = args.host == 'localhost' or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not args.allow_remote:
        sys.exit('refusing to bind %s: the emulator has fixed tokens; use a loopback address or --allow-remote' % args.host)
    if bool(args.tls_cert) != bool(args.tls_key):
        sys.exit('emulator: --tls-cert and --tls-key go together')
    context = None
    if args.tls_cert:
        try:
            context = tls_context(args.tls_cert, args.tls_key)
        except (OSError, ssl.SSLError) as e:
            sys.exit('emulator: cannot load --tls-cert %s / --tls-key %s: %s' % (args.tls_cert, args.tls_key, e))
    try:
        faults = Faults(rate=args.fault_rate, statuses=statuses(args.fault_statuses), queue=queue(args.fault_queue),
                        retry_after=retry_after(args.retry_after), latency_ms=args.latency_ms, seed=args.fault_seed,
                        reset_rate=args.reset_rate, lost_answer_rate=args.lost_answer_rate,
                        lost_answer_statuses=statuses(args.lost_answer_statuses), spike_rate=args.spike_rate,
                        spike_ms=args.spike_ms, uppercase_ids=args.uppercase_ids,
                        rate_limit=args.rate_limit)
        store = Store.open(args.state, args.seed, args.workspaces, args.users, args.reset)
    except (FaultError, ValueError) as e:
        sys.exit('emulator: %s' % e)
    logging.basicConfig(format='%(message)s', level=logging.WARNING if args.quiet else logging.INFO, stream=sys.stderr)
    app = create_app(store, faults, strict=args.strict)
    server = build_server(args.host, args.port, app, context)
    port = server.socket.getsockname()[1]

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host = '[%s]' % args.host if ':' in args.host else args.host
    url = '%s://%s:%d' % ('https' if context else 'http', host, port)
    if args.env_file:
        write_atomically(args.env_file, ''.join(line + '\n' for line in ready_lines(url)))
    if args.port_file:  # last: whoever waits for it finds the env file written
        write_port(args.port_file, port)
    print('TransactionLink emulator listening on %s' % url, flush=True)
    print('\n'.join('export ' + line for line in ready_lines(url)), flush=True)
    print('It runs in this terminal until Ctrl-C: paste the two export lines into another shell%s.' % (
        ' (or there: set -a; . %s; set +a)' % args.env_file if args.env_file else ''), flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        store.close()  # the journal's changes go into the state file
    print('TransactionLink emulator stopped', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
