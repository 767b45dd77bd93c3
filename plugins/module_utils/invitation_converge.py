# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

Converge invitations to the organization: read, plan everything, then write.

Reads (each once): the organization roles (state=present only), the users,
the enrollments (every page). Every item is validated and every role resolved
before the first write, so bad input fails with nothing sent. Check mode runs
the same code and stops short of the writes. Writes go out one after another
in the order of the items; after the first that fails for good none starts.
"""

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils import invitation_plan as ip
from ansible_collections.transactionlink.access.plugins.module_utils._api.enrollments import EnrollmentApi
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError

# Failures after which the enrollments are not read again to see whether the write was applied.
NOT_CONFIRMABLE = (401, 403)  # a re-read would fail the same way


def converge(client, wanted, state, check_mode=False):
    """Bring the invitations WANTED (``invitation_plan.requested()``) to STATE.

    Returns {changed, actions, invitations, diff}. On an API failure during
    the writes the raised TransactionLinkError carries ``completed`` (the
    actions done) and ``result['failed_action']``.
    """
    endpoints = EnrollmentApi(client)
    roles = endpoints.organization_roles() if state == 'present' and wanted else []
    users = set((u['email'] or '').strip().lower() for u in endpoints.users()) if wanted else set()
    statuses = None if state == 'present' else (api.ENROLLMENT_STATUS_PENDING,)
    enrollments = endpoints.enrollments(statuses) if wanted else []
    entries = ip.plan(wanted, state, users, enrollments, roles)

    writing = [entry for entry in entries if entry['action']]
    if not check_mode:
        _write_all(endpoints, writing)
        if any(e['action'] == ip.INVITED and not e['enrollment_id'] for e in writing):
            _fill_new_ids(endpoints, writing)
    return {
        'changed': bool(writing),
        'actions': [ip.action(entry) for entry in writing],
        'invitations': [ip.invitation(entry) for entry in entries],
        'diff': ip.diff(entries),
    }


def _write_all(endpoints, writing):
    done = []
    for entry in writing:
        try:
            answer = _write(endpoints, entry)
        except TransactionLinkError as exc:
            confirmed = _confirm(endpoints, entry, exc)
            if confirmed is None:
                exc.completed = [ip.action(e) for e in done]
                exc.result = dict(exc.result, failed_action=ip.action(entry))
                raise
            answer = confirmed
        if answer and answer.get('enrollment_id'):
            entry['enrollment_id'] = answer['enrollment_id']
        done.append(entry)


def _write(endpoints, entry):
    if entry['action'] == ip.INVITED:
        return endpoints.create(entry['email'], entry['role']['id'], entry['first_name'], entry['last_name'], entry['title'])
    if entry['action'] == ip.RESENT:
        return endpoints.resend(entry['enrollment_id'])
    return endpoints.cancel(entry['enrollment_id'])


def _confirm(endpoints, entry, exc):
    """After a write failed: the enrollment as the write meant it to be when the API shows it so (the write was
    applied, its answer lost and the retry refused), else None. See api_facts (INFERRED, POST)."""
    if exc.status in NOT_CONFIRMABLE:
        return None
    try:
        found = endpoints.enrollments((entry['status_after'],))
    except TransactionLinkError:
        return None
    for item in found:
        if entry['action'] == ip.INVITED:
            if (item['email'] or '').strip().lower() == entry['email'].lower():
                return item
        elif item['enrollment_id'] == entry['enrollment_id']:
            return item
    return None


def _fill_new_ids(endpoints, writing):
    """The enrollment ids of new invitations whose create answered none: one read of the PENDING ones."""
    pending = ip.latest_by_email(endpoints.enrollments((api.ENROLLMENT_STATUS_PENDING,)))
    for entry in writing:
        if entry['action'] == ip.INVITED and not entry['enrollment_id']:
            found = pending.get(entry['email'].lower())
            entry['enrollment_id'] = found['enrollment_id'] if found else None
