# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the benchmark scenarios share: a collection tree, an emulator process,
ansible-playbook runs with their wall time, requests and peak memory, and the
comparison of the emulator's state with the wanted one.

Peak memory: every run's module process is started through a small
interpreter wrapper (``ansible_python_interpreter``) that runs the real Python
as its child and records that child's ``ru_maxrss``, so the figure is the
module process alone (not the ansible-playbook controller, which is reported
apart: the ``wait4`` rusage of ansible-playbook, its largest process).
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from typing import NamedTuple, Optional

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(REPO, 'tests')
for _path in (TESTS, os.path.join(REPO, 'scripts')):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from helpers import ansible_runs  # noqa: E402 pylint: disable=wrong-import-position
import collection_tree  # noqa: E402 pylint: disable=wrong-import-position
from emulator import loadtest, seed  # noqa: E402 pylint: disable=wrong-import-position
from emulator.process import EmulatorServer  # noqa: E402 pylint: disable=wrong-import-position

ROLES = ('Viewer', 'Analyst', 'Admin')
# The three shipped policies, each enabled and each looking at every member, yet allowing every bench layout:
# every e-mail is @example.com, no limit is reached, and no bench role requires an expiry.
POLICIES = {'allowed_email_domains': ['example.com'],
            'max_members_per_role': {'Viewer': 100000, 'Analyst': 100000, 'Admin': 100000},
            'roles_requiring_expiry': {'Owner': 30}}
MEMBERSHIP_ACTION = 'workspace_membership'
# The tasks whose duration is a run's task_s (and whose result says changed/failed).
TIMED_ACTIONS = (MEMBERSHIP_ACTION, 'uri', 'organization_user')

# The interpreter wrapper: runs the real Python on the module, then appends the
# child's peak RSS (KiB on Linux) to the file named by TL_BENCH_RSS_LOG.
WRAPPER = '''#!%(python)s
import json, os, resource, subprocess, sys, time
started = time.time()
rc = subprocess.call([%(python)r] + sys.argv[1:])
log = os.environ.get('TL_BENCH_RSS_LOG')
if log:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, 'a') as handle:
        handle.write(json.dumps({'argv': [os.path.basename(a) for a in sys.argv[1:]],
                                 'maxrss_kb': usage.ru_maxrss, 'cpu_s': round(usage.ru_utime + usage.ru_stime, 3),
                                 'seconds': round(time.time() - started, 3)}) + '\\n')
sys.exit(rc)
'''


# Ansible's own floor for the onboarding shape: the same extra variables, one no-op module task on localhost.
FLOOR_PLAYBOOK = [{'name': "Ansible's own floor: the same variables, one no-op module", 'hosts': 'localhost',
                   'gather_facts': False, 'connection': 'local', 'tasks': [{'name': 'No-op module', 'ansible.builtin.ping': None}]}]


# Ansible's own floor for the whole onboarding shape: a role with the onboarding role's argument spec (Ansible
# validates the ticket against it before the first task), whose one task hands the ticket to a no-op module that
# returns as many memberships (the keys the membership module returns) as the ticket names. No API request and
# none of the collection's code: what ansible-core itself spends on a ticket of that size.
SHAPE_ROLE = 'shape_floor'
SHAPE_TASKS = [{'name': 'No-op module: the ticket in, its memberships out',
                'shape_floor_members': {'members': '{{ workspace_onboarding_users }}'}, 'register': 'shape_floor_result'}]
