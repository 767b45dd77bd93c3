# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator as a real process, and a client for its admin API (``/_emulator/``).

Used by the pytest fixtures (tests/conftest.py), the benchmark, and from the
shell (make demo, the molecule stage) as a wrapper around one command::

    PYTHONPATH=tests python -m emulator.process [--seed demo] [--tls] -- COMMAND [ARG...]

starts the emulator on a free loopback port, runs COMMAND with
TRANSACTIONLINK_API_URL and TRANSACTIONLINK_API_TOKEN (the admin token) in its
environment, stops the emulator whatever happens, and exits with COMMAND's
status. The token is never printed.
"""

import argparse
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from . import seed as emulator_seed

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class EmulatorServer:
    """A running emulator process and its admin API (``/_emulator/``).

    HTTPS: ``tls=True`` makes a test CA and a server certificate in WORKDIR/tls
    (emulator.tls) and serves them; or give ``tls_cert``/``tls_key`` (PEM files)
    and ``ca_file``, the CA that signed them (default: ``tls_cert`` itself, for a
    self-signed certificate). ``url`` is then ``https://...`` and ``ca_file`` is
    what a client trusts. ``args``: more command line options of the emulator
    (``['--uppercase-ids']``, ``['--latency-ms', '20']``...).
    """

    def __init__(self, workdir, python=sys.executable, seed='demo', workspaces=None, users=None,
                 tls=False, tls_cert=None, tls_key=None, ca_file=None, args=()):
        self.workdir = workdir
        self.seed = seed
        self.seed_args = []
        if workspaces is not None:
            self.seed_args += ['--workspaces', str(workspaces)]
        if users is not None:
            self.seed_args += ['--users', str(users)]
        if tls and not tls_cert:
            from emulator.tls import write_certificates
            certificates = write_certificates(os.path.join(workdir, 'tls'))
            tls_cert, tls_key, ca_file = certificates.cert, certificates.key, certificates.ca
        if bool(tls_cert) != bool(tls_key):
            raise ValueError('tls_cert and tls_key go together')
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.ca_file = (ca_file or tls_cert) if tls_cert else None
        self.scheme = 'https' if tls_cert else 'http'
        self.args = list(args)
        self.python = python
        self.state_file = os.path.join(workdir, 'state.json')
        self.port_file = os.path.join(workdir, 'port')
        self.log_file = os.path.join(workdir, 'emulator.log')
        self.process = None
        self.url = None
        self.tokens = emulator_seed.all_tokens()

    def start(self, reset=True, timeout=30):
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (TESTS_DIR, os.environ.get('PYTHONPATH')) if p))
        command = [self.python, '-m', __package__, '--host', '127.0.0.1', '--port', '0', '--port-file', self.port_file,
                   '--state', self.state_file, '--seed', self.seed, '--quiet'] + self.seed_args + self.args
        if self.tls_cert:
            command += ['--tls-cert', self.tls_cert, '--tls-key', self.tls_key]
        if reset:
            command.append('--reset')
        with open(self.log_file, 'ab') as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError('the emulator exited with %s:\n%s' % (self.process.returncode, self.log()))
            if os.path.exists(self.port_file):
                with open(self.port_file) as handle:
                    self.url = '%s://127.0.0.1:%d' % (self.scheme, int(handle.read().strip()))
                try:
                    self.call('GET', '/health')
                    return self
                except (OSError, ValueError):
                    pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError('the emulator did not answer within %ss:\n%s' % (timeout, self.log()))

    def stop(self, timeout=10):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self):
        """Stop and start again, keeping the state file."""
        self.stop()
        return self.start(reset=False)

    def log(self):
        with open(self.log_file, errors='replace') as handle:
            return handle.read()

    def call(self, method, path, body=None):
        """Call an admin route (path relative to /_emulator); return the decoded JSON or None."""
        data = json.dumps(body).encode('utf-8') if body is not None else None
        req = urllib.request.Request(self.url + '/_emulator' + path, data=data, method=method,
                                     headers={'Content-Type': 'application/json'} if data is not None else {})
        context = ssl.create_default_context(cafile=self.ca_file) if self.ca_file else None
        try:
            with urllib.request.urlopen(req, timeout=30, context=context) as response:
                text = response.read()
        except urllib.error.HTTPError as e:
            raise AssertionError('emulator admin %s %s: %s %s' % (method, path, e.code, e.read().decode('utf-8', 'replace'))) from e
        return json.loads(text) if text else None

    def reset(self, seed='demo', **kw):
        """Reseed (demo, or bench with workspaces=/users=), empty the log, drop the faults; strict=True/False sets
        strict mode (left out: the mode the emulator started in)."""
        return self.call('POST', '/reset', dict(kw, seed=seed))

    def requests(self):
        """``{"requests": [{method, path, query, status, faulted, fault, handled_status, started, ended}],
        "counts": {total, GET, PUT, DELETE, writes, applied_writes, faulted, lost_answers, resets, ...}}`` (README)."""
        return self.call('GET', '/requests')

    def clear_requests(self):
        self.call('DELETE', '/requests')

    def writes(self):
        """Number of PUT/DELETE/POST/PATCH requests since the last clear (faulted ones included)."""
        return self.requests()['counts']['writes']

    def state(self):
        return self.call('GET', '/state')

    def set_faults(self, **kw):
        """Change fault settings: rate, statuses, retry_after, latency_ms, queue, seed, reset_rate,
        lost_answer_rate, lost_answer_statuses, spike_rate, spike_ms, uppercase_ids (see emulator/faults.py)."""
        return self.call('PUT', '/faults', kw)

    def clear_faults(self):
        return self.call('DELETE', '/faults')

    def add_token(self, name, scopes, workspaces=None):
        """Add a token with these scopes (and workspace ids, if limited); return its value."""
        token = self.call('POST', '/tokens', {'name': name, 'scopes': list(scopes), 'workspaces': workspaces})['token']
        self.tokens[name] = token
        return token


def run_around(command, seed='demo', token='admin', workspaces=None, users=None, tls=False):
    """Run COMMAND against a fresh emulator; return its exit status.

    With TLS the emulator serves HTTPS with a test CA, whose file is in
    TRANSACTIONLINK_CA_PATH for the command."""
    workdir = tempfile.mkdtemp(prefix='tl-emulator-')
    server = EmulatorServer(workdir, seed=seed, workspaces=workspaces, users=users, tls=tls)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        server.start()
        health = server.call('GET', '/health')
        print('emulator up at %s: %s workspaces, %s users, %s memberships' % (
            server.url, health.get('workspaces'), health.get('users'), health.get('memberships')), flush=True)
        env = dict(os.environ, TRANSACTIONLINK_API_URL=server.url, TRANSACTIONLINK_API_TOKEN=server.tokens[token])
        if server.ca_file:
            env['TRANSACTIONLINK_CA_PATH'] = server.ca_file
        return subprocess.call(command, env=env)
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
        print('emulator stopped', flush=True)
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m emulator.process',
                                     description='Run a command against a fresh emulator (URL and token in its environment).')
    parser.add_argument('--seed', default='demo', choices=emulator_seed.SEEDS)
    parser.add_argument('--token', default='admin', help='name of the token to pass (default: admin)')
    parser.add_argument('--workspaces', type=int)
    parser.add_argument('--users', type=int)
    parser.add_argument('--tls', action='store_true',
                        help='serve HTTPS with a test CA made for this run (its file in TRANSACTIONLINK_CA_PATH)')
    parser.add_argument('command', nargs=argparse.REMAINDER, help='-- COMMAND [ARG...]')
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        parser.error('give the command to run after --')
    return run_around(command, args.seed, args.token, args.workspaces, args.users, args.tls)


if __name__ == '__main__':
    sys.exit(main())
