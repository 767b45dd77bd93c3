# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Converge invitations to the organization: read, plan everything, then write.

Reads (each once): the organization roles (state=present only), the users,
the enrollments (every page). Every item is validated and every role resolved
before the first write, so bad input fails with nothing sent. Check mode runs
the same code and stops short of the writes. Writes go out one after another
in the order of the items; after the first that fails for good none starts.
"""

from dataclasses import replace
from typing import List, Optional

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._invitation import plan as ip
from ansible_collections.transactionlink.access.plugins.module_utils._api.enrollments import EnrollmentApi
from ansible_collections.transactionlink.access.plugins.module_utils.errors import TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils import results

# Failures after which the enrollments are not read again to see whether the write was applied.
NOT_CONFIRMABLE = (401, 403)  # a re-read would fail the same way


def converge(client, wanted, state, check_mode=False):
    """Bring the invitations WANTED (``plan.requested()``) to STATE.

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
    if not check_mode and any(entry.action for entry in entries):
        entries = _write_all(endpoints, entries)
        if any(e.action == ip.INVITED and not e.enrollment_id for e in entries):
            entries = _fill_new_ids(endpoints, entries)
    writing = [entry for entry in entries if entry.action]
    return {
        'changed': bool(writing),
        'actions': [results.invitation_action(entry) for entry in writing],
        'invitations': [results.invitation_row(entry) for entry in entries],
        'diff': results.invitation_diff(entries),
    }


def _write_all(endpoints, entries: List[ip.Invitation]) -> List[ip.Invitation]:
    """ENTRIES after their writes, one after another: each written one with the enrollment id the API answered."""
    done = []
    for entry in entries:
        if not entry.action:
            done.append(entry)
            continue
        try:
            answer = _write(endpoints, entry)
        except TransactionLinkError as exc:
            confirmed = _confirm(endpoints, entry, exc)
            if confirmed is None:
                exc.completed = [results.invitation_action(e) for e in done if e.action]
                exc.result = dict(exc.result, failed_action=results.invitation_action(entry))
                raise
            answer = confirmed
        done.append(replace(entry, enrollment_id=answer['enrollment_id']) if answer and answer.get('enrollment_id') else entry)
    return done


def _write(endpoints, entry: ip.Invitation):
    if entry.action == ip.INVITED:
        return endpoints.create(entry.email, entry.role['id'], entry.first_name, entry.last_name, entry.title)
    if entry.action == ip.RESENT:
        return endpoints.resend(entry.enrollment_id)
    return endpoints.cancel(entry.enrollment_id)


def _confirm(endpoints, entry: ip.Invitation, exc: TransactionLinkError) -> Optional[dict]:
    """After a write failed: the enrollment as the write meant it to be when the API shows it so (the write was
    applied, its answer lost and the retry refused), else None. See api_facts (INFERRED, POST)."""
    if exc.status in NOT_CONFIRMABLE:
        return None
    try:
        found = endpoints.enrollments((entry.status_after,))
    except TransactionLinkError:
        return None
    for item in found:
        if entry.action == ip.INVITED:
            if (item['email'] or '').strip().lower() == entry.email.lower():
                return item
        elif item['enrollment_id'] == entry.enrollment_id:
            return item
    return None


def _fill_new_ids(endpoints, entries: List[ip.Invitation]) -> List[ip.Invitation]:
    """The enrollment ids of new invitations whose create answered none: one read of the PENDING ones."""
    pending = ip.latest_by_email(endpoints.enrollments((api.ENROLLMENT_STATUS_PENDING,)))
    filled = []
    for entry in entries:
        if entry.action == ip.INVITED and not entry.enrollment_id:
            found = pending.get(entry.email.lower())
            entry = replace(entry, enrollment_id=found['enrollment_id'] if found else None)
        filled.append(entry)
    return filled
