"""Benchmark: access as code, 200 workspaces x 50 desired members through transactionlink.access.converge.

An access-as-code layout is generated in a temporary directory - the
workspaces inventory source (transactionlink.access.workspaces) and one
host_vars file per workspace with 50 desired members - and converged against
the bundled emulator (seed ``bench``), answering every API request after a
fixed latency, at ``--forks`` 1, 5 and 8, each from a fresh organization,
then rerun (no change) at the same forks. The playbook makes one API pass per
play batch (transactionlink.access.converge_workspaces) with the default
concurrency (8 requests in flight), so forks should not matter.

Reported per run: wall time of the whole ansible-playbook run (inventory
included), requests and writes the emulator received, the request floor of a
rerun (the inventory's workspace list + the pass's workspace list + the user
pages + one member list per workspace), hosts changed, the ratio of the
slowest to the fastest first run over the forks, and when the run used the API
(``harness.request_marks``: first request, first write, last answers, end of the
run, from the emulator's request log). Nothing is asserted:
tests/integration/roles/ holds the correctness tests.

With ``--policies``, each forks setting also converges (from a fresh organization) and reruns with the
shipped policies in group_vars/all (``transactionlink_policies``, all three allowing) and the plan file
written (``transactionlink_plan_file``): the rows ``+ policies`` against the rows without say what they add.

Each first converge is also measured against its stub floor: the same number of writes answered by the
emulator alone (``harness.stub_writes``: a bare http.client loop at 8 in flight, right before the run), plus
the other requests at the request floor. On a 2-core machine the emulator answers after its latency plus its
own processing: the request floor is beyond it, whatever the client; the stub floor says how far the run is
from what the emulator and Ansible allow.

Usage: .venv/bin/python benchmarks/access_as_code.py [--workspaces 200] [--members 50] [--users 1000]
       [--latency-ms 20] [--forks 1 5 8] [--policies] [--out DIR]
Prints a markdown table and writes DIR/access-as-code.md and .json (default tests/output).
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests'))
sys.path.insert(0, os.path.join(REPO, 'scripts'))
sys.path.insert(0, os.path.join(REPO, 'benchmarks'))

import collection_tree  # noqa: E402 pylint: disable=wrong-import-position
from harness import POLICIES, machine_speed, request_marks, stub_writes, vs_floors  # noqa: E402 pylint: disable=wrong-import-position
from emulator.process import EmulatorServer  # noqa: E402 pylint: disable=wrong-import-position
from helpers import ansible_runs  # noqa: E402 pylint: disable=wrong-import-position

ROLES = ('Viewer', 'Analyst', 'Admin')
CONCURRENCY = 8  # the pass's default requests in flight
INVENTORY = 'bench.transactionlink.yml'


def log(text):
    print(text, flush=True)


def workspace(index):
    """The bench seed's name of workspace INDEX (1-based): ws-01 .. ws-200."""
    return 'ws-%02d' % index


def desired(workspaces, members, users):
    """{workspace: [{user, role}]}: MEMBERS users per workspace, a sliding window over USERS."""
    wanted = {}
    for w in range(1, workspaces + 1):
        start = (w * 37) % users
        wanted[workspace(w)] = [{'user': 'user%03d@example.com' % ((start + k) % users + 1), 'role': ROLES[(w + k) % 3]}
                                for k in range(members)]
    return wanted


def write_layout(root, wanted):
    """The inventory source and host_vars/<workspace>.yml (JSON is YAML) of each workspace."""
    os.makedirs(os.path.join(root, 'host_vars'))
    os.makedirs(os.path.join(root, 'group_vars'))
    with open(os.path.join(root, INVENTORY), 'w', encoding='utf-8') as handle:
        handle.write('plugin: transactionlink.access.workspaces\n')
    for name, members in wanted.items():
        with open(os.path.join(root, 'host_vars', name + '.yml'), 'w', encoding='utf-8') as handle:
            json.dump({'transactionlink_desired_members': members}, handle)
    with open(os.path.join(root, FLOOR), 'w', encoding='utf-8') as handle:
        json.dump(FLOOR_PLAYBOOK, handle)


def set_policies(root, enabled):
    """group_vars/all.yml with the policies and the plan file (ENABLED), or none."""
    path = os.path.join(root, 'group_vars', 'all.yml')
    if enabled:
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump({'transactionlink_policies': POLICIES, 'transactionlink_plan_file': 'plan.json'}, handle)
    elif os.path.exists(path):
        os.remove(path)


