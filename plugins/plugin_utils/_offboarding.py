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

Who is in the organization at all comes from the ``invitations`` an
organization_invitation run (state=absent, in check mode: it reads the users
once and writes nothing) returned for the people given by e-mail: a person
with no user is "not in the organization, nothing to remove", never an error,
and their PENDING invitation is cancelled. A "did you mean" is only added
where that run found a likely typo (``similar_users``).
"""

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._organization.plan import ROLE_CHANGED
from ansible_collections.transactionlink.access.plugins.module_utils.results import describe_organization as describe_role
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.address import EMAIL_RE
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.plan import CANCELLED
from ansible_collections.transactionlink.access.plugins.module_utils.results import describe_invitation
from ansible_collections.transactionlink.access.plugins.module_utils._membership.plan import REMOVED
from ansible_collections.transactionlink.access.plugins.module_utils.results import describe_membership as describe

DEMOTE_VARIABLE = 'workspace_offboarding_demote_admins'
REMAINS = '{who}: inherited access remains (organization role {org_role}): set %s to end it; in {where}' % DEMOTE_VARIABLE
REMAINS_ANYWAY = '{who}: ACCESS REMAINS (inherited, organization role {org_role}) in {where}'


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


def invitation_items(users):
    """The organization_invitation items ``{email}`` of the people given by e-mail, each once, in order.

    Anything else that is no UUID (a name) is left to the membership read, which fails on it naming it.
    """
    items, seen = [], set()
    for ref, key in zip(users, _keys(users)):
        if not is_uuid(ref.strip()) and EMAIL_RE.match(ref.strip()) and key not in seen:
            seen.add(key)
            items.append({'email': ref.strip()})
    return items


def _accounts(invitations):
    """{person key: invitation item} of the organization_invitation RV(invitations); ValueError naming a bad item."""
    found = {}
    for index, item in enumerate(invitations or []):
        if not isinstance(item, dict) or not isinstance(item.get('email'), str) or 'user_exists' not in item:
            raise ValueError('invitations[{0}] must be an item of the organization_invitation result, with email and '
                             'user_exists, got {1!r}'.format(index, item))
        found[item['email'].strip().lower()] = item
    return found


def readable(users, invitations=None):
    """The people whose memberships are read: each once, in order, without those INVITATIONS says have no user."""
    accounts = _accounts(invitations)
    refs, seen = [], set()
    for ref, key in zip(users, _keys(users)):
        gone = key in accounts and not accounts[key]['user_exists']
        if not gone and key not in seen:
            seen.add(key)
            refs.append(ref.strip())
    return refs


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


def _organization(result):
    """({user id: organization role name}, [role_changed actions]) of an organization_user result (check mode
    or real), or ({}, []) when it was not run."""
    if not isinstance(result, dict) or result.get('skipped'):
        return {}, []
    roles = dict((u.get('user_id'), u.get('org_role')) for u in result.get('users') or [] if isinstance(u, dict))
    changed = [a for a in result.get('actions') or [] if isinstance(a, dict) and a.get('action') == ROLE_CHANGED]
    for action in changed:  # the users of a check-mode run are predicted: the role before is the action's
        roles[action.get('user_id')] = (action.get('before') or {}).get('org_role')
    return roles, changed


def organization_items(users, before, demote_admins=False):
    """The organization_user items that read (and, with DEMOTE_ADMINS, make member) the listed people found in
    BEFORE, by UUID, each once: a member stays as they are."""
    ids = _user_ids(_keys(users), before)
    found = []
    for key in _keys(users):
        user_id = ids.get(key)
        if user_id and user_id not in [item['user'] for item in found]:
            found.append(dict({'user': user_id}, **({'org_role': api.ORGANIZATION_MEMBER} if demote_admins else {})))
    return found


def demotions(organization, protected=None):
    """The organization_user items of the role changes the check-mode run ORGANIZATION predicted, each once.

    ValueError naming them when one is of a PROTECTED user (e-mail or UUID): the break-glass admin is never
    made member by an offboarding.
    """
    changes = _organization(organization)[1]
    guarded = set(person_key(ref) for ref in protected or [] if isinstance(ref, str) and ref.strip())
    refused = [a for a in changes if guarded & set((a.get('user_id'), (a.get('email') or '').lower()))]
    if refused:
        raise ValueError('{0} protected (workspace_offboarding_protected_users): not made member; nothing was '
                         'written'.format(', '.join('user {0} ({1}) is'.format(a.get('user_id'), a.get('email'))
                                                    for a in refused)))
    return [{'user': a['user_id'], 'org_role': (a.get('after') or {}).get('org_role')} for a in changes]


def report(users, before, actions=None, after=None, invitations=None, cancelled=None, organization=None, demoted=None):
    """[{user, user_id, user_email, removed, remaining, in_organization, similar_users, invitation, org_role,
    demotion}], one entry per person of USERS, in order; a person listed twice (another case, an e-mail and a
    UUID) once.

    ACTIONS are the removal run's actions; AFTER the memberships read back
    after it, or None (check mode): the remaining access is then predicted.
    INVITATIONS (the organization_invitation RV(invitations)) say who has no
    user: ``in_organization`` false (None: not asked, a UUID); CANCELLED (its
    RV(actions)) the invitation cancelled for a person, or None.
    ORGANIZATION is the check-mode organization_user result (each person's
    organization role, and the predicted role changes); DEMOTED the real
    run's RV(actions), or None in check mode (the prediction is the change).
    """
    keys = _keys(users)
    accounts = _accounts(invitations)
    listed = set(keys)
    cancels = dict(((a.get('email') or '').strip().lower(), a) for a in (cancelled or []) if a.get('action') == CANCELLED)
    ids, emails = _user_ids(keys, before), _emails(before)
    roles, predicted = _organization(organization)
    changes = dict((a.get('user_id'), a) for a in (predicted if demoted is None else demoted) if a.get('action') == ROLE_CHANGED)
    removed = _by_user(a for a in (actions or []) if a.get('action') == REMOVED)
    if after is None:
        after = [m for m in _predict(before) if m['user_id'] not in changes]
    remaining = _by_user(m for m in after if m.get('inherited'))
    people, seen = [], set()
    for ref, key in zip(users, keys):
        user_id = ids.get(key)
        if key in seen or (user_id and user_id in seen):
            continue
        seen.update((key, user_id))
        account = accounts.get(key)
        people.append({
            'user': ref,
            'user_id': user_id,
            'user_email': emails.get(user_id),
            'removed': _sorted(removed.get(user_id, [])) if user_id else [],
            'remaining': remaining.get(user_id, []) if user_id else [],
            'in_organization': account['user_exists'] if account else None,
            # A near match who is offboarded in the same run is no suggestion.
            'similar_users': [u for u in (account or {}).get('similar_users') or [] if person_key(u) not in listed],
            'invitation': cancels.get(key),
            'org_role': roles.get(user_id) if user_id else None,
            'demotion': changes.get(user_id) if user_id else None,
        })
    return people


def _places(items):
    return ', '.join('{0} ({1})'.format(i.get('workspace_name') or i.get('workspace_id'), i.get('role_name'))
                     for i in items)


def _gone(person, check_mode):
    """The line of a person who is not in the organization: nothing to remove; the invitation cancelled; a typo?"""
    line = '{0}: not in the organization, nothing to remove'.format(person['user'])
    if person.get('invitation'):
        line += '; ' + describe_invitation(person['invitation'], check_mode).split(' ', 1)[1]
    if person.get('similar_users'):
        line += '; did you mean: {0}? (not offboarded: check the list)'.format(', '.join(person['similar_users']))
    return line


def summary(people, actions=None, check_mode=False):
    """The lines: counts (of every removal the run made), then per person what was removed and what remains."""
    every = [a for a in (actions or []) if a.get('action') == REMOVED]
    if not people:
        return ['Offboarding{0}: no user given, nothing removed (an empty list offboards nobody)'.format(
            ' (check mode, nothing written)' if check_mode else '')]
    gone = [p for p in people if p.get('in_organization') is False]
    cancels = [p for p in people if p.get('invitation')]
    demoted = [p for p in people if p.get('demotion')]
    lines = ['Offboarding{0}: {1} user(s), {2} membership(s) {3}, {4} inherited access(es) remaining{5}{6}{7}'.format(
        ' (check mode, nothing written)' if check_mode else '', len(people), len(every),
        'would be removed' if check_mode else 'removed', sum(len(p['remaining']) for p in people),
        ', {0} organization role(s) {1} member'.format(len(demoted), 'to change to' if check_mode else 'changed to')
        if demoted else '',
        ', {0} not in the organization'.format(len(gone)) if gone else '',
        ', {0} pending invitation(s) {1}'.format(len(cancels), 'to cancel' if check_mode else 'cancelled')
        if cancels else '')]
    listed = set()
    for person in people:
        who = person['user']
        if person.get('in_organization') is False:
            lines.append(_gone(person, check_mode))
            continue
        for action in person['removed']:
            listed.add(id(action))
            lines.append(describe(action, check_mode))
        if person.get('demotion'):
            lines.append(describe_role(person['demotion'], check_mode))
        if person['remaining']:
            template = REMAINS_ANYWAY if person.get('demotion') else REMAINS
            lines.append(template.format(who=who, org_role=person.get('org_role') or 'unknown',
                                         where=_places(person['remaining'])))
        elif person['removed'] or person.get('demotion'):
            lines.append('{0}: no workspace access remains'.format(who))
        else:
            lines.append('{0}: no workspace access found, nothing to remove'.format(who))
    others = [a for a in every if id(a) not in listed]
    if others:
        lines.append('Also {0}, of people not in the list:'.format('would be removed' if check_mode else 'removed'))
        lines.extend(describe(action, check_mode) for action in _sorted(others))
    return lines


def offboarding_report(users, before, actions=None, after=None, check_mode=False, invitations=None, cancelled=None,
                       organization=None, demoted=None, demote_admins=False, protected=None):
    """Everything the offboarding role needs from one call:
    {invitations, readable, removals, organization, demotions, user_ids, people, summary, removed}."""
    items = removals(users, before)
    people = report(users, before, actions, after, invitations, cancelled, organization, demoted)
    return {
        'invitations': invitation_items(users),
        'readable': readable(users, invitations),
        'removals': items,
        'organization': organization_items(users, before, demote_admins),
        'demotions': demotions(organization, protected) if demote_admins else [],
        'user_ids': sorted(set(item['user'] for item in items) | set(p['user_id'] for p in people if p['user_id'])),
        'people': people,
        'summary': summary(people, actions, check_mode),
        'removed': len([a for a in (actions or []) if a.get('action') == REMOVED]),
    }