SHAPE_PLAYBOOK = [{'name': "Ansible's own floor of the shape: the role's argument spec, the ticket through a no-op module",
                   'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'roles': [SHAPE_ROLE]}]
SHAPE_MODULE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec={'members': {'type': 'list', 'elements': 'dict', 'required': True}})
    memberships = [{'workspace_id': '0' * 36, 'workspace_name': grant['workspace'], 'user_id': '1' * 36,
                    'user_email': person['user'], 'role_id': '2' * 36, 'role_name': grant['role'], 'inherited': False}
                   for person in module.params['members'] for grant in person['workspaces']]
    module.exit_json(changed=False, memberships=memberships)


main()
'''


def request_floor(requests, concurrency, latency_ms):
    """Seconds REQUESTS take at CONCURRENCY in flight, each answered after LATENCY_MS: the API's share of a run."""
    return round(requests / float(max(1, concurrency)) * latency_ms / 1000.0, 2)


def machine_speed():
    """CPU seconds of a fixed loop (the sum of the squares below ten million), best of three: on a shared or
    throttled machine it moves with the speed of the CPU the runs get, so two figures are comparable only when
    the loop took about as long beside both."""
    def once():
        started = time.process_time()
        sum(i * i for i in range(10 ** 7))
        return time.process_time() - started
    return round(min(once() for _try in range(3)), 2)


def vs_floors(wall, requests, concurrency, latency_ms, ansible_floor, stub=None):
    """{request_floor_s, ansible_floor_s, vs_floors}: WALL against the request floor + Ansible's own floor.

    With STUB (a ``StubWrites``: the emulator's own time for the run's writes, from ``stub_writes``), also
    {stub_floor_s, vs_stub_floor}: WALL against the stub floor (those writes as the emulator alone answers
    them, the other requests at the request floor) + Ansible's own floor.
    """
    floor = request_floor(requests, concurrency, latency_ms)
    both = floor + (ansible_floor or 0)
    figures = {'request_floor_s': floor, 'ansible_floor_s': ansible_floor,
               'vs_floors': round(wall / both, 2) if wall and both else None}
    if stub is not None:
        stub_floor = round(stub.seconds + request_floor(max(0, requests - stub.writes), concurrency, latency_ms), 2)
        figures.update(stub_floor_s=stub_floor, vs_stub_floor=round(wall / (stub_floor + (ansible_floor or 0)), 2))
    return figures


def request_marks(requests, started, ended):
    """When a run used the API, as one line: the first request, the first write, the last write's and the last
    request's answers, and the run's end, in seconds from STARTED to ENDED (``time.monotonic()``, the clock of the
    emulator's request log). Between two marks is where the run spent that time: before the first request,
    ansible-playbook starting, the variables and the task's templating; after the last answer, the result's
    way back and the tasks after it."""
    writes = [r for r in requests if r['method'] != 'GET']
    marks = [('first request', min((r['started'] for r in requests), default=None)),
             ('first write', min((r['started'] for r in writes), default=None)),
             ('last write answered', max((r['ended'] for r in writes), default=None)),
             ('last request answered', max((r['ended'] for r in requests), default=None)),
             ('ansible-playbook ended', ended)]
    return '%d requests (%d writes): %s' % (len(requests), len(writes), ', '.join(
        '%s %.2f s' % (name, mark - started) for name, mark in marks if mark is not None))


class StubWrites(NamedTuple):
    """WRITES membership PUTs, answered by the emulator alone in SECONDS with EMULATOR_CPU_MS a write (``stub_writes``)."""

    writes: int
    seconds: float
    emulator_cpu_ms: Optional[float] = None


def stub_writes(writes, concurrency, latency_ms, workspaces, users, workdir=None):
    """The emulator's own time for WRITES membership PUTs at CONCURRENCY in flight and LATENCY_MS, measured now.

    A bare ``http.client`` loop drives an emulator process of its own (``emulator.loadtest``, the bench seed
    with WORKSPACES and USERS): on a 2-core machine the emulator answers after its latency plus its own
    processing, so these writes take longer than their request floor whatever the client. The stub floor built
    from it says how far a run is from what the emulator and Ansible allow, beside the issue's floors. The
    emulator's files go to WORKDIR (default: a new temporary directory, removed after).
    """
    own = workdir is None
    workdir = workdir or tempfile.mkdtemp(prefix='tl-stub-floor-')
    try:
        figures = loadtest.run(writes, concurrency, latency_ms, workspaces, users, workdir=workdir)
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
    if figures['failed'] or figures['memberships'] != writes:
        raise RuntimeError('the stub floor run failed: %s' % json.dumps(figures))
    return StubWrites(writes, figures['elapsed_s'], figures['emulator_cpu_ms_per_write'])


def email(index):
    """E-mail of bench user INDEX (1-based), as the emulator's bench seed names them."""
    return 'user%03d@example.com' % index


def workspace(index):
    """Name of bench workspace INDEX (1-based)."""
    return 'ws-%02d' % index


def ticket(rows):
    """workspace_onboarding_users for ROWS [(workspace, email, role)], users in first-seen order."""
    users = {}
    for ws, user, role in rows:
        users.setdefault(user, []).append({'workspace': ws, 'role': role})
    return [{'user': user, 'workspaces': items} for user, items in users.items()]


def spread(users, workspaces, per_user, first_user=1):
    """USERS x PER_USER memberships over WORKSPACES (each workspace gets the same number):
    user i is in workspaces (i + k * WORKSPACES / PER_USER) mod WORKSPACES, k < PER_USER, role i + k mod 3."""
    step = workspaces // per_user
    rows = []
    for i in range(first_user, first_user + users):
        for k in range(per_user):
            rows.append((workspace((i + k * step) % workspaces + 1), email(i), ROLES[(i + k) % 3]))
    return rows


def seconds(duration):
    if not duration or 'end' not in duration:
        return None
    start = datetime.datetime.fromisoformat(duration['start'])
    return (datetime.datetime.fromisoformat(duration['end']) - start).total_seconds()


class Bench:
    """A collection tree copy, an emulator process, and ansible-playbook runs against it."""

    def __init__(self, workdir=None, log=print):
        self.workdir = workdir or tempfile.mkdtemp(prefix='tl-bench-')
        self.log = log
        tree = collection_tree.build(self.workdir)
        self.tree = tree
        self.collections_path = os.path.dirname(os.path.dirname(os.path.dirname(tree)))
        self.wrapper = os.path.join(self.workdir, 'python-rss')
        with open(self.wrapper, 'w', encoding='utf-8') as handle:
            handle.write(WRAPPER % {'python': sys.executable})
        os.chmod(self.wrapper, 0o755)
        self.emulator = None
        self.onboard = self._onboard_playbook()
        self._count = 0
        self._lock = threading.Lock()

    # -- the emulator -----------------------------------------------------------

    def new_emulator(self, workspaces, users, name='emulator'):
        """Start another emulator process (bench seed) in WORKDIR/NAME."""
        emulator = EmulatorServer(os.path.join(self.workdir, name), seed='bench', workspaces=workspaces, users=users)
        os.makedirs(emulator.workdir, exist_ok=True)
        return emulator.start(timeout=120)

    def start(self, workspaces, users):
        self.emulator = self.new_emulator(workspaces, users)
        return self.emulator

    def stop(self):
        if self.emulator is not None:
            self.emulator.stop()

    def fresh(self, workspaces, users, emulator=None, **faults):
        """Reseed the bench organization (no memberships), empty the log, set FAULTS (e.g. latency_ms)."""
        emulator = emulator or self.emulator
        started = time.time()
        emulator.reset(seed='bench', workspaces=workspaces, users=users)
        if faults:
            emulator.set_faults(**faults)
        return time.time() - started

    def state_diff(self, rows, workspaces=None, emulator=None):
        """Compare the direct memberships with ROWS [(workspace, email, role)] (within WORKSPACES, if given):
        {'lost': wanted pairs absent, 'wrong_role': present with another role, 'extra': present, not wanted}."""
        want = {(ws, user): role for ws, user, role in rows}
        have = {}
        for m in (emulator or self.emulator).state()['memberships']:
            if workspaces is None or m['workspace'] in workspaces:
                have[(m['workspace'], m['email'])] = m['role']
        return {'lost': sum(1 for k in want if k not in have),
                'wrong_role': sum(1 for k, r in want.items() if k in have and have[k] != r),
                'extra': sum(1 for k in have if k not in want)}

    def lost(self, done, emulator=None):
        """Of DONE (what a run reported done: (workspace, email, role after, action)), how many the state lacks."""
        have = self.memberships(emulator=emulator)
        return sum(1 for ws, user, role, action in done
                   if (have.get((ws, user)) != role if action != 'removed' else (ws, user) in have))

    def memberships(self, workspaces=None, emulator=None):
        return {(m['workspace'], m['email']): m['role'] for m in (emulator or self.emulator).state()['memberships']
                if workspaces is None or m['workspace'] in workspaces}

    # -- playbooks --------------------------------------------------------------

    def _onboard_playbook(self):
        """transactionlink.access.onboard, run by name. Its concurrency comes from TRANSACTIONLINK_CONCURRENCY
        (the option's environment fallback), set from the extra variable transactionlink_concurrency."""
        if not os.path.exists(os.path.join(self.tree, 'playbooks', 'onboard.yml')):
            raise SystemExit('no playbooks/onboard.yml in the collection')
        return 'transactionlink.access.onboard'

    def write_json(self, name, data):
        path = os.path.join(self.workdir, name)
        with open(path, 'w', encoding='utf-8') as handle:
            json.dump(data, handle)
        return path

    def start_playbook(self, playbook, extra_vars=None, wrap=True, env=None, emulator=None, callback='json'):
        """Start ansible-playbook PLAYBOOK (a path or FQCN) with EXTRA_VARS; return a handle for wait().

        CALLBACK: ``json`` (the tests' JSON callback: wait() reads each task's result and duration from it), or
        ``default`` (what a user runs: no result is serialized for the output; wait() reads the PLAY RECAP).
        """
        emulator = emulator or self.emulator
        with self._lock:
            self._count += 1
            tag = 'run%03d' % self._count
        args = ['-c', 'local', '-e', 'ansible_python_interpreter=%s' % (self.wrapper if wrap else sys.executable)]
        if extra_vars:
            args += ['-e', '@' + self.write_json(tag + '-vars.json', extra_vars)]
        command = [os.path.join(ansible_runs.BIN_DIR, 'ansible-playbook')] + args + [playbook]
        rss_log = os.path.join(self.workdir, tag + '-rss.jsonl')
        env = dict(env or {})
        if extra_vars and 'transactionlink_concurrency' in extra_vars:
            env['TRANSACTIONLINK_CONCURRENCY'] = str(extra_vars['transactionlink_concurrency'])
        environment = ansible_runs.ansible_env(self.collections_path, emulator.url, emulator.tokens['admin'],
                                               callback=callback, env=dict(env, TL_BENCH_RSS_LOG=rss_log))
        out = open(os.path.join(self.workdir, tag + '.out'), 'w+b')  # pylint: disable=consider-using-with
        err = open(os.path.join(self.workdir, tag + '.err'), 'w+b')  # pylint: disable=consider-using-with
        started = time.time()
        process = subprocess.Popen(command, env=environment, cwd=self.workdir, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                   stdout=out, stderr=err)
        return {'process': process, 'started': started, 'out': out, 'err': err, 'rss_log': rss_log,
                'command': command, 'tag': tag, 'callback': callback}

    def wait(self, handle):
        """Wait for a started run; return its figures (rc, wall_s, task_s, changed, module_rss_mb, ...)."""
        _pid, status, usage = os.wait4(handle['process'].pid, 0)
        wall = time.time() - handle['started']
        handle['process'].returncode = os.waitstatus_to_exitcode(status)
        texts = []
        for stream in (handle['out'], handle['err']):
            stream.seek(0)
            texts.append(stream.read().decode('utf-8', 'replace'))
            stream.close()
        run = ansible_runs.AnsibleRun(handle['command'], handle['process'].returncode, texts[0], texts[1])
        # cpu_s: CPU seconds (user + system) of ansible-playbook and every process it waited for (the modules
        # included): a figure the other loads of a shared machine disturb less than the wall time.
        # controller_cpu_s: cpu_s less the module processes' (ansible-playbook, its forks and the interpreter wrapper).
        outcome = {'rc': run.rc, 'wall_s': round(wall, 2), 'playbook_rss_mb': round(usage.ru_maxrss / 1024.0, 1),
                   'cpu_s': round(usage.ru_utime + usage.ru_stime, 2), 'module_cpu_s': None, 'controller_cpu_s': None,
                   'task_s': None, 'changed': None, 'failed': None, 'module_rss_mb': None, 'tag': handle['tag']}
        if handle.get('callback', 'json') != 'json':
            outcome.update(_recap(texts[0]))
            if run.rc != 0:
                outcome['error'] = (texts[0][-2000:] + texts[1][-2000:]).strip()
            return _module_figures(outcome, handle['rss_log'])
        if run.output is None:
            outcome['error'] = (texts[0][-2000:] + texts[1][-2000:]).strip()
            return outcome
        for play in run.output.get('plays', []):
            for task in play.get('tasks', []):
                result = task.get('hosts', {}).get('localhost')
                action = task['task'].get('action') or ''
                if result is None or not action.endswith(TIMED_ACTIONS):
                    continue
                outcome['task_s'] = round((outcome['task_s'] or 0) + (seconds(task['task'].get('duration')) or 0), 2)
                outcome['changed'] = bool(outcome['changed']) or bool(result.get('changed'))
                outcome['failed'] = bool(outcome['failed']) or bool(result.get('failed'))
                if result.get('failed'):
                    outcome['error'] = str(result.get('msg', ''))[:1000]
                if action.endswith(MEMBERSHIP_ACTION):
                    # What the module reports done (also on failure: the writes completed before it).
                    outcome['done'] = [(a.get('workspace_name'), a.get('user_email'), a.get('role_after'), a.get('action'))
                                       for a in result.get('actions') or []]
                if 'warnings' in result and result['warnings']:
                    outcome['warnings'] = [str(w)[:300] for w in result['warnings']]
        return _module_figures(outcome, handle['rss_log'])

    def run(self, playbook, extra_vars=None, wrap=True, env=None, emulator=None, callback='json'):
        return self.wait(self.start_playbook(playbook, extra_vars, wrap, env, emulator, callback))

    def measure(self, name, playbook, extra_vars=None, wrap=True, env=None, emulator=None, keep_done=False,
                callback='json'):
        """Run PLAYBOOK after emptying the request log; the outcome with the emulator's counts
        (and with KEEP_DONE, 'done': the actions the run reported)."""
        emulator = emulator or self.emulator
        emulator.clear_requests()
        outcome = self.run(playbook, extra_vars, wrap, env, emulator, callback)
        if not keep_done:
            outcome.pop('done', None)
        log = emulator.requests()
        counts = log['counts']
        outcome['load_avg'] = [round(x, 1) for x in os.getloadavg()]
        outcome.update(name=name, requests=counts['total'], gets=counts.get('GET', 0), writes=counts['writes'],
                       faulted=counts.get('faulted', 0), counts=counts)
        self.log('  %-44s rc=%d wall %7.2fs task %7s cpu %6ss (controller %s, module %s)  requests %5d (GET %4d, '
                 'writes %5d, faulted %4d)  changed=%s  module %s MB  load %s' % (
                     name, outcome['rc'], outcome['wall_s'], outcome['task_s'], outcome['cpu_s'], outcome['controller_cpu_s'],
                     outcome['module_cpu_s'], outcome['requests'], outcome['gets'], outcome['writes'], outcome['faulted'],
                     outcome['changed'], outcome['module_rss_mb'], outcome['load_avg'][0]))
        if outcome.get('error'):
            self.log('    error: %s' % outcome['error'][-600:])
        return outcome

    def ansible_floor(self, extra_vars, emulator=None, callback='json'):
        """Ansible's own floor for the onboarding shape: FLOOR_PLAYBOOK with EXTRA_VARS (wall and CPU seconds)."""
        outcome = self.run(self.write_json('floor.json', FLOOR_PLAYBOOK), extra_vars, emulator=emulator, callback=callback)
        self.log("  %-44s rc=%d wall %7.2fs cpu %6ss (controller %s, module %s)" % (
            "Ansible's own floor (no-op module, same vars)", outcome['rc'], outcome['wall_s'], outcome['cpu_s'],
            outcome['controller_cpu_s'], outcome['module_cpu_s']))
        return outcome

    def shape_floor(self, extra_vars, emulator=None, callback='json'):
        """Ansible's own floor of the onboarding role's shape (SHAPE_PLAYBOOK: the role's argument spec from the
        collection under test, the ticket through a no-op module returning its memberships) with EXTRA_VARS."""
        role = os.path.join(self.workdir, 'roles', SHAPE_ROLE)
        for folder in ('meta', 'tasks'):
            os.makedirs(os.path.join(role, folder), exist_ok=True)
        with open(os.path.join(self.tree, 'roles', 'workspace_onboarding', 'meta', 'argument_specs.yml'),
                  encoding='utf-8') as spec, open(os.path.join(role, 'meta', 'argument_specs.yml'), 'w', encoding='utf-8') as copy:
            copy.write(spec.read())
        with open(os.path.join(role, 'tasks', 'main.yml'), 'w', encoding='utf-8') as tasks:
            json.dump(SHAPE_TASKS, tasks)
        os.makedirs(os.path.join(self.workdir, 'library'), exist_ok=True)
        with open(os.path.join(self.workdir, 'library', 'shape_floor_members.py'), 'w', encoding='utf-8') as module:
            module.write(SHAPE_MODULE)
        outcome = self.run(self.write_json('shape-floor.json', SHAPE_PLAYBOOK), extra_vars, emulator=emulator,
                           callback=callback)
        self.log("  %-44s rc=%d wall %7.2fs cpu %6ss (controller %s, module %s)" % (
            "Ansible's floor of the role's shape", outcome['rc'], outcome['wall_s'], outcome['cpu_s'],
            outcome['controller_cpu_s'], outcome['module_cpu_s']))
        if outcome['rc'] != 0:
            raise RuntimeError('the shape floor failed: %s' % outcome.get('error'))
        return outcome

    def onboard_vars(self, rows, concurrency=None, exclusive=None, **more):
        extra = {'workspace_onboarding_users': ticket(rows)}
        if concurrency is not None:
            extra['transactionlink_concurrency'] = concurrency
        if exclusive is not None:
            extra['workspace_onboarding_exclusive'] = exclusive
        extra.update(more)
        return extra


RECAP_LINE = re.compile(r'^\S.*?\s+:\s+ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)


def _recap(stdout):
    """{changed, failed} of a run from the PLAY RECAP of the default callback's STDOUT (None: no recap)."""
    hosts = [tuple(int(n) for n in m.groups()) for m in RECAP_LINE.finditer(stdout)]
    if not hosts:
        return {'changed': None, 'failed': None}
    return {'changed': any(h[0] for h in hosts), 'failed': any(h[1] or h[2] for h in hosts)}


def _module_figures(outcome, rss_log):
    """OUTCOME with the module processes' peak memory and CPU seconds (the interpreter wrapper's RSS_LOG), and
    the controller's CPU seconds (all of ansible-playbook's less the modules')."""
    if os.path.exists(rss_log):
        with open(rss_log, encoding='utf-8') as log:
            figures = [json.loads(line) for line in log if line.strip()]
        if figures:
            outcome['module_rss_mb'] = round(max(f['maxrss_kb'] for f in figures) / 1024.0, 1)
            outcome['module_cpu_s'] = round(sum(f.get('cpu_s', 0) for f in figures), 2)
    outcome['controller_cpu_s'] = round(outcome['cpu_s'] - (outcome['module_cpu_s'] or 0), 2)
    return outcome


def uri_playbook(rows):
    """The idempotent uri baseline, given UUIDs (its best case: no name resolution): read each workspace's
    direct members (one GET per workspace), then one PUT per membership whose role differs."""
    workspaces = sorted(set(r[0] for r in rows))
    items = [{'w': seed.workspace_id(ws), 'u': seed.user_id(user), 'r': seed.role_id(ws, role)} for ws, user, role in rows]
    api = "{{ lookup('env', 'TRANSACTIONLINK_API_URL') }}"
    headers = {'Authorization': "{{ lookup('env', 'TRANSACTIONLINK_API_TOKEN') }}"}
    members = "current.results | map(attribute='json') | flatten"
    return [{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'Read the direct members of each workspace',
         'ansible.builtin.uri': {'url': api + '/workspaces/{{ item }}/memberships', 'headers': headers,
                                 'return_content': True, 'status_code': [200]},
         'loop': [seed.workspace_id(ws) for ws in workspaces], 'register': 'current', 'no_log': True},
        {'name': 'Index the current roles by workspace/user',
         'ansible.builtin.set_fact': {'current_roles': (
             "{{ dict((%s) | map(attribute='workspaceId') | zip((%s) | map(attribute='userId')) | map('join', '/')"
             " | zip((%s) | map(attribute='role.id'))) }}" % (members, members, members))}},
        {'name': 'Put each membership whose role differs',
         'ansible.builtin.uri': {'url': api + '/workspaces/{{ item.w }}/memberships/{{ item.u }}', 'method': 'PUT',
                                 'body_format': 'json', 'body': {'userId': '{{ item.u }}', 'roleId': '{{ item.r }}'},
                                 'headers': headers, 'status_code': [200]},
         'loop': items, 'when': "current_roles[item.w ~ '/' ~ item.u] | default('') != item.r", 'no_log': True},
    ]}]
