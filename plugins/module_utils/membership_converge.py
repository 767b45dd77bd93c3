# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Converge workspace memberships in four phases over small records::

    resolve   Items           -> WorkspacePlans (workspace, current, wanted)   reads only
    plan      WorkspacePlan   -> WorkspacePlan with its changes               pure (membership_plan)
    guard     WorkspacePlans  -> Writes (each change with its action)          refuses before any write
    write     Writes          -> the API                                      skipped in check mode

Every name is resolved and every workspace planned before the first write, so
bad input fails with nothing written; the safety checks (``max_removals``,
the expected plan ids) run on the whole plan, also in check mode. Reads of
many workspaces and the writes go out in parallel, at most
``client.concurrency`` at once; every add and role change is done before the
first removal starts, and once a write fails for good no new write starts.

An ``Item`` carries the label that names it in every message
(``members[3]``, ``the task``, ``Payments: members[3]``), set once by the
caller. Ids are made canonical where they enter, nowhere else: in the
client's answers, and in an ``Item``'s references where the Directory looks
them up (an ``Item`` keeps them as given, for its messages). A new per-item option is a field of ``Item`` passed on
as a field of ``membership_plan.Desired`` in ``_wanted()``; a new plan-wide
rule is a field of ``Rules`` (as given), resolved per workspace in
``resolve()`` when it names users or roles, and set on
``membership_plan.PlanInput`` in ``plan()``.

Teams: an ``Item`` gives ``user`` or ``team``; a team item reaches every user
of ``Rules.teams[team]`` (one ``Wanted`` each), and the planner decides which
record wins for a user reached several times (membership_plan.plan). The
rules become ids, and the planner's refusals words, in membership_rules.
"""

import datetime

from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Optional

from ansible_collections.transactionlink.access.plugins.module_utils.directory import flat_membership, is_role
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils.expiry import ends_at, has_expired
from ansible_collections.transactionlink.access.plugins.module_utils.ids import is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils import membership_plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils import membership_rules as rules_
from ansible_collections.transactionlink.access.plugins.module_utils.membership_rules import labelled as _labelled, prefixed
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import run_until_failure

REMOVALS_SHOWN = 5  # how many planned removals a max_removals failure names
ACTIONS_SHOWN = 20  # how many new actions a plan mismatch shows


# -- the records -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One membership a task asks for: workspace, user (or team) and role by UUID or name, as given; the label names it.

    ``team`` (a key of ``Rules.teams``) instead of ``user`` gives every user of
    that team the item's role and state; ``expires`` (a date or date-time, see
    expiry.ends_at) makes the item count as absent once it has passed.
    """

    label: str
    workspace: str
    user: Optional[str]
    role: Optional[str] = None
    state: str = 'present'
    team: Optional[str] = None
    expires: Any = None


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

    @property
    def plan_id(self):
        """The digest of this workspace's changes alone (membership_plan.plan_id)."""
        return mp.plan_id([(self.workspace['id'], change) for change in self.changes])

    @property
    def after(self):
        return mp.apply(self.current, self.changes)


class Write(NamedTuple):
    """One change to send, and the action that reports it (a dict, as the module returns it)."""

    workspace_id: str
    change: mp.Change
    action: dict


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


# -- the run -----------------------------------------------------------------------------------------------------

def converge(directory, items, exclusive=False, check_mode=False, extra_workspaces=(), max_removals=None,
             expected_plan_id=None, expected_plan_ids=None, rules=None):
    """Bring the listed memberships to their wanted state; return an ``Outcome``.

    ``items`` are ``Item``s; ``extra_workspaces`` (names or UUIDs) are touched
    even with no item (an exclusive run with an empty list). ``expected_plan_id``
    is the reviewed digest of the whole run, ``expected_plan_ids`` maps
    workspaces (UUID or name) to the reviewed digest of each: a run whose plan
    differs fails before any write. ``rules`` (a ``Rules``) holds the teams,
    protected users, per-role exclusivity and the time expiries are compared
    with (by default the time the run starts: one instant for the whole run).
    On an API failure mid-way the raised TransactionLinkError carries
    ``completed``, the actions already done, and ``result['failed_action']``.
    """
    rules = at_time(rules)
    plans = [plan(p, exclusive, rules) for p in resolve(directory, items, extra_workspaces, rules)]
    writes = guard(directory, plans, max_removals, expected_plan_id, expected_plan_ids)
    if not check_mode:
        write(directory, writes)
    return outcome(directory, plans, writes)


