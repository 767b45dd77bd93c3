# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

One organization_user task: read the users and the organization roles once, plan (pure), write what differs.

The writes go in waves: promotions to owner, the other role changes, then the
profiles; within a wave at most ``concurrency`` at once. The first failed
write stops new writes and the error lists the actions done. The write bodies
are INFERRED (api_facts): an answer that shows another role or profile than
the one sent, or a read-back after writes answered with no content, fails the
task naming the inferred fact, never reports success.
"""

from typing import List, Sequence

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._organization import endpoints
from ansible_collections.transactionlink.access.plugins.module_utils._organization import plan as org_plan
from ansible_collections.transactionlink.access.plugins.module_utils import results
from ansible_collections.transactionlink.access.plugins.module_utils._organization.records import Change, OrgUser
from ansible_collections.transactionlink.access.plugins.module_utils.errors import AnswerError
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import run_until_failure

ROLE, PROFILE = 'role', 'profile'
INFERRED = {ROLE: 'api_facts.USER_ROLE_BODY', PROFILE: 'api_facts.USER_PROFILE_BODY'}


def converge(client, params: dict, check_mode: bool = False) -> dict:
    """{changed, actions, users, diff} of one task (PARAMS: the module's options); check mode writes nothing."""
    wanted = org_plan.requested(params)
    if not wanted:
        return {'changed': False, 'actions': [], 'users': [], 'diff': results.organization_diff([])}
    users = endpoints.users(client)
    changes = org_plan.plan(wanted, users, endpoints.organization_roles(client))
    if not check_mode:
        write(client, changes)
    found = results.organization_actions(changes)
    return {'changed': bool(found), 'actions': found, 'users': [results.organization_user_after(c) for c in changes],
            'diff': results.organization_diff(changes)}


def write(client, changes: Sequence[Change]) -> List[dict]:
    """Write every change (waves: see the module docstring); the actions done, in the order of the items."""
    roles_first, roles_then = org_plan.write_order(changes)
    waves = [(ROLE, roles_first), (ROLE, roles_then), (PROFILE, [c for c in changes if c.profile_changed])]
    done, unconfirmed = [], []
    for kind, wave in waves:
        results, failure = run_until_failure(lambda change, k=kind: _write_one(client, change, k), wave,
                                             getattr(client, 'concurrency', 1))
        for index, answered in results:
            done.append(_action(wave[index], kind))
            if not answered:
                unconfirmed.append((wave[index], kind))
        if failure is not None:
            error = failure[1]
            error.completed = _in_item_order(done, changes)
            error.result['failed_action'] = _action(wave[failure[0]], kind)
            raise error
    if unconfirmed:
        _confirm(client, unconfirmed)
    return _in_item_order(done, changes)


def _write_one(client, change: Change, kind: str) -> bool:
    """One PUT; True when the API answered the user (and it shows what was sent), False for no content."""
    if kind == ROLE:
        answer = endpoints.set_role(client, change.user.id, change.role_after.id)
    else:
        answer = endpoints.set_profile(client, change.user.id, change.profile_after)
    if answer is not None:
        _check(answer, change, kind, api.USER_ROLE if kind == ROLE else api.USER_PROFILE)
    return answer is not None


def _check(user: OrgUser, change: Change, kind: str, template: str):
    """AnswerError when USER (as the API answered or read it back) does not show what CHANGE wrote."""
    if kind == ROLE:
        wrong = user.role_id != change.role_after.id
        what = 'organization role {0}'.format(change.role_after.name)
    else:
        wrong = user.profile != change.profile_after
        what = 'profile {0}'.format(change.profile_after.as_dict())
    if wrong:
        raise AnswerError(api.USER_WRITE_METHOD, template.format(user_id=change.user.id), 200, (
            'the user {0} does not have the {1} that was written'.format(change.user.email, what)), hint=(
            'The body of this write is INFERRED ({0}): the API seems to expect another one. The task is not '
            'reported as done'.format(INFERRED[kind])))


def _confirm(client, unconfirmed):
    """Writes answered with no content: read the users once and check each shows what was written."""
    now = dict((u.id, u) for u in endpoints.users(client))
    for change, kind in unconfirmed:
        _check(now.get(change.user.id) or change.user, change, kind, api.USER_ROLE if kind == ROLE else api.USER_PROFILE)


def _action(change: Change, kind: str) -> dict:
    return results.organization_role_action(change) if kind == ROLE else results.organization_profile_action(change)


def _in_item_order(done: Sequence[dict], changes: Sequence[Change]) -> List[dict]:
    order = dict((c.user.id, i) for i, c in enumerate(changes))
    return sorted(done, key=lambda a: (order[a['user_id']], org_plan.ACTIONS.index(a['action'])))
