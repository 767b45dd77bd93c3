# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

One converge pass over many workspace hosts, each with its own options (the converge playbook's play batch).

Each workspace host of the access-as-code inventory brings its own
``transactionlink_desired_members``, ``transactionlink_exclusive``,
``transactionlink_max_removals`` and expected plan id. ``host_spec()`` turns a
host's variables into a spec (pure: shapes checked, every item labelled
``<host>: members[<i>]``); ``converge_pass()`` then converges every spec with
ONE Directory, in phases:

1. read: the workspaces come from the inventory (ids and names: no workspace
   list unless an item names another one); the user pages once (when an item
   names a user by e-mail, or something changes); every workspace's direct
   members once, in parallel under the client's ``concurrency``;
2. plan every workspace with its own ``exclusive``; the role lists only of
   the workspaces whose plan needs them, in parallel;
3. guard, before the first write anywhere: the host-scope rule (an item names
   no workspace, or only its host's), unknown roles and users, a workspace
   managed by two hosts, ``max_removals`` per host, the expected plan id per
   host. Any error anywhere means nothing is written anywhere (all or
   nothing: a reorganisation that moves people between workspaces never
   half-applies because of one typo);
4. write (not in check mode): every add and role change of every workspace,
   then the removals, at most ``concurrency`` at once under the client's one
   429 governor; after the first write that fails for good no new write starts.

The result is keyed by host, so the per-host report (the ``converge_report``
action) costs O(its own actions), never a scan of the whole pass.

The phases are those of ``membership_converge`` (resolve -> plan -> guard ->
write over its records), called per workspace host so that each host keeps its
own options and its own errors; the reads are prefetched for the whole batch
first so that they go out in parallel, and the writes of every host go to one
``write()``.
"""

import datetime

from dataclasses import replace

from ansible_collections.transactionlink.access.plugins.module_utils import membership_converge as mc
from ansible_collections.transactionlink.access.plugins.module_utils import membership_plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils.directory import is_role
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils.expiry import ends_at, has_expired
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils.membership_rules import labelled

ITEM_KEYS = {'user': 'user', 'user_id': 'user', 'team': 'team', 'role': 'role', 'role_id': 'role', 'state': 'state',
             'workspace': 'workspace', 'workspace_id': 'workspace', 'expires': 'expires'}
STATES = ('present', 'absent')
BLOCKED_SHOWN = 5  # how many failing hosts a blocked host's message names

MEMBERS_VAR = 'transactionlink_desired_members'
EXCLUSIVE_VAR = 'transactionlink_exclusive'
MAX_REMOVALS_VAR = 'transactionlink_max_removals'
PLAN_ID_VAR = 'transactionlink_expected_plan_id'
PLAN_IDS_VAR = 'transactionlink_expected_plan_ids'
WORKSPACE_ID_VAR = 'transactionlink_workspace_id'
WORKSPACE_NAME_VAR = 'transactionlink_workspace_name'
WORKSPACE_TYPE_VAR = 'transactionlink_workspace_type'
# The plan-wide rules (membership_converge.Rules): teams and role_precedence in group_vars/all, so that every
# workspace shares one definition; protected users and per-role exclusivity per host (or group).
TEAMS_VAR = 'transactionlink_teams'
PRECEDENCE_VAR = 'transactionlink_role_precedence'
PROTECTED_VAR = 'transactionlink_protected_users'
EXCLUSIVE_ROLES_VAR = 'transactionlink_exclusive_roles'

_TRUE = ('true', 'yes', 'on', '1', 'y')
_FALSE = ('false', 'no', 'off', '0', 'n', '')


def host_spec(host, variables):
    """The spec of one host from its variables (a mapping), or None when the host is not a workspace to converge.

    A host takes part when it has both ``transactionlink_workspace_id`` (set by
    the inventory plugin) and ``transactionlink_desired_members``. Returns
    {host, workspace, workspace_name, items, exclusive, max_removals,
    expected_plan_id, errors}: ``errors`` lists what is wrong with the input
    (each message names the host and the item), found without any request.
    """
    if variables.get(WORKSPACE_ID_VAR) is None or MEMBERS_VAR not in variables:
        return None
    errors = []
    spec = {'host': str(host), 'workspace': str(variables.get(WORKSPACE_ID_VAR)),
            'workspace_name': _text(variables.get(WORKSPACE_NAME_VAR)),
            'workspace_type': _text(variables.get(WORKSPACE_TYPE_VAR)), 'items': [], 'errors': errors,
            'exclusive': False, 'max_removals': None, 'expected_plan_id': None}
    members = variables.get(MEMBERS_VAR)
    if members is None:
        # A key with nothing after it in YAML. Never taken as "nobody": with exclusive that would empty the workspace.
        errors.append('{0}: {1} is null (a key with no value): list the members, or give [] to mean nobody (with '
                      '{2}, [] removes every direct member)'.format(host, MEMBERS_VAR, EXCLUSIVE_VAR))
        members = []
    elif not isinstance(members, (list, tuple)):
        errors.append('{0}: {1} must be a list of {{user, role}} items, got {2}'.format(
            host, MEMBERS_VAR, _kind(members)))
        members = []
    for index, item in enumerate(members):
        label = '{0}: members[{1}]'.format(host, index)
        normalized, problem = _item(label, item)
        if problem:
            errors.append(problem)
        else:
            spec['items'].append(normalized)
    try:
        spec['exclusive'] = _bool(variables.get(EXCLUSIVE_VAR, False))
    except ValueError as exc:
        errors.append('{0}: {1} {2}'.format(host, EXCLUSIVE_VAR, exc))
    try:
        spec['max_removals'] = _count(variables.get(MAX_REMOVALS_VAR))
    except ValueError as exc:
        errors.append('{0}: {1} {2}'.format(host, MAX_REMOVALS_VAR, exc))
    spec['expected_plan_id'], problem = _expected_plan_id(host, variables)
    if problem:
        errors.append(problem)
    spec['rules'] = _rules(host, variables, spec, errors)
    return spec


def _rules(host, variables, spec, errors):
    """The host's ``membership_converge.Rules`` (no time yet: the pass sets one for all hosts); problems go to ERRORS."""
    lists = {}
    for var in (PRECEDENCE_VAR, PROTECTED_VAR, EXCLUSIVE_ROLES_VAR):
        value = variables.get(var)
        if value is None:
            lists[var] = ()
        elif not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
            errors.append('{0}: {1} must be a list of {2}, got {3}'.format(
                host, var, 'users (e-mails or UUIDs)' if var == PROTECTED_VAR else 'role names or UUIDs', _kind(value)))
            lists[var] = ()
        else:
            lists[var] = tuple(v.strip() for v in value)
    if lists[EXCLUSIVE_ROLES_VAR] and spec['exclusive']:
        errors.append('{0}: {1} and {2}=true together: {2} already removes every unlisted member; give one of them'.format(
            host, EXCLUSIVE_ROLES_VAR, EXCLUSIVE_VAR))
    teams = variables.get(TEAMS_VAR)
    if teams is None:
        teams = {}
    if not isinstance(teams, dict):
        errors.append('{0}: {1} must be a dict, team name to a list of users (e-mails or UUIDs), got {2}'.format(
            host, TEAMS_VAR, _kind(teams)))
        teams = {}
    used = set(item['team'] for item in spec['items'] if item['team'])
    for team in sorted(used & set(teams)):  # only the teams this host's items name
        users = teams[team]
        if not isinstance(users, (list, tuple)) or not all(isinstance(u, str) and u.strip() for u in users):
            errors.append("{0}: {1}: team '{2}' must be a list of users (e-mails or UUIDs), got {3}".format(
                host, TEAMS_VAR, team, _kind(users)))
    return mc.Rules(teams=dict((str(k), v) for k, v in teams.items()), role_precedence=lists[PRECEDENCE_VAR],
                    protected_users=lists[PROTECTED_VAR], exclusive_roles=lists[EXCLUSIVE_ROLES_VAR])


def _item(label, item):
    """(item {user, team, role, state, workspace, expires, label}, None) or (None, the error message)."""
    if not isinstance(item, dict):
        return None, '{0} must be a dict such as {{user: alice@example.com, role: Viewer}}, got {1}'.format(
            label, _kind(item))
    normalized = {'label': label, 'user': None, 'team': None, 'role': None, 'state': None, 'workspace': None, 'expires': None}
    given = {}
    for key in item:
        name = ITEM_KEYS.get(key)
        if name is None:
            return None, "{0}: unsupported option(s) {1}; an item takes user or team, role, state, workspace and " \
                         "expires (or user_id, role_id, workspace_id)".format(label, key)
        if name in given:
            return None, "{0}: '{1}' and '{2}' are the same option; give only one".format(label, given[name], key)
        given[name] = key
        value = item[key]
        if name == 'expires' and isinstance(value, (datetime.date, datetime.datetime)):
            normalized[name] = value  # an unquoted YAML date: expiry.ends_at takes it as it is
            continue
        if value is not None and not isinstance(value, str):
            return None, '{0}: {1} must be a string, got {2}'.format(label, key, _kind(value))
        normalized[name] = value.strip() if isinstance(value, str) else None
    if normalized['user'] and normalized['team']:
        return None, '{0} gives both user and team ({1}): give one of them per item'.format(label, normalized['team'])
    if not normalized['user'] and not normalized['team']:
        return None, '{0} has no user: give the user by e-mail or UUID, or a team'.format(label)
    who = "team '{0}'".format(normalized['team']) if normalized['team'] else 'user {0}'.format(normalized['user'])
    normalized['state'] = normalized['state'] or 'present'
    if normalized['state'] not in STATES:
        return None, "{0} ({1}): state must be present or absent, got '{2}'".format(label, who, normalized['state'])
    if normalized['state'] == 'present' and not normalized['role']:
        return None, '{0} ({1}) has state=present but no role: give the role by name or UUID'.format(label, who)
    return normalized, None


def _expected_plan_id(host, variables):
    """(the approved plan id for HOST or None, an error message or None); '' (an empty survey field) is none."""
    own = variables.get(PLAN_ID_VAR)
    if own is not None and not isinstance(own, str):
        return None, '{0}: {1} must be a plan id (a string), got {2}'.format(host, PLAN_ID_VAR, _kind(own))
    if own and own.strip():
        return own.strip(), None
    if PLAN_IDS_VAR not in variables or variables.get(PLAN_IDS_VAR) is None:
        return None, None
    approved = variables.get(PLAN_IDS_VAR)
    if not isinstance(approved, dict):
        return None, '{0}: {1} must be a dict {{workspace host: plan id}}, got {2}'.format(host, PLAN_IDS_VAR, _kind(approved))
    plan = approved.get(host)
    if not isinstance(plan, str) or not plan.strip():
        return None, ('{0}: {1} holds no approved plan for {0}: nothing is written. Review this workspace\'s plan '
                      '(a --check run with -e transactionlink_publish_plan=true) first, or leave it out with '
                      '--limit'.format(host, PLAN_IDS_VAR))
    return plan.strip(), None


def _bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError('must be true or false, got {0!r}'.format(value))


def _count(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError('must be a whole number, 0 or more (0 forbids any removal), got {0!r}'.format(value))
    return value


def _text(value):
    return str(value) if isinstance(value, str) else None


def _kind(value):
    if isinstance(value, str):
        return 'the string {0!r}'.format(value if len(value) <= 40 else value[:40] + '...')
    return 'a ' + ('dict' if isinstance(value, dict) else 'list' if isinstance(value, (list, tuple)) else type(value).__name__)


# -- the pass ----------------------------------------------------------------


def converge_pass(directory, specs, check_mode=False, now=None):
    """Converge every spec (from ``host_spec``) in one pass; return {host: outcome}.

    NOW (an aware datetime; default: when the pass starts) is the one time
    every host's expiries are compared with.

    An outcome is what the host's report shows: {changed, failed, msg,
    actions, plan_id, diff, workspace_id, workspace_name} and, on an API
    failure, ``failed_action`` / ``api_error``. Input errors anywhere fail
    every host with nothing written. An API failure while reading fails every
    host with nothing written; while writing, each host says what was done.
    """
    hosts = [s['host'] for s in specs]
    now = now or datetime.datetime.now(datetime.timezone.utc)
    specs = [dict(s, rules=replace(s.get('rules') or mc.Rules(), now=now)) for s in specs]
    errors = dict((s['host'], list(s['errors'])) for s in specs)
    work = {}
    directory = InventoryWorkspaces(directory, specs)
    try:
        _resolve_all(directory, [s for s in specs if not errors[s['host']]], errors, work)
        _guard_all(directory, errors, work)
    except TransactionLinkError as exc:
        return dict((h, _api_failure_before_writes(exc, work.get(h))) for h in hosts)
    failing = [h for h in hosts if errors[h]]
    if failing:
        return dict((h, _blocked(h, errors[h], failing, work.get(h))) for h in hosts)
    outcomes = dict((h, _planned(work[h])) for h in hosts)
    if not check_mode:
        _write_all(directory, [work[h] for h in hosts], outcomes)
    return outcomes


class InventoryWorkspaces:
    """DIRECTORY, knowing the workspaces the inventory plugin gave each host (id, name, type).

    ``workspace(id)`` of such a workspace is answered without listing the
    workspaces again: a run over canonical ids (what the inventory gives)
    reads no workspace list. Anything else (an item naming a workspace by
    name, an id the inventory did not give) goes to the Directory, which lists
    them once. A workspace deleted since the inventory was read fails at its
    member list, before any write.
    """

    def __init__(self, directory, specs):
        self._directory = directory
        self._known = {}
        for spec in specs:
            ref = spec['workspace'].strip()
            if is_uuid(ref) and spec.get('workspace_name'):
                ws_id = canonical_id(ref)
                self._known[ws_id] = {'id': ws_id, 'name': spec['workspace_name'], 'type': spec.get('workspace_type')}

    def __getattr__(self, name):
        return getattr(self._directory, name)

    def workspace(self, ref):
        text = str(ref).strip()
        if is_uuid(text) and canonical_id(text) in self._known:
            return self._known[canonical_id(text)]
        return self._directory.workspace(ref)


def _resolve_all(directory, specs, errors, work):
    """Fill WORK {host: state} with each host's workspace and plan; input errors go to ERRORS {host: [messages]}."""
    for spec in specs:
        try:
            ws = labelled(spec['host'], directory.workspace, spec['workspace'])
        except InputError as exc:
            errors[spec['host']].append(str(exc))
            continue
        work[spec['host']] = {'spec': spec, 'ws': ws}
    _check_owners(work, errors)
    for host, state in work.items():
        _check_scope(directory, state, errors[host])
    live = [h for h in work if not errors[h]]
    # The reads of every host at once, in parallel (the per-host resolve below then finds them cached).
    directory.prefetch_direct([work[h]['ws']['id'] for h in live])
    directory.prefetch_roles([work[h]['ws']['id'] for h in live if _needs_roles(directory, work[h])])
    for host in live:
        state = work[host]
        ws, spec = state['ws'], state['spec']
        items = [mc.Item(i['label'], ws['id'], i['user'], i['role'], i['state'], i.get('team'), i.get('expires'))
                 for i in spec['items']]
        try:
            plans = mc.resolve(directory, items, extra_workspaces=[ws['id']], rules=spec['rules'])
            state['plan'] = mc.plan(plans[0], spec['exclusive'], spec['rules'])
        except InputError as exc:
            errors[host].append(_prefixed(host, str(exc)))


def _check_owners(work, errors):
    """Two hosts of the pass for one workspace would overwrite each other's members: refuse both."""
    owners = {}
    for host, state in work.items():
        owners.setdefault(state['ws']['id'], []).append(host)
    for owned_by in owners.values():
        for host in owned_by if len(owned_by) > 1 else ():
            errors[host].append(
                "{0}: workspace '{1}' is also managed by host(s) {2} of this run: two hosts' members for one "
                "workspace would overwrite each other; keep one host per workspace".format(
                    host, work[host]['ws']['name'], ', '.join(sorted(h for h in owned_by if h != host))))


def _needs_roles(directory, state):
    """True when some item's role is not its member's current role (so resolving it needs the role list).

    The same test as ``membership_converge.resolve`` makes, for the whole batch at once (a team item for each
    user of its team; an expired item needs no role); a user or an expiry that does not resolve counts as no
    need (resolve reports it). Per-role exclusivity needs the role list.
    """
    rules = state['spec']['rules']
    if rules.exclusive_roles:
        return True
    current = dict((m['userId'], m['role']) for m in directory.direct_memberships(state['ws']['id']))
    direct = set(_user_id(directory, item['user']) for item in state['spec']['items'] if not item['team'])
    for item in state['spec']['items']:
        if item['state'] != 'present' or _expired(item, rules.now):
            continue
        for ref in (rules.teams.get(item['team']) or ()) if item['team'] else (item['user'],):
            user_id = _user_id(directory, ref)
            if user_id is None or (item['team'] and user_id in direct):
                continue  # resolve reports an unknown user; a direct item overrules a team's role
            if not is_role(item['role'], current.get(user_id)):
                return True
    return False


def _user_id(directory, ref):
    try:
        return directory.user(ref)['id']
    except InputError:
        return None


def _expired(item, now):
    try:
        return has_expired(ends_at(item['expires']), now) if item.get('expires') is not None else False
    except ValueError:
        return False


def _check_scope(directory, state, errors):
    """The host-scope rule: an item names no workspace of its own, or only its host's."""
    ws = state['ws']
    for item in state['spec']['items']:
        ref = item['workspace']
        if not ref or ref.lower() == (ws['name'] or '').strip().lower() or (is_uuid(ref) and canonical_id(ref) == ws['id']):
            continue  # none, or the host's own (by name or id): no lookup
        try:
            named, reason = directory.workspace(item['workspace']), None
        except InputError as exc:
            named, reason = None, str(exc)
        if named is not None and named['id'] == ws['id']:
            continue
        errors.append(
            "{0} ({1}) names workspace '{2}', but {3} may only change its own workspace '{4}'{5}: "
            "nothing is written. Move the item to the variables of the host of '{2}', or drop its "
            "workspace key".format(item['label'], "team '{0}'".format(item['team']) if item.get('team') else
                                   'user {0}'.format(item['user']), item['workspace'], MEMBERS_VAR, ws['name'],
                                   '' if reason is None else ' ({0})'.format(reason)))


def _guard_all(directory, errors, work):
    """The guard of every planned workspace, each with its own max_removals and approved plan id."""
    for host, state in work.items():
        if errors[host] or 'plan' not in state:
            continue
        spec, plan = state['spec'], state['plan']
        expected = spec['expected_plan_id']
        if expected is not None and expected != plan.plan_id and not plan.changes:
            # Nothing to write: whatever was approved, this run changes nothing here. Most often the apply ran
            # already (a re-run of the same apply job), or somebody made the same change by hand.
            state['note'] = ('{0}: the approved plan {1} has nothing left to write (the plan is now {2}, empty): it '
                             'was applied already, or the access reached the wanted state otherwise; nothing was '
                             'written here'.format(host, expected, plan.plan_id))
            expected = None
        try:
            state['writes'] = mc.guard(directory, [plan], spec['max_removals'], expected)
        except InputError as exc:
            errors[host].append(_prefixed(host, str(exc)))
            state['refused_actions'] = exc.result.get('actions')
        else:
            outcome = mc.outcome(directory, [plan], state['writes'])
            state['result'] = outcome.workspaces[0]
            if spec['rules'].protected_users:
                state['protected'] = list(outcome.protected)


def _prefixed(host, message):
    return message if message.startswith(host + ': ') else '{0}: {1}'.format(host, message)


def _base(state):
    outcome = {'changed': False, 'failed': False, 'actions': []}
    if state:
        outcome.update({'workspace_id': state['ws']['id'], 'workspace_name': state['ws']['name']})
        if 'plan' in state:
            outcome['plan_id'] = state['plan'].plan_id
    return outcome


def _planned(state):
    result = state['result']
    outcome = _base(state)
    outcome.update({'changed': result.changed, 'actions': list(result.actions),
                    'diff': {'before': {result.workspace['name']: result.before},
                             'after': {result.workspace['name']: result.after}}})
    if 'protected' in state:
        outcome['protected'] = state['protected']
    if state.get('note'):
        outcome['msg'] = outcome['note'] = state['note']
    return outcome


def _blocked(host, own_errors, failing, state):
    outcome = _base(state)
    outcome['failed'] = True
    if own_errors:
        outcome['msg'] = '; '.join(own_errors)
        if len(own_errors) > 1:
            outcome['errors'] = list(own_errors)
    else:
        shown = ', '.join(failing[:BLOCKED_SHOWN])
        if len(failing) > BLOCKED_SHOWN:
            shown += ' and {0} more'.format(len(failing) - BLOCKED_SHOWN)
        outcome['msg'] = ('{0}: nothing was written here: the pass writes all workspaces or none, and the input of '
                          '{1} has errors (see those hosts). Fix them, or leave them out with --limit'.format(host, shown))
    planned = (state or {}).get('refused_actions') or ((state or {}).get('result') and list(state['result'].actions))
    if planned:
        outcome['planned_actions'] = list(planned)
    return outcome


def _api_failure_before_writes(exc, state):
    outcome = _base(state)
    outcome.update({'failed': True, 'api_error': exc.to_dict(),
                    'msg': '{0}; nothing was written (the pass failed while reading)'.format(exc)})
    return outcome


def _write_all(directory, states, outcomes):
    """Every host's writes through one ``membership_converge.write``: adds and role changes first, then removals.

    At most ``concurrency`` writes are in flight; after the first that fails
    for good no new write starts. OUTCOMES is updated to what was done.
    """
    writes = [w for state in states for w in state['writes']]
    try:
        mc.write(directory, writes)
        return
    except TransactionLinkError as exc:
        failure, done_actions, failed_action = exc, exc.completed, exc.result.get('failed_action')
    done = set(id(a) for a in done_actions)
    failed_host = None
    for state in states:
        host, plan = state['spec']['host'], state['plan']
        mine = [w for w in state['writes'] if id(w.action) in done]
        outcome = outcomes[host]
        outcome['actions'] = [w.action for w in mine]
        outcome['changed'] = bool(mine)
        after = mp.apply(plan.current, [w.change for w in mine])
        outcome['diff']['after'] = {state['ws']['name']: mc.labels(directory, after)}
        if failed_action is not None and any(w.action is failed_action for w in state['writes']):
            failed_host = host
            outcome.update({'failed': True, 'failed_action': failed_action, 'api_error': failure.to_dict(),
                            'msg': '{0}: {1}; done here before it: {2} of {3} change(s), no new write started '
                                   'anywhere'.format(host, failure, len(mine), len(state['writes']))})
    for state in states:
        host = state['spec']['host']
        pending = len(state['writes']) - len(outcomes[host]['actions'])
        if host != failed_host and pending:
            outcomes[host].update({
                'failed': True,
                'msg': '{0}: {1} of {2} planned change(s) not written: the pass stopped at an API failure in {3} '
                       '({4}); done here: {5}'.format(host, pending, len(state['writes']), failed_host or 'a write',
                                                      failure, len(outcomes[host]['actions']))})
