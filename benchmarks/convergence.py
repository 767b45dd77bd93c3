# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark (make benchmark): the onboarding playbook against the emulator, from 300 to 10,000 memberships.

Every module figure is a run of ``ansible-playbook transactionlink.access.onboard``
(the way people run it), against the bundled emulator process (bench seed).
Scenarios (``--only NAME,...``; all but ``ratelimit`` by default):

- ``small``: 300 memberships / 10 workspaces / 10 ms latency: the playbook
  against an idempotent ``ansible.builtin.uri`` baseline given UUIDs (one GET
  per workspace, then one PUT per membership whose role differs), first
  converge and rerun of each, in the same run.
- ``scale``: 10,000 memberships / 200 workspaces / 2,000 users / 20 ms, at
  concurrency 8 and 1 (each from a fresh organization), first converge and rerun.
  With ``--policies``, each concurrency also converges (from a fresh organization)
  and reruns with the shipped policies (``workspace_onboarding_policies``, all
  three allowing), so the rows ``+ policies`` say what the policies add;
  ``--scale-size N`` shrinks the ticket (N memberships) to try the scenario out.
- ``faults``: 10,000 (``--faults-size``) at concurrency 8, fault-free and
  then under 20 % random 503 (no Retry-After) and dropped connections, no 429,
  each from a fresh organization, then the rerun under the same faults: the
  ratio to the fault-free time (target 2x), lost (reported done, absent),
  the state against the wanted one, and the rerun's changed (target false).
- ``campaign``: RUNS converges of SIZE memberships, each from a fresh
  organization under 20 % 429 (Retry-After 0 to 2 s) or 503, connection resets,
  answers lost after the write was applied, and latency spikes (fault seed =
  run number); per run: converged, lost (reported done, absent), not done,
  wrong-role and extra memberships; a run that fails is rerun under the same
  faults (up to 3 times). ``--campaign-runs``/``--campaign-size``/
  ``--campaign-jobs``/``--campaign-max-retries`` or TL_BENCH_CAMPAIGN_RUNS/_SIZE/_JOBS
  (default 20 x 2,000, 4 at a time, each against its own emulator).
- ``race``: two runs at once on the same workspace: different roles for the
  same users, and two exclusive runs over overlapping users; counts of final
  states (``--race-tries``).
- ``ratelimit`` (not run by default): 10,000 (``--ratelimit-size``) at
  concurrency 8 against the emulator's token-bucket rate limiter (100
  requests/s; 429 with Retry-After beyond it): the ratio to the limiter's
  floor, answered requests / rate (target 1.15x).

Times are measured, never asserted. The full run takes 45 to 60 minutes on 2
cores, most of it waiting out Retry-After in ``faults`` and ``campaign``. Writes tests/output/benchmark.md (the
tables, also printed) and tests/output/benchmark.json (every figure).

Usage: .venv/bin/python benchmarks/convergence.py [--only small,scale,faults,campaign,race,ratelimit] [--out DIR]
       .venv/bin/python benchmarks/convergence.py --render A.json B.json [--out DIR]   (merge runs into one table)
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402 pylint: disable=wrong-import-position
from harness import email, spread, workspace  # noqa: E402 pylint: disable=wrong-import-position

SCENARIOS = ('small', 'scale', 'faults', 'campaign', 'race', 'ratelimit')
DEFAULT = ('small', 'scale', 'faults', 'campaign', 'race')


def log(text):
    print(text, flush=True)


def ratio(a, b):
    return round(a / b, 1) if a and b else None


# -- scenarios ---------------------------------------------------------------------


def small(bench, report):
    """300 memberships / 10 workspaces / 10 ms: the playbook against the uri baseline."""
    workspaces, users, latency = 10, 300, 10
    rows = spread(users, workspaces, 1)
    bench.start(workspaces, users)
    try:
        log('\n[small] %d memberships / %d workspaces / %d ms latency' % (len(rows), workspaces, latency))
        results = []
        bench.fresh(workspaces, users, latency_ms=latency)
        results.append(bench.measure('uri loop, first converge', uri_play(bench, rows), wrap=False))
        results.append(bench.measure('uri loop, rerun', uri_play(bench, rows), wrap=False))
        bench.fresh(workspaces, users, latency_ms=latency)
        extra = bench.onboard_vars(rows)
        results.append(bench.measure('onboard playbook, first converge', bench.onboard, extra))
        results[-1]['diff'] = bench.state_diff(rows)
        results.append(bench.measure('onboard playbook, rerun', bench.onboard, extra))
    finally:
        bench.stop()
    uri_first, uri_rerun, mod_first, mod_rerun = results
    report['small'] = {'memberships': len(rows), 'workspaces': workspaces, 'latency_ms': latency, 'results': results,
                       'ratios': {'first_wall': ratio(uri_first['wall_s'], mod_first['wall_s']),
                                  'rerun_wall': ratio(uri_rerun['wall_s'], mod_rerun['wall_s']),
                                  'first_task': ratio(uri_first['task_s'], mod_first['task_s']),
                                  'rerun_task': ratio(uri_rerun['task_s'], mod_rerun['task_s'])}}


