# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The one grammar of a membership request, for the module and the converge pass.

``parse_item(label, raw)`` checks one ``members`` item against ``MEMBER_SPEC``
and returns an ``engine.Item``; ``parse_rules(...)`` checks the plan-wide rules
(teams, role precedence, protected users, per-role exclusivity) and returns an
``engine.Rules``. Both raise ``InputError`` naming the item or option: the
module lets it fail the task; the converge pass calls them through
``collect()``, which keeps every error (each named by host and item) and goes on.
"""

import datetime

from typing import Any, Callable, List, Optional

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.transactionlink.access.plugins.module_utils._membership.engine import Item, Rules
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

# The suboptions of a members item (documented in the workspace_membership module). Each item is checked against
# them here, not by Ansible, so that every message names the item: "members[55]: missing required arguments: user".
MEMBER_SPEC = dict(
    user=dict(type='str', aliases=['user_id']),
    team=dict(type='str'),
    role=dict(type='str', aliases=['role_id']),
    state=dict(type='str', choices=['present', 'absent']),
    workspace=dict(type='str', aliases=['workspace_id']),
    expires=dict(type='str'),
    allow_empty=dict(type='bool'),
)
FLAGS = frozenset(('allow_empty',))  # the boolean options of an item (the others are names, ids or dates)
MEMBER_KEYS = frozenset(list(MEMBER_SPEC) + [alias for spec in MEMBER_SPEC.values() for alias in spec.get('aliases', [])])
LIST_OPTIONS = ('role_precedence', 'protected_users', 'exclusive_roles')
_MEMBER_VALIDATOR = ArgumentSpecValidator(MEMBER_SPEC)  # reused: building one deep-copies the spec
_ALIASES = {name: tuple(spec.get('aliases', ())) for name, spec in MEMBER_SPEC.items()}
_STATES = frozenset(MEMBER_SPEC['state']['choices'])

_TRUE = ('true', 'yes', 'on', '1', 'y')
_FALSE = ('false', 'no', 'off', '0', 'n', '')


def parse_item(label: str, raw: Any, workspace: Optional[str] = None, state: str = 'present') -> Item:
    """One members item as an ``Item`` labelled LABEL; WORKSPACE and STATE are the defaults of the task (or host).

    A null option counts as not given; an unquoted YAML date is taken as its ISO text.
    """
    if not isinstance(raw, dict):
        raise InputError('{0} must be a dict such as {{user: alice@example.com, role: Viewer}}, got {1}'.format(
            label, kind(raw)))
    options = _options(label, raw)
    item = Item(label=label, workspace=options['workspace'] or workspace, user=options['user'], role=options['role'],
                state=options['state'] or state, team=options['team'], expires=options['expires'],
                allow_empty=bool(options['allow_empty']))
    who = "team '{0}'".format(item.team) if item.team is not None else 'user {0}'.format(item.user)
    if item.team is not None and not item.team.strip():
        raise InputError('{0} has an empty team: give the name of a team of teams'.format(label))
    if item.allow_empty and item.team is None:
        raise InputError('{0}: allow_empty is for a team item (a team that may have no users), not for a user'.format(label))
    if item.team is None and (item.user is None or not str(item.user).strip()):
        raise InputError('{0} has no user: give the user by e-mail or UUID'.format(label))
    if item.state == 'present' and not item.role:
        raise InputError('{0} ({1}) has state=present but no role: give the role by name or UUID'.format(label, who))
    return item


def _options(label: str, raw: dict) -> dict:
    """RAW's options checked against MEMBER_SPEC, aliases resolved: {option: value or None}."""
    given = {key: value for key, value in raw.items() if value is not None}
    if isinstance(given.get('expires'), (datetime.date, datetime.datetime)):
        given['expires'] = given['expires'].isoformat()
    for key, value in given.items():
        if key in MEMBER_KEYS and key not in FLAGS and not isinstance(value, str):
            raise InputError('{0}.{1} is of type {2} ({3!r}): give {4} as a string'.format(
                label, key, type(value).__name__, value, 'a date YYYY-MM-DD' if key == 'expires' else 'a name or a UUID'))
    for name, spec in MEMBER_SPEC.items():
        for alias in spec.get('aliases', []):
            if name in given and alias in given and given[name] != given[alias]:
                raise InputError('{0}: {1} and its alias {2} are both set, to different values; give one'.format(label, name, alias))
    has_user = 'user' in given or 'user_id' in given
    if has_user and 'team' in given:
        raise InputError("{0} gives both user and team ({1}): give one of them per item".format(label, given['team']))
    if not has_user and 'team' not in given:
        raise InputError('{0} has no user: give the user by e-mail or UUID, or a team'.format(label))
    if given.keys() <= MEMBER_KEYS and given.get('state', 'present') in _STATES:
        # Known options, text values (checked above), aliases that agree: what the validator returns, without its copies.
        return {name: next((given[key] for key in (name,) + _ALIASES[name] if key in given), None) for name in MEMBER_SPEC}
    result = _MEMBER_VALIDATOR.validate(given)
    if result.error_messages:
        unsupported = sorted(set(given) - MEMBER_KEYS)
        if unsupported:
            raise InputError('{0}: unsupported option(s) {1}; an item takes user or team, role, state, workspace, expires '
                             'and allow_empty (aliases user_id, role_id, workspace_id)'.format(label, ', '.join(unsupported)))
        raise InputError('{0}: {1}'.format(label, result.error_messages[0]))
    return {key: result.validated_parameters.get(key) for key in MEMBER_SPEC}


