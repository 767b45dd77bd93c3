# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: an access review, start and close, at 200 workspaces x 50 members with 500 revocations.

The bench organization of the emulator (``--users`` users, ``--workspaces``
workspaces) is seeded with ``--members`` direct members per workspace (through
the onboarding playbook, without latency), then every request is answered
after ``--latency-ms``:

1. ``transactionlink.access.review_start`` with the workspaces routed to
   ``--reviewers`` reviewers (one worksheet each);
2. the worksheets are filled - ``--revocations`` rows ``revoke`` (spread over
   every worksheet), the others ``keep``;
3. ``transactionlink.access.review_close``, then ``sha256sum -c`` on the evidence.

Reported per run: wall time, requests and writes the emulator received, and the
floor the issue gives - start: 1 workspace list + 2 member lists per workspace
+ the user pages; close: its reads before the removal run (1 + 1 per workspace
+ user pages) + one DELETE per revocation (the removal run's own reads and the
read-back after it are counted apart). Targets: start under 15 s, close under
20 s. Nothing is asserted here: tests/integration/roles/test_workspace_access_review.py
holds the correctness tests.

Usage: .venv/bin/python benchmarks/access_review.py [--workspaces 200] [--members 50] [--users 2000]
       [--revocations 500] [--reviewers 20] [--latency-ms 20] [--out DIR]
Tiny (proves it works): --workspaces 6 --members 4 --users 24 --revocations 5 --reviewers 2 --latency-ms 0
Prints a markdown table and writes DIR/access-review.md and .json (default tests/output).
"""

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402 pylint: disable=wrong-import-position

START, CLOSE = 'transactionlink.access.review_start', 'transactionlink.access.review_close'
TARGETS = {'start': 15.0, 'close': 20.0}


def reviewer(index):
    return 'reviewer%02d@example.com' % index


def fill(review, revocations):
    """Write revoke in REVOCATIONS rows spread over every worksheet (every n-th row), keep in the others."""
    folder = os.path.join(review, 'worksheets')
    sheets = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), newline='', encoding='utf-8') as handle:
            sheets[name] = list(csv.reader(handle))
    total = sum(len(rows) - 1 for rows in sheets.values())
    step = max(1, total // max(1, revocations))
    done, seen = 0, 0
    for name, rows in sheets.items():
        for row in rows[1:]:
            revoke = done < revocations and seen % step == 0
            row[3] = 'revoke' if revoke else 'keep'
            done += revoke
            seen += 1
        with open(os.path.join(folder, name), 'w', newline='', encoding='utf-8') as handle:
            csv.writer(handle, lineterminator='\n').writerows(rows)
    return done


def figures(bench, name, outcome, floor, extra=None):
    log = bench.emulator.requests()['requests']
    row = {'run': name, 'rc': outcome['rc'], 'wall_s': outcome['wall_s'], 'requests': outcome['requests'],
           'writes': outcome['writes'], 'deletes': sum(1 for r in log if r['method'] == 'DELETE'),
           'user_pages': sum(1 for r in log if r['method'] == 'GET' and r['path'] == '/organizations/users'),
           'floor': floor, 'target_s': TARGETS[name], 'error': outcome.get('error')}
    row.update(extra or {})
    return row


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workspaces', type=int, default=200)
    parser.add_argument('--members', type=int, default=50)
    parser.add_argument('--users', type=int, default=2000)
    parser.add_argument('--revocations', type=int, default=500)
    parser.add_argument('--reviewers', type=int, default=20)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--out', default=os.path.join(harness.REPO, 'tests', 'output'))
    args = parser.parse_args(argv)
    per_user = max(1, args.workspaces * args.members // max(1, args.users))

    bench = harness.Bench(log=lambda text: print(text, flush=True))
    results = []
    try:
        bench.start(args.workspaces, args.users)
        rows = harness.spread(args.users, args.workspaces, per_user)
        seeded = bench.run(bench.onboard, bench.onboard_vars(rows), wrap=False)
        if seeded['rc'] != 0:
            raise SystemExit('seeding failed: %s' % seeded.get('error'))
        memberships = len(bench.emulator.state()['memberships'])
        bench.emulator.set_faults(latency_ms=args.latency_ms)
        review = os.path.join(bench.workdir, 'review')
        routed = dict((harness.workspace(i + 1), reviewer(i % args.reviewers + 1)) for i in range(args.workspaces))
        started = bench.measure('review_start', START, {
            'transactionlink_review_dir': review, 'transactionlink_review_reviewers': routed}, wrap=False)
        row = figures(bench, 'start', started, None, {'memberships': memberships})
        row['floor'] = 1 + 2 * args.workspaces + row['user_pages']
        results.append(row)
        revoked = fill(review, args.revocations) if started['rc'] == 0 else 0
        closed = bench.measure('review_close', CLOSE, {'transactionlink_review_dir': review}, wrap=False)
        row = figures(bench, 'close', closed, None, {'memberships': memberships, 'revocations': revoked})
        row['floor'] = 1 + args.workspaces + results[0]['user_pages'] + revoked
        check = subprocess.run(['sha256sum', '--quiet', '-c', 'evidence/manifest.sha256'], cwd=review, check=False,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        row['evidence_ok'] = check.returncode == 0
        results.append(row)
    finally:
        bench.stop()
        shutil.rmtree(bench.workdir, ignore_errors=True)

    lines = ['| run | wall s | target s | requests | floor | writes (DELETE) | user pages | result |',
             '| --- | --- | --- | --- | --- | --- | --- | --- |']
    for r in results:
        ok = r['rc'] == 0 and r.get('evidence_ok', True)
        lines.append('| %s | %.1f | %.0f | %d | %d | %d (%d) | %d | %s |' % (
            r['run'], r['wall_s'], r['target_s'], r['requests'], r['floor'], r['writes'], r['deletes'], r['user_pages'],
            'ok' if ok else 'FAILED (rc %d) %s' % (r['rc'], (r.get('error') or '')[-300:])))
    head = ('%d workspaces x %d members (%d users), %d revocations over %d reviewers, emulator latency %g ms, '
            'concurrency 8; %s, %d CPU(s), load average %s at the end' % (
                args.workspaces, args.members, args.users, args.revocations, args.reviewers, args.latency_ms,
                platform.python_version(), os.cpu_count(), ' '.join('%.1f' % x for x in os.getloadavg())))
    text = '\n'.join([head, ''] + lines)
    print('\n' + text, flush=True)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'access-review.md'), 'w', encoding='utf-8') as handle:
        handle.write(text + '\n')
    with open(os.path.join(args.out, 'access-review.json'), 'w', encoding='utf-8') as handle:
        json.dump({'when': datetime.datetime.now(datetime.timezone.utc).isoformat(), 'settings': vars(args),
                   'results': results}, handle, indent=2)
    return 0 if all(r['rc'] == 0 and r.get('evidence_ok', True) for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
