# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

One converge pass over many workspace hosts (the converge playbook's play batch): host variables in, per-host results out.

``host_request()`` reads one host's variables (``transactionlink_desired_members``,
``transactionlink_exclusive``, ``transactionlink_max_removals``, the expected
plan id, the rules) with the one grammar of ``request`` into an
``engine.Request`` labelled by the host (pure: every error named by host and
item, no API request). ``converge_pass()`` runs ``engine.run`` over every
host's request with ONE Directory, told the workspaces the inventory gave,
and shapes each ``RequestOutcome`` as the host's result. All or nothing: an
error anywhere means nothing is written anywhere. The result is keyed by
host, so the per-host report costs O(its own actions).
"""

import datetime

from dataclasses import replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ansible_collections.transactionlink.access.plugins.module_utils._membership import engine
from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils._membership.request import (
    collect, kind as _kind, parse_bool, parse_count, parse_item, parse_rules)
from ansible_collections.transactionlink.access.plugins.module_utils._membership.rules import MEMBERS_VAR
from ansible_collections.transactionlink.access.plugins.module_utils import results

BLOCKED_SHOWN = 5  # how many failing hosts a blocked host's message names

EXCLUSIVE_VAR = 'transactionlink_exclusive'
MAX_REMOVALS_VAR = 'transactionlink_max_removals'
PLAN_ID_VAR = 'transactionlink_expected_plan_id'
PLAN_IDS_VAR = 'transactionlink_expected_plan_ids'
WORKSPACE_ID_VAR = 'transactionlink_workspace_id'
WORKSPACE_NAME_VAR = 'transactionlink_workspace_name'
WORKSPACE_TYPE_VAR = 'transactionlink_workspace_type'
# The plan-wide rules (engine.Rules): teams and role_precedence in group_vars/all, so that every workspace shares
# one definition; protected users and per-role exclusivity per host (or group).
RULE_VARS = {'teams': 'transactionlink_teams', 'role_precedence': 'transactionlink_role_precedence',
             'protected_users': 'transactionlink_protected_users', 'exclusive_roles': 'transactionlink_exclusive_roles'}


def host_request(host: str, variables: Mapping) -> Optional[engine.Request]:
    """The ``engine.Request`` of one host from its variables (a mapping), or None when it is not a workspace to converge.

    A host takes part when it has both ``transactionlink_workspace_id`` (set by
    the inventory plugin) and ``transactionlink_desired_members``. Its
    ``errors`` list what is wrong with the input (each message names the host
    and the item), found without any request.
    """
    if variables.get(WORKSPACE_ID_VAR) is None or MEMBERS_VAR not in variables:
        return None
    errors = []
    items = [item for item in (collect(errors, host, parse_item, '{0}: members[{1}]'.format(host, index), raw)
                               for index, raw in enumerate(_members(host, variables.get(MEMBERS_VAR), errors)))
             if item is not None]
    exclusive = _option(errors, host, EXCLUSIVE_VAR, parse_bool, variables.get(EXCLUSIVE_VAR, False)) or False
    max_removals = _option(errors, host, MAX_REMOVALS_VAR, parse_count, variables.get(MAX_REMOVALS_VAR))
    expected, problem = _expected_plan_id(host, variables)
    errors.extend([problem] if problem else [])
    problems = []
    rules = parse_rules(*(variables.get(RULE_VARS[name]) for name in ('teams', 'role_precedence', 'protected_users', 'exclusive_roles')),
                        names=RULE_VARS, errors=problems, used_teams=set(item.team for item in items if item.team))
    errors.extend('{0}: {1}'.format(host, problem) for problem in problems)
    if variables.get(RULE_VARS['exclusive_roles']) and exclusive:
        errors.append('{0}: {1} and {2}=true together: {2} already removes every unlisted member; give one of them'.format(
            host, RULE_VARS['exclusive_roles'], EXCLUSIVE_VAR))
    workspace = str(variables.get(WORKSPACE_ID_VAR))
    return engine.Request(items=tuple(items), label=str(host), exclusive=exclusive, rules=rules, home=workspace,
                          max_removals=max_removals, expected_plan_id=expected, errors=tuple(errors),
                          known=_known(workspace, variables.get(WORKSPACE_NAME_VAR), variables.get(WORKSPACE_TYPE_VAR)))


def _members(host: str, members: Any, errors: List[str]) -> Sequence:
    """The list of desired members, or [] with an error: null (never taken as "nobody") or not a list."""
    if members is None:
        errors.append('{0}: {1} is null (a key with no value): list the members, or give [] to mean nobody (with '
                      '{2}, [] removes every direct member)'.format(host, MEMBERS_VAR, EXCLUSIVE_VAR))
        return []
    if not isinstance(members, (list, tuple)):
        errors.append('{0}: {1} must be a list of {{user, role}} items, got {2}'.format(host, MEMBERS_VAR, _kind(members)))
        return []
    return members


def _option(errors, host, name, parse, value):
    try:
        return parse(value)
    except ValueError as exc:
        errors.append('{0}: {1} {2}'.format(host, name, exc))
        return None


def _known(workspace: str, name: Any, type_: Any) -> Optional[dict]:
    """The workspace the inventory gave the host {id, name, type} (the directory is told it), or None."""
    return {'id': workspace, 'name': name, 'type': type_ if isinstance(type_, str) else None} if isinstance(name, str) and name else None


def _expected_plan_id(host: str, variables: Mapping) -> Tuple[Optional[str], Optional[str]]:
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


def converge_pass(directory, requests: Sequence[engine.Request], check_mode: bool = False,
                  now: Optional[datetime.datetime] = None, review=None) -> Dict[str, dict]:
    """Converge every host's request (from ``host_request``) in one pass; return {host: outcome}.

    NOW (an aware datetime; default: when the pass starts) is the one time
    every host's expiries are compared with; REVIEW (a ``_policy.review.PlanReview``)
    the pass's plan document and policies (engine.run). An outcome is what the host's
    report shows: {changed, failed, msg, actions, plan_id, diff, workspace_id,
    workspace_name} and, on an API failure, ``failed_action`` / ``api_error``.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    requests = [replace(r, rules=replace(r.rules, now=now)) for r in requests]
    directory.know([r.known for r in requests if r.known])
    done = engine.run(directory, requests, check_mode, review)
    failing = [d.label for d in done if d.errors]
    return {d.label: _shaped(directory, d, failing) for d in done}


