"""Benchmark: converge 300 memberships over 10 workspaces, the module versus a uri loop.

Runs against the bundled emulator (seed ``bench``: 10 workspaces, 300 users).
For each scenario it records the task's own duration (from the json stdout
callback, so ansible's start-up is not counted for either side), the wall time
of the whole ansible-playbook run, and the requests the emulator received.

Scenarios:
- uri loop, first run and rerun: one ``ansible.builtin.uri`` PUT per membership,
  given UUIDs (its best case: it cannot resolve names without more requests);
  it is not idempotent, so the rerun sends all 300 writes again.
- module, first run and rerun: one ``workspace_membership`` task with 300
  ``members`` given by workspace name, e-mail and role name.
- module under faults: 20 % of API answers are 429 or 503 (from a fresh
  organization), then a rerun; the final state is compared with the wanted one.

Usage: .venv/bin/python benchmarks/convergence.py [--latency-ms N] [--out DIR]
(``make benchmark``). Prints a table and writes DIR/benchmark.json and .md.
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests'))
sys.path.insert(0, os.path.join(REPO, 'scripts'))

from helpers import ansible_runs  # noqa: E402 pylint: disable=wrong-import-position
import collection_tree  # noqa: E402 pylint: disable=wrong-import-position
from emulator import seed  # noqa: E402 pylint: disable=wrong-import-position
from emulator.process import EmulatorServer  # noqa: E402 pylint: disable=wrong-import-position

WORKSPACES, USERS = 10, 300
ROLES = ('Viewer', 'Analyst', 'Admin')


def wanted():
    """300 memberships: user i in workspace i % 10 with role i % 3."""
    rows = []
    for i in range(1, USERS + 1):
        workspace = 'ws-%02d' % ((i - 1) % WORKSPACES + 1)
        email = 'user%03d@example.com' % i
        rows.append({'workspace': workspace, 'user': email, 'role': ROLES[i % 3],
                     'workspace_id': seed.workspace_id(workspace), 'user_id': seed.user_id(email),
                     'role_id': seed.role_id(workspace, ROLES[i % 3])})
    return rows


def uri_playbook(rows):
    items = [{'w': r['workspace_id'], 'u': r['user_id'], 'r': r['role_id']} for r in rows]
    return {'hosts': 'localhost', 'gather_facts': False, 'tasks': [{
        'name': 'memberships',
        'ansible.builtin.uri': {
            'url': "{{ lookup('env', 'TRANSACTIONLINK_API_URL') }}/workspaces/{{ item.w }}/memberships/{{ item.u }}",
            'method': 'PUT', 'body_format': 'json', 'body': {'userId': '{{ item.u }}', 'roleId': '{{ item.r }}'},
            'headers': {'Authorization': "{{ lookup('env', 'TRANSACTIONLINK_API_TOKEN') }}"},
            'status_code': [200]},
        'loop': items, 'no_log': True}]}


def module_playbook(rows):
    members = [{'workspace': r['workspace'], 'user': r['user'], 'role': r['role']} for r in rows]
    return {'hosts': 'localhost', 'gather_facts': False, 'tasks': [{
        'name': 'memberships', 'transactionlink.access.workspace_membership': {'members': members}}]}


def run_playbook(play, emulator, collections_path, workdir):
    path = os.path.join(workdir, 'play.yml')
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump([play], handle)
    command = [os.path.join(ansible_runs.BIN_DIR, 'ansible-playbook')] + ansible_runs.common_args() + [path]
    environment = ansible_runs.ansible_env(collections_path, emulator.url, emulator.tokens['admin'])
    started = time.time()
    run = ansible_runs.AnsibleRun(command, *ansible_runs.run(command, environment, workdir, timeout=3600))
    wall = time.time() - started
    if run.output is None:
        raise SystemExit('ansible-playbook printed no JSON:\n%r' % run)
    task = run.output['plays'][0]['tasks'][0]
    result = run.results[0]
    return {'rc': run.rc, 'wall_s': round(wall, 2), 'task_s': round(_seconds(task['task']['duration']), 2),
            'changed': bool(result.get('changed')), 'failed': bool(result.get('failed'))}


def _seconds(duration):
    return (datetime.datetime.fromisoformat(duration['end']) - datetime.datetime.fromisoformat(duration['start'])).total_seconds()


def measure(name, play, emulator, collections_path, workdir):
    emulator.clear_requests()
    outcome = run_playbook(play, emulator, collections_path, workdir)
    counts = emulator.requests()['counts']
    faulted = sum(1 for r in emulator.requests()['requests'] if r.get('faulted'))
    outcome.update(name=name, requests=counts['total'], gets=counts.get('GET', 0), writes=counts['writes'],
                   faulted=faulted)
    print('  %-28s rc=%d task %7.2fs  wall %7.2fs  requests %4d (GET %3d, writes %3d, faulted %3d)  changed=%s' % (
        name, outcome['rc'], outcome['task_s'], outcome['wall_s'], outcome['requests'], outcome['gets'],
        outcome['writes'], faulted, outcome['changed']), flush=True)
    return outcome


def state_matches(emulator, rows):
    have = set((m['workspace'], m['email'], m['role']) for m in emulator.state()['memberships'])
    return have == set((r['workspace'], r['user'], r['role']) for r in rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--latency-ms', type=int, default=0, help='latency the emulator adds to every API request')
    parser.add_argument('--fault-rate', type=float, default=0.2)
    parser.add_argument('--out', default=os.path.join(REPO, 'tests', 'output', 'benchmark'))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = wanted()
    workdir = tempfile.mkdtemp(prefix='tl-bench-')
    tree = collection_tree.build(workdir)
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(tree)))
    emulator = EmulatorServer(workdir, seed='bench', workspaces=WORKSPACES, users=USERS).start()
    results = {}
    try:
        def fresh():
            emulator.reset(seed='bench', workspaces=WORKSPACES, users=USERS)
            if args.latency_ms:
                emulator.set_faults(latency_ms=args.latency_ms)

        print('%d memberships over %d workspaces, emulator latency %d ms' % (len(rows), WORKSPACES, args.latency_ms))
        fresh()
        results['uri_first'] = measure('uri loop, first run', uri_playbook(rows), emulator, collections_path, workdir)
        results['uri_rerun'] = measure('uri loop, rerun', uri_playbook(rows), emulator, collections_path, workdir)
        fresh()
        results['module_first'] = measure('module, first run', module_playbook(rows), emulator, collections_path, workdir)
        results['module_first']['state_ok'] = state_matches(emulator, rows)
        results['module_rerun'] = measure('module, rerun', module_playbook(rows), emulator, collections_path, workdir)

        fresh()
        emulator.set_faults(rate=args.fault_rate, statuses=[429, 503], retry_after=0, seed=2026,
                            latency_ms=args.latency_ms)
        results['module_faults'] = measure('module, %d%% 429/503' % (args.fault_rate * 100), module_playbook(rows),
                                           emulator, collections_path, workdir)
        results['module_faults_rerun'] = measure('module rerun, same faults', module_playbook(rows), emulator,
                                                 collections_path, workdir)
        emulator.clear_faults()
        results['module_faults_rerun']['state_ok'] = state_matches(emulator, rows)
        fresh()
        emulator.set_faults(rate=args.fault_rate, statuses=[429, 503], retry_after=0, seed=2026,
                            latency_ms=args.latency_ms)
        results['uri_faults'] = measure('uri loop, same faults', uri_playbook(rows), emulator, collections_path, workdir)
    finally:
        emulator.stop()

    ratios = {
        'first_run_task_speedup': round(results['uri_first']['task_s'] / results['module_first']['task_s'], 1),
        'rerun_task_speedup': round(results['uri_rerun']['task_s'] / results['module_rerun']['task_s'], 1),
        'first_run_wall_speedup': round(results['uri_first']['wall_s'] / results['module_first']['wall_s'], 1),
        'rerun_wall_speedup': round(results['uri_rerun']['wall_s'] / results['module_rerun']['wall_s'], 1),
        'rerun_request_ratio': round(results['uri_rerun']['requests'] / float(results['module_rerun']['requests']), 1),
    }
    report = {'memberships': len(rows), 'workspaces': WORKSPACES, 'latency_ms': args.latency_ms,
              'results': results, 'ratios': ratios}
    lines = ['| scenario | rc | task s | wall s | requests | GET | writes | faulted | changed |',
             '|---|---|---|---|---|---|---|---|---|']
    for r in results.values():
        lines.append('| %(name)s | %(rc)d | %(task_s).2f | %(wall_s).2f | %(requests)d | %(gets)d | %(writes)d | '
                     '%(faulted)d | %(changed)s |' % r)
    lines.append('')
    lines += ['- %s: %sx' % (k, v) for k, v in ratios.items()]
    lines.append('- module first run left the wanted state: %s' % results['module_first']['state_ok'])
    lines.append('- under faults, after the rerun, the wanted state: %s' % results['module_faults_rerun']['state_ok'])
    text = '\n'.join(lines)
    print('\n' + text)
    with open(os.path.join(args.out, 'benchmark.json'), 'w') as handle:
        json.dump(report, handle, indent=2)
    with open(os.path.join(args.out, 'benchmark.md'), 'w') as handle:
        handle.write(text + '\n')
    print('\nwritten: %s' % os.path.join(args.out, 'benchmark.md'))


if __name__ == '__main__':
    main()
