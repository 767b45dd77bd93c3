# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: transactionlink.access.organization_user over a large organization, against the emulator.

One ``ansible-playbook`` run of one ``organization_user`` task with ``users``
of CHANGES users of an organization of USERS (bench seed), at LATENCY ms per
request: half of them made organization admins, half given a new title (one
PUT each), then the rerun (no write). For each run: the requests (user pages,
organization roles, writes), the wall and task seconds, changed; and whether
the emulator's state is what was asked. With ``--strict`` the emulator refuses
a page size over 100 (the client then reads the users 20 a page).

Times are measured, never asserted. Writes OUT/organization_user.json and
prints one line per run.

Usage: .venv/bin/python benchmarks/organization_user.py [--users 2000] [--changes 200] [--latency-ms 20]
       [--concurrency 8] [--strict] [--out DIR]
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402 pylint: disable=wrong-import-position
from harness import email  # noqa: E402 pylint: disable=wrong-import-position

TITLE = 'Benchmarked'


def wanted(changes):
    """The organization_user items: the first half of CHANGES users made admins, the other half given TITLE."""
    half = changes // 2
    items = [{'user': email(i), 'org_role': 'admin'} for i in range(1, half + 1)]
    items += [{'user': email(i), 'title': TITLE} for i in range(half + 1, changes + 1)]
    return items


def playbook(path, concurrency):
    play = [{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'Organization roles and profiles', 'transactionlink.access.organization_user': {
            'users': '{{ organization_users }}', 'concurrency': concurrency}}]}]
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(play, handle)
    return path


def state_matches(emulator, items):
    users = dict((u['email'], u) for u in emulator.state()['users'])
    for item in items:
        user = users.get(item['user'])
        if user is None or ('org_role' in item and user['organizationRole'] != item['org_role']) or (
                'title' in item and user['profile']['title'] != item['title']):
            return False
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--users', type=int, default=2000)
    parser.add_argument('--changes', type=int, default=200)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--strict', action='store_true', help='the emulator refuses a page size over 100')
    parser.add_argument('--out', default=os.path.join(harness.REPO, 'tests', 'output'))
    args = parser.parse_args(argv)
    if not 0 < args.changes <= args.users:
        parser.error('--changes must be 1 to --users')
    bench = harness.Bench()
    bench.start(1, args.users)
    try:
        bench.emulator.reset(seed='bench', workspaces=1, users=args.users, strict=args.strict)
        bench.emulator.set_faults(latency_ms=args.latency_ms)
        items = wanted(args.changes)
        book = playbook(os.path.join(bench.workdir, 'organization_user.json'), args.concurrency)
        results = {'users': args.users + 1, 'changes': args.changes, 'latency_ms': args.latency_ms,
                   'concurrency': args.concurrency, 'strict': args.strict, 'runs': []}
        for name in ('first run', 'rerun'):
            outcome = bench.measure('organization_user %s' % name, book, {'organization_users': items})
            outcome['state_matches'] = state_matches(bench.emulator, items)
            results['runs'].append(outcome)
    finally:
        bench.stop()
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'organization_user.json'), 'w', encoding='utf-8') as handle:
        json.dump(results, handle, indent=1)
    for run in results['runs']:
        print('%s: rc %s, %s requests (GET %s, writes %s), wall %ss, task %ss, changed %s, state matches %s' % (
            run['name'], run['rc'], run['requests'], run['gets'], run['writes'], run['wall_s'], run['task_s'],
            run['changed'], run['state_matches']))
    return 0 if all(run['rc'] == 0 and run['state_matches'] for run in results['runs']) else 1


if __name__ == '__main__':
    sys.exit(main())