def uri_play(bench, rows):
    return bench.write_json('uri.json', harness.uri_playbook(rows))


SCALE = {'workspaces': 200, 'users': 2000, 'per_user': 5, 'latency': 20, 'concurrency': (8, 1), 'size': 10000,
         'policies': False}


# The scale runs (and their floor) print as a user's do: the default callback. The tests' JSON callback
# serializes every task result for its output, 1 to 2 s more for a 10,000-membership result, which no user pays.
CALLBACK = 'default'


def scale(bench, report):
    """10,000 (``--scale-size``) memberships / 200 workspaces / 2,000 users / 20 ms at concurrency 8 and 1.

    Beside each run: Ansible's own floor (the same variables, a no-op module)
    and the shape floor (``harness.SHAPE_PLAYBOOK``), each measured right
    before the run (this machine's speed drifts within minutes), the request floor (requests / concurrency x latency) and
    the ratio of the wall time to their sum (target 1.15x), and the CPU
    seconds of the controller and of the module process. Beside each first
    run at a concurrency above 1, the stub floor too (``harness.stub_writes``:
    the writes as the emulator alone answers them)."""
    latency = SCALE['latency']
    rows, ws, users = sized(SCALE['size'])
    bench.start(ws, users)
    results = []
    try:
        log('\n[scale] %d memberships / %d workspaces / %d users / %d ms; return_memberships %s' % (
            len(rows), ws, users, latency, SCALE.get('return_memberships') or 'not set (all)'))
        for concurrency in SCALE['concurrency']:
            for policies in (False, True) if SCALE['policies'] else (False,):
                seeded = bench.fresh(ws, users, latency_ms=latency)
                more = {'workspace_onboarding_policies': harness.POLICIES} if policies else {}
                extra = bench.onboard_vars(rows, concurrency=concurrency, **more)
                if SCALE.get('return_memberships'):
                    extra['workspace_onboarding_return_memberships'] = SCALE['return_memberships']
                label = 'onboard c%d%s' % (concurrency, ' + policies' if policies else '')
                floors = _floors(bench, extra)
                # (Not at concurrency 1: the emulator alone would take as long as the run, and no target is set there.)
                stub = harness.stub_writes(len(rows), concurrency, latency, ws, users) if concurrency > 1 else None
                first = bench.measure(label + ', first converge', bench.onboard, extra, callback=CALLBACK)
                first.update(diff=bench.state_diff(rows), concurrency=concurrency, reseed_s=round(seeded, 2), policies=policies)
                _against(first, floors, concurrency, latency, stub)
                floors = _floors(bench, extra)
                rerun = bench.measure(label + ', rerun', bench.onboard, extra, callback=CALLBACK)
                rerun.update(concurrency=concurrency, policies=policies)
                _against(rerun, floors, concurrency, latency)
                results += [first, rerun]
                _save(report)
    finally:
        bench.stop()
    report['scale'] = {'memberships': len(rows), 'workspaces': ws, 'users': users, 'latency_ms': latency,
                       'return_memberships': SCALE.get('return_memberships'), 'results': results}
    by = {(r['concurrency'], r['name'].endswith('rerun')): r for r in results if not r.get('policies')}
    added = dict((r['name'].replace(' + policies', ''), round(r['wall_s'] - plain['wall_s'], 2))
                 for r in results if r.get('policies')
                 for plain in results if not plain.get('policies') and plain['name'] == r['name'].replace(' + policies', ''))
    if added:
        report['scale']['policies_add_wall_s'] = added
    if (1, False) in by and (8, False) in by:
        report['scale']['c8_vs_c1_first'] = ratio(by[(1, False)]['wall_s'], by[(8, False)]['wall_s'])


