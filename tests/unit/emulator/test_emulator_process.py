# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator as a real process: CLI, the listening line, persistence across a restart, SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request

import pytest

from emulator import seed
from emulator.process import run_around
from helpers.paths import TESTS_DIR

RISK = seed.workspace_id('Risk')
ALICE = seed.user_id('alice.martin@example.com')


def start(tmp_path, *args):
    port_file = tmp_path / 'port'
    if port_file.exists():
        port_file.unlink()
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    process = subprocess.Popen([sys.executable, '-m', 'emulator', '--port', '0', '--port-file', str(port_file),
                                '--state', str(tmp_path / 'state.json'), '--quiet'] + list(args),
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    line = process.stdout.readline().decode()
    assert line.startswith('TransactionLink emulator listening on http://127.0.0.1:'), line
    url = line.split(' on ', 1)[1].strip()
    assert url == 'http://127.0.0.1:%d' % int(port_file.read_text())
    assert ready(process.stdout) == {'TRANSACTIONLINK_API_URL': url, 'TRANSACTIONLINK_API_TOKEN': seed.TOKENS['admin']}
    return process, url


def ready(stdout):
    """The two lines printed after the listening line: {variable: value}."""
    lines = [stdout.readline().decode().rstrip('\n')[len('export '):], stdout.readline().decode().rstrip('\n')[len('export '):]]
    assert [line.split('=', 1)[0] for line in lines] == ['TRANSACTIONLINK_API_URL', 'TRANSACTIONLINK_API_TOKEN'], lines
    return dict(line.split('=', 1) for line in lines)


def stop(process):
    process.send_signal(signal.SIGTERM)
    out = process.communicate(timeout=10)[0].decode()
    assert process.returncode == 0, out
    assert 'emulator stopped' in out
    return out


def call(url, method, path, body=None, token='admin'):
    data = json.dumps(body).encode() if body is not None else None
    headers = {'Content-Type': 'application/json'}
    if token:
        headers['Authorization'] = seed.all_tokens()[token]
    request = urllib.request.Request(url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None, dict(response.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), dict(e.headers)


def risk_roles(url):
    status, body, _headers = call(url, 'GET', '/workspaces/%s/memberships' % RISK)
    assert status == 200
    return dict((m['userId'], m['role']['name']) for m in body)


def test_restart_keeps_state_and_reset_drops_it(tmp_path):
    process, url = start(tmp_path, '--reset')
    try:
        status, body, _headers = call(url, 'PUT', '/workspaces/%s/memberships/%s' % (RISK, ALICE),
                                      {'userId': ALICE, 'roleId': seed.role_id('Risk', 'Analyst')})
        assert status == 200 and body['role']['name'] == 'Analyst'
        assert risk_roles(url)[ALICE] == 'Analyst'
    finally:
        stop(process)
    saved = json.loads((tmp_path / 'state.json').read_text())
    assert {'workspaceId': RISK, 'userId': ALICE, 'roleId': seed.role_id('Risk', 'Analyst')} in saved['memberships']
    assert not [p for p in os.listdir(str(tmp_path)) if p.startswith('.tl-state-')]  # no temporary file left

    process, url = start(tmp_path)  # the state file is loaded
    try:
        assert risk_roles(url)[ALICE] == 'Analyst'
    finally:
        stop(process)

    process, url = start(tmp_path, '--reset')
    try:
        assert ALICE not in risk_roles(url)
    finally:
        stop(process)


def put_many(url, count):
    """COUNT answered PUTs over the bench seed's ws-01..; return the (workspace, user, role) written."""
    written = []
    for index in range(count):
        ws = 'ws-%02d' % (index % 3 + 1)
        user = seed.user_id('user%03d@example.com' % (index + 1))
        status, _body, _headers = call(url, 'PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id(ws), user),
                                       {'userId': user, 'roleId': seed.role_id(ws, 'Analyst')})
        assert status == 200
        written.append((seed.workspace_id(ws), user, seed.role_id(ws, 'Analyst')))
    return written


def saved_memberships(path):
    return set((m['workspaceId'], m['userId'], m['roleId']) for m in json.loads(path.read_text())['memberships'])


def test_sigterm_right_after_many_writes_keeps_them_all_in_the_state_file(tmp_path):
    process, url = start(tmp_path, '--reset', '--seed', 'bench')
    try:
        written = put_many(url, 60)
    finally:
        stop(process)
    assert saved_memberships(tmp_path / 'state.json') == set(written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ['port', 'state.json']  # no journal, no temporary file


def test_answered_writes_survive_a_sigkill(tmp_path):
    """Each change is in the journal before its answer leaves: a killed emulator loses nothing it answered."""
    process, url = start(tmp_path, '--reset', '--seed', 'bench')
    try:
        written = put_many(url, 40)
        status, _body, _headers = call(url, 'DELETE', '/workspaces/%s/memberships/%s' % written[0][:2])
        assert status == 200
    finally:
        process.kill()
        process.communicate(timeout=10)
    assert (tmp_path / 'state.json.journal').exists()
    process, url = start(tmp_path)  # replays the journal
    try:
        status, body, _headers = call(url, 'GET', '/_emulator/state', token=None)
        assert set((m['workspaceId'], m['userId'], m['roleId']) for m in body['memberships']) == set(written[1:])
    finally:
        stop(process)
    assert saved_memberships(tmp_path / 'state.json') == set(written[1:])


def test_cli_faults_and_bench_seed(tmp_path):
    process, url = start(tmp_path, '--reset', '--seed', 'bench', '--workspaces', '5', '--users', '30',
                         '--fault-queue', '429,503', '--retry-after', '2')
    try:
        status, _body, headers = call(url, 'GET', '/organizations/workspaces')
        assert status == 429 and headers['Retry-After'] == '2'
        assert call(url, 'GET', '/organizations/workspaces')[0] == 503
        status, body, _headers = call(url, 'GET', '/organizations/workspaces')
        assert status == 200 and [w['name'] for w in body] == ['ws-01', 'ws-02', 'ws-03', 'ws-04', 'ws-05']
        assert call(url, 'GET', '/organizations/users')[1]['totalElements'] == 31
    finally:
        stop(process)


def test_cli_network_faults_retry_after_range_and_uppercase_ids(tmp_path):
    process, url = start(tmp_path, '--reset', '--uppercase-ids', '--fault-queue', '429,429,429,429,429,429,spike:1,lost_answer:503',
                         '--retry-after', '0-2', '--fault-seed', '5')
    try:
        waits = set(call(url, 'GET', '/organizations/workspaces')[2]['Retry-After'] for _i in range(6))
        assert waits <= {'0', '1', '2'} and len(waits) > 1
        status, body, _headers = call(url, 'GET', '/organizations/workspaces')  # the spike: answered
        assert status == 200 and body[0]['id'] == RISK.upper()
        assert call(url, 'PUT', '/workspaces/%s/memberships/%s' % (RISK, ALICE),
                    {'userId': ALICE, 'roleId': seed.role_id('Risk', 'Admin')})[0] == 503
        assert risk_roles(url)[ALICE.upper()] == 'Admin'  # the lost answer's write was applied
        faults = call(url, 'GET', '/_emulator/faults', token=None)[1]
        assert faults['uppercase_ids'] is True and faults['retry_after'] == [0, 2] and faults['queue'] == []
    finally:
        stop(process)


@pytest.mark.parametrize('args', [['--lost-answer-statuses', '429'], ['--retry-after', '3-1'], ['--fault-queue', 'bogus'],
                                  ['--reset-rate', '2'], ['--spike-ms', '-1'], ['--fault-queue', 'lost_answer:200']])
def test_bad_network_fault_flags_are_refused(tmp_path, args):
    result = subprocess.run([sys.executable, '-m', 'emulator', '--port', '0'] + args, env=dict(os.environ, PYTHONPATH=TESTS_DIR),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, timeout=30)
    assert result.returncode != 0 and b'emulator:' in result.stderr, result.stderr


def test_help_names_every_fault_flag():
    result = subprocess.run([sys.executable, '-m', 'emulator', '--help'], env=dict(os.environ, PYTHONPATH=TESTS_DIR),
                            capture_output=True, check=True, timeout=30)
    for flag in (b'--tls-cert', b'--tls-key', b'--reset-rate', b'--lost-answer-rate', b'--lost-answer-statuses', b'--spike-rate',
                 b'--spike-ms', b'--uppercase-ids', b'LOW-HIGH', b'lost_answer[:STATUS]'):
        assert flag in result.stdout, flag


def test_access_log_unless_quiet(tmp_path):
    env = dict(os.environ, PYTHONPATH=TESTS_DIR)
    process = subprocess.Popen([sys.executable, '-m', 'emulator', '--port', '0', '--port-file', str(tmp_path / 'port'),
                                '--state', str(tmp_path / 'state.json')], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = process.stdout.readline().decode().split(' on ', 1)[1].strip()
    ready(process.stdout)  # the one line that shows the token
    assert call(url, 'GET', '/organizations/workspaces?x=1')[0] == 200
    out = stop(process)
    assert '"GET /organizations/workspaces?x=1 HTTP/1.1" 200' in out and 'tot_' not in out


def test_sigint_stops_cleanly(tmp_path):
    process, url = start(tmp_path, '--reset')
    assert call(url, 'GET', '/_emulator/health', token=None)[1]['status'] == 'ok'
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0


def test_refuses_a_non_loopback_host(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'emulator', '--host', '0.0.0.0', '--port', '0', '--state', str(tmp_path / 's.json')],
                            env=dict(os.environ, PYTHONPATH=TESTS_DIR), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, timeout=30)
    assert result.returncode != 0 and b'loopback' in result.stderr


@pytest.mark.parametrize('args', [['--fault-statuses', '418'], ['--fault-rate', '3']])
def test_bad_fault_flags_are_refused(tmp_path, args):
    result = subprocess.run([sys.executable, '-m', 'emulator', '--port', '0'] + args, env=dict(os.environ, PYTHONPATH=TESTS_DIR),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, timeout=30)
    assert result.returncode != 0 and b'emulator:' in result.stderr


def test_concurrent_requests_are_served(tmp_path):
    """Threaded: a slow request (latency) does not block the admin routes."""
    process, url = start(tmp_path, '--reset', '--latency-ms', '1500')
    try:
        import threading
        results = []
        worker = threading.Thread(target=lambda: results.append(call(url, 'GET', '/organizations/workspaces')[0]))
        worker.start()
        time.sleep(0.2)
        begin = time.monotonic()
        assert call(url, 'GET', '/_emulator/health', token=None)[0] == 200
        assert time.monotonic() - begin < 1.0
        worker.join(10)
        assert results == [200]
    finally:
        stop(process)


def test_a_corrupt_state_file_is_refused_with_a_hint(tmp_path):
    state = tmp_path / 'state.json'
    state.write_text('{"workspaces": [')
    result = subprocess.run([sys.executable, '-m', 'emulator', '--port', '0', '--state', str(state)], env=dict(os.environ, PYTHONPATH=TESTS_DIR),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, timeout=30)
    assert result.returncode != 0 and b'--reset' in result.stderr
    process, _url = start(tmp_path, '--reset')  # --reset replaces it
    stop(process)
    assert json.loads(state.read_text())['seed'] == 'demo'


def test_run_around_gives_the_command_url_and_token_and_its_exit_status(tmp_path):
    """make demo and the molecule stage run commands through ``python -m emulator.process``."""
    probe = tmp_path / 'probe.json'
    script = ('import json, os, sys, urllib.request\n'
              'url, token = os.environ["TRANSACTIONLINK_API_URL"], os.environ["TRANSACTIONLINK_API_TOKEN"]\n'
              'req = urllib.request.Request(url + "/organizations/workspaces", headers={"Authorization": token})\n'
              'names = [w["name"] for w in json.load(urllib.request.urlopen(req, timeout=10))]\n'
              'json.dump({"url": url, "token": token, "names": names}, open(sys.argv[1], "w"))\n'
              'sys.exit(7)\n')
    status = run_around([sys.executable, '-c', script, str(probe)])
    seen = json.loads(probe.read_text())
    assert status == 7
    assert seen['token'] == seed.TOKENS['admin'] and sorted(seen['names']) == sorted(seed.DEMO_WORKSPACES)
    try:
        urllib.request.urlopen(seen['url'] + '/_emulator/health', timeout=2)
        stopped = False
    except OSError:
        stopped = True
    assert stopped, 'the emulator still answers after the command ended'
    command = [sys.executable, '-m', 'emulator.process', '--', sys.executable, '-c', 'raise SystemExit(3)']
    cli = subprocess.run(command, cwd=TESTS_DIR, env={'PYTHONPATH': TESTS_DIR, 'PATH': ''}, capture_output=True, check=False)
    assert cli.returncode == 3 and b'tot_' not in cli.stdout + cli.stderr


def test_env_file_holds_the_url_and_token_before_the_port_file(tmp_path):
    process, url = start(tmp_path, '--reset', '--env-file', str(tmp_path / 'tl.env'))
    try:
        assert (tmp_path / 'tl.env').read_text() == (
            'TRANSACTIONLINK_API_URL=%s\nTRANSACTIONLINK_API_TOKEN=%s\n' % (url, seed.TOKENS['admin']))
    finally:
        stop(process)


def test_the_token_is_printed_on_its_own_line_only(tmp_path):
    process, url = start(tmp_path, '--reset')
    out = stop(process)
    token = seed.TOKENS['admin']
    assert [line for line in out.splitlines() if token in line] == []  # nothing after the ready lines repeats it


@pytest.mark.slow
def test_installed_collection_starts_the_emulator_by_its_console_script(tmp_path, collection_tree):
    """Issue 19 #7: from the built collection, ``pip install .../tests/emulator`` gives ``transactionlink-emulator``,
    which prints its URL and a ready token, and that token lists the workspaces."""
    ansible_galaxy = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
    subprocess.run([ansible_galaxy, 'collection', 'build', '--output-path', str(tmp_path), collection_tree],
                   check=True, capture_output=True, timeout=120)
    [artifact] = [p for p in os.listdir(str(tmp_path)) if p.endswith('.tar.gz')]
    with tarfile.open(str(tmp_path / artifact)) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith('tests/emulator/') and '__pycache__' not in m.name]
        assert 'tests/emulator/pyproject.toml' in [m.name for m in members]  # galaxy.yml's build_ignore keeps it
        tar.extractall(str(tmp_path / 'installed'), members=members,
                       **({'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}))
    # Installed as a user would (pip builds it with hatchling from the package index, as make venv installs
    # from it), into a directory of its own; Flask is already in this environment.
    target = tmp_path / 'site'
    pip = subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--disable-pip-version-check', '--no-deps',
                          '--target', str(target), str(tmp_path / 'installed' / 'tests' / 'emulator')],
                         capture_output=True, timeout=120, check=False)
    assert pip.returncode == 0, pip.stdout.decode() + pip.stderr.decode()
    assert not os.path.exists(str(target / 'emulator'))  # nothing named that generically in site-packages
    env = dict(os.environ, PYTHONPATH=str(target))  # not tests/: the installed package only
    process = subprocess.Popen([str(target / 'bin' / 'transactionlink-emulator'), '--port', '0', '--quiet'], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=str(tmp_path))
    try:
        line = process.stdout.readline().decode()
        assert line.startswith('TransactionLink emulator listening on http://127.0.0.1:'), line + process.stdout.read().decode()
        variables = ready(process.stdout)
        url, token = variables['TRANSACTIONLINK_API_URL'], variables['TRANSACTIONLINK_API_TOKEN']
        assert url == line.split(' on ', 1)[1].strip()
        request = urllib.request.Request(url + '/organizations/workspaces', headers={'Authorization': token})
        with urllib.request.urlopen(request, timeout=10) as response:
            names = sorted(w['name'] for w in json.loads(response.read()))
        assert names == sorted(seed.DEMO_WORKSPACES)
    finally:
        process.send_signal(signal.SIGTERM)
        out = process.communicate(timeout=10)[0].decode()
    assert process.returncode == 0 and 'emulator stopped' in out, out
