# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The organization endpoints behind invitations: organization roles, users, enrollments.

Each request is an entry of the endpoint table (``endpoints.ENDPOINTS``), sent
with the client's ``fetch()``, as the membership endpoints are: every paged list
is followed to its last page there. Every id read from the API leaves this file
in canonical form (ids.canonical_id); every path and status word comes from
api_facts.
"""

from typing import Any, Dict, Iterable, List, Optional

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import endpoints
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id


class EnrollmentApi:
    """Reads and writes of one module run, over one TransactionLinkClient."""

    def __init__(self, client: Any):
        self.client = client

    def organization_roles(self) -> List[Dict[str, str]]:
        """[{id, name}] of the organization roles (owner, admin, member)."""
        return [{'id': r['id'], 'name': r['name']} for r in self.client.fetch(endpoints.ORGANIZATION_ROLES)]

    def users(self) -> List[Dict[str, str]]:
        """[{id, email}] of every user of the organization (every page)."""
        return [{'id': u['id'], 'email': u['email']} for u in self.client.list_users()]

    def enrollments(self, statuses: Optional[Iterable[str]] = None) -> List[Dict[str, Any]]:
        """[{enrollment_id, email, status, sent_at}] of the enrollments (every page), or of those with one of STATUSES.

        Only page and size are documented query parameters: the pages are read
        once, unfiltered, and filtered here.
        """
        wanted = None if statuses is None else set(statuses)
        found, seen = [], set()
        for item in self.client.fetch(endpoints.ENROLLMENTS):
            enrollment = enrollment_item(item)
            if enrollment is None or enrollment['enrollment_id'] in seen:
                continue
            if wanted is not None and enrollment['status'] not in wanted:
                continue
            seen.add(enrollment['enrollment_id'])
            found.append(enrollment)
        return found

    def create(self, email: str, role_id: str, first_name: Optional[str] = None, last_name: Optional[str] = None,
               title: Optional[str] = None) -> Optional[Dict[str, Any]]:
        """Invite EMAIL with the organization role ROLE_ID; the new enrollment when the API answers it, else None."""
        values = {'email': email, 'role_id': role_id, 'first_name': first_name, 'last_name': last_name, 'title': title}
        body = dict((api.ENROLLMENT_BODY_FIELDS[key], value) for key, value in values.items() if value is not None)
        return enrollment_item(self.client.fetch(endpoints.CREATE_ENROLLMENT, body=body))

    def resend(self, enrollment_id: str) -> Optional[Dict[str, Any]]:
        return enrollment_item(self.client.fetch(endpoints.RESEND_ENROLLMENT, enrollment_id=enrollment_id))

    def cancel(self, enrollment_id: str) -> Optional[Dict[str, Any]]:
        return enrollment_item(self.client.fetch(endpoints.CANCEL_ENROLLMENT, enrollment_id=enrollment_id))


def enrollment_item(item: Any) -> Optional[Dict[str, Any]]:
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
