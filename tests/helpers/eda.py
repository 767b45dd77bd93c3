# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's Event-Driven Ansible plugins, loaded as ansible-rulebook loads them, and what drives a source.

``load(kind, name)`` runs ``extensions/eda/plugins/<kind>/<name>.py`` of the
collection tree with ``runpy.run_path`` (what ansible-rulebook does) and
returns its globals. ``RecordingQueue`` keeps every event a source puts;
``Stepper`` is the source's pause between polls, held by the test: each poll
ends by waiting there until the test lets the next one start.

For the real CLI (tests/integration/eda, benchmarks/drift_watch.py):
``inventory_dir()`` writes the folder layout the docs give, ``environment()``
what ansible-rulebook needs, ``Rulebook`` runs it in the background, ``until()``
waits for a condition, ``by_hand()`` changes a membership through the API.
"""

import asyncio
import os
import runpy
import signal
import subprocess
import sys
import threading
import time

from emulator import seed

TIMEOUT = 60  # seconds a test waits for a poll to end (a hung source fails the test, never hangs it)


def load(collection_tree, kind, name):
    return runpy.run_path(os.path.join(collection_tree, 'extensions', 'eda', 'plugins', kind, name + '.py'))


class RecordingQueue(asyncio.Queue):
    """An asyncio queue that also keeps every item put on it, in order."""

    def __init__(self):
        super().__init__()
        self.events = []

    async def put(self, item):
        self.events.append(item)
        await super().put(item)


class Stepper:
    """What a source awaits between polls: records the wait, then holds until the test calls ``next()``."""

    def __init__(self):
        self.waits = []
        self._ended = asyncio.Queue()
        self._go = asyncio.Queue()

    async def __call__(self, seconds):
        self.waits.append(seconds)
        await self._ended.put(seconds)
        await self._go.get()

    async def poll_ended(self, task):
        """Wait until the next poll has ended (or TASK, the source, ended: then its exception is raised)."""
        ended = asyncio.ensure_future(self._ended.get())
        done, _pending = await asyncio.wait({ended, task}, timeout=TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ended.cancel()
            task.result()
            raise AssertionError('the source returned: a source must run until it is cancelled')
        if ended not in done:
            raise AssertionError('no poll ended within %s s' % TIMEOUT)
        return ended.result()

    def next(self):
        self._go.put_nowait(None)


class Hand:
    """Membership changes made by hand, through the API (as the dashboard makes them), on the demo organization."""

    def __init__(self, client):
        self.client = client

    def set(self, workspace, email, role):
        self.client.set_membership(seed.workspace_id(workspace), seed.user_id(email), seed.role_id(workspace, role))

    def remove(self, workspace, email):
        self.client.remove_membership(seed.workspace_id(workspace), seed.user_id(email))


# -- the real ansible-rulebook -------------------------------------------------------------------------------------

BIN = os.path.dirname(sys.executable)
WAIT = 120  # seconds any one step may take on a busy machine
INVENTORY = 'plugin: transactionlink.access.workspaces\nhostname: name\n'
# host_vars of the demo organization: what it holds (Customer Support: once George is added by hand).
DEMO_HOST_VARS = {
    'Customer Support': ['{user: george.okafor@example.com, role: Viewer}'],
    'Payments': ['{user: dana.kowalski@example.com, role: Viewer}', '{user: fatima.haddad@example.com, role: Analyst}'],
    'Risk': ['{user: adam.admin@example.com, role: Admin}', '{user: dana.kowalski@example.com, role: Analyst}',
             '{user: erik.johansson@example.com, role: Viewer}'],
}


def inventory_dir(path, host_vars=None):
    """The layout the docs give: the inventory file with host_vars/ and group_vars/ beside it, in one folder."""
    os.makedirs(os.path.join(path, 'host_vars'))
    os.makedirs(os.path.join(path, 'group_vars'))
    with open(os.path.join(path, 'workspaces.transactionlink.yml'), 'w') as handle:
        handle.write(INVENTORY)
    with open(os.path.join(path, 'group_vars', 'all.yml'), 'w') as handle:
        handle.write('transactionlink_exclusive: true\n')
    for host, items in (DEMO_HOST_VARS if host_vars is None else host_vars).items():
        with open(os.path.join(path, 'host_vars', host + '.yml'), 'w') as handle:
            handle.write('transactionlink_desired_members:\n' + ''.join('  - %s\n' % i for i in items))
    return path


def environment(url, token, collections_path):
    """ansible-rulebook's environment: the API, the collection, this venv's ansible first on PATH, JAVA_HOME."""
    java = os.path.realpath(subprocess.check_output(['sh', '-c', 'command -v java'], text=True).strip())
    env = dict(os.environ, TRANSACTIONLINK_API_URL=url, TRANSACTIONLINK_API_TOKEN=token,
               ANSIBLE_COLLECTIONS_PATH=collections_path, PATH=os.pathsep.join((BIN, os.environ['PATH'])),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR='1', ANSIBLE_HOST_KEY_CHECKING='false')
    env.setdefault('JAVA_HOME', os.path.dirname(os.path.dirname(java)))
    return env


class Rulebook:
    """ansible-rulebook in the background; its output collected as it comes."""

    def __init__(self, args, env, cwd):
        self.process = subprocess.Popen([os.path.join(BIN, 'ansible-rulebook')] + args, env=env, cwd=cwd,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.decode('utf-8', 'replace'))

    @property
    def output(self):
        return ''.join(self.lines)

    def stop(self, timeout=30):
        """SIGTERM (what stopping a container sends); its exit status (killed after TIMEOUT: -9)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
        finally:
            self._reader.join(5)


def until(check, what, timeout=WAIT, rulebook=None):
    """CHECK()'s first true value, polled every 0.2 s; AssertionError after TIMEOUT or when RULEBOOK ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if rulebook is not None and rulebook.process.poll() is not None:
            raise AssertionError('ansible-rulebook ended (%s) before %s:\n%s' % (
                rulebook.process.returncode, what, rulebook.output))
        time.sleep(0.2)
    raise AssertionError('not within %s s: %s\n%s' % (timeout, what, rulebook.output if rulebook else ''))


def members(server, workspace):
    """[(e-mail, role)] of WORKSPACE's direct members in the emulator's state."""
    return sorted((m['email'], m['role']) for m in server.state()['memberships'] if m['workspace'] == workspace)


def polls(server):
    """How many workspace lists the emulator has answered since its log was cleared: one per poll."""
    return sum(1 for r in server.requests()['requests'] if r['path'] == '/organizations/workspaces')


def by_hand(server, method, workspace, email, role=None):
    """A membership change through the API (as the dashboard makes it), with the collection's client."""
    from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
    hand = Hand(TransactionLinkClient(server.url, server.tokens['admin']))
    if method == 'PUT':
        hand.set(workspace, email, role)
    else:
        hand.remove(workspace, email)
