# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The organization endpoints behind invitations: organization roles, users, enrollments.

Uses only the client's public ``call()``, ``get_all_pages()`` and ``list_users()``: every
paged list is followed to its last page there. Every id read from the API
leaves this file in canonical form (ids.canonical_id); every path and status
word comes from api_facts.
"""

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id


class EnrollmentApi:
    """Reads and writes of one module run, over one TransactionLinkClient."""

    def __init__(self, client):
        self.client = client

    def organization_roles(self):
        """[{id, name}] of the organization roles (owner, admin, member)."""
        roles = self.client.call('GET', api.ORGANIZATION_ROLES, scope=api.SCOPE_MANAGE_USERS)
        return [{'id': canonical_id(r['id']), 'name': r['name']} for r in roles]

    def users(self):
        """[{id, email}] of every user of the organization (every page)."""
        return [{'id': u['id'], 'email': u['email']} for u in self.client.list_users()]

    def enrollments(self, statuses=None):
        """[{enrollment_id, email, status, sent_at}] of the enrollments (every page), or of those with one of STATUSES.

        Only page and size are documented query parameters: the pages are read
        once, unfiltered, and filtered here.
        """
        wanted = None if statuses is None else set(statuses)
        found, seen = [], set()
        for item in self.client.get_all_pages(api.ENROLLMENTS, scope=api.SCOPE_MANAGE_USERS):
            enrollment = enrollment_item(item)
            if enrollment is None or enrollment['enrollment_id'] in seen:
                continue
            if wanted is not None and enrollment['status'] not in wanted:
                continue
            seen.add(enrollment['enrollment_id'])
            found.append(enrollment)
        return found

    def create(self, email, role_id, first_name=None, last_name=None, title=None):
        """Invite EMAIL with the organization role ROLE_ID; the new enrollment when the API answers it, else None."""
        values = {'email': email, 'role_id': role_id, 'first_name': first_name, 'last_name': last_name, 'title': title}
        body = dict((api.ENROLLMENT_BODY_FIELDS[key], value) for key, value in values.items() if value is not None)
        return enrollment_item(self.client.call(api.ENROLLMENT_WRITE_METHOD, api.ENROLLMENTS, body=body,
                                                scope=api.SCOPE_MANAGE_USERS))

    def resend(self, enrollment_id):
        return enrollment_item(self.client.call(api.ENROLLMENT_WRITE_METHOD, api.ENROLLMENT_RESEND, scope=api.SCOPE_MANAGE_USERS,
                                                enrollment_id=enrollment_id))

    def cancel(self, enrollment_id):
        return enrollment_item(self.client.call(api.ENROLLMENT_WRITE_METHOD, api.ENROLLMENT_CANCEL, scope=api.SCOPE_MANAGE_USERS,
                                                enrollment_id=enrollment_id))


def enrollment_item(item):
    """An enrollment as the API lists it, as {enrollment_id, email, status, sent_at}; None when ITEM is not one."""
    if not isinstance(item, dict) or not item.get(api.ENROLLMENT_ID):
        return None
    status = item.get(api.ENROLLMENT_STATUS)
    return {
        'enrollment_id': canonical_id(item.get(api.ENROLLMENT_ID)),
        'email': item.get(api.ENROLLMENT_EMAIL),
        'status': status.upper() if isinstance(status, str) else status,
        'sent_at': item.get(api.ENROLLMENT_SENT_AT),
    }
