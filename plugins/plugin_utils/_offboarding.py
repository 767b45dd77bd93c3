# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: what an offboarding removes, what it removed and what access remains, per person.

Pure functions over plain data (the results of workspace_membership_info and
workspace_membership); errors are ValueError. People are named as the ticket
names them, by e-mail (compared case-insensitively) or by UUID (made canonical
by ``ids.canonical_id``: this is where the task's input enters). Only the
memberships of the listed people are ever turned into removals, whatever else
the memberships given hold: an empty list removes nothing.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils.membership_plan import REMOVED, describe

REMAINS = ('{who}: ACCESS REMAINS (inherited from the organization admin role, not a workspace membership; revoke the '
           'organization role to remove it) in {where}')


def person_key(ref):
    """How a person of the ticket is matched: the canonical UUID, or the e-mail in lower case."""
    ref = ref.strip()
    return canonical_id(ref) if is_uuid(ref) else ref.lower()


def _keys(users):
    keys = []
    for index, ref in enumerate(users):
        if not isinstance(ref, str) or not ref.strip():
            raise ValueError('person {0} of the list must be an e-mail address or a UUID, got {1!r}'.format(index, ref))
        keys.append(person_key(ref))
    return keys


def _user_ids(keys, memberships):
    """{person key: user id} for the people found in MEMBERSHIPS (by user id or by e-mail)."""
    wanted, found = set(keys), {}
    for membership in memberships:
        user_id = membership['user_id']
        email = (membership.get('user_email') or '').strip().lower()
        for key in (user_id, email):
            if key and key in wanted:
                found.setdefault(key, user_id)
    return found


def _emails(memberships):
    emails = {}
    for membership in memberships:
        emails.setdefault(membership['user_id'], membership.get('user_email'))
    return emails


def removals(users, found):
    """The workspace_membership members items that remove every direct membership of USERS, each once.

    Inherited access (organization admins) is left out: it is not a workspace
    membership. Memberships of anybody not listed in USERS are ignored.
    """
    ids = set(_user_ids(_keys(users), found).values())
    seen, items = set(), []
    for membership in found:
        key = (membership['workspace_id'], membership['user_id'])
        if membership.get('inherited') or membership['user_id'] not in ids or key in seen:
            continue
        seen.add(key)
        items.append({'workspace': membership['workspace_id'], 'user': membership['user_id'], 'state': 'absent'})
    return items


def _predict(before):
    """The inherited access each user keeps: organization admins keep every workspace they can enter now."""
    admin_role = {}
    for membership in before:
        if membership.get('inherited'):
            admin_role.setdefault(membership['user_id'], membership)
    remaining = []
    for membership in before:
        role = admin_role.get(membership['user_id'])
        if role is not None:
            remaining.append(dict(membership, inherited=True, role_id=role.get('role_id'),
                                  role_name=role.get('role_name')))
    return remaining


def _by_user(items):
    grouped = {}
    for item in items:
        grouped.setdefault(item.get('user_id'), []).append(item)
    return grouped


def _sorted(actions):
    return sorted(actions, key=lambda a: str(a.get('workspace_name') or a.get('workspace_id') or ''))


def report(users, before, actions=None, after=None):
    """[{user, user_id, user_email, removed, remaining}], one entry per person of USERS, in order.

    ACTIONS are the removal run's actions; AFTER the memberships read back
    after it, or None (check mode): the remaining access is then predicted.
    """
    keys = _keys(users)
    ids, emails = _user_ids(keys, before), _emails(before)
    removed = _by_user(a for a in (actions or []) if a.get('action') == REMOVED)
    remaining = _by_user(m for m in (_predict(before) if after is None else after) if m.get('inherited'))
    people = []
    for ref, key in zip(users, keys):
        user_id = ids.get(key)
        people.append({
            'user': ref,
            'user_id': user_id,
            'user_email': emails.get(user_id),
            'removed': _sorted(removed.get(user_id, [])) if user_id else [],
            'remaining': remaining.get(user_id, []) if user_id else [],
        })
    return people


def _places(items):
    return ', '.join('{0} ({1})'.format(i.get('workspace_name') or i.get('workspace_id'), i.get('role_name'))
                     for i in items)


def summary(people, actions=None, check_mode=False):
    """The lines: counts (of every removal the run made), then per person what was removed and what remains."""
    every = [a for a in (actions or []) if a.get('action') == REMOVED]
    if not people:
        return ['Offboarding{0}: no user given, nothing removed (an empty list offboards nobody)'.format(
            ' (check mode, nothing written)' if check_mode else '')]
    lines = ['Offboarding{0}: {1} user(s), {2} membership(s) {3}, {4} inherited access(es) remaining'.format(
        ' (check mode, nothing written)' if check_mode else '', len(people), len(every),
        'would be removed' if check_mode else 'removed', sum(len(p['remaining']) for p in people))]
    listed = set()
    for person in people:
        who = person['user']
        for action in person['removed']:
            listed.add(id(action))
            lines.append(describe(action, check_mode))
        if person['remaining']:
            lines.append(REMAINS.format(who=who, where=_places(person['remaining'])))
        elif person['removed']:
            lines.append('{0}: no workspace access remains'.format(who))
        else:
            lines.append('{0}: no workspace access found, nothing to remove'.format(who))
    others = [a for a in every if id(a) not in listed]
    if others:
        lines.append('Also {0}, of people not in the list:'.format('would be removed' if check_mode else 'removed'))
        lines.extend(describe(action, check_mode) for action in _sorted(others))
    return lines


def offboarding_report(users, before, actions=None, after=None, check_mode=False):
    """Everything the offboarding role needs from one call: {removals, user_ids, people, summary, removed}."""
    items = removals(users, before)
    people = report(users, before, actions, after)
    return {
        'removals': items,
        'user_ids': sorted(set(item['user'] for item in items) | set(p['user_id'] for p in people if p['user_id'])),
        'people': people,
        'summary': summary(people, actions, check_mode),
        'removed': len([a for a in (actions or []) if a.get('action') == REMOVED]),
    }