# -- resolve: every name to an id, every list read once ------------------------------------------------------------

def resolve(directory, items, extra_workspaces=(), rules=None):
    """One ``WorkspacePlan`` (no changes yet) per workspace, in the order workspaces first appear."""
    rules = at_time(rules)
    ends = [_ends(item) for item in items]  # an unparseable expiry fails before any request
    workspaces, items_of = {}, {}  # workspace id -> workspace {id, name, type}; workspace id -> [(Item, end of access)]
    given = [('workspace', ref, None) for ref in extra_workspaces] + [(i.label, i.workspace, (i, e)) for i, e in zip(items, ends)]
    for label, ref, entry in given:
        ws = _labelled(label, directory.workspace, ref)
        workspaces.setdefault(ws['id'], ws)
        items_of.setdefault(ws['id'], []).extend([entry] if entry else [])
    directory.prefetch_direct(list(workspaces))
    current = {ws_id: _current(directory.direct_memberships(ws_id)) for ws_id in workspaces}
    users = {ws_id: rules_.decided(rules_.reached(directory, ws, items_of[ws_id], rules.teams)) for ws_id, ws in workspaces.items()}
    protected = frozenset(_labelled('protected_users[{0}]'.format(i), directory.user, ref)['id']
                          for i, ref in enumerate(rules.protected_users))
    directory.prefetch_roles([ws_id for ws_id in workspaces if rules.exclusive_roles or any(
        _needs_role(entry, user_id, current[ws_id], rules.now) for entry, user_id, _ref in users[ws_id])])
    exclusive_roles = rules_.exclusive_role_ids(directory, list(workspaces.values()), rules.exclusive_roles)
    return [WorkspacePlan(ws, current[ws_id],
                          tuple(_wanted(directory, ws, current[ws_id], entry, user_id, ref, rules.now)
                                for entry, user_id, ref in users[ws_id]),
                          protected=protected, exclusive_roles=exclusive_roles.get(ws_id, frozenset()))
            for ws_id, ws in workspaces.items()]


def at_time(rules):
    """RULES (a ``Rules``, or None: no rules) with ``now`` set: the time the run starts when not given."""
    rules = rules or Rules()
    return rules if rules.now is not None else replace(rules, now=datetime.datetime.now(datetime.timezone.utc))


def _ends(item):
    """The end of an item's access (aware datetime) or None; an unparseable ``expires`` names the item."""
    if item.expires is None:
        return None
    try:
        return ends_at(item.expires)
    except ValueError as exc:
        raise InputError(prefixed(item.label, str(exc))) from None


def _current(memberships):
    """{user id: role {id, name}} of a member list as the client answers it (ids already canonical)."""
    return {m['userId']: {'id': m['role']['id'], 'name': m['role']['name']} for m in memberships}


def _needs_role(entry, user_id, current, now):
    """True when resolving this item's role needs the workspace's role list (it is not the member's current role)."""
    item, ends, overruled = entry
    return (item.state == 'present' and not overruled and not has_expired(ends, now)
            and not is_role(item.role, current.get(user_id)))


def _wanted(directory, ws, current, entry, user_id, user_ref, now):
    """The ``Wanted`` record of one item for one user: its role resolved (the current role, or expired or overruled: no lookup)."""
    item, ends, overruled = entry
    role = None
    if item.state == 'present' and not overruled and not has_expired(ends, now):
        role = _labelled(item.label, directory.role, ws, item.role, current.get(user_id))
    return Wanted(item, mp.Desired(user_id, item.state, role, item.team, ends), user_ref)


# -- plan: pure ----------------------------------------------------------------------------------------------------