def _shaped(directory, done: engine.RequestOutcome, failing: List[str]) -> dict:
    """One host's result from its ``RequestOutcome``."""
    outcome = {'changed': False, 'failed': False, 'actions': []}
    if done.home is not None:
        outcome.update({'workspace_id': done.home['id'], 'workspace_name': done.home['name']})
    if done.plans:
        outcome['plan_id'] = done.plans[0].plan_id
    if done.failure is not None and done.while_reading:
        outcome.update({'failed': True, 'api_error': done.failure.to_dict(),
                        'msg': '{0}; nothing was written (the pass failed while reading)'.format(done.failure)})
        return outcome
    if failing:
        return _blocked(outcome, done, failing)
    ws = done.planned.workspaces[0]
    outcome.update({'changed': ws.changed, 'actions': list(ws.actions),
                    'diff': {'before': {ws.workspace['name']: ws.before}, 'after': {ws.workspace['name']: ws.after}}})
    if done.request.rules.protected_users:
        outcome['protected'] = list(done.planned.protected)
    if done.note:
        outcome['msg'] = outcome['note'] = done.note
    if done.failure is not None:
        _stopped(directory, outcome, done)
    return outcome


def _blocked(outcome: dict, done: engine.RequestOutcome, failing: List[str]) -> dict:
    host = done.label
    outcome['failed'] = True
    if done.errors:
        outcome['msg'] = '; '.join(done.errors)
        if len(done.errors) > 1:
            outcome['errors'] = list(done.errors)
    else:
        shown = ', '.join(failing[:BLOCKED_SHOWN])
        if len(failing) > BLOCKED_SHOWN:
            shown += ' and {0} more'.format(len(failing) - BLOCKED_SHOWN)
        outcome['msg'] = ('{0}: nothing was written here: the pass writes all workspaces or none, and the input of '
                          '{1} has errors (see those hosts). Fix them, or leave them out with --limit'.format(host, shown))
    planned = done.refused_actions or (done.planned is not None and done.planned.actions)
    if planned:
        outcome['planned_actions'] = list(planned)
    return outcome


def _stopped(directory, outcome: dict, done: engine.RequestOutcome):
    """OUTCOME after the pass stopped at a write that failed for good: what was done here, and why the rest was not."""
    host, plan, failure = done.label, done.plans[0], done.failure
    outcome['actions'] = [w.action for w in done.written]
    outcome['changed'] = bool(done.written)
    after = mp.apply(plan.current, [w.change for w in done.written])
    outcome['diff']['after'] = {plan.workspace['name']: results.labels(directory, after)}
    if done.failed_write is not None:
        outcome.update({'failed': True, 'failed_action': done.failed_write.action, 'api_error': failure.to_dict(),
                        'msg': '{0}: {1}; done here before it: {2} of {3} change(s), no new write started '
                               'anywhere'.format(host, failure, len(done.written), len(done.writes))})
    elif len(done.writes) > len(done.written):
        outcome.update({
            'failed': True,
            'msg': '{0}: {1} of {2} planned change(s) not written: the pass stopped at an API failure in {3} '
                   '({4}); done here: {5}'.format(host, len(done.writes) - len(done.written), len(done.writes),
                                                  done.failed_host or 'a write', failure, len(done.written))})
