# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An ansible-rulebook event source: the direct members of TransactionLink workspaces, changed by hand.

ansible-rulebook loads this file by path (runpy), so the collection it sits
in is not necessarily importable: ``_collection_on_path()`` puts the
collections path holding this very file on ``sys.path`` first. Every import
of the collection's own code is in the one block below it.
"""

import asyncio
import logging
import os
import sys

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Dict, FrozenSet, List, Optional, Tuple

DOCUMENTATION = r'''
---
short_description: Membership changes made outside Ansible, one event per workspace
description:
  - An ansible-rulebook event source that polls the direct members of TransactionLink workspaces and emits one event
    per workspace whose members changed since the previous poll - a member added, removed, or given another role by
    hand in the dashboard.
  - The first poll is the baseline and emits nothing.
  - One poll reads the workspace list and one member list per watched workspace, in parallel (O(concurrency) at once).
    The organization's user pages are read only when a change needs e-mails that are not known yet.
  - HTTP 429, 5xx and connection errors are retried by the client (honouring C(Retry-After)); when a poll still fails,
    the source logs a warning, waits longer each time (from O(interval), doubling, at most 5 minutes or O(interval))
    and keeps polling. A workspace that could not be read keeps its last known members, so a change made meanwhile is
    reported by the next poll that reads it.
  - HTTP 401 or 403 (a refused token, a missing scope), an answer of another shape than the API documents, or bad
    arguments stop the source with a message saying why (never showing the token); ansible-rulebook then shuts down.
  - 'The event - C({"transactionlink": {"type": "membership_drift", "workspace": NAME, "workspace_id": UUID,
    "added": [{"user_id", "user", "role"}], "removed": [{"user_id", "user", "role"}], "changed": [{"user_id", "user",
    "role_before", "role_after"}]}, "meta": {"hosts": HOST}}). C(user) is the e-mail (null when the token may not list
    users), C(role) a role name. C(meta.hosts) is the host name the C(transactionlink.access.workspaces) inventory gives
    the workspace (with the same O(hostname)), so a rule can limit its playbook to it; the filter
    C(transactionlink.access.exact_host_limit) turns it into a limit pattern that matches only that host.'
  - Uses the collection's API client and connection options (the same environment variables as the modules, what the
    AWX credential type injects).
options:
  interval:
    description: Seconds between two polls (a number, at least 1).
    type: float
    default: 60
  workspaces:
    description:
      - The workspaces to watch, by name or UUID. Empty or not set - every workspace the token can view (a workspace
        created later is watched from its first poll on).
      - A name that is unknown at the baseline stops the source; one that disappears later is skipped with a warning.
    type: list
    elements: str
  hostname:
    description: What names a host in C(meta.hosts) - the workspace V(name) or its V(id), as the inventory's option.
    type: str
    choices: [name, id]
    default: name
  api_token:
    description:
      - TransactionLink organization API token (C(tot_...)). If not set, E(TRANSACTIONLINK_API_TOKEN) is used
        (recommended - in the EDA controller, a credential injects it).
    type: str
  api_url:
    description: Base URL of the API. If not set, E(TRANSACTIONLINK_API_URL), then C(https://api.transactionlink.io).
    type: str
  validate_certs:
    description: Verify the API's TLS certificate. If not set, E(TRANSACTIONLINK_VALIDATE_CERTS), then V(true).
    type: bool
  ca_path:
    description: CA bundle (PEM) to verify the API's certificate against. If not set, E(TRANSACTIONLINK_CA_PATH).
    type: path
  timeout:
    description: Seconds one attempt of a request may take, 1 to 3600. If not set, E(TRANSACTIONLINK_TIMEOUT), then 30.
    type: int
  max_retries:
    description: Retries of a request after 429, 502-504 or a connection error, 0 to 20. If not set,
      E(TRANSACTIONLINK_MAX_RETRIES), then 5.
    type: int
  concurrency:
    description: Member lists read at once, 1 to 32. If not set, E(TRANSACTIONLINK_CONCURRENCY), then 8.
    type: int
'''

EXAMPLES = r'''
# In a rulebook (the collection ships one: transactionlink.access.mend_drift).
- name: Mend workspace access changed by hand
  hosts: all
  sources:
    - transactionlink.access.membership_drift:
        interval: 30
        workspaces: [Payments, Risk]
      filters:
        - transactionlink.access.exact_host_limit:
  rules:
    - name: Converge the drifted workspace
      condition: event.transactionlink.type == "membership_drift"
      action:
        run_playbook:
          name: transactionlink.access.converge
'''


def _collection_on_path() -> None:
    """Put the collections path that holds this file first on sys.path (ansible-rulebook loads it by path)."""
    # <collections path>/ansible_collections/transactionlink/access/extensions/eda/plugins/event_source/<this file>
    parts = os.path.abspath(__file__).split(os.sep)
    collections_path = os.sep.join(parts[:-8]) or os.sep
    if parts[-8:-5] == ['ansible_collections', 'transactionlink', 'access'] and collections_path not in sys.path:
        sys.path.insert(0, collections_path)


_collection_on_path()

# The collection's code: every import of it is in this block.
# pylint: disable=wrong-import-position
from ansible_collections.transactionlink.access.plugins.inventory.workspaces import workspace_hosts  # noqa: E402
from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options  # noqa: E402
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import redact  # noqa: E402
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory  # noqa: E402
from ansible_collections.transactionlink.access.plugins.module_utils.errors import (  # noqa: E402
    AnswerError, InputError, TransactionLinkError)
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import bounded_map  # noqa: E402
# pylint: enable=wrong-import-position

LOG = logging.getLogger('transactionlink.access.membership_drift')
EVENT_TYPE = 'membership_drift'
OWN_ARGS = ('interval', 'workspaces', 'hostname')
DEFAULT_INTERVAL = 60.0
BACKOFF_CAP = 300.0  # seconds: the longest wait after failed polls (or the interval, when longer)
MISSING_STATUS = 404  # a workspace deleted between the list and its member list: skipped this poll


class DriftWatchError(Exception):
    """The watch cannot go on (bad arguments, a refused token, an undocumented answer); the message says why."""


@dataclass(frozen=True)
class Settings:
    """The source's own arguments, checked."""
    interval: float
    workspaces: Tuple[str, ...]
    hostname: str


