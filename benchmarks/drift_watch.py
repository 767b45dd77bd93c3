# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drift watch figures: requests and seconds of a poll with no change, and time from a change by hand to its mend.

Run with the interpreter of the eda nox session (ansible-rulebook, Java 17):

    .venv/bin/nox -s eda --install-only
    .nox/eda/bin/python benchmarks/drift_watch.py --workspaces 200 --polls 5 --interval 15 --trials 3

1. Polls: the transactionlink.access.membership_drift source's poll (what its
   main() runs every interval, off the event loop) against the emulator process
   seeded with WORKSPACES workspaces (bench seed, LATENCY_MS per request): a
   baseline, then POLLS polls with no change. For each: the requests the
   emulator received (target 1 + WORKSPACES, no user page) and the seconds.
2. Mend: `ansible-rulebook -r transactionlink.access.mend_drift` with INTERVAL
   seconds between polls over the demo organization. TRIALS times, at a random
   point of the interval, a member is added by hand to Customer Support; the
   figure is the time until the emulator's state shows it removed again (the
   poll, the event, the converge run), target under 60 s at a 15 s interval.

Results go to stdout and to OUT/drift_watch.json.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (os.path.join(REPO, 'tests'), os.path.join(REPO, 'scripts')):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import collection_tree  # noqa: E402 pylint: disable=wrong-import-position
from emulator.process import EmulatorServer  # noqa: E402 pylint: disable=wrong-import-position
from helpers import eda  # noqa: E402 pylint: disable=wrong-import-position

WORKSPACE = 'Customer Support'
HAND = ('alice.martin@example.com', 'Analyst')


def log(text):
    print(text, flush=True)


def poll_figures(source, workdir, args):
    """[{poll, requests, user_pages, seconds}]: the baseline, then ARGS.polls polls with no change."""
    from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
    server = EmulatorServer(os.path.join(workdir, 'polls'), seed='bench', workspaces=args.workspaces,
                            users=args.users, args=['--latency-ms', str(args.latency_ms)])
    os.makedirs(server.workdir)
    server.start()
    try:
        client = TransactionLinkClient(server.url, server.tokens['admin'], concurrency=args.concurrency)
        watch = source['Watch'](client, source['check_settings']({'interval': args.interval}))
        figures = []
        for number in range(args.polls + 1):
            server.clear_requests()
            started = time.monotonic()
            poll = watch.poll()
            seconds = time.monotonic() - started
            sent = server.requests()['requests']
            figure = {'poll': 'baseline' if number == 0 else number, 'events': len(poll.events),
                      'requests': len(sent), 'user_pages': sum(1 for r in sent if r['path'] == '/organizations/users'),
                      'seconds': round(seconds, 3)}
            log('poll %(poll)s: %(requests)d requests (%(user_pages)d user pages), %(seconds).3f s, %(events)d events'
                % figure)
            figures.append(figure)
        return figures
    finally:
        server.stop()


def mend_figures(collections_path, workdir, args):
    """[seconds from a change by hand to its mend], one per trial, under the real ansible-rulebook."""
    server = EmulatorServer(os.path.join(workdir, 'mend'))
    os.makedirs(server.workdir)
    server.start()
    eda.by_hand(server, 'PUT', WORKSPACE, 'george.okafor@example.com', 'Viewer')  # what host_vars holds
    wanted = eda.members(server, WORKSPACE)
    with open(os.path.join(workdir, 'vars.yml'), 'w') as handle:
        handle.write('transactionlink_drift_interval: %s\n' % args.interval)
    rulebook = eda.Rulebook(
        ['-r', 'transactionlink.access.mend_drift', '-i', eda.inventory_dir(os.path.join(workdir, 'inventory')),
         '--vars', os.path.join(workdir, 'vars.yml')],
        eda.environment(server.url, server.tokens['admin'], collections_path), workdir)
    draw = random.Random(args.seed)
    timeout = 4 * args.interval + eda.WAIT
    times = []
    try:
        eda.until(lambda: eda.polls(server) >= 2, 'the baseline poll', timeout, rulebook)
        for trial in range(args.trials):
            time.sleep(draw.uniform(0, args.interval))
            eda.by_hand(server, 'PUT', WORKSPACE, *HAND)
            started = time.monotonic()
            eda.until(lambda: eda.members(server, WORKSPACE) == wanted, 'the mend', timeout, rulebook)
            times.append(round(time.monotonic() - started, 1))
            log('trial %d: mended %.1f s after the change by hand' % (trial + 1, times[-1]))
            # the mend's own write comes back as one more event: its run (no write) ends before the next trial
            eda.until(lambda trial=trial: rulebook.output.count('PLAY RECAP') >= 2 * (trial + 1), 'the run after the mend',
                      timeout, rulebook)
    finally:
        rulebook.stop()
        server.stop()
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workspaces', type=int, default=200)
    parser.add_argument('--users', type=int, default=100)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--polls', type=int, default=5, help='polls with no change after the baseline')
    parser.add_argument('--interval', type=float, default=15, help='seconds between polls under ansible-rulebook')
    parser.add_argument('--trials', type=int, default=3, help='changes by hand to mend (0: skip the rulebook part)')
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--out', default=os.path.join(REPO, 'tests', 'output'))
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='tl-drift-bench-')
    tree = collection_tree.build(os.path.join(workdir, 'collections'))
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(tree)))
    sys.path.insert(0, collections_path)
    source = eda.load(tree, 'event_source', 'membership_drift')
    try:
        polls = poll_figures(source, workdir, args)
        mends = mend_figures(collections_path, workdir, args) if args.trials else []
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    quiet = [p for p in polls if p['poll'] != 'baseline']
    summary = {
        'workspaces': args.workspaces, 'latency_ms': args.latency_ms, 'concurrency': args.concurrency,
        'requests_per_quiet_poll': sorted(set(p['requests'] for p in quiet)),
        'user_pages_in_quiet_polls': sum(p['user_pages'] for p in quiet),
        'quiet_poll_seconds_max': max(p['seconds'] for p in quiet) if quiet else None,
        'interval': args.interval, 'mend_seconds': mends, 'mend_seconds_max': max(mends) if mends else None,
        'polls': polls,
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'drift_watch.json'), 'w') as handle:
        json.dump(summary, handle, indent=2)
    log(json.dumps(dict((k, v) for k, v in summary.items() if k != 'polls')))
    return 0


if __name__ == '__main__':
    sys.exit(main())
