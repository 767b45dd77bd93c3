# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The named records a membership converge passes from the item to the write (see engine)::

    Request -> Item -> Touched -> Reach -> Wanted -> WorkspacePlan -> Write -> WorkspaceOutcome / Outcome -> RequestOutcome
"""

import datetime

from dataclasses import dataclass, field
from typing import Any, Optional

from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError


@dataclass(frozen=True)
class Item:
    """One membership a task asks for: workspace, user (or team) and role by UUID or name, as given; the label names it.

    ``team`` (a key of ``Rules.teams``) instead of ``user`` gives every user of
    that team the item's role and state; ``expires`` (a date or date-time, see
    expiry.ends_at) makes the item count as absent once it has passed;
    ``allow_empty`` lets a team item's team have no users under ``exclusive``
    or ``exclusive_roles`` (refused otherwise: it would empty the workspace).
    """

    label: str
    workspace: str
    user: Optional[str]
    role: Optional[str] = None
    state: str = 'present'
    team: Optional[str] = None
    expires: Any = None
    allow_empty: bool = False


@dataclass(frozen=True)
class Rules:
    """The plan-wide rules of a run, as given (names or UUIDs).

    ``teams`` maps a team name to its users (e-mails or UUIDs);
    ``role_precedence`` holds role names, strongest first, deciding between
    team items with different roles; ``protected_users`` are never removed or
    changed; ``exclusive_roles`` (role names or UUIDs): unlisted direct members
    with one of these roles are removed. ``now`` (aware datetime) is the time
    expiries are compared with; None: the time the run starts.
    """

    teams: dict = field(default_factory=dict)
    role_precedence: tuple = ()
    protected_users: tuple = ()
    exclusive_roles: tuple = ()
    now: Optional[datetime.datetime] = None


@dataclass(frozen=True)
class Reach:
    """One item reaching one user (a team item reaches each user of its team), its expiry and role decided once.

    ``user`` is the user as given (the item's, or the team list's entry);
    ``ends`` the end of access (aware) or None; ``active`` is True when the
    item wants the user present with its role (present, not expired at the
    run's time, not overruled by a direct item of the same user): only then
    is its role used, and not looked up when it is the member's current
    role, which ``kept_role`` {id, name} then holds. ``role_known`` is True
    when the item names no role or the member's current one: a role named
    otherwise is looked up whatever the state, so an unknown one fails.
    """

    item: Item
    user_id: str
    user: str
    ends: Optional[datetime.datetime] = None
    active: bool = False
    kept_role: Optional[dict] = None
    role_known: bool = False

    @property
    def needs_role_list(self) -> bool:
        """True when resolving (or, for an item not active, checking) the role needs the workspace's role list."""
        return not self.role_known


@dataclass(frozen=True)
class Touched:
    """One workspace a request touches: the workspace {id, name, type} and its items; once read, its direct
    members {user id: role {id, name}} and the ``Reach`` of each item."""

    workspace: dict
    items: tuple = ()
    current: Optional[dict] = None
    reaches: tuple = ()


@dataclass(frozen=True)
class Wanted:
    """An ``Item`` resolved for one user: the planner's ``Desired`` (user id, role {id, name}, team, end of access).

    ``user`` is the user as given (the item's, or the team list's entry), for messages.
    """

    item: Item
    desired: mp.Desired
    user: Optional[str] = None


@dataclass(frozen=True)
class WorkspacePlan:
    """One workspace: its direct members now (user id -> role), what is wanted, and the changes planned.

    ``protected`` holds the ids of the run's protected users, ``exclusive_roles``
    the ids of this workspace's roles that ``Rules.exclusive_roles`` names.
    """

    workspace: dict
    current: dict
    wanted: tuple = ()
    changes: tuple = ()
    protected: frozenset = frozenset()
    exclusive_roles: frozenset = frozenset()
    plan_id: str = field(init=False, compare=False)  # the digest of this workspace's changes alone, computed once

    def __post_init__(self):
        object.__setattr__(self, 'plan_id', mp.plan_id([(self.workspace['id'], change) for change in self.changes]))

    @property
    def after(self):
        return mp.apply(self.current, self.changes)


@dataclass(frozen=True)
class Write:
    """One change to send, the action that reports it (a dict, as the module returns it), and the request it is for
    (its index in the run's requests)."""

    workspace_id: str
    change: mp.Change
    action: dict
    request: int = 0


@dataclass(frozen=True)
class WorkspaceOutcome:
    """What a run did (or, in check mode, would do) to one workspace."""

    plan: WorkspacePlan
    actions: tuple  # in the order they were sent
    memberships: tuple  # the direct memberships after, as flat dicts
    before: dict  # {user e-mail (or id): role name}, for the diff
    after: dict

    @property
    def workspace(self):
        return self.plan.workspace

    @property
    def plan_id(self):
        return self.plan.plan_id

    @property
    def changed(self):
        return bool(self.actions)


@dataclass(frozen=True)
class Outcome:
    """What a run did: one ``WorkspaceOutcome`` per workspace, and the run's own actions and plan id.

    ``plan_id`` is the digest over every change of the run; ``actions`` are
    every workspace's actions in the order they were sent.
    """

    workspaces: tuple
    actions: tuple
    plan_id: str
    protected: tuple = ()  # the run's protected users, {user_id, user_email}, by e-mail

    @property
    def changed(self):
        return bool(self.actions)

    @property
    def memberships(self):
        return [row for ws in self.workspaces for row in ws.memberships]

    @property
    def diff(self):
        return {'before': {ws.workspace['name']: ws.before for ws in self.workspaces},
                'after': {ws.workspace['name']: ws.after for ws in self.workspaces}}


@dataclass(frozen=True)
class Request:
    """One converge request: a module task, or one workspace host of the converge pass.

    ``label`` (the host; '' for a task) prefixes its messages; ``workspaces``
    (names or UUIDs) are touched even with no item; ``home`` (the host's
    workspace) is the one workspace its items may change (None: any);
    ``expected_plan_ids`` maps workspaces to reviewed plan ids; ``errors`` are
    the input errors found while reading it (such a request is not run, and
    no request of the run writes).
    """

    items: tuple = ()
    label: str = ''
    exclusive: bool = False
    rules: Rules = field(default_factory=Rules)
    workspaces: tuple = ()
    home: Optional[str] = None
    max_removals: Optional[int] = None
    expected_plan_id: Optional[str] = None
    expected_plan_ids: Optional[dict] = None
    errors: tuple = ()
    known: Optional[dict] = None  # the home workspace as the inventory gave it {id, name}: told to the directory


@dataclass(frozen=True)
class RequestOutcome:
    """What the run did for one ``Request``.

    ``home`` is the request's home workspace once found; ``planned`` the
    ``Outcome`` as planned (also in check mode); ``written`` the writes sent
    (on a stop mid-way, fewer than ``planned``'s); ``errors`` its input errors
    and ``refusal`` the first one as raised (None: none); ``failure`` the API
    error that stopped the run; ``failed_write`` the write that failed (when
    it was this request's); ``note`` says an approved plan found nothing left to write.
    """

    request: Request
    home: Optional[dict] = None
    planned: Optional[Outcome] = None
    writes: tuple = ()
    written: tuple = ()
    errors: tuple = ()
    refusal: Optional[InputError] = None
    refused_actions: tuple = ()
    failure: Optional[TransactionLinkError] = None
    failed_write: Optional[Write] = None
    note: Optional[str] = None
    plans: tuple = ()
    while_reading: bool = False
    failed_host: Optional[str] = None  # the label of the request whose write failed

    @property
    def label(self) -> str:
        return self.request.label
