# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`ansible-rulebook -r transactionlink.access.mend_drift` over the emulator: a change by hand is mended.

Only what needs the real CLI is here: the source loaded from the installed
collection, the filter's limit through ansible-runner, the converge on the
drifted host alone, the echo of the converge's own write ending in a run with
no write, a clean stop. The source's behaviour is tested in
tests/unit/extensions/eda/.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from emulator import seed
from emulator.process import EmulatorServer

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
WAIT = 120  # seconds any one step may take on a busy machine

INVENTORY = 'plugin: transactionlink.access.workspaces\nhostname: name\n'
HOST_VARS = {
    'Customer Support': ['{user: george.okafor@example.com, role: Viewer}'],
    'Payments': ['{user: dana.kowalski@example.com, role: Viewer}', '{user: fatima.haddad@example.com, role: Analyst}'],
    'Risk': ['{user: adam.admin@example.com, role: Admin}', '{user: dana.kowalski@example.com, role: Analyst}',
             '{user: erik.johansson@example.com, role: Viewer}'],
}


def inventory_dir(path):
    """The layout the docs give: the inventory file with host_vars/ and group_vars/ beside it, in one folder."""
    os.makedirs(os.path.join(path, 'host_vars'))
    os.makedirs(os.path.join(path, 'group_vars'))
    with open(os.path.join(path, 'workspaces.transactionlink.yml'), 'w') as handle:
        handle.write(INVENTORY)
    with open(os.path.join(path, 'group_vars', 'all.yml'), 'w') as handle:
        handle.write('transactionlink_exclusive: true\n')
    for host, items in HOST_VARS.items():
        with open(os.path.join(path, 'host_vars', host + '.yml'), 'w') as handle:
            handle.write('transactionlink_desired_members:\n' + ''.join('  - %s\n' % i for i in items))
    return path


def environment(server, token, collections_path):
    java = os.path.realpath(subprocess.check_output(['sh', '-c', 'command -v java'], text=True).strip())
    env = dict(os.environ, TRANSACTIONLINK_API_URL=server.url, TRANSACTIONLINK_API_TOKEN=token,
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
        """SIGTERM (what stopping a container sends); its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._reader.join(5)


def until(check, what, timeout=WAIT, rulebook=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if rulebook is not None and rulebook.process.poll() is not None:
            raise AssertionError('ansible-rulebook ended (%s) before %s:\n%s' % (rulebook.process.returncode, what, rulebook.output))
        time.sleep(0.2)
    raise AssertionError('not within %s s: %s\n%s' % (timeout, what, rulebook.output if rulebook else ''))


@pytest.fixture
def server(tmp_path):
    emulator = EmulatorServer(str(tmp_path / 'emulator'))
    os.makedirs(emulator.workdir)
    emulator.start()
    yield emulator
    emulator.stop()


def members(server, workspace):
    return sorted((m['email'], m['role']) for m in server.state()['memberships'] if m['workspace'] == workspace)


def polls(server):
    return sum(1 for r in server.requests()['requests'] if r['path'] == '/organizations/workspaces')


def by_hand(server, method, workspace, email, role=None):
    """A membership change through the API (as the dashboard makes it): the emulator's own client, not ansible."""
    from ansible_collections.transactionlink.access.plugins.module_utils.client import TransactionLinkClient
    client = TransactionLinkClient(server.url, server.tokens['admin'])
    if method == 'PUT':
        client.set_membership(seed.workspace_id(workspace), seed.user_id(email), seed.role_id(workspace, role))
    else:
        client.remove_membership(seed.workspace_id(workspace), seed.user_id(email))


def test_a_member_added_and_a_role_changed_by_hand_are_mended_there_alone(server, tmp_path, collection_tree):
    by_hand(server, 'PUT', 'Customer Support', 'george.okafor@example.com', 'Viewer')  # as host_vars has it
    wanted = dict((ws, members(server, ws)) for ws in seed.DEMO_WORKSPACES)
    (tmp_path / 'vars.yml').write_text('transactionlink_drift_interval: 1\n')
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    rulebook = Rulebook(['-r', 'transactionlink.access.mend_drift', '-i', inventory_dir(str(tmp_path / 'inventory')),
                         '--vars', str(tmp_path / 'vars.yml')],
                        environment(server, server.tokens['admin'], collections_path), str(tmp_path))
    try:
        until(lambda: polls(server) >= 2, 'the baseline poll and the next one', rulebook=rulebook)
        server.clear_requests()
        by_hand(server, 'PUT', 'Customer Support', 'alice.martin@example.com', 'Analyst')
        by_hand(server, 'PUT', 'Payments', 'fatima.haddad@example.com', 'Admin')
        until(lambda: all(members(server, ws) == wanted[ws] for ws in wanted), 'both workspaces mended',
              rulebook=rulebook)
        # the converge's own writes come back as one more event each: two runs that write nothing, then quiet
        until(lambda: rulebook.output.count('PLAY RECAP') >= 4, 'the two runs after the mend', rulebook=rulebook)
        seen = polls(server)
        until(lambda: polls(server) >= seen + 3, 'three more polls', rulebook=rulebook)
        assert rulebook.output.count('PLAY RECAP') == 4, rulebook.output
    finally:
        rc = rulebook.stop()
    after_stop = len(server.requests()['requests'])
    time.sleep(2)
    assert len(server.requests()['requests']) == after_stop  # nothing polls any more
    writes = [(r['method'], r['path']) for r in server.requests()['requests'] if r['method'] in ('PUT', 'DELETE')]
    assert sorted(writes) == sorted([
        ('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Customer Support'), seed.user_id('alice.martin@example.com'))),
        ('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Payments'), seed.user_id('fatima.haddad@example.com'))),
        ('DELETE', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Customer Support'), seed.user_id('alice.martin@example.com'))),
        ('PUT', '/workspaces/%s/memberships/%s' % (seed.workspace_id('Payments'), seed.user_id('fatima.haddad@example.com'))),
    ])  # the two changes by hand and the two mends: no other workspace, no second write
    assert all(members(server, ws) == wanted[ws] for ws in wanted)
    # Ended by itself within the stop's timeout (a kill would be -9): 0, or 143, the status the JVM that
    # ansible-rulebook's rule engine runs in exits with on SIGTERM, as it does for any rulebook.
    assert rc in (0, 128 + signal.SIGTERM), rulebook.output
    assert 'Traceback' not in rulebook.output, rulebook.output


def test_a_refused_token_stops_it_with_a_clear_message(server, tmp_path, collection_tree):
    token = 'tot_' + 'r' * 52
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    rulebook = Rulebook(['-r', 'transactionlink.access.mend_drift', '-i', inventory_dir(str(tmp_path / 'inventory'))],
                        environment(server, token, collections_path), str(tmp_path))
    try:
        rc = rulebook.process.wait(WAIT)
    finally:
        rulebook.stop()
    assert rc != 0
    assert 'GET /organizations/workspaces failed: HTTP 401' in rulebook.output, rulebook.output
    assert 'Check api_token' in rulebook.output
    assert token[4:24] not in rulebook.output
