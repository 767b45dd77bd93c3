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
rule is a field of ``membership_plan.PlanInput`` set in ``plan()``.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple, Optional

from ansible_collections.transactionlink.access.plugins.module_utils.directory import flat_membership, is_role
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils import membership_plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import run_until_failure

REMOVALS_SHOWN = 5  # how many planned removals a max_removals failure names
ACTIONS_SHOWN = 20  # how many new actions a plan mismatch shows


# -- the records -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One membership a task asks for: workspace, user and role by UUID or name, as given; the label names it."""

    label: str
    workspace: str
    user: str
    role: Optional[str] = None
    state: str = 'present'


@dataclass(frozen=True)
class Wanted:
    """An ``Item`` resolved: the planner's ``Desired`` for it (its user's id, its role {id, name})."""

    item: Item
    desired: mp.Desired


@dataclass(frozen=True)
class WorkspacePlan:
    """One workspace: its direct members now (user id -> role), what is wanted, and the changes planned."""

    workspace: dict
    current: dict
    wanted: tuple = ()
    changes: tuple = ()

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
             expected_plan_id=None, expected_plan_ids=None):
    """Bring the listed memberships to their wanted state; return an ``Outcome``.

    ``items`` are ``Item``s; ``extra_workspaces`` (names or UUIDs) are touched
    even with no item (an exclusive run with an empty list). ``expected_plan_id``
    is the reviewed digest of the whole run, ``expected_plan_ids`` maps
    workspaces (UUID or name) to the reviewed digest of each: a run whose plan
    differs fails before any write. On an API failure mid-way the raised
    TransactionLinkError carries ``completed``, the actions already done, and
    ``result['failed_action']``.
    """
    plans = [plan(p, exclusive) for p in resolve(directory, items, extra_workspaces)]
    writes = guard(directory, plans, max_removals, expected_plan_id, expected_plan_ids)
    if not check_mode:
        write(directory, writes)
    return outcome(directory, plans, writes)


# -- resolve: every name to an id, every list read once ------------------------------------------------------------

def resolve(directory, items, extra_workspaces=()):
    """One ``WorkspacePlan`` (no changes yet) per workspace, in the order workspaces first appear."""
    workspaces, items_of = {}, {}  # workspace id -> workspace {id, name, type}; workspace id -> [Item]
    for label, ref, item in [('workspace', ref, None) for ref in extra_workspaces] + [(i.label, i.workspace, i) for i in items]:
        ws = _labelled(label, directory.workspace, ref)
        workspaces.setdefault(ws['id'], ws)
        items_of.setdefault(ws['id'], []).extend([item] if item else [])
    directory.prefetch_direct(list(workspaces))
    current = {ws_id: _current(directory.direct_memberships(ws_id)) for ws_id in workspaces}
    users = {ws_id: _users(directory, ws, items_of[ws_id]) for ws_id, ws in workspaces.items()}
    directory.prefetch_roles([ws_id for ws_id in workspaces if any(
        item.state == 'present' and not is_role(item.role, current[ws_id].get(user_id)) for item, user_id in users[ws_id])])
    return [WorkspacePlan(ws, current[ws_id], tuple(_wanted(directory, ws, current[ws_id], item, user_id)
                                                    for item, user_id in users[ws_id]))
            for ws_id, ws in workspaces.items()]


def _current(memberships):
    """{user id: role {id, name}} of a member list as the client answers it (ids already canonical)."""
    return {m['userId']: {'id': m['role']['id'], 'name': m['role']['name']} for m in memberships}


def _users(directory, ws, ws_items):
    """[(item, user id)] of one workspace's items; a user listed twice is refused."""
    seen, found = {}, []
    for item in ws_items:
        user_id = _labelled(item.label, directory.user, item.user)['id']
        if user_id in seen:
            raise InputError("{0}: user '{1}' is listed twice for workspace '{2}' ({3} and {0}); "
                             "list each user once per workspace".format(item.label, item.user, ws['name'], seen[user_id].label))
        seen[user_id] = item
        found.append((item, user_id))
    return found


def _wanted(directory, ws, current, item, user_id):
    """The ``Wanted`` record of one item: its role resolved (the member's current role costs no lookup)."""
    role = None
    if item.state == 'present':
        role = _labelled(item.label, directory.role, ws, item.role, current.get(user_id))
    return Wanted(item, mp.Desired(user_id, item.state, role))


# -- plan: pure ----------------------------------------------------------------------------------------------------

def plan(workspace_plan, exclusive=False):
    """The workspace plan with its changes (membership_plan.plan over its current and wanted members)."""
    request = mp.PlanInput(workspace_plan.current, tuple(w.desired for w in workspace_plan.wanted), exclusive)
    return replace(workspace_plan, changes=tuple(mp.plan(request)))


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
            if (wanted.item.state == 'absent' and is_uuid(wanted.item.user) and user_id not in p.current
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
            before=_labels(directory, p.current), after=_labels(directory, after)))
    return Outcome(tuple(per_workspace), tuple(w.action for w in writes),
                   mp.plan_id([(w.workspace_id, w.change) for w in writes]))


def _action(directory, ws, change):
    return {
        'workspace_id': ws['id'],
        'workspace_name': ws['name'],
        'user_id': change.user_id,
        'user_email': directory.user_email(change.user_id),
        'action': change.action,
        'role_before': (change.role_before or {}).get('name'),
        'role_after': (change.role_after or {}).get('name'),
    }


def _flat(directory, ws, members):
    rows = [flat_membership({'workspaceId': ws['id'], 'userId': user_id, 'role': role},
                            ws['name'], directory.user_email(user_id))
            for user_id, role in members.items()]
    return sorted(rows, key=lambda r: (r['user_email'] or '', r['user_id']))


def _labels(directory, members):
    """{user e-mail (or id when unknown): role name}, for a readable diff."""
    return {directory.user_email(user_id) or user_id: role['name'] for user_id, role in members.items()}


def _labelled(label, lookup, *args):
    """LOOKUP(*ARGS), with an InputError's message prefixed by LABEL (which item or option it is about)."""
    try:
        return lookup(*args)
    except InputError as exc:
        raise InputError('{0}: {1}'.format(label, exc), result=exc.result) from None