def plan(workspace_plan, exclusive=False, rules=None):
    """The workspace plan with its changes (membership_plan.plan over its current and wanted members).

    A planner refusal (team roles in conflict, a protected member touched) becomes an InputError naming the items.
    """
    rules = at_time(rules)
    wp = workspace_plan
    request = mp.PlanInput(wp.current, tuple(w.desired for w in wp.wanted), exclusive, now=rules.now,
                           protected=wp.protected, exclusive_roles=wp.exclusive_roles,
                           role_precedence=tuple(rules.role_precedence or ()))
    try:
        changes = mp.plan(request)
    except mp.RoleConflict as exc:
        raise InputError(rules_.conflict_message(wp, exc, rules.role_precedence)) from None
    except mp.ProtectedMember as exc:
        raise InputError(rules_.protected_message(wp, exc)) from None
    return replace(wp, changes=tuple(changes))


# -- guard: everything that refuses, before any write --------------------------------------------------------------

def guard(directory, plans, max_removals=None, expected_plan_id=None, expected_plan_ids=None):
    """The writes in the order they will be sent, each with its action; raise InputError to refuse the run."""
    ordered = mp.write_order([(p, change) for p in plans for change in p.changes])
    if ordered:
        directory.users()  # e-mails for the report of what changes (None, with a warning, if not allowed)
    _warn_unknown_absent_users(directory, plans)
    for p, change in ordered:
        if change.action == mp.ADDED:
            directory.check_user_exists(change.user_id)
    writes = [Write(p.workspace['id'], change, _action(directory, p.workspace, change)) for p, change in ordered]
    actions = [w.action for w in writes]
    run_plan_id = mp.plan_id([(w.workspace_id, w.change) for w in writes])
    _check_max_removals(max_removals, actions)
    _check_plan_id(expected_plan_id, run_plan_id, actions)
    _check_workspace_plan_ids(directory, expected_plan_ids, plans, writes, run_plan_id)
    return writes


def _warn_unknown_absent_users(directory, plans):
    """A user given by UUID to remove, who is no member: say so when the organization has no such user."""
    for p in plans:
        for wanted in p.wanted:
            user_id = wanted.desired.user_id
            if (wanted.item.state == 'absent' and is_uuid(wanted.user) and user_id not in p.current
                    and directory.user_known(user_id) is False):
                directory.warnings.append(
                    "{0}: user {1} is not a user of the organization (no such user id), so nothing was removed for it; "
                    "check the UUID (a mistyped id leaves the real person's access in place)".format(wanted.item.label, user_id))


def _check_max_removals(max_removals, actions):
    removals = [a for a in actions if a['action'] == mp.REMOVED]
    if max_removals is None or len(removals) <= max_removals:
        return
    shown = ', '.join('{0} from {1}'.format(a['user_email'] or a['user_id'], a['workspace_name']) for a in removals[:REMOVALS_SHOWN])
    more = ' and {0} more'.format(len(removals) - REMOVALS_SHOWN) if len(removals) > REMOVALS_SHOWN else ''
    raise InputError(
        'this run would remove {0} membership(s), more than max_removals={1}; nothing was written. It would remove: '
        '{2}{3}. If that is intended, raise max_removals; otherwise check members (with exclusive=true, an empty '
        'or all-absent list removes every direct member)'.format(len(removals), max_removals, shown, more),
        result={'actions': actions})


def _check_plan_id(expected, new_plan_id, actions):
    if expected is None or expected.strip() == new_plan_id:
        return
    raise InputError(
        'the access changed since the plan was approved: expected plan {0}, the plan is now {1}; nothing was written. '
        'Review the new plan and approve it again. New actions: {2}'.format(expected.strip(), new_plan_id, _lines(actions)),
        result={'plan_id': new_plan_id, 'actions': actions})


