# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile the CPU of an onboarding run (first converge and rerun) against the emulator, every process apart.

``ansible-playbook transactionlink.access.onboard`` runs under cProfile with
``time.process_time`` as the timer (CPU, not wall time: it sums across
processes and a shared machine disturbs it less): the main process, each
worker process (``WorkerProcess.run``) and the module (an interpreter wrapper
runs the AnsiballZ payload under the same profiler). The profiles are written
to OUT/<run>/{main,worker,module}-<pid>.prof; printed are the CPU seconds of
each task's worker process and of the main process, then the top functions of
each kind. The profiler inflates fine-grained code several times: read its
ranking, and take figures from ``--tasks-only`` (the CPU seconds per task
without the profiler) and from the benchmarks.

With ``--tasks-only`` the run is also a timeline, in wall seconds from the
start of ``ansible-playbook``: when each task's worker process began and ended,
then, from the emulator's request log (the same clock), the first request, the
first write, the last write's and the last request's answers, and the end of the
run. What lies between two marks is where the run spent that time: before the
first worker, ``ansible-playbook`` starting and reading the ticket; between a
worker's start and the first request, the task's templating and the module's
start; after the last answer, the module's result on its way back.

With ``--policies`` the ticket is checked against the shipped policies (``harness.POLICIES``, all allowing),
as ``benchmarks/convergence.py --policies`` does.

