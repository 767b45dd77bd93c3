# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's Event-Driven Ansible plugins, loaded as ansible-rulebook loads them, and what drives a source.

``load(kind, name)`` runs ``extensions/eda/plugins/<kind>/<name>.py`` of the
collection tree with ``runpy.run_path`` (what ansible-rulebook does) and
returns its globals. ``RecordingQueue`` keeps every event a source puts;
``Stepper`` is the source's pause between polls, held by the test: each poll
ends by waiting there until the test lets the next one start.
"""

import asyncio
import os
import runpy

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