def parse_rules(teams: Any = None, role_precedence: Any = None, protected_users: Any = None, exclusive_roles: Any = None,
                now: Optional[datetime.datetime] = None, names: Optional[dict] = None, errors: Optional[List[str]] = None,
                used_teams: Optional[set] = None) -> Rules:
    """The plan-wide rules as a ``Rules`` record.

    NAMES maps an option to the name its messages give (a host variable);
    USED_TEAMS (None: all) limits the teams checked to those the items name.
    The first problem raises InputError, or, given ERRORS, each is appended
    there (and the option counts as not given).
    """
    names = dict({name: name for name in ('teams',) + LIST_OPTIONS}, **(names or {}))
    given = dict(zip(LIST_OPTIONS, (role_precedence, protected_users, exclusive_roles)), teams=teams)
    bad = set()
    for option, message in _rule_problems(given, names, used_teams):
        if errors is None:
            raise InputError(message)
        errors.append(message)
        bad.add(option)
    lists = {name: () if name in bad else tuple(v.strip() for v in given[name] or ()) for name in LIST_OPTIONS}
    teams = {} if 'teams' in bad or teams is None else teams
    return Rules(teams={str(team): users for team, users in teams.items()}, role_precedence=lists['role_precedence'],
                 protected_users=lists['protected_users'], exclusive_roles=lists['exclusive_roles'], now=now)


def _rule_problems(given: dict, names: dict, used_teams: Optional[set]):
    """(option, message) for each problem of the plan-wide rules GIVEN, in the order of LIST_OPTIONS, then teams."""
    for name in LIST_OPTIONS:
        value = given[name]
        what = 'user by e-mail or UUID' if name == 'protected_users' else 'role name or UUID'
        if value is not None and not isinstance(value, (list, tuple)):
            yield name, '{0} must be a list of {1}, got {2}'.format(
                names[name], 'users (e-mails or UUIDs)' if name == 'protected_users' else 'role names or UUIDs', kind(value))
            continue
        empty = [index for index, entry in enumerate(value or ()) if not isinstance(entry, str) or not entry.strip()]
        if empty:
            yield name, '{0}[{1}] is empty: give a {2}'.format(names[name], empty[0], what)
    teams = given['teams']
    if teams is not None and not isinstance(teams, dict):
        yield 'teams', '{0} must be a dict, team name to a list of users (e-mails or UUIDs), got {1}'.format(names['teams'], kind(teams))
        return
    for team, users in sorted((teams or {}).items()) if used_teams is not None else (teams or {}).items():
        if used_teams is not None and team not in used_teams:
            continue
        if not isinstance(users, (list, tuple)):
            yield 'teams', "{0}: team '{1}' must be a list of users (e-mails or UUIDs), got {2}".format(names['teams'], team, kind(users))
            continue
        for index, user in enumerate(users):
            if not isinstance(user, str) or not user.strip():
                yield 'teams', "{0}: team '{1}', entry {2} ({3!r}) is not a user: give an e-mail or a UUID".format(
                    names['teams'], team, index, user)
                break


def parse_bool(value: Any) -> bool:
    """A boolean as YAML and Ansible spell it (true, yes, on, 1 ...); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError('must be true or false, got {0!r}'.format(value))


def parse_count(value: Any) -> Optional[int]:
    """A whole number, 0 or more, or None (not given, or an empty text); ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError('must be a whole number, 0 or more (0 forbids any removal), got {0!r}'.format(value))
    return value


def kind(value: Any) -> str:
    """What VALUE is, for a message: ``the string 'abc'``, ``a dict``, ``a list``, ``a int``."""
    if isinstance(value, str):
        return 'the string {0!r}'.format(value if len(value) <= 40 else value[:40] + '...')
    return 'a ' + ('dict' if isinstance(value, dict) else 'list' if isinstance(value, (list, tuple)) else type(value).__name__)


def collect(errors: List[str], prefix: str, parse: Callable, *args: Any, **kwargs: Any) -> Any:
    """PARSE(*ARGS, **KWARGS), or None with its error (prefixed by PREFIX, the host) appended to ERRORS."""
    try:
        return parse(*args, **kwargs)
    except InputError as exc:
        text = str(exc)
        errors.append(text if not prefix or text.startswith(prefix + ': ') else '{0}: {1}'.format(prefix, text))
        return None