@dataclass(frozen=True)
class Member:
    """A direct member of a workspace as one poll read it."""
    user_id: str
    role_id: Optional[str]
    role: Optional[str]


@dataclass(frozen=True)
class Drift:
    """How one workspace's direct members differ from the previous poll."""
    workspace_id: str
    workspace: str
    host: str
    added: Tuple[Member, ...]
    removed: Tuple[Member, ...]
    changed: Tuple[Tuple[Member, Member], ...]

    def user_ids(self) -> FrozenSet[str]:
        return frozenset([m.user_id for m in self.added + self.removed] + [after.user_id for _b, after in self.changed])


@dataclass(frozen=True)
class Poll:
    """What one poll found: the events to emit, and the errors that make the source back off."""
    events: Tuple[Dict[str, Any], ...]
    faults: Tuple[str, ...] = ()


def check_settings(args: Dict[str, Any]) -> Settings:
    """The source's own arguments, or DriftWatchError naming the one that is wrong."""
    known = OWN_ARGS + _connection_options.NAMES
    unknown = sorted(set(args) - set(known) - {'eda_feedback_queue'})
    if unknown:
        raise DriftWatchError('unknown argument(s) {0}; valid: {1}'.format(', '.join(unknown), ', '.join(sorted(known))))
    interval = args.get('interval', DEFAULT_INTERVAL)
    try:
        interval = float(interval)
    except (TypeError, ValueError):
        interval = 0.0
    if isinstance(args.get('interval'), bool) or not interval >= 1:
        raise DriftWatchError('interval must be a number of seconds, 1 or more, got {0!r}'.format(args.get('interval')))
    refs = args.get('workspaces') or []
    refs = [refs] if isinstance(refs, str) else refs
    if not isinstance(refs, list) or not all(isinstance(r, str) and r.strip() for r in refs):
        raise DriftWatchError('workspaces must be a list of workspace names or UUIDs, got {0!r}'.format(refs))
    hostname = args.get('hostname', 'name')
    if hostname not in ('name', 'id'):
        raise DriftWatchError("hostname must be 'name' or 'id', got {0!r}".format(hostname))
    return Settings(interval, tuple(r.strip() for r in refs), hostname)


