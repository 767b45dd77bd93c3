# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The plan-wide rules of a membership converge (records.Rules) turned into ids, and the words of a
refusal by the planner:

- ``reached()``: a workspace's items as ``Reach`` records, a team item once per user of its team (unknown teams
  and team members named), a user listed twice directly or a team listed twice refused; ``decided()`` marks the team entries a
  direct item overrules (their role is never used, so never looked up);
- ``exclusive_role_ids()``: the ``exclusive_roles`` refs as each workspace's role ids (also the check of
  ``role_precedence``: a name no workspace of the run has is a typo); ``names_role()`` the test of one entry;
- ``conflict_message()``, ``protected_message()``: a ``plan.RoleConflict`` or ``ProtectedMember``
  as the message that names the items, the users, the teams and the roles;
- ``labelled()``: a lookup whose InputError names the item or option it is about.
"""

import difflib

from dataclasses import replace
from typing import Dict, List, Optional, Sequence

from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils._membership.expiry import has_expired
from ansible_collections.transactionlink.access.plugins.module_utils._membership.records import Item, Reach
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import is_role
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import is_uuid


def reached(directory, ws: dict, items: Sequence[Item], teams: dict, ends: dict, now, current: dict) -> List[Reach]:
    """The ``Reach`` of each of one workspace's ITEMS, a team item once per user of its team.

    ENDS maps an item's label to its end of access; NOW is the run's time;
    CURRENT the workspace's direct members {user id: role {id, name}}. A
    user listed twice directly, or a team listed twice, is refused; a user
    reached both directly and through teams is the planner's to decide, and
    the team's entry is not active (its role is never used, so never looked up).
    """
    seen, seen_teams, found = {}, {}, []
    for item in items:
        if item.team is not None:
            if item.team in seen_teams:
                raise InputError("{0}: team '{1}' is listed twice for workspace '{2}' ({3} and {0}); "
                                 "list each team once per workspace".format(item.label, item.team, ws['name'], seen_teams[item.team].label))
            seen_teams[item.team] = item
            found.extend(Reach(item, user_id, ref, ends[item.label]) for user_id, ref in _team_users(directory, item, teams).items())
            continue
        user_id = labelled(item.label, directory.user, item.user)['id']
        if user_id in seen:
            raise InputError("{0}: user '{1}' is listed twice for workspace '{2}' ({3} and {0}); "
                             "list each user once per workspace".format(item.label, item.user, ws['name'], seen[user_id].label))
        seen[user_id] = item
        found.append(Reach(item, user_id, item.user, ends[item.label]))
    held = list({role['id']: role for role in current.values()}.values())
    return [_decided(reach, reach.item.team is not None and reach.user_id in seen, now, current, held) for reach in found]


def check_no_empty_team(ws: dict, items: Sequence[Item], teams: dict, exclusive_option: Optional[str]):
    """Under EXCLUSIVE_OPTION (the option that makes the run authoritative; None: not), a team item whose team
    has no users fails unless the item says ``allow_empty``: an export that came out empty would empty the workspace.
    """
    for item in items if exclusive_option else ():
        if item.team is not None and not item.allow_empty and not (teams or {}).get(item.team):
            raise InputError(
                "{0}: team '{1}' has no users, and with {2} an empty team removes from workspace '{3}' every member it "
                "would have kept; nothing was written. If the team may be empty, set allow_empty: true on the item "
                "(and max_removals to cap what one run removes); otherwise check where the team list comes "
                "from".format(item.label, item.team, exclusive_option, ws['name']))


def _decided(reach: Reach, overruled: bool, now, current: dict, held: List[dict]) -> Reach:
    """REACH with ``active``, ``kept_role`` and ``role_known`` decided (OVERRULED: a team's reach of a user with a direct item).

    HELD are the roles the workspace's members hold: a role among them exists, so an item not active that names
    one needs no role list to be checked.
    """
    item = reach.item
    active = item.state == 'present' and not overruled and not has_expired(reach.ends, now)
    kept = current.get(reach.user_id) if active and is_role(item.role, current.get(reach.user_id)) else None
    if active:
        known = kept is not None
    else:
        known = item.role is None or any(is_role(item.role, role) for role in held)
    return replace(reach, active=active, kept_role=kept, role_known=known)


def _team_users(directory, item: Item, teams: dict) -> Dict[str, str]:
    """{user id: user as given} of the team an item names, each user once (first given); unknown teams and users name the team."""
    if item.team not in (teams or {}):
        raise InputError("{0}: team '{1}' is not defined in teams; defined: {2}. Add it to teams (team name: list of "
                         "e-mails or UUIDs), or fix the name".format(item.label, item.team, ', '.join(sorted(teams or {})) or 'none'))
    found = {}
    for ref in teams[item.team] or ():
        found.setdefault(known_user(directory, "{0}: team '{1}'".format(item.label, item.team), ref), ref)
    return found


def known_user(directory, label: str, ref: str) -> str:
    """The id of the user REF (e-mail or UUID) names; a UUID the organization's user list lacks fails, naming LABEL.

    (When the token may not list users, a UUID is taken as given.)
    """
    user_id = labelled(label, directory.user, ref)['id']
    if is_uuid(ref) and directory.user_known(user_id) is False:
        raise InputError('{0}: user {1} not found in the organization; check the UUID, or give the e-mail'.format(label, user_id))
    return user_id


def exclusive_role_ids(directory, workspaces: List[dict], refs: Sequence[str], option: str = 'exclusive_roles') -> dict:
    """{workspace id: frozenset of the ids of its roles REFS names}; a ref naming no role of any workspace fails.

    OPTION (``exclusive_roles``, ``role_precedence``) names the list in the
    message, with the closest role names and every role of the WORKSPACES.
    """
    found = {ws['id']: set() for ws in workspaces}
    for index, ref in enumerate(refs):
        hits = 0
        for ws in workspaces:
            for role in directory.roles(ws['id']):
                if names_role(ref, role):
                    found[ws['id']].add(role['id'])
                    hits += 1
        if not hits:
            names = sorted(set(r['name'] for ws in workspaces for r in directory.roles(ws['id']) if r.get('name')))
            close = difflib.get_close_matches(str(ref).strip().lower(), [n.lower() for n in names], n=3)
            raise InputError("{0}[{1}]: role '{2}' not found in workspace(s) {3}{4}; available: {5}".format(
                option, index, ref, ', '.join(ws['name'] for ws in workspaces),
                '; did you mean: ' + ', '.join(n for n in names if n.lower() in close) if close else '',
                ', '.join(names) or 'none'))
    return {ws_id: frozenset(ids) for ws_id, ids in found.items()}


def names_role(ref: str, role: dict) -> bool:
    """True when REF (an entry of ``exclusive_roles`` or ``role_precedence``) names ROLE: its UUID, or its name in any case."""
    return is_role(ref, role) or str(ref).strip().lower() == (role.get('name') or '').lower()


def conflict_message(wp, exc, precedence):
    """The message of a RoleConflict EXC in workspace plan WP: the items, the user, each team with its role, the fix."""
    wanted = [wp.wanted[p] for p in exc.positions]
    who = wanted[0].user
    teams = ', '.join("team '{0}' ({1}) gives {2}".format(w.item.team, w.item.label, w.desired.role['name']) for w in wanted)
    roles = sorted(set(w.desired.role['name'] for w in wanted))
    if precedence:
        fix = 'role_precedence ({0}) does not rank {1}: add the missing role(s)'.format(', '.join(precedence), ' and '.join(roles))
    else:
        fix = 'set role_precedence (role names, strongest first, such as [{0}])'.format(', '.join(roles))
    return ("{0}: user {1} is in several teams with different roles in workspace '{2}': {3}; nothing was written. "
            "To decide, {4}, or give {1} a direct members item (it wins over team items)".format(
                ', '.join(w.item.label for w in wanted), who, wp.workspace['name'], teams, fix))


def protected_message(wp, exc):
    """The message of a ProtectedMember EXC in workspace plan WP: the item (and its team), the user, what it would do."""
    wanted, change = wp.wanted[exc.positions[0]], exc.change
    via = " (team '{0}')".format(wanted.item.team) if wanted.item.team else ''
    if change.action == mp.UPDATED:
        what = "change its role in workspace '{0}' from {1} to {2}".format(
            wp.workspace['name'], change.role_before['name'], change.role_after['name'])
    else:
        what = "remove it from workspace '{0}' (it is {1} there){2}".format(
            wp.workspace['name'], change.role_before['name'], ', its access having expired' if change.reason == mp.EXPIRED else '')
    return ('{0}{1}: user {2} is protected (protected_users), and this item would {3}; nothing was written. Protected '
            'users are never removed or changed: drop the item, give the user a direct item with its current role, '
            'or take it out of protected_users'.format(wanted.item.label, via, wanted.user, what))


# The label of the one item of a task given O(user): its messages need no prefix (there is nothing else to name).
SINGLE_USER = 'the task'


def prefixed(label: str, text: str) -> str:
    """TEXT about the item LABEL names: 'members[3]: TEXT', or TEXT alone for a single-user task."""
    return text if label == SINGLE_USER else '{0}: {1}'.format(label, text)


def labelled(label, lookup, *args):
    """LOOKUP(*ARGS), with an InputError's message prefixed by LABEL (which item or option it is about)."""
    try:
        return lookup(*args)
    except InputError as exc:
        raise InputError(prefixed(label, str(exc)), result=exc.result) from None


MEMBERS_VAR = 'transactionlink_desired_members'


def out_of_scope(item: Item, ref: str, home: dict, reason: Optional[str] = None) -> str:
    """The host-scope rule's refusal: ITEM names workspace REF, but a host may only change its own HOME."""
    who = "team '{0}'".format(item.team) if item.team else 'user {0}'.format(item.user)
    return ("{0} ({1}) names workspace '{2}', but {3} may only change its own workspace '{4}'{5}: nothing is written. "
            "Move the item to the variables of the host of '{2}', or drop its workspace key".format(
                item.label, who, ref, MEMBERS_VAR, home['name'], '' if reason is None else ' ({0})'.format(reason)))


def managed_twice(label: str, workspace_name: str, others: str) -> str:
    """Two requests (hosts) of one run for one workspace."""
    return ("{0}: workspace '{1}' is also managed by host(s) {2} of this run: two hosts' members for one workspace "
            "would overwrite each other; keep one host per workspace".format(label, workspace_name, others))


def nothing_left(label: str, expected: str, plan_id: str) -> str:
    """The note of an approved plan that finds nothing left to write (applied already, or reached otherwise)."""
    return ('{0}: the approved plan {1} has nothing left to write (the plan is now {2}, empty): it was applied already, '
            'or the access reached the wanted state otherwise; nothing was written here'.format(label, expected, plan_id))