Usage: .venv/bin/python benchmarks/cpu_profile.py [--size 2000] [--top 25] [--tasks-only] [--policies] [--out DIR]
Inside, as ansible-playbook: cpu_profile.py --ansible-playbook ARGS... (TL_PROFILE_DIR names the directory).
"""

import argparse
import cProfile
import glob
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402 pylint: disable=wrong-import-position

# The module's interpreter: the AnsiballZ payload (a path, or the script on stdin) under cProfile.
WRAPPER = '''#!%(python)s
import cProfile, os, runpy, sys, tempfile, time
out = os.environ['TL_PROFILE_DIR']
args = sys.argv[1:]
if not args:
    handle, path = tempfile.mkstemp(suffix='.py', dir=out)
    os.write(handle, sys.stdin.buffer.read())
    os.close(handle)
    args = [path]
sys.argv = args
profile = cProfile.Profile(time.process_time)
profile.enable()
try:
    runpy.run_path(args[0], run_name='__main__')
finally:
    profile.disable()
    profile.dump_stats(os.path.join(out, 'module-%%d.prof' %% os.getpid()))
'''


def _profiled(kind, out):
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    return lambda: (profile.disable(), profile.dump_stats(os.path.join(out, '%s-%d.prof' % (kind, os.getpid()))))


def _log_task(out, task, seconds, began=None):
    """One line of OUT/tasks.jsonl: TASK, its CPU SECONDS, the process, and (a worker) when it began and ended
    (time.monotonic(), the clock the emulator's request log uses)."""
    line = {'task': task, 'cpu_s': round(seconds, 3), 'pid': os.getpid()}
    if began is not None:
        line.update({'began': round(began, 3), 'ended': round(time.monotonic(), 3)})
    with open(os.path.join(out, 'tasks.jsonl'), 'a', encoding='utf-8') as handle:
        handle.write(json.dumps(line) + '\n')


def ansible_playbook(argv, profile=True):
    """Run ansible-playbook ARGV, each worker process's CPU seconds logged with its task into $TL_PROFILE_DIR/tasks.jsonl
    (and the main process's); with PROFILE, the main process and every worker process profiled there too."""
    from ansible.executor.process import worker  # pylint: disable=import-outside-toplevel
    from ansible.cli.playbook import main  # pylint: disable=import-outside-toplevel
    out = os.environ['TL_PROFILE_DIR']
    run = worker.WorkerProcess.run

    def measured_run(self):
        started, began = time.process_time(), time.monotonic()
        done = _profiled('worker', out) if profile else None
        try:
            return run(self)
        finally:
            if done is not None:
                done()
            _log_task(out, self._task.get_name(), time.process_time() - started, began)

    worker.WorkerProcess.run = measured_run
    sys.argv = ['ansible-playbook'] + argv
    done = _profiled('main', out) if profile else None
    try:
        main()
    finally:
        if done is not None:
            done()
        _log_task(out, '(the main process: strategy, results, callbacks)', time.process_time())


def show_tasks(directory, started=None):
    """Each task's CPU seconds; with STARTED (time.monotonic() at the run's start), also when its worker process
    began and ended, in seconds from the run's start."""
    with open(os.path.join(directory, 'tasks.jsonl'), encoding='utf-8') as handle:
        for line in handle:
            task = json.loads(line)
            when = ''
            if started is not None:
                when = '%7s - %-7s' % tuple(('%.2f' % (task[key] - started)) if key in task else '' for key in ('began', 'ended'))
            print('  %s%7.3f CPU s  %s' % (when, task['cpu_s'], task['task']))


def show(directory, top):
    for kind in ('main', 'worker', 'module'):
        files = glob.glob(os.path.join(directory, kind + '-*.prof'))
        if not files:
            continue
        stats = pstats.Stats(*files)
        print('\n== %s: %d process(es), %.2f profiled CPU s' % (kind, len(files), stats.total_tt))
        stats.sort_stats('cumulative').print_stats(top)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, default=2000, help='memberships of the ticket (default 2,000)')
    parser.add_argument('--top', type=int, default=25)
    parser.add_argument('--out', help='directory of the profiles (default: a new temporary one)')
    parser.add_argument('--tasks-only', action='store_true',
                        help='no profiler: only the CPU seconds of each task (worker process) and of the main process')
    parser.add_argument('--policies', action='store_true', help='the ticket checked against the shipped policies (all allowing)')
    parser.add_argument('--ansible-playbook', nargs=argparse.REMAINDER, dest='playbook_args')
    args = parser.parse_args()
    if args.playbook_args is not None:
        return ansible_playbook(args.playbook_args, profile=not os.environ.get('TL_PROFILE_TASKS_ONLY'))
    args.out = args.out or tempfile.mkdtemp(prefix='tl-cpu-profile-')
    bench = harness.Bench()
    wrapper = os.path.join(bench.workdir, 'python-profile')
    with open(wrapper, 'w', encoding='utf-8') as handle:
        handle.write(WRAPPER % {'python': sys.executable})
    os.chmod(wrapper, 0o755)
    per_user = 5
    users = max(per_user, args.size // per_user)
    workspaces = max(per_user, min(200, args.size // 50))
    rows = harness.spread(users, workspaces, per_user)[:args.size]
    bench.start(workspaces, users)
    try:
        bench.fresh(workspaces, users, latency_ms=20)
        variables = bench.onboard_vars(rows, concurrency=8)
        if args.policies:
            variables['workspace_onboarding_policies'] = harness.POLICIES
        extra = bench.write_json('profile-vars.json', variables)
        for run in ('first', 'rerun'):
            directory = os.path.join(args.out, run)
            os.makedirs(directory, exist_ok=True)
            env = {'TL_PROFILE_DIR': directory, 'TRANSACTIONLINK_CONCURRENCY': '8'}
            if args.tasks_only:
                env['TL_PROFILE_TASKS_ONLY'] = '1'
            env = harness.ansible_runs.ansible_env(bench.collections_path, bench.emulator.url, bench.emulator.tokens['admin'],
                                                   env=env)
            command = [sys.executable, os.path.abspath(__file__), '--ansible-playbook', '-c', 'local', '-e',
                       'ansible_python_interpreter=%s' % (sys.executable if args.tasks_only else wrapper),
                       '-e', '@' + extra, bench.onboard]
            bench.emulator.clear_requests()
            started = time.monotonic()
            completed = subprocess.run(command, env=env, cwd=bench.workdir, stdout=subprocess.DEVNULL, check=False)
            ended = time.monotonic()
            print('\n#### %s: rc %d, in %s; CPU seconds per task (its worker process; a module task not counting '
                  'the module)%s:' % (run, completed.returncode, directory, '' if args.tasks_only else ', profiled'))
            if args.tasks_only:
                print('  (wall seconds from the start of ansible-playbook: when each task\'s worker process began and ended)')
                show_tasks(directory, started)
                print('  ' + harness.request_marks(bench.emulator.requests()['requests'], started, ended))
            else:
                show_tasks(directory)
                show(directory, args.top)
    finally:
        bench.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