def connection_option(args: Dict[str, Any], name: str) -> Any:
    """Connection option NAME: the argument, else its TRANSACTIONLINK_* variable (empty: not set), else its default."""
    value = args[name] if args.get(name) is not None else _connection_options.from_environment(name)
    return _connection_options.convert(name, value)


def new_client(args: Dict[str, Any], **client_kwargs: Any) -> Any:
    """The collection's client from the connection options (DriftWatchError, without the token, when unusable)."""
    try:
        values = dict((name, connection_option(args, name)) for name in _connection_options.NAMES)
        return _connection_options.new_client(values.get, LOG.warning, **client_kwargs)
    except InputError as exc:
        raise DriftWatchError(redact(str(exc), _raw_token(args))) from None


def _raw_token(args: Dict[str, Any]) -> Optional[str]:
    token = args.get('api_token') or _connection_options.from_environment('api_token')
    return token.strip() if isinstance(token, str) else None


def members_of(memberships: List[Dict[str, Any]]) -> Dict[str, Member]:
    """{user id: Member} of a workspace's direct memberships (as the client returns them)."""
    found = {}
    for item in memberships:
        role = item.get('role') or {}
        found[item['userId']] = Member(item['userId'], role.get('id'), role.get('name'))
    return found


def compare(before: Dict[str, Member], now: Dict[str, Member]) -> Tuple[tuple, tuple, tuple]:
    """(added, removed, changed) from BEFORE to NOW; a role counts as changed when its id differs."""
    added = tuple(now[u] for u in sorted(set(now) - set(before)))
    removed = tuple(before[u] for u in sorted(set(before) - set(now)))
    changed = tuple((before[u], now[u]) for u in sorted(set(before) & set(now)) if before[u].role_id != now[u].role_id)
    return added, removed, changed


def event(drift: Drift, emails: Dict[str, Optional[str]]) -> Dict[str, Any]:
    """The event of one workspace's drift, ordered by e-mail then user id."""
    def order(member):
        return (emails.get(member.user_id) or '', member.user_id)

    def entry(member):
        return {'user_id': member.user_id, 'user': emails.get(member.user_id), 'role': member.role}

    return {
        'transactionlink': {
            'type': EVENT_TYPE,
            'workspace': drift.workspace,
            'workspace_id': drift.workspace_id,
            'added': [entry(m) for m in sorted(drift.added, key=order)],
            'removed': [entry(m) for m in sorted(drift.removed, key=order)],
            'changed': [{'user_id': after.user_id, 'user': emails.get(after.user_id), 'role_before': before.role,
                         'role_after': after.role} for before, after in sorted(drift.changed, key=lambda c: order(c[1]))],
        },
        'meta': {'hosts': drift.host},
    }