def sized(size):
    """(rows, workspaces, users) of SIZE memberships, 5 a user: the scale organization at 10,000."""
    per_user = SCALE['per_user']
    users = max(per_user, size // per_user)
    ws = max(per_user, min(SCALE['workspaces'], size // 50))
    return spread(users, ws, per_user)[:size], ws, users


# 20 % of the API answers faulted, half a 503 without Retry-After, half a dropped connection (no 429: a 429 asks
# the whole run to slow down, which the ratelimit scenario measures). The reset is drawn first, so the 503 rate
# is of the rest.
FAULTS = {'reset_rate': 0.1, 'rate': round(0.1 / 0.9, 4), 'statuses': [503], 'seed': 2026}


def faults(bench, report, size=10000, max_retries=None):
    """SIZE memberships at concurrency 8, fault-free and under 20 % random 503 and dropped connections (no 429).

    From a fresh organization each: the fault-free first converge, then the faulted first converge and its rerun
    under the same faults. Reported: the faulted/fault-free ratio (target <= 2x), what the faulted run reported
    done but the state lacks (lost), the state against the wanted one, and the rerun's changed (target false).

    A request fails when its 1 + max_retries attempts are all faulted: 0.2^6 = 6.4e-5 with the default 5, so
    about half of the 10,000 converges (10,500 requests) meet one such request and stop there (rc 2, reporting
    what was done; the rerun then finishes the work). MAX_RETRIES (``--faults-max-retries``) sets the module's."""
    rows, ws, users = sized(size)
    latency = SCALE['latency']
    settings = dict(FAULTS, latency_ms=latency)
    bench.start(ws, users)
    results = []
    try:
        log('\n[faults] %d memberships / %d workspaces / %d users, concurrency 8, faults %s' % (len(rows), ws, users, settings))
        extra = bench.onboard_vars(rows, concurrency=8)
        if max_retries is not None:
            extra['transactionlink_max_retries'] = max_retries
        bench.fresh(ws, users, latency_ms=latency)
        clean = bench.measure('onboard c8, fault-free, first converge', bench.onboard, extra)
        clean['diff'] = bench.state_diff(rows)
        bench.fresh(ws, users, **settings)
        first = bench.measure('onboard c8, 20 % 503/reset, first converge', bench.onboard, extra, keep_done=True)
        first['lost'] = bench.lost(first.pop('done', []))
        first['diff'] = bench.state_diff(rows)
        rerun = bench.measure('onboard c8, 20 % 503/reset, rerun', bench.onboard, extra, keep_done=True)
        rerun['lost'] = bench.lost(rerun.pop('done', []))
        rerun['diff'] = bench.state_diff(rows)
        results = [clean, first, rerun]
    finally:
        bench.stop()
    report['faults'] = {'memberships': len(rows), 'workspaces': ws, 'users': users, 'settings': settings,
                        'max_retries': max_retries,
                        'results': results, 'vs_fault_free': {
                            'wall': round(first['wall_s'] / clean['wall_s'], 2) if clean['wall_s'] else None,
                            'task': round(first['task_s'] / clean['task_s'], 2) if clean['task_s'] and first['task_s'] else None}}
    ratios = report['faults']['vs_fault_free']
    log('  faulted first converge %sx the fault-free time (wall; task %sx; target <= 2x); lost %d, state %s; '
        'rerun changed=%s, writes %d' % (ratios['wall'], ratios['task'], first['lost'], first['diff'], rerun['changed'],
                                         rerun['writes']))


def ratelimit(bench, report, limit=100, size=10000):
    """SIZE memberships at concurrency 8 against a token-bucket rate limiter of LIMIT requests/s (emulator rate_limit).

    The limiter's floor is the requests it answered (not the 429s) / LIMIT; its bucket holds one second's worth, so a
    run may go LIMIT requests under it. Target: the first converge within 1.15x of it."""
    rows, ws, users = sized(size)
    settings = {'latency_ms': SCALE['latency'], 'rate_limit': limit}
    bench.start(ws, users)
    try:
        log('\n[ratelimit] %d memberships / %d workspaces / %d users, concurrency 8, %s' % (len(rows), ws, users, settings))
        bench.fresh(ws, users, **settings)
        extra = bench.onboard_vars(rows, concurrency=8)
        first = bench.measure('onboard c8, limit %d/s, first converge' % limit, bench.onboard, extra)
        first['diff'] = bench.state_diff(rows)
        rerun = bench.measure('onboard c8, limit %d/s, rerun' % limit, bench.onboard, extra)
    finally:
        bench.stop()
    floors = {}
    for run in (first, rerun):
        answered = run['requests'] - run['faulted']
        floors[run['name']] = {'answered': answered, 'floor_s': round(answered / float(limit), 2),
                               'wall_vs_floor': round(run['wall_s'] * limit / answered, 3) if answered else None,
                               'task_vs_floor': round(run['task_s'] * limit / answered, 3) if answered and run['task_s'] else None}
    report['ratelimit'] = {'memberships': len(rows), 'workspaces': ws, 'users': users, 'settings': settings,
                           'results': [first, rerun], 'floors': floors}
    f = floors[first['name']]
    log('  first converge: %d requests answered, floor %.1f s; wall %sx, task %sx the floor (target <= 1.15x)' % (
        f['answered'], f['floor_s'], f['wall_vs_floor'], f['task_vs_floor']))


def campaign_settings(run):
    return {'latency_ms': 10, 'seed': run, 'rate': 0.2, 'statuses': [429, 503], 'retry_after': [0, 2],
            'reset_rate': 0.02, 'lost_answer_rate': 0.02, 'lost_answer_statuses': [502, 504, 'reset'],
            'spike_rate': 0.01, 'spike_ms': 1500}


RERUNS = 3


def campaign(bench, report, runs, size, jobs, max_retries=None):
    """RUNS converges of SIZE memberships under mixed faults, each from a fresh organization.

    JOBS runs at a time, each against its own emulator process (the runs mostly wait out Retry-After)."""
    per_user = 5
    users = max(per_user, size // per_user)
    ws = max(per_user, min(200, size // 50))
    rows = spread(users, ws, per_user)[:size]
    jobs = max(1, min(jobs, runs))
    log('\n[campaign] %d runs of %d memberships / %d workspaces / %d users, %d at a time; faults %s (seed = run)' % (
        runs, len(rows), ws, users, jobs, campaign_settings('run')))
    emulators = [bench.new_emulator(ws, users, 'campaign-emulator-%d' % j) for j in range(jobs)]
    extra = bench.onboard_vars(rows, concurrency=8)
    if max_retries is not None:
        extra['transactionlink_max_retries'] = max_retries
    results = {}
    lock = threading.Lock()
    pending = list(range(1, runs + 1))

    def worker(emulator):
        while True:
            with lock:
                if not pending:
                    return
                run = pending.pop(0)
            bench.fresh(ws, users, emulator=emulator, **campaign_settings(run))
            outcome = bench.measure('campaign run %d' % run, bench.onboard, extra, emulator=emulator, keep_done=True)
            # lost: reported done, absent from the state; extra: in the state, not wanted;
            # not_done: wanted, absent (a failed run stops at its first failed write).
            diff = bench.state_diff(rows, emulator=emulator)
            outcome['diff'] = diff
            outcome['lost'] = bench.lost(outcome.pop('done', []), emulator=emulator)
            outcome['converged'] = outcome['rc'] == 0 and not any(diff.values())
            outcome['reruns'] = []
            while (outcome['reruns'] or [outcome])[-1]['rc'] != 0 and len(outcome['reruns']) < RERUNS:
                # Rerun under the same faults (the sequence goes on) until one converges.
                again = bench.measure('campaign run %d, rerun' % run, bench.onboard, extra, emulator=emulator, keep_done=True)
                again['lost'] = bench.lost(again.pop('done', []), emulator=emulator)
                again['diff'] = bench.state_diff(rows, emulator=emulator)
                outcome['reruns'].append({k: again.get(k) for k in (
                    'rc', 'wall_s', 'requests', 'writes', 'faulted', 'lost', 'diff', 'changed', 'error')})
            final = (outcome['reruns'] or [outcome])[-1]
            outcome['converged_after_reruns'] = final['rc'] == 0 and not any(final['diff'].values())
            outcome['final_diff'] = final['diff']
            c = outcome['counts']
            log('    run %d: converged=%s lost=%d not done/wrong role/extra=%s reruns=%d, then converged=%s %s; %s' % (
                run, outcome['converged'], outcome['lost'], outcome['diff'], len(outcome['reruns']),
                outcome['converged_after_reruns'], outcome['final_diff'],
                {k: c.get(k) for k in ('faulted', 'resets', 'lost_answers', 'applied_writes') if k in c}))
            with lock:
                results[run] = outcome
                report['campaign'] = {'runs': runs, 'jobs': jobs, 'max_retries': max_retries, 'memberships': len(rows), 'workspaces': ws,
                                      'users': users, 'settings': campaign_settings('run'),
                                      'results': [results[k] for k in sorted(results)]}
                _save(report)

    threads = [threading.Thread(target=worker, args=(e,)) for e in emulators]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for e in emulators:
            e.stop()


def race(bench, report, tries):
    """Two onboarding runs at once on the same workspace."""
    # 250 ms a request: each run's reads and writes last a second or two, so the two runs overlap.
    ws, users, latency = 2, 40, 250
    bench.start(ws, users)
    target = [workspace(1)]
    outcomes = {'roles': [], 'exclusive': []}
    try:
        log('\n[race] two onboard runs at once on %s, %d ms latency, %d tries each' % (target[0], latency, tries))
        # Different roles for the same users: A wants Viewer, B Analyst, for 20 users.
        rows_a = [(target[0], email(i), 'Viewer') for i in range(1, 21)]
        rows_b = [(target[0], email(i), 'Analyst') for i in range(1, 21)]
        for attempt in range(tries):
            bench.fresh(ws, users, latency_ms=latency)
            final = _both(bench, bench.onboard_vars(rows_a), bench.onboard_vars(rows_b), target)
            kind = _classify(final, rows_a, rows_b)
            each_user = all(final.get((w, u)) in (ra, rb) for (w, u, ra), (_w, _u, rb) in zip(rows_a, rows_b))
            outcomes['roles'].append({'outcome': kind, 'each_user_one_of_the_two': each_user,
                                      'viewer': sum(1 for r in final.values() if r == 'Viewer'),
                                      'analyst': sum(1 for r in final.values() if r == 'Analyst')})
            log('  roles try %d: %s (each user one of the two roles: %s; Viewer %d, Analyst %d)' % (
                attempt + 1, kind, each_user, outcomes['roles'][-1]['viewer'], outcomes['roles'][-1]['analyst']))
        # Two exclusive runs over overlapping users: workspace starts with users 1-10 (Admin);
        # A wants exactly users 1-8 Viewer, B exactly users 5-12 Analyst.
        rows_a = [(target[0], email(i), 'Viewer') for i in range(1, 9)]
        rows_b = [(target[0], email(i), 'Analyst') for i in range(5, 13)]
        start_rows = [(target[0], email(i), 'Admin') for i in range(1, 11)]
        for attempt in range(tries):
            bench.fresh(ws, users)
            setup = bench.run(bench.onboard, bench.onboard_vars(start_rows), wrap=False)
            if setup['rc'] != 0:
                raise SystemExit('race setup failed: %s' % setup)
            bench.emulator.set_faults(latency_ms=latency)
            final = _both(bench, bench.onboard_vars(rows_a, exclusive=True), bench.onboard_vars(rows_b, exclusive=True),
                          target)
            kind = _classify(final, rows_a, rows_b)
            outcomes['exclusive'].append({'outcome': kind, 'members': len(final)})
            log('  exclusive try %d: %s (%d members: %s)' % (attempt + 1, kind, len(final), sorted(
                '%s=%s' % (u.split('@')[0], r) for (_w, u), r in final.items())))
    finally:
        bench.stop()
    report['race'] = {'tries': tries, 'latency_ms': latency, 'outcomes': outcomes}


def _both(bench, vars_a, vars_b, target):
    handles = [bench.start_playbook(bench.onboard, vars_a, wrap=False),
               bench.start_playbook(bench.onboard, vars_b, wrap=False)]
    runs = [bench.wait(h) for h in handles]
    for run in runs:
        if run['rc'] != 0:
            log('    a run failed (rc=%s): %s' % (run['rc'], (run.get('error') or '')[-300:]))
    return bench.memberships(target)


def _classify(final, rows_a, rows_b):
    if final == {(w, u): r for w, u, r in rows_a}:
        return "A's wanted state"
    if final == {(w, u): r for w, u, r in rows_b}:
        return "B's wanted state"
    return 'neither'


# -- the report ---------------------------------------------------------------------

REPORT_PATH = {}


def _save(report):
    with open(REPORT_PATH['json'], 'w', encoding='utf-8') as handle:
        json.dump(report, handle, indent=1, default=str)


def _mb(value):
    return '-' if value is None else '%.0f' % value


def _s(value):
    return '-' if value is None else '%.1f' % value


def _diff(d):
    if not d:
        return '-'
    return '%d / %d / %d' % (d['lost'], d['wrong_role'], d['extra'])


def _floors(bench, extra):
    """(Ansible's own floor, the shape floor) with EXTRA, measured now."""
    return bench.ansible_floor(extra, callback=CALLBACK), bench.shape_floor(extra, callback=CALLBACK)


def _against(run, floors, concurrency, latency, stub=None):
    """RUN with its ratios to the request floor (and the stub floor, given STUB) plus each of FLOORS (measured
    right before it), logged."""
    floor, shape = floors
    run.update(harness.vs_floors(run['wall_s'], run['requests'], concurrency, latency, floor['wall_s'], stub))
    with_shape = harness.vs_floors(run['wall_s'], run['requests'], concurrency, latency, shape['wall_s'], stub)
    run.update(ansible_floor_cpu_s=floor['cpu_s'], shape_floor_s=shape['wall_s'], shape_floor_cpu_s=shape['cpu_s'],
               vs_shape_floor=with_shape['vs_floors'])
    if stub is not None:
        run['vs_stub_and_shape'] = with_shape['vs_stub_floor']
    log('    %s: request floor %.1f s + Ansible floor %.1f s (cpu %s s); wall %sx both (target 1.15x); '
        "%sx with the role's shape floor (%.1f s)%s" % (
            run['name'], run['request_floor_s'], floor['wall_s'], floor['cpu_s'], run['vs_floors'],
            run['vs_shape_floor'], shape['wall_s'],
            '; stub floor %.1f s (the emulator alone: %.1f s for the %d writes): %sx with Ansible\'s floor, %sx with '
            'the shape floor' % (run['stub_floor_s'], stub.seconds, stub.writes, run['vs_stub_floor'],
                                 run['vs_stub_and_shape']) if stub is not None else ''))


def floors_table(s):
    """The scale runs against their floors, with their CPU seconds (lines of markdown; none in an older report)."""
    if not any('ansible_floor_s' in r for r in s['results']):
        return []
    lines = ["Against the floors, each measured right before its run: Ansible's own floor = the same variables through "
             "a no-op module; shape floor = Ansible's own cost of the role's shape, none of the collection's code and no "
             "request (the role's argument spec validating the ticket, the ticket handed to a no-op module that returns as "
             'many memberships); request floor = requests / concurrency x %d ms; wall / both = wall / (request floor + '
             "Ansible's floor), wall / shape = wall / (request floor + shape floor); stub floor = the writes as the "
             'emulator alone answers them (a bare http.client loop at the same concurrency, measured right before each '
             'first run) plus the other requests at the request floor; CPU s = user + system of '
             'ansible-playbook with its forks (controller) and of the module process.' % s['latency_ms'], '',
             '| scenario | wall s | request floor s | Ansible floor s | shape floor s | wall / both | wall / shape '
             '| stub floor s | wall / stub + Ansible | wall / stub + shape | controller CPU s | module CPU s |',
             '|---|---|---|---|---|---|---|---|---|---|---|---|']
    for r in s['results']:
        lines.append('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            r['name'], _s(r['wall_s']), _s(r.get('request_floor_s')), _s(r.get('ansible_floor_s')),
            _s(r.get('shape_floor_s')), r.get('vs_floors'), r.get('vs_shape_floor', '-'), _s(r.get('stub_floor_s')),
            r.get('vs_stub_floor', '-'), r.get('vs_stub_and_shape', '-'), _s(r.get('controller_cpu_s')),
            _s(r.get('module_cpu_s'))))
    return lines + ['']


def markdown(report):
    speed = ' / '.join('%.2f' % x for x in report.get('machine_speed_s') or []) or '?'
    first = '%s, collection at %s; %s, %s CPU(s); Python %s; emulator on loopback; machine speed (CPU s of a fixed ' \
            'loop, at the start / end; lower is faster) %s.'
    first = first % (report['date'], report.get('commit', '?'), platform.platform(), os.cpu_count(),
                     platform.python_version(), speed)
    lines = ['# Benchmark', '', first, '',
             'Wall = the whole ansible-playbook run; task = the module task (or the uri tasks) as timed by the callback;',
             'requests/writes = what the emulator received; module MB = peak RSS of the module process; playbook MB =',
             'peak RSS of the largest ansible-playbook process; lost / wrong role / extra = memberships compared with the',
             'wanted state after the run.', '']
    rows_header = ['| scenario | rc | wall s | task s | requests | writes | faulted | changed | module MB | playbook MB '
                   '| lost / wrong role / extra |', '|---|---|---|---|---|---|---|---|---|---|---|']

    def row(r):
        return '| %s | %s | %s | %s | %d | %d | %d | %s | %s | %s | %s |' % (
            r['name'], r['rc'], _s(r['wall_s']), _s(r['task_s']), r['requests'], r['writes'], r['faulted'],
            r['changed'], _mb(r['module_rss_mb']), _mb(r['playbook_rss_mb']), _diff(r.get('diff')))

    if 'small' in report:
        s = report['small']
        lines += ['## 300 memberships / 10 workspaces / 10 ms: onboard playbook vs uri loop', ''] + rows_header
        lines += [row(r) for r in s['results']]
        q = s['ratios']
        lines += ['', '- first converge: %sx faster (wall), %sx (task); target >= 50x' % (q['first_wall'], q['first_task']),
                  '- rerun: %sx faster (wall), %sx (task); target >= 4x' % (q['rerun_wall'], q['rerun_task']), '']
    if 'scale' in report:
        s = report['scale']
        lines += ['## %d memberships / %d workspaces / %d users / %d ms: concurrency 8 and 1%s' % (
            s['memberships'], s['workspaces'], s['users'], s['latency_ms'],
            '; return_memberships: %s' % s['return_memberships'] if s.get('return_memberships') else ''), ''] + rows_header
        lines += [row(r) for r in s['results']]
        lines += ['', '- c8 first converge %sx faster than c1 (targets: c8 first < 40 s, >= 5x c1; rerun < 8 s; '
                  'module < 200 MB)' % s.get('c8_vs_c1_first'), '']
        lines += floors_table(s)
        if s.get('policies_add_wall_s'):
            lines += ['- the shipped policies add (wall s, target < 1 s): %s' % ', '.join(
                '%s %+.2f' % (name, added) for name, added in sorted(s['policies_add_wall_s'].items())), '']
    for sample in report.get('scale_samples', []):
        lines += ['### The same, another sample (started %s)' % sample['started'], ''] + rows_header
        lines += [row(r) for r in sample['results']]
        lines += ['', '- c8 first converge %sx faster than c1' % sample.get('c8_vs_c1_first') if 'c8_vs_c1_first' in sample
                  else '- concurrency 8 only', '']
    if 'faults' in report:
        s = report['faults']
        lines += ['## %d memberships, concurrency 8, 20 %% of answers a 503 (no Retry-After) or a dropped connection' % (
            s['memberships']), '', 'Faults: %s; lost = reported done by the run, absent from the state.' % json.dumps(
                s['settings']), ''] + rows_header
        lines += [row(r) for r in s['results']]
        if len(s['results']) == 3:
            first, rerun = s['results'][1], s['results'][2]
            lines += ['', '- faulted first converge %sx the fault-free time (wall; task %sx; target <= 2x); lost %d; '
                      'rerun changed=%s with %d writes (target: changed=false)' % (
                          s['vs_fault_free']['wall'], s['vs_fault_free']['task'], first.get('lost', 0), rerun['changed'],
                          rerun['writes'])]
        lines.append('')
    if 'ratelimit' in report:
        s = report['ratelimit']
        lines += ['## %d memberships, concurrency 8, against a rate limiter of %d requests/s (429 + Retry-After beyond it)' % (
            s['memberships'], s['settings']['rate_limit']), ''] + rows_header
        lines += [row(r) for r in s['results']]
        f = s.get('floors', {}).get(s['results'][0]['name'])
        if f:
            lines += ['', '- the floor at that limit: %.1f s for the %d requests the first converge got answered; wall %sx, '
                      'task %sx the floor (target <= 1.15x)' % (
                          f['floor_s'], f['answered'], f['wall_vs_floor'], f['task_vs_floor']), '']
    if 'campaign' in report:
        s = report['campaign']
        res = s['results']
        lines += ['## Fault campaign: %d of %d runs, %d memberships / %d workspaces / %d users, %d runs at a time' % (
            len(res), s['runs'], s['memberships'], s['workspaces'], s['users'], s['jobs']), '',
            'Faults (fault seed = run number): %s. max_retries: %s.' % (
                json.dumps(s['settings']), s.get('max_retries') or 'the default'), '',
            '"lost" = reported done by the run but absent from the state; "not done" = wanted, absent after the run '
            '(a run that fails stops at its first failed write); a run that fails is rerun under the same faults '
            '(up to %d times).' % RERUNS, '',
            '| run | rc | converged | lost | not done / wrong role / extra | requests | writes | faulted | resets '
            '| lost answers | wall s | reruns until converged | after reruns: lost, not done / wrong role / extra |',
            '|---|---|---|---|---|---|---|---|---|---|---|---|---|']
        for i, r in enumerate(res, 1):
            c = r['counts']
            lines.append('| %d | %s | %s | %d | %s | %d | %d | %d | %s | %s | %s | %s | %s |' % (
                i, r['rc'], 'yes' if r['converged'] else 'no', r['lost'], _diff(r['diff']), r['requests'], r['writes'],
                r['faulted'], c.get('resets', '-'), c.get('lost_answers', '-'), _s(r['wall_s']),
                len(r['reruns']) if r['converged_after_reruns'] else '%d (not converged)' % len(r['reruns']),
                '%d, %s' % (sum(x['lost'] for x in r['reruns']), _diff(r['final_diff'])) if r['reruns'] else '-'))
        if res:
            walls = sorted(r['wall_s'] for r in res)
            whole = [r for r in res if r['converged']] or res
            whole_walls = sorted(r['wall_s'] for r in whole)
            lines += ['', '- converged in one run: %d of %d; after reruns: %d of %d; lost %d and extra %d in all runs and '
                      'reruns' % (sum(1 for r in res if r['converged']), len(res),
                                  sum(1 for r in res if r['converged_after_reruns']), len(res),
                                  sum(r['lost'] + sum(x['lost'] for x in r['reruns']) for r in res),
                                  sum(r['final_diff']['extra'] for r in res)),
                      '- a converge in one run: %d requests on average (min %d, max %d) for %d memberships; wall median '
                      '%.1f s (min %.1f, max %.1f); all first runs: wall median %.1f s' % (
                          sum(r['requests'] for r in whole) / len(whole), min(r['requests'] for r in whole),
                          max(r['requests'] for r in whole), s['memberships'], whole_walls[len(whole_walls) // 2],
                          whole_walls[0], whole_walls[-1], walls[len(walls) // 2])]
            failures = [r.get('error') or '' for r in res if r['rc'] != 0]
            if failures:
                lines.append('- why first runs failed: %s' % '; '.join(sorted(set(
                    f.split(' failed: ', 1)[-1].split('(fingerprint')[0].split(' tried')[0].strip()[:120]
                    for f in failures))))
        lines.append('')
    if 'race' in report:
        s = report['race']
        lines += ['## Two onboard runs at once on the same workspace (%d ms latency)' % s['latency_ms'], '',
                  '| case | tries | A\'s wanted state | B\'s wanted state | neither |', '|---|---|---|---|---|']
        for case, label in (('roles', 'different roles for the same 20 users'),
                            ('exclusive', 'exclusive, users 1-8 vs 5-12 (start: 1-10)')):
            got = [o['outcome'] for o in s['outcomes'][case]]
            lines.append('| %s | %d | %d | %d | %d |' % (label, len(got), got.count("A's wanted state"),
                                                         got.count("B's wanted state"), got.count('neither')))
        roles = s['outcomes']['roles']
        lines += ['', '- different roles: every user ended with one of the two roles in %d of %d tries' % (
            sum(1 for o in roles if o['each_user_one_of_the_two']), len(roles)), '']
    return '\n'.join(lines)


def _commit():
    """HEAD, and how many files the work tree changes (the collection is measured as it is on disk)."""
    def git(*args):
        return subprocess.run(['git', '-C', harness.REPO] + list(args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              check=False).stdout.decode('utf-8', 'replace').strip()
    changed = len([line for line in git('status', '--porcelain', '--untracked-files=no').splitlines() if line.strip()])
    return '%s%s' % (git('rev-parse', '--short', 'HEAD'), ' + %d changed file(s) in the work tree' % changed if changed else '')


def render(paths, out):
    """Merge the scenarios of several benchmark.json files into OUT/benchmark.md."""
    report, parts, extra = {}, [], []
    for path in paths:
        with open(path, encoding='utf-8') as handle:
            part = json.load(handle)
        taken = [key for key in SCENARIOS if key in part and key not in report]
        if 'scale' in part and 'scale' in report:
            sample = dict(part['scale'], started=part.get('date'), commit=part.get('commit'))
            report.setdefault('scale_samples', []).append(sample)
            taken.append('scale (another sample)')
        for key in SCENARIOS:
            if key != 'scale' and key in part and key in report:
                # Another run of a scenario already taken: its section(s) after the tables.
                section = markdown({key: part[key], 'date': part.get('date')}).split('\n## ', 1)[1]
                extra.append('## Another run (started %s): %s' % (part.get('date'), section))
                taken.append('%s (another run)' % key)
        for key, value in part.items():
            report.setdefault(key, value)
        parts.append('- %s: %s, started %s, collection at %s, %s s' % (
            path, ', '.join(taken) or 'nothing new', part.get('date'), part.get('commit', '?'), part.get('total_s')))
    report['date'], report['commit'] = 'several runs', 'the versions listed at the end'
    text = markdown(report) + '\n' + '\n'.join(extra) + '\nMerged from (scenarios taken from each):\n\n%s\n' % '\n'.join(parts)
    with open(os.path.join(out, 'benchmark.md'), 'w', encoding='utf-8') as handle:
        handle.write(text)
    log(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--only', default=os.environ.get('TL_BENCH_ONLY', ','.join(DEFAULT)),
                        help='comma-separated scenarios: %s (default: all but ratelimit)' % ','.join(SCENARIOS))
    parser.add_argument('--scale-concurrency', default=os.environ.get('TL_BENCH_SCALE_CONCURRENCY', '8,1'),
                        help='concurrency values of the scale scenario, in order (default 8,1)')
    parser.add_argument('--scale-size', type=int, default=int(os.environ.get('TL_BENCH_SCALE_SIZE', '10000')),
                        help='memberships of the scale scenario (default 10,000)')
    parser.add_argument('--scale-return-memberships', choices=['all', 'changed'], default=None,
                        help='workspace_onboarding_return_memberships in the scale scenario (default: not set, i.e. all)')
    parser.add_argument('--policies', action='store_true',
                        help='the scale scenario also runs with the shipped policies, to say what they add')
    parser.add_argument('--campaign-runs', type=int, default=int(os.environ.get('TL_BENCH_CAMPAIGN_RUNS', '20')))
    parser.add_argument('--campaign-size', type=int, default=int(os.environ.get('TL_BENCH_CAMPAIGN_SIZE', '2000')))
    parser.add_argument('--campaign-jobs', type=int, default=int(os.environ.get('TL_BENCH_CAMPAIGN_JOBS', '4')),
                        help='campaign runs at a time, each against its own emulator')
    parser.add_argument('--campaign-max-retries', type=int, default=None,
                        help="the module's max_retries in the campaign (default: the module's default)")
    parser.add_argument('--faults-size', type=int, default=int(os.environ.get('TL_BENCH_FAULTS_SIZE', '10000')),
                        help='memberships of the faults scenario (default 10,000)')
    parser.add_argument('--faults-max-retries', type=int, default=None,
                        help="the module's max_retries in the faults scenario (default: the module's default)")
    parser.add_argument('--ratelimit-size', type=int, default=int(os.environ.get('TL_BENCH_RATELIMIT_SIZE', '10000')),
                        help='memberships of the ratelimit scenario (default 10,000)')
    parser.add_argument('--race-tries', type=int, default=int(os.environ.get('TL_BENCH_RACE_TRIES', '5')))
    parser.add_argument('--out', default=os.path.join(harness.REPO, 'tests', 'output'))
    parser.add_argument('--render', nargs='+', metavar='JSON',
                        help='only write OUT/benchmark.md from these benchmark.json files (scenarios merged, first wins)')
    args = parser.parse_args()
    if args.render:
        return render(args.render, args.out)
    only = [s.strip() for s in args.only.split(',') if s.strip()]
    SCALE['size'] = args.scale_size
    SCALE['return_memberships'] = args.scale_return_memberships
    SCALE['concurrency'] = tuple(int(c) for c in args.scale_concurrency.split(',') if c.strip())
    SCALE['policies'] = args.policies
    unknown = set(only) - set(SCENARIOS)
    if unknown:
        parser.error('unknown scenario(s): %s' % ', '.join(sorted(unknown)))
    os.makedirs(args.out, exist_ok=True)
    REPORT_PATH['json'] = os.path.join(args.out, 'benchmark.json')
    bench = harness.Bench(log=log)
    log('workdir %s; onboarding playbook: %s' % (bench.workdir, bench.onboard))
    report = {'date': time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()), 'onboard': bench.onboard,
              'commit': _commit(), 'machine_speed_s': [harness.machine_speed()]}
    started = time.time()
    try:
        for name in SCENARIOS:
            if name not in only:
                continue
            if name == 'campaign':
                campaign(bench, report, args.campaign_runs, args.campaign_size, args.campaign_jobs,
                         args.campaign_max_retries)
            elif name == 'race':
                race(bench, report, args.race_tries)
            elif name == 'faults':
                faults(bench, report, size=args.faults_size, max_retries=args.faults_max_retries)
            elif name == 'ratelimit':
                ratelimit(bench, report, size=args.ratelimit_size)
            else:
                globals()[name](bench, report)
            _save(report)
    finally:
        report['machine_speed_s'].append(harness.machine_speed())
        report['total_s'] = round(time.time() - started, 1)
        _save(report)
        text = markdown(report) + '\nTotal: %.0f s (`%s`).\n' % (report['total_s'], ' '.join(
            ['benchmarks/convergence.py'] + sys.argv[1:]))
        with open(os.path.join(args.out, 'benchmark.md'), 'w', encoding='utf-8') as handle:
            handle.write(text)
        log('\n' + text)
        log('written: %s' % os.path.join(args.out, 'benchmark.md'))


if __name__ == '__main__':
    main()