def _check_workspace_plan_ids(directory, expected_plan_ids, plans, writes, run_plan_id):
    """Each workspace named in EXPECTED_PLAN_IDS (UUID or name -> plan id) must plan what was reviewed for it."""
    by_id = {p.workspace['id']: p for p in plans}
    for ref, expected in (expected_plan_ids or {}).items():
        ws = _labelled('expected_plan_ids', directory.workspace, ref)
        if ws['id'] not in by_id:
            raise InputError("expected_plan_ids: workspace '{0}' has a reviewed plan but this run does not touch it; "
                             "nothing was written. Review the run again".format(ws['name']))
        now = by_id[ws['id']].plan_id
        if str(expected).strip() == now:
            continue
        actions = [w.action for w in writes if w.workspace_id == ws['id']]
        raise InputError(
            "the access of workspace '{0}' changed since its plan was approved: expected plan {1}, the plan is now {2}; "
            "nothing was written. Review the new plan and approve it again. New actions: {3}".format(
                ws['name'], str(expected).strip(), now, _lines(actions)),
            result={'plan_id': run_plan_id, 'actions': [w.action for w in writes],
                    'workspace_plan_ids': {p.workspace['id']: p.plan_id for p in plans}})


def _lines(actions):
    lines = [mp.describe(a) for a in actions[:ACTIONS_SHOWN]]
    if len(actions) > ACTIONS_SHOWN:
        lines.append('... and {0} more'.format(len(actions) - ACTIONS_SHOWN))
    return '; '.join(lines) or 'none'


# -- write ---------------------------------------------------------------------------------------------------------

def write(directory, writes):
    """Send the writes: every add and role change, and only when all of them succeeded, the removals.

    Within a phase at most ``concurrency`` writes are in flight; after the
    first that fails for good no new write starts (the removals included).
    """
    phases = [[i for i, w in enumerate(writes) if w.change.action != mp.REMOVED],
              [i for i, w in enumerate(writes) if w.change.action == mp.REMOVED]]
    done = []
    for phase in phases:
        finished, failure = run_until_failure(lambda i: _send(directory.client, writes[i]), phase, directory.concurrency)
        done.extend(phase[position] for position, _result in finished)
        if failure is None:
            continue
        position, exc = failure
        if isinstance(exc, TransactionLinkError):
            exc.completed = [writes[i].action for i in sorted(done)]
            exc.result = dict(exc.result, failed_action=writes[phase[position]].action)
        raise exc


def _send(client, w):
    if w.change.action == mp.REMOVED:
        client.remove_membership(w.workspace_id, w.change.user_id)  # False: it was gone already, as planned
    else:
        client.set_membership(w.workspace_id, w.change.user_id, w.change.role_after['id'])


# -- outcome -------------------------------------------------------------------------------------------------------

def outcome(directory, plans, writes):
    """The ``Outcome`` of the run (in check mode: of the run as it would be)."""
    actions = {p.workspace['id']: [] for p in plans}
    for w in writes:
        actions[w.workspace_id].append(w.action)
    per_workspace = []
    for p in plans:
        after = p.after
        per_workspace.append(WorkspaceOutcome(
            plan=p, actions=tuple(actions[p.workspace['id']]),
            memberships=tuple(_flat(directory, p.workspace, after)),
            before=labels(directory, p.current), after=labels(directory, after)))
    protected = sorted(({'user_id': user_id, 'user_email': directory.user_email(user_id)}
                        for user_id in set().union(*[p.protected for p in plans])),
                       key=lambda u: (u['user_email'] or '', u['user_id']))
    return Outcome(tuple(per_workspace), tuple(w.action for w in writes),
                   mp.plan_id([(w.workspace_id, w.change) for w in writes]), tuple(protected))


def _action(directory, ws, change):
    return {
        'workspace_id': ws['id'],
        'workspace_name': ws['name'],
        'user_id': change.user_id,
        'user_email': directory.user_email(change.user_id),
        'action': change.action,
        'role_before': (change.role_before or {}).get('name'),
        'role_after': (change.role_after or {}).get('name'),
        **({'reason': change.reason} if change.reason else {}),
    }


def _flat(directory, ws, members):
    rows = [flat_membership({'workspaceId': ws['id'], 'userId': user_id, 'role': role},
                            ws['name'], directory.user_email(user_id))
            for user_id, role in members.items()]
    return sorted(rows, key=lambda r: (r['user_email'] or '', r['user_id']))


def labels(directory, members):
    """{user e-mail (or id when unknown): role name}, for a readable diff."""
    return {directory.user_email(user_id) or user_id: role['name'] for user_id, role in members.items()}