# Ansible's own floor for the converge shape: the same inventory and host_vars, the same plays (a run-once task
# and a per-host task), each a no-op: a module once for the batch and an action on every host.
FLOOR = 'ansible-floor.yml'
FLOOR_PLAYBOOK = [{'name': "Ansible's own floor: the same hosts and variables, no-op tasks", 'hosts': 'all',
                   'gather_facts': False, 'connection': 'local', 'strategy': 'ansible.builtin.linear', 'tasks': [
                       {'name': 'No-op module, once for the batch', 'ansible.builtin.ping': None, 'run_once': True},
                       {'name': 'No-op action on every host', 'ansible.builtin.debug': {'msg': 'noop'}}]}]


def converge(emulator, collections_path, root, forks, playbook='transactionlink.access.converge'):
    """One ansible-playbook run of PLAYBOOK; {wall_s, cpu_s, rc, hosts_changed, tail}.

    cpu_s: CPU seconds (user + system) of ansible-playbook and its forks: the
    controller, where the converge pass runs (an action plugin: no module process)."""
    command = [os.path.join(ansible_runs.BIN_DIR, 'ansible-playbook'), '-i', INVENTORY, '--forks', str(forks), playbook]
    environment = ansible_runs.ansible_env(collections_path, emulator.url, emulator.tokens['admin'], callback='default')
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, env=environment, cwd=root, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                   stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        out.seek(0)
        text = out.read().decode('utf-8', 'replace')
    changed = sum(1 for line in text.splitlines() if ' : ok=' in line and 'changed=0' not in line)
    return {'wall_s': round(wall, 1), 'cpu_s': round(usage.ru_utime + usage.ru_stime, 2),
            'rc': os.waitstatus_to_exitcode(status), 'hosts_changed': changed, 'tail': text[-3000:],
            'started': started, 'ended': started + wall}


