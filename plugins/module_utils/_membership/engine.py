# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Converge workspace memberships: one engine over N ``Request`` records (a module
task is one request, the converge pass one per workspace host), in phases over
the named records of ``records``::

    resolve   Request -> Items -> Reach -> WorkspacePlans (workspace, current, wanted)   reads only
    plan      WorkspacePlan -> WorkspacePlan with its changes                           pure (plan)
    guard     WorkspacePlans -> Writes (each change with its action and request)         refuses before any write
    write     Writes -> the API                                                        skipped in check mode

``run()`` returns one ``RequestOutcome`` per request. The reads of every
request go out together (``prefetch_*``: each workspace's direct members, then
the role lists only of the workspaces whose plan needs one); input errors are
kept per request (named by its label, the host), and any of them means
nothing is written anywhere. A request with a ``home`` (a converge-pass host)
may change only that workspace, and two requests may not share one.

Every name is resolved and every workspace planned before the first write, so
bad input fails with nothing written; the safety checks (``max_removals``,
the expected plan ids) run on the whole plan, also in check mode. Writes go
out in parallel, at most ``client.concurrency`` at once; every add and role
change is done before the first removal starts, and once a write fails for
good no new write starts.

An ``Item`` carries the label that names it in every message (``members[3]``,
``the task``, ``Payments: members[3]``), set once by the grammar
(``request``). Ids are made canonical where they enter: in the client's
answers, and where the Directory looks an ``Item``'s references up (an
``Item`` keeps them as given, for its messages). Each item's expiry and
whether its role is needed are decided once, in its ``Reach``. A new per-item
option is a field of ``Item`` passed on as a field of ``plan.Desired`` in
``_wanted()``; a new plan-wide rule is a field of ``Rules``, resolved in
``_workspace_plans()`` when it names users or roles and set on
``plan.PlanInput`` in ``plan()``. Team items reach every user of
``Rules.teams[team]``; the planner decides which record wins for a user
reached several times. The rules become ids, and refusals words, in ``rules``.
"""

import datetime

from dataclasses import replace
from typing import Dict, List, Optional, Sequence

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils._membership.expiry import ends_at
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils._membership import rules as rules_
from ansible_collections.transactionlink.access.plugins.module_utils._membership.records import (  # noqa: F401 (re-exported)
    Item, Outcome, Reach, Request, RequestOutcome, Rules, Touched, Wanted, WorkspaceOutcome, WorkspacePlan, Write)
from ansible_collections.transactionlink.access.plugins.module_utils._membership.rules import labelled as _labelled, prefixed
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import run_until_failure
from ansible_collections.transactionlink.access.plugins.module_utils import results

REMOVALS_SHOWN = 5  # how many planned removals a max_removals failure names
ACTIONS_SHOWN = 20  # how many new actions a plan mismatch shows


# -- the run -----------------------------------------------------------------------------------------------------

def converge(directory, items: Sequence[Item], exclusive: bool = False, check_mode: bool = False, extra_workspaces=(),
             max_removals: Optional[int] = None, expected_plan_id: Optional[str] = None,
             expected_plan_ids: Optional[dict] = None, rules: Optional[Rules] = None, review=None) -> Outcome:
    """One request (a module task): bring the listed memberships to their wanted state; return an ``Outcome``.

    ``extra_workspaces`` (names or UUIDs) are touched even with no item (an
    exclusive run with an empty list). ``expected_plan_id`` is the reviewed
    digest of the whole run, ``expected_plan_ids`` maps workspaces (UUID or
    name) to the reviewed digest of each. Bad input raises InputError before
    any write; on an API failure mid-way the raised TransactionLinkError
    carries ``completed``, the actions already done, and ``result['failed_action']``.
    """
    request = Request(items=tuple(items), exclusive=exclusive, rules=at_time(rules), workspaces=tuple(extra_workspaces),
                      max_removals=max_removals, expected_plan_id=expected_plan_id, expected_plan_ids=expected_plan_ids)
    done = run(directory, [request], check_mode, review)[0]
    if done.refusal is not None:
        raise done.refusal
    if done.failure is not None:
        raise done.failure
    return done.planned


def run(directory, requests: Sequence[Request], check_mode: bool = False, review=None) -> List[RequestOutcome]:
    """Converge every request together; one ``RequestOutcome`` per request, in order.

    Phases: resolve every request (its reads prefetched with the others'),
    plan, guard (``_guard``: every refusal, before the first write anywhere),
    write (``write``). Input errors anywhere mean nothing is written anywhere.
    An API failure while reading ends the run with every request failed; while
    writing, each request's outcome says what was done.

    Where checks plug in: a check over the whole plan (a policy over the plan
    document) is one step in the guard phase here, right after the loop of
    ``_guard`` calls: every request's ``plans`` and ``writes`` are known, no
    write has started, and a refusal goes to the request it names through
    ``_refusing`` (so all or nothing holds). A step that confirms a write the
    API answered 404 to (a removal already gone) is ``_unconfirmed``, called
    by ``write`` with what ``_send``, the one place a write is sent, returns.
    REVIEW (a ``_policy.review.PlanReview``) is the policy step after the guard
    calls: it builds the plan document and refuses the requests a policy denies.
    """
    states = [_State(r, index) for index, r in enumerate(requests)]
    try:
        _resolve_all(directory, states)
        for state in states:
            if not state.errors and state.plans is not None:
                _refusing(state, _guard, directory, state)
        if review is not None and states and not any(state.errors for state in states):
            for index, refusal in review.refusals(directory, [(s.request.label, s.plans) for s in states], requests[0].rules.now):
                states[index].refuse(refusal)
    except TransactionLinkError as exc:
        return [state.result(failure=exc) for state in states]
    if any(state.errors for state in states):
        return [state.result() for state in states]
    writes = [w for state in states for w in state.writes]
    if check_mode:
        return [state.result() for state in states]
    try:
        write(directory, writes)
    except TransactionLinkError as exc:
        failed_host = states[exc.failed_write.request].request.label if getattr(exc, 'failed_write', None) else None
        return [state.stopped(exc, failed_host) for state in states]
    return [state.result(written=state.writes) for state in states]


class _State:
    """The run's working record of one request (internal to ``run``: its fields are set once each, phase by phase)."""

    def __init__(self, request: Request, index: int = 0):
        self.request = request
        self.index = index
        self.errors = list(request.errors)
        self.refusal = None
        self.refused_actions = ()
        self.home = None
        self.ends = None  # {item label: end of access or None}, read once
        self.touched = None  # [Touched]
        self.plans = None
        self.writes = ()
        self.planned = None
        self.note = None

    def refuse(self, exc: InputError):
        message = str(exc)
        label = self.request.label
        if label and not message.startswith(label + ': '):
            message = '{0}: {1}'.format(label, message)
        self.errors.append(message)
        if self.refusal is None:
            self.refusal = exc

    def result(self, failure=None, written=()) -> RequestOutcome:
        return RequestOutcome(self.request, self.home, self.planned, tuple(self.writes), tuple(written), tuple(self.errors),
                              self.refusal, tuple(self.refused_actions), failure, None, self.note, tuple(self.plans or ()),
                              while_reading=failure is not None)

    def stopped(self, exc: TransactionLinkError, failed_host: Optional[str]) -> RequestOutcome:
        """The outcome after a write failed for good: EXC carries ``written`` and ``failed_write`` (records)."""
        index = self.index
        failed = exc.failed_write if exc.failed_write.request == index else None
        return RequestOutcome(self.request, self.home, self.planned, tuple(self.writes),
                              tuple(w for w in exc.written if w.request == index), tuple(self.errors),
                              None, (), exc, failed, self.note, tuple(self.plans or ()), failed_host=failed_host)


def _refusing(state: _State, phase, *args):
    """PHASE(*ARGS); an InputError is kept as the request's error (with the actions it refused, if any)."""
    try:
        return phase(*args)
    except InputError as exc:
        state.refuse(exc)
        state.refused_actions = tuple(exc.result.get('actions') or ())
        return None


# -- resolve: every name to an id, every list read once ------------------------------------------------------------

def _resolve_all(directory, states: List[_State]):
    """Every request's workspaces, members and users; then the role lists all need, at once; then every plan."""
    for state in states:
        if not state.errors:
            _refusing(state, _find_workspaces, directory, state)
    _check_owners(states)
    live = [s for s in states if not s.errors]
    directory.prefetch_direct([t.workspace['id'] for s in live for t in s.touched])
    for state in live:
        _refusing(state, _reach, directory, state)
    live = [s for s in live if not s.errors]
    _check_precedence(directory, live)
    live = [s for s in live if not s.errors]
    directory.prefetch_roles([t.workspace['id'] for s in live for t in s.touched
                              if s.request.rules.exclusive_roles or any(r.needs_role_list for r in t.reaches)])
    for state in live:
        plans = _refusing(state, _workspace_plans, directory, state)
        state.plans = None if plans is None else [_refusing(state, plan, wp, state.request.exclusive, state.request.rules)
                                                  for wp in plans]
        if state.errors:
            state.plans = None


def _find_workspaces(directory, state: _State):
    """STATE.touched: each workspace the request touches, in the order they first appear, with its items.

    Every item's expiry is read first (an unparseable one fails before any
    request); a request with a home may touch only it (the host-scope rule).
    """
    request, home = state.request, None
    if request.home is not None:
        home = state.home = _labelled(request.label, directory.workspace, request.home)
    state.ends = {item.label: _ends(item) for item in request.items}
    touched, problems = {}, []
    for ref in request.workspaces + ((home['id'],) if home else ()):
        ws = _labelled('workspace', directory.workspace, ref)
        touched.setdefault(ws['id'], Touched(ws))
    for item in request.items:
        if home is None:
            ws = _labelled(item.label, directory.workspace, item.workspace)
        else:
            ws = _in_scope(directory, home, item, problems)
        found = touched.get(ws['id'], Touched(ws))
        touched[ws['id']] = replace(found, items=found.items + (item,))
    state.touched = list(touched.values())
    for message in problems:
        state.refuse(InputError(message))


def _in_scope(directory, home: dict, item: Item, problems: List[str]) -> dict:
    """HOME, the request's workspace, which ITEM must name (by name or id) if it names one: the host-scope rule.

    Another workspace is a problem (appended to PROBLEMS) naming the item.
    """
    text = str(item.workspace or '').strip()
    if not text or text.lower() == (home['name'] or '').strip().lower() or (is_uuid(text) and canonical_id(text) == home['id']):
        return home
    try:
        named, reason = directory.workspace(item.workspace), None
    except InputError as exc:
        named, reason = None, str(exc)
    if named is None or named['id'] != home['id']:
        problems.append(rules_.out_of_scope(item, item.workspace, home, reason))
    return home


def _check_owners(states: List[_State]):
    """Two requests for one home workspace would overwrite each other's members: refuse both."""
    owners = {}
    for state in states:
        if state.home is not None:
            owners.setdefault(state.home['id'], []).append(state)
    for owned_by in owners.values():
        for state in owned_by if len(owned_by) > 1 else ():
            others = ', '.join(sorted(s.request.label for s in owned_by if s is not state))
            state.errors.append(rules_.managed_twice(state.request.label, state.home['name'], others))


def _reach(directory, state: _State):
    """Each touched workspace with its direct members and the ``Reach`` of every item (rules.reached)."""
    rules = state.request.rules
    touched = []
    for t in state.touched:
        current = _current(directory.direct_memberships(t.workspace['id']))
        reaches = rules_.reached(directory, t.workspace, t.items, rules.teams, state.ends, rules.now, current)
        authority = 'exclusive=true' if state.request.exclusive else 'exclusive_roles' if rules.exclusive_roles else None
        rules_.check_no_empty_team(t.workspace, t.items, rules.teams, authority)
        touched.append(replace(t, current=current, reaches=tuple(reaches)))
    state.touched = touched


def _check_precedence(directory, states: List[_State]):
    """Each request's ``role_precedence`` entries name a role of some workspace of the run: a typo is refused.

    A role some member of those workspaces holds exists; the role lists are
    read only when an entry names none of those.
    """
    touched = {t.workspace['id']: t for s in states for t in s.touched}
    held = list({role['id']: role for t in touched.values() for role in t.current.values()}.values())
    unsure = [s for s in states if any(not any(rules_.names_role(ref, role) for role in held)
                                       for ref in s.request.rules.role_precedence)]
    if unsure:
        directory.prefetch_roles(list(touched))
    for state in unsure:
        _refusing(state, rules_.exclusive_role_ids, directory, [t.workspace for t in touched.values()],
                  state.request.rules.role_precedence, 'role_precedence')


def _workspace_plans(directory, state: _State) -> List[WorkspacePlan]:
    """Every workspace of the request as a ``WorkspacePlan`` with no changes yet (roles resolved when active)."""
    rules = state.request.rules
    protected = frozenset(rules_.known_user(directory, 'protected_users[{0}]'.format(i), ref)
                          for i, ref in enumerate(rules.protected_users))
    exclusive_roles = rules_.exclusive_role_ids(directory, [t.workspace for t in state.touched], rules.exclusive_roles)
    return [WorkspacePlan(t.workspace, t.current, tuple(_wanted(directory, t.workspace, r) for r in t.reaches),
                          protected=protected, exclusive_roles=exclusive_roles.get(t.workspace['id'], frozenset()))
            for t in state.touched]


def resolve(directory, items: Sequence[Item], extra_workspaces=(), rules: Optional[Rules] = None) -> List[WorkspacePlan]:
    """One ``WorkspacePlan`` (no changes yet) per workspace, in the order workspaces first appear."""
    state = _State(Request(items=tuple(items), workspaces=tuple(extra_workspaces), rules=at_time(rules)))
    _find_workspaces(directory, state)
    directory.prefetch_direct([t.workspace['id'] for t in state.touched])
    _reach(directory, state)
    return _workspace_plans(directory, state)


def at_time(rules: Optional[Rules]) -> Rules:
    """RULES (a ``Rules``, or None: no rules) with ``now`` set: the time the run starts when not given."""
    rules = rules or Rules()
    return rules if rules.now is not None else replace(rules, now=datetime.datetime.now(datetime.timezone.utc))


def _ends(item: Item) -> Optional[datetime.datetime]:
    """The end of an item's access (aware datetime) or None; an unparseable ``expires`` names the item."""
    if item.expires is None:
        return None
    try:
        return ends_at(item.expires)
    except ValueError as exc:
        raise InputError(prefixed(item.label, str(exc))) from None


def _current(memberships) -> Dict[str, dict]:
    """{user id: role {id, name}} of a member list as the client answers it (ids already canonical)."""
    return {m['userId']: {'id': m['role']['id'], 'name': m['role']['name']} for m in memberships}


def _wanted(directory, ws: dict, reach: Reach) -> Wanted:
    """The ``Wanted`` record of one reach: its role resolved when active (and checked, whatever the state)."""
    role = reach.kept_role
    if reach.needs_role_list:
        found = _labelled(reach.item.label, directory.role, ws, reach.item.role)
        role = found if reach.active else None
    return Wanted(reach.item, mp.Desired(reach.user_id, reach.item.state, role, reach.item.team, reach.ends), reach.user)


# -- plan: pure ----------------------------------------------------------------------------------------------------

def plan(workspace_plan: WorkspacePlan, exclusive: bool = False, rules: Optional[Rules] = None) -> WorkspacePlan:
    """The workspace plan with its changes (plan.plan over its current and wanted members).

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

def _guard(directory, state: _State):
    """The request's writes and planned outcome; an approved plan with nothing left to write is a note, not a refusal."""
    request = state.request
    expected = request.expected_plan_id
    if expected is not None and request.label and all(not p.changes for p in state.plans):
        plan_now = mp.plan_id([])
        if expected != plan_now:
            state.note = rules_.nothing_left(request.label, expected, plan_now)
            expected = None
    state.writes = tuple(guard(directory, state.plans, request.max_removals, expected, request.expected_plan_ids, state.index))
    state.planned = outcome(directory, state.plans, state.writes)


def guard(directory, plans, max_removals=None, expected_plan_id=None, expected_plan_ids=None, request=0) -> List[Write]:
    """The writes in the order they will be sent, each with its action; raise InputError to refuse the run."""
    ordered = mp.write_order([(p, change) for p in plans for change in p.changes])
    if ordered:
        directory.users()  # e-mails for the report of what changes (None, with a warning, if not allowed)
    _warn_unknown_absent_users(directory, plans)
    for change in (pair[1] for pair in ordered):
        if change.action == mp.ADDED:
            directory.check_user_exists(change.user_id)
    writes = [Write(p.workspace['id'], change, results.membership_action(p.workspace, change, directory.user_email(change.user_id)),
                    request) for p, change in ordered]
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
            absent_id = wanted.item.state == 'absent' and is_uuid(wanted.user) and user_id not in p.current
            if absent_id and directory.user_known(user_id) is False:
                directory.warnings.append(
                    "{0}: user {1} is not a user of the organization (no such user id), so nothing was removed for it; "
                    "check the UUID (a mistyped id leaves the real person's access in place)".format(wanted.item.label, user_id))


def _check_max_removals(max_removals: Optional[int], actions: List[dict]):
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
    lines = [results.describe_membership(a) for a in actions[:ACTIONS_SHOWN]]
    if len(actions) > ACTIONS_SHOWN:
        lines.append('... and {0} more'.format(len(actions) - ACTIONS_SHOWN))
    return '; '.join(lines) or 'none'


# -- write ---------------------------------------------------------------------------------------------------------

def write(directory, writes: Sequence[Write]):
    """Send the writes: every add and role change, and only when all of them succeeded, the removals.

    Within a phase at most ``concurrency`` writes are in flight; after the
    first that fails for good no new write starts (the removals included).
    A removal the API answered 404 counts as done only once the workspace's
    direct members, read again when the phase is over, no longer list the
    user (``_unconfirmed``); one still listed fails the run. The raised
    TransactionLinkError carries ``written`` and ``failed_write`` (records)
    and, for a module's result, ``completed`` and ``result['failed_action']``.
    """
    phases = [[i for i, w in enumerate(writes) if w.change.action != mp.REMOVED],
              [i for i, w in enumerate(writes) if w.change.action == mp.REMOVED]]
    done = []
    for phase in phases:
        finished, failure = run_until_failure(lambda i: _send(directory.client, writes[i]), phase, directory.concurrency)
        answered_404 = [phase[position] for position, not_found in finished if not_found]
        kept, confirm_failure = _unconfirmed(directory.client, writes, answered_404)
        done.extend(phase[position] for position, _result in finished if phase[position] not in kept)
        if failure is not None:
            index, exc = phase[failure[0]], failure[1]
        elif kept:
            index = kept[0]
            exc = confirm_failure or _still_member(writes[index], len(kept))
        else:
            continue
        if isinstance(exc, TransactionLinkError):
            exc.written = [writes[i] for i in sorted(done)]
            exc.failed_write = writes[index]
            exc.completed = [w.action for w in exc.written]
            exc.result = dict(exc.result, failed_action=exc.failed_write.action)
        raise exc


def _send(client, w: Write) -> bool:
    """The one place a write is sent; True when the API answered a removal 404 (``_unconfirmed`` then reads again)."""
    if w.change.action == mp.REMOVED:
        return not client.remove_membership(w.workspace_id, w.change.user_id)
    client.set_membership(w.workspace_id, w.change.user_id, w.change.role_after['id'])
    return False


def _unconfirmed(client, writes: Sequence[Write], indexes: List[int]):
    """(The INDEXES of removals answered 404 whose user is still a direct member, a read's failure or None).

    One read of the direct members per workspace, only of the workspaces
    with such a removal; when a read fails, none of its removals is confirmed.
    """
    members = {}
    try:
        for i in indexes:
            ws_id = writes[i].workspace_id
            if ws_id not in members:
                members[ws_id] = frozenset(m['userId'] for m in client.list_direct_memberships(ws_id))
    except TransactionLinkError as exc:
        unread = frozenset(writes[i].workspace_id for i in indexes) - frozenset(members)
        return [i for i in indexes if writes[i].workspace_id in unread or writes[i].change.user_id in members[writes[i].workspace_id]], exc
    return [i for i in indexes if writes[i].change.user_id in members[writes[i].workspace_id]], None


def _still_member(w: Write, count: int) -> TransactionLinkError:
    """The failure of a removal the API answered 404 while the user stays a direct member: the path is likely wrong."""
    action = w.action
    path = api_facts.MEMBERSHIP.format(workspace_id=w.workspace_id, user_id=w.change.user_id)
    return TransactionLinkError(
        api_facts.MEMBERSHIP_DELETE_METHOD, path, api_facts.MEMBERSHIP_ABSENT_STATUS,
        hint="the removal of {0} from workspace '{1}' was answered {2} (no such membership), yet a new read of the "
             "workspace's direct members still lists it: it was not removed, and is not reported as removed ({3} "
             "removal(s) of this run answered {2} are still members). The membership path is INFERRED "
             "(api_facts.MEMBERSHIP = '{4}'): the API's real DELETE path likely differs; check it against the API "
             "reference before running again".format(
                 action['user_email'] or action['user_id'], action['workspace_name'], api_facts.MEMBERSHIP_ABSENT_STATUS,
                 count, api_facts.MEMBERSHIP))


# -- outcome -------------------------------------------------------------------------------------------------------

def outcome(directory, plans: Sequence[WorkspacePlan], writes: Sequence[Write]) -> Outcome:
    """The ``Outcome`` of the run (in check mode: of the run as it would be)."""
    actions = {p.workspace['id']: [] for p in plans}
    for w in writes:
        actions[w.workspace_id].append(w.action)
    per_workspace = []
    for p in plans:
        after = p.after
        per_workspace.append(WorkspaceOutcome(
            plan=p, actions=tuple(actions[p.workspace['id']]),
            memberships=tuple(results.membership_rows(directory, p.workspace, after)),
            before=labels(directory, p.current), after=labels(directory, after)))
    protected = sorted(({'user_id': user_id, 'user_email': directory.user_email(user_id)}
                        for user_id in set().union(*[p.protected for p in plans])),
                       key=lambda u: (u['user_email'] or '', u['user_id']))
    return Outcome(tuple(per_workspace), tuple(w.action for w in writes),
                   mp.plan_id([(w.workspace_id, w.change) for w in writes]), tuple(protected))


labels = results.labels