@dataclass
class Watch:
    """The state between polls: the last members read of each workspace, and the e-mails known so far.

    ``poll()`` is blocking (the collection's client): the source runs it off
    the event loop.
    """
    client: Any
    settings: Settings
    seen: Optional[Dict[str, Dict[str, Member]]] = None
    emails: Dict[str, Optional[str]] = field(default_factory=dict)

    def poll(self) -> Poll:
        directory = Directory(self.client)
        workspaces, hosts = self._workspaces(directory)
        reads = bounded_map(lambda ws: _read(directory, ws), workspaces, self.client.concurrency)
        baseline = self.seen is None
        seen = dict(self.seen or {})
        drifts, faults = [], []
        for ws, read in zip(workspaces, reads):
            if isinstance(read, TransactionLinkError):
                faults.append(self._fault(ws, read))
                continue
            now = members_of(read)
            if ws['id'] in seen:
                added, removed, changed = compare(seen[ws['id']], now)
                if added or removed or changed:
                    drifts.append(Drift(ws['id'], ws['name'], hosts[ws['id']], added, removed, changed))
            seen[ws['id']] = now
        self._learn_emails(directory, drifts)
        self.seen = seen
        if baseline:
            LOG.info('baseline: %d workspace(s) read, %d not (yet)', len(workspaces) - len(faults), len(faults))
        return Poll(tuple(event(d, self.emails) for d in drifts), tuple(f for f in faults if f))

    def _workspaces(self, directory: Directory) -> Tuple[List[Dict[str, Any]], Dict[str, str]]:
        """The watched workspaces ({id, name, type}) and {workspace id: host name} as the inventory names hosts."""
        every = directory.workspaces()
        try:
            hosts = dict((v['transactionlink_workspace_id'], host) for host, v in workspace_hosts(
                {'workspaces': every, 'members': None}, self.settings.hostname))
        except Exception as exc:  # the inventory's AnsibleParserError: two workspaces of one name
            raise DriftWatchError(str(exc)) from None
        if not self.settings.workspaces:
            return sorted(every, key=lambda w: hosts[w['id']]), hosts
        chosen = {}
        for ref in self.settings.workspaces:
            try:
                found = directory.workspace(ref)
            except InputError as exc:
                if self.seen is None:
                    raise DriftWatchError('workspaces: {0}'.format(exc)) from None
                LOG.warning('workspaces: %s; watching the others', exc)
                continue
            chosen[found['id']] = found
        return sorted(chosen.values(), key=lambda w: hosts[w['id']]), hosts

    def _fault(self, workspace: Dict[str, Any], error: TransactionLinkError) -> Optional[str]:
        """A workspace that could not be read: stop (refused, undocumented), skip (deleted) or back off (the rest)."""
        text = "workspace '{0}': {1}".format(workspace['name'], self.client.redact(str(error)))
        if stops(error):
            raise DriftWatchError(text)
        if error.status == MISSING_STATUS:
            LOG.warning('%s: it is gone; its last known members are kept', text)
            return None
        return text

    def _learn_emails(self, directory: Directory, drifts: List[Drift]) -> None:
        """Read the user pages when a drift names a user whose e-mail is not known yet (never otherwise)."""
        needed = set()
        for drift in drifts:
            needed |= drift.user_ids()
        if not needed - set(self.emails):
            return
        users = directory.users()
        if users is None:
            LOG.warning('; '.join(directory.warnings))
            self.emails.update((user_id, None) for user_id in needed)
            return
        self.emails.update((u['id'], u.get('email')) for u in users)
        self.emails.update((user_id, None) for user_id in needed if user_id not in self.emails)


def _read(directory: Directory, workspace: Dict[str, Any]) -> Any:
    """A workspace's direct memberships, or the TransactionLinkError that kept them from being read."""
    try:
        return directory.direct_memberships(workspace['id'])
    except TransactionLinkError as exc:
        return exc


def stops(exc: BaseException) -> bool:
    """True for an error that waiting cannot cure: bad input, a refused token or scope, an undocumented answer."""
    if isinstance(exc, (InputError, AnswerError, DriftWatchError)):
        return True
    return getattr(exc, 'status', None) in (400, 401, 403)


async def main(queue: asyncio.Queue, args: Dict[str, Any], wait: Callable[[float], Awaitable[Any]] = asyncio.sleep,
               **client_kwargs: Any) -> None:
    """Poll every ``interval`` seconds and put one event per drifted workspace on QUEUE; never return on its own.

    WAIT (the pause between polls) and CLIENT_KWARGS (the client's session,
    sleep, clock) are what tests inject; ansible-rulebook gives neither.
    """
    settings = check_settings(args)
    watch = Watch(new_client(args, **client_kwargs), settings)
    failures = 0
    try:
        while True:
            try:
                poll = await asyncio.to_thread(watch.poll)
            except (InputError, TransactionLinkError, DriftWatchError) as exc:
                if stops(exc):
                    raise DriftWatchError(watch.client.redact(str(exc))) from None
                poll = Poll((), (watch.client.redact(str(exc)),))
            for item in poll.events:
                await queue.put(item)
            failures = failures + 1 if poll.faults else 0
            delay = settings.interval
            if failures:
                delay = min(max(settings.interval, BACKOFF_CAP), settings.interval * 2 ** failures)
                LOG.warning('poll failed (%d in a row): %s; next poll in %.0f s', failures, '; '.join(poll.faults), delay)
            await wait(delay)
    except asyncio.CancelledError:
        LOG.info('membership_drift: cancelled, stopping')
        raise


if __name__ == '__main__':
    class _PrintQueue(asyncio.Queue):
        """Prints each event instead of queueing it (a manual run: TRANSACTIONLINK_* in the environment)."""

        async def put(self, item):
            print(item)  # noqa: T201

    logging.basicConfig(level=logging.INFO)
    asyncio.run(main(_PrintQueue(), {'interval': float(os.environ.get('TRANSACTIONLINK_DRIFT_INTERVAL', '60'))}))