def state_matches(emulator, wanted):
    """True when every workspace's direct members are exactly what is wanted."""
    by_id = dict((w['id'], w['name']) for w in emulator.state()['workspaces'])
    found = {}
    for m in emulator.state()['memberships']:
        found.setdefault(m['workspace'], {})[m['email']] = m['role']
    return all(found.get(name, {}) == dict((i['user'], i['role']) for i in items) for name, items in wanted.items()) \
        and len(by_id) == len(wanted)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workspaces', type=int, default=200)
    parser.add_argument('--members', type=int, default=50)
    parser.add_argument('--users', type=int, default=1000)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--forks', type=int, nargs='+', default=[1, 5, 8])
    parser.add_argument('--policies', action='store_true', help='also converge and rerun with the shipped policies')
    parser.add_argument('--out', default=os.path.join(REPO, 'tests', 'output'))
    args = parser.parse_args(argv)

    speed = [machine_speed()]
    work = tempfile.mkdtemp(prefix='tl-access-as-code-')
    tree = collection_tree.build(os.path.join(work, 'tree'))
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(tree)))
    root = os.path.join(work, 'layout')
    wanted = desired(args.workspaces, args.members, args.users)
    write_layout(root, wanted)
    emulator = EmulatorServer(os.path.join(work, 'emulator'), seed='bench', workspaces=args.workspaces, users=args.users)
    os.makedirs(emulator.workdir)
    results = []
    try:
        emulator.start()
        runs = [(label, policies) for policies in ((False, True) if args.policies else (False,))
                for label in ('first converge', 'rerun (no change)')]
        for forks in args.forks:
            for label, policies in runs:
                set_policies(root, policies)
                label += ' + policies' if policies else ''
                if label.startswith('first converge'):
                    emulator.reset(seed='bench', workspaces=args.workspaces, users=args.users)
                emulator.set_faults(latency_ms=args.latency_ms)
                # Measured right before each run: this machine's speed drifts within minutes.
                floor = converge(emulator, collections_path, root, forks, FLOOR)
                log("forks %d, Ansible's own floor (no-op tasks, same hosts and vars): wall %.1f s, cpu %.2f s, rc %d" % (
                    forks, floor['wall_s'], floor['cpu_s'], floor['rc']))
                stub = None
                if label.startswith('first converge'):  # every membership is a write
                    stub = stub_writes(args.workspaces * args.members, CONCURRENCY, args.latency_ms, args.workspaces, args.users)
                    log('forks %d, the emulator alone answering the %d writes (bare http.client, %d in flight): %.1f s' % (
                        forks, stub.writes, CONCURRENCY, stub.seconds))
                emulator.clear_requests()
                log('forks %d, %s ...' % (forks, label))
                run = converge(emulator, collections_path, root, forks)
                log_ = emulator.requests()
                counts = log_['counts']
                pages = len([r for r in log_['requests'] if r['method'] == 'GET' and r['path'] == '/organizations/users'])
                row = {'forks': forks, 'run': label, 'wall_s': run['wall_s'], 'cpu_s': run['cpu_s'], 'rc': run['rc'],
                       'hosts_changed': run['hosts_changed'], 'requests': counts['total'], 'writes': counts['writes'],
                       'rerun_floor': 1 + 1 + pages + args.workspaces, 'ansible_floor_cpu_s': floor['cpu_s'],
                       'converged': state_matches(emulator, wanted)}
                row.update(vs_floors(run['wall_s'], counts['total'], CONCURRENCY, args.latency_ms, floor['wall_s'], stub))
                if run['rc'] != 0:
                    row['output_tail'] = run['tail']
                log('  %s' % json.dumps({k: v for k, v in row.items() if k != 'output_tail'}))
                log('  ' + request_marks(log_['requests'], run['started'], run['ended']))
                results.append(row)
    finally:
        emulator.stop()
        shutil.rmtree(work, ignore_errors=True)

    speed.append(machine_speed())
    firsts = [r['wall_s'] for r in results if r['run'] == 'first converge']
    added = ['forks %d, %s: %+.1f s' % (r['forks'], r['run'], r['wall_s'] - plain['wall_s'])
             for r in results if r['run'].endswith(' + policies') for plain in results
             if plain['forks'] == r['forks'] and plain['run'] == r['run'][:-len(' + policies')]]
    ratio = round(max(firsts) / min(firsts), 2) if len(firsts) > 1 and min(firsts) else None
    lines = ['| forks | run | wall s | request floor s | Ansible floor s | wall / both | stub floor s | wall / stub + Ansible '
             '| controller CPU s | Ansible floor CPU s | requests | rerun floor | writes | hosts changed | converged |',
             '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |']
    for r in results:
        lines.append('| %d | %s | %.1f | %.1f | %.1f | %s | %s | %s | %.1f | %.1f | %d | %d | %d | %d | %s |' % (
            r['forks'], r['run'], r['wall_s'], r['request_floor_s'], r['ansible_floor_s'], r['vs_floors'],
            '%.1f' % r['stub_floor_s'] if 'stub_floor_s' in r else '-', r.get('vs_stub_floor', '-'), r['cpu_s'],
            r['ansible_floor_cpu_s'], r['requests'], r['rerun_floor'], r['writes'], r['hosts_changed'],
            'yes' if r['converged'] and r['rc'] == 0 else 'NO (rc %d)' % r['rc']))
    head = ('%d workspaces x %d desired members (%d memberships), emulator latency %g ms, concurrency 8 (one pass); '
            '%s, %d CPU(s), load average %s at the end, machine speed %s (CPU s of a fixed loop at the start / end; '
            'lower is faster: compare runs measured at about the same speed). Request floor = requests / 8 x latency; Ansible floor = the same '
            'inventory and host_vars through no-op tasks (a run-once module, a per-host action), measured right before each run; '
            'stub floor = the writes as the emulator alone answers them (a bare http.client loop, 8 in flight, measured right '
            'before each first run) plus the other requests at the request floor; '
            'CPU s = user + system '
            'of ansible-playbook and its forks (the pass runs there)' % (
                args.workspaces, args.members, args.workspaces * args.members, args.latency_ms,
                platform.python_version(), os.cpu_count(), ' '.join('%.1f' % x for x in os.getloadavg()),
                ' / '.join('%.2f' % x for x in speed)))
    tail = [''] + ['first converge, slowest / fastest over the forks: %sx' % ratio] if ratio else []
    tail += [''] + ['the shipped policies and the plan file add (wall): ' + '; '.join(added)] if added else []
    text = '\n'.join([head, ''] + lines + tail)
    log('\n' + text)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'access-as-code.md'), 'w', encoding='utf-8') as handle:
        handle.write(text + '\n')
    with open(os.path.join(args.out, 'access-as-code.json'), 'w', encoding='utf-8') as handle:
        json.dump({'when': datetime.datetime.now(datetime.timezone.utc).isoformat(), 'settings': vars(args),
                   'results': results, 'first_slowest_over_fastest': ratio, 'policies_add': added,
                   'machine_speed_s': speed}, handle, indent=2)
    return 0 if all(r['rc'] == 0 for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
