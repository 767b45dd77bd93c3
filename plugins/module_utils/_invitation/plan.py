# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Invitations wanted versus the organization's users and enrollments: what must be sent.

Pure functions over plain data, no API access: the same plan drives a real
run and check mode, so ``--check`` predicts exactly what a real run sends.

One entry per requested e-mail:

- ``present``: a user with that e-mail (case-insensitive) exists, or a PENDING
  invitation does: nothing. The latest invitation EXPIRED: it is resent.
  Otherwise (CANCELLED, ACCEPTED by a user who is gone since, or none): a new
  invitation.
- ``absent``: a PENDING invitation is cancelled; anything else is left alone
  (an existing user is never removed here).
"""

import difflib

from dataclasses import dataclass, replace
from typing import List, Optional

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.address import sendable
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid

INVITED = 'invited'
RESENT = 'resent'
CANCELLED = 'cancelled'
ACTIONS = (INVITED, RESENT, CANCELLED)
DEFAULT_ORG_ROLE = 'member'
PROFILE_FIELDS = ('first_name', 'last_name', 'title')


@dataclass(frozen=True)
class Invitation:
    """The plan of one requested e-mail: ``action`` (None, or one of ACTIONS) and the enrollment before and after.

    ``similar_users`` holds ``likely_typos`` when no user has the e-mail;
    ``role`` is the organization role {id, name} (state=present) or None.
    """

    label: str
    email: str
    action: Optional[str] = None
    enrollment_id: Optional[str] = None
    status_before: Optional[str] = None
    status_after: Optional[str] = None
    user_exists: bool = False
    similar_users: tuple = ()
    role: Optional[dict] = None
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    title: Optional[str] = None


def requested(params: dict) -> List[dict]:
    """The invitations the task asks for: [{label, email, org_role, first_name, last_name, title}].

    ``email`` mode is one item with an empty label (its messages need no
    prefix: there is only one item); ``invitations`` mode labels each item
    ``invitations[N]``, and an item without ``org_role``
    takes the task's. Raises InputError naming the item for an empty or
    malformed e-mail and for an e-mail listed twice (case-insensitive).
    """
    task_role = params.get('org_role') or DEFAULT_ORG_ROLE
    if params.get('invitations') is None:
        items = [dict((key, params.get(key)) for key in ('email', 'org_role') + PROFILE_FIELDS)]
        where = ''
    else:
        items = [dict(item or {}) for item in params['invitations']]
        where = 'invitations[{0}]'
    wanted, seen = [], {}
    for index, item in enumerate(items):
        label = where.format(index)
        email = item.get('email')
        email = email.strip() if isinstance(email, str) else email
        if not email:
            raise InputError('{0}no email given: give the e-mail address of the person to invite'.format(_at(label)))
        try:
            email = sendable(email)
        except ValueError as exc:
            raise InputError("{0}'{1}' {2}".format(_at(label), email, exc)) from None
        if email.lower() in seen:
            raise InputError("{0}: e-mail '{1}' is listed twice ({2} and {0}); list each person once".format(
                label, email, seen[email.lower()]))
        seen[email.lower()] = label
        entry = {'label': label, 'email': email, 'org_role': item.get('org_role') or task_role}
        for field in PROFILE_FIELDS:
            value = item.get(field)
            entry[field] = value.strip() if isinstance(value, str) and value.strip() else None
        wanted.append(entry)
    return wanted


def _at(label):
    """The prefix naming the item in a message: ``invitations[3]: ``, or nothing for the one item of ``email`` mode."""
    return '{0}: '.format(label) if label else ''


def resolve_role(roles: List[dict], ref: str, label: str) -> dict:
    """The {id, name} of the organization role REF (UUID, or name in any case) among ROLES; InputError naming LABEL."""
    text = str(ref).strip()
    if is_uuid(text):
        for role in roles:
            if role['id'] == canonical_id(text):
                return role
    matches = [role for role in roles if (role.get('name') or '').lower() == text.lower()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise InputError("{0}organization role name '{1}' is ambiguous (ids: {2}); give the role's UUID".format(
            _at(label), text, ', '.join(sorted(r['id'] for r in matches))))
    names = sorted(set(r['name'] for r in roles if r.get('name')))
    close = difflib.get_close_matches(text.lower(), [n.lower() for n in names], n=3)
    raise InputError("{0}organization role '{1}' not found{2}; available: {3}".format(
        _at(label), text, '; did you mean: ' + ', '.join(close) if close else '', ', '.join(names) or 'none'))


TYPO_EDITS = 2  # a letter added, dropped or changed, or two neighbours swapped, at most this many times


def _edits_within(a, b, limit):
    """How many edits (insert, delete, substitute, swap neighbours) apart A and B are, or None when more than LIMIT:
    a banded optimal-string-alignment distance, cheap enough to run over every user of a large organization."""
    if abs(len(a) - len(b)) > limit:
        return None
    big = limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        current[0] = i
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return None
        previous2, previous = previous, current
    return previous[len(b)] if previous[len(b)] <= limit else None


def likely_typos(email: str, user_emails, limit: int = 3) -> List[str]:
    """The e-mails of USER_EMAILS (lower case) that EMAIL could be a typo of: at most TYPO_EDITS edits apart.

    Only where a typo is likely: e-mails of one domain all look alike to a ratio
    (``difflib``), so a distance in edits is used instead. The closest first
    (then sorted by e-mail), at most LIMIT.
    """
    key = email.strip().lower()
    found = []
    for other in user_emails:
        edits = _edits_within(key, other, TYPO_EDITS) if other != key else None
        if edits is not None:
            found.append((edits, other))
    return [other for edits, other in sorted(found)[:limit]]


def latest_by_email(enrollments: List[dict]) -> dict:
    """{lower-case e-mail: the enrollment that decides}: a PENDING one, else the latest sent (ISO times sort)."""
    chosen = {}
    for item in enrollments:
        key = (item.get('email') or '').strip().lower()
        if not key:
            continue
        rank = (item['status'] == api.ENROLLMENT_STATUS_PENDING, item.get('sent_at') or '', item['enrollment_id'] or '')
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, item)
    return dict((key, item) for key, (rank, item) in chosen.items())


def plan(wanted: List[dict], state: str, user_emails: set, enrollments: List[dict], roles=None) -> List[Invitation]:
    """One ``Invitation`` per WANTED item (see ``requested``), in order.

    ``user_emails`` holds the lower-case e-mail of every user; ``enrollments``
    are {enrollment_id, email, status, sent_at}; ``roles`` the organization
    roles (needed for state=present). Every role is resolved before anything
    else is decided, so a bad item fails the whole plan.
    """
    if state not in ('present', 'absent'):
        raise ValueError('state must be present or absent, not {0!r}'.format(state))
    resolved = [resolve_role(roles or [], item['org_role'], item['label']) if state == 'present' else None
                for item in wanted]
    current = latest_by_email(enrollments)
    return [_entry(item, role, state, current.get(item['email'].lower()), user_emails) for item, role in zip(wanted, resolved)]


def _entry(item: dict, role: Optional[dict], state: str, found: Optional[dict], user_emails: set) -> Invitation:
    status = found['status'] if found else None
    exists = item['email'].lower() in user_emails
    entry = Invitation(item['label'], item['email'], None, found['enrollment_id'] if found else None, status, status,
                       exists, () if exists else tuple(likely_typos(item['email'], user_emails)), role,
                       *(item.get(field) for field in PROFILE_FIELDS))
    if state == 'absent':
        if status == api.ENROLLMENT_STATUS_PENDING:
            return replace(entry, action=CANCELLED, status_after=api.ENROLLMENT_STATUS_CANCELLED)
    elif exists or status == api.ENROLLMENT_STATUS_PENDING:
        pass
    elif status == api.ENROLLMENT_STATUS_EXPIRED:
        return replace(entry, action=RESENT, status_after=api.ENROLLMENT_STATUS_PENDING)
    else:
        return replace(entry, action=INVITED, enrollment_id=None, status_after=api.ENROLLMENT_STATUS_PENDING)
    return entry
