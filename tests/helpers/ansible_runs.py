# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running ansible and ansible-playbook against the emulator, and reading what they print.

Used by the pytest fixtures (tests/conftest.py) and by the benchmark. The
stdout callback 'json' is tests/callback_plugins/tl_json.py (ansible-core has
none of its own).
"""

import json
import os
import subprocess
import sys

from helpers.paths import TESTS_DIR

CALLBACK_DIR = os.path.join(TESTS_DIR, 'callback_plugins')
JSON_CALLBACK = 'tl_json'
BIN_DIR = os.path.dirname(sys.executable)


class AnsibleRun:
    """The outcome of one ansible-playbook or ansible run."""

    def __init__(self, command, rc, stdout, stderr, callback='json'):
        self.command = command
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = None
        self.stats = None
        self.output = None
        if callback == 'json':
            self._parse_json()

    def _parse_json(self):
        start = self.stdout.find('{')
        if start < 0:
            return
        try:
            self.output = json.loads(self.stdout[start:])
        except ValueError:
            return
        self.stats = self.output.get('stats')
        self.results = []
        for play in self.output.get('plays', []):
            for task in play.get('tasks', []):
                result = task.get('hosts', {}).get('localhost')
                if result is not None:
                    self.results.append(dict(result, task_name=task['task']['name']))

    def result(self, task_name):
        """The result of the (first) task named TASK_NAME."""
        for result in self.results or []:
            if result['task_name'] == task_name:
                return result
        raise KeyError('no result for task %r; tasks: %s' % (task_name, [r['task_name'] for r in self.results or []]))

    def __repr__(self):
        return 'AnsibleRun(rc=%r)\n--- stdout\n%s\n--- stderr\n%s' % (self.rc, self.stdout, self.stderr)


def ansible_env(collections_path, api_url, token, callback='json', env=None):
    """The environment of an ansible run against API_URL with TOKEN (a value, or None: unset)."""
    bin_dir = os.path.dirname(sys.executable)
    environment = dict(os.environ)
    environment.update({
        'PATH': os.pathsep.join((bin_dir, environment.get('PATH', ''))),
        'ANSIBLE_COLLECTIONS_PATH': collections_path,
        # ansible-core has no json callback: 'json' is tests/callback_plugins/tl_json.py.
        'ANSIBLE_STDOUT_CALLBACK': JSON_CALLBACK if callback == 'json' else callback,
        'ANSIBLE_CALLBACK_PLUGINS': CALLBACK_DIR,
        'ANSIBLE_LOAD_CALLBACK_PLUGINS': '1',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_HOST_KEY_CHECKING': 'false',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'PYTHONWARNINGS': 'ignore',
        'TRANSACTIONLINK_API_URL': api_url,
    })
    environment.pop('TRANSACTIONLINK_API_TOKEN', None)
    if token is not None:
        environment['TRANSACTIONLINK_API_TOKEN'] = token
    environment.update(env or {})
    return environment


def run(command, environment, cwd, timeout=600):
    """Run COMMAND; return (rc, stdout, stderr) as text."""
    completed = subprocess.run(command, env=environment, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, check=False, timeout=timeout)
    return completed.returncode, completed.stdout.decode('utf-8', 'replace'), completed.stderr.decode('utf-8', 'replace')


def common_args(extra_vars=None, check=False, diff=False, verbosity=0, inventory=None):
    """Arguments every run takes: local connection, this interpreter, and the switches asked for."""
    args = ['-i', inventory] if inventory else []
    args += ['-c', 'local', '-e', 'ansible_python_interpreter=%s' % sys.executable]
    if extra_vars:
        args += ['-e', json.dumps(extra_vars)]
    if check:
        args.append('--check')
    if diff:
        args.append('--diff')
    if verbosity:
        args.append('-' + 'v' * verbosity)
    return args
