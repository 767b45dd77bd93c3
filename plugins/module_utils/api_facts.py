# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Every fact about the TransactionLink organization API, in one place.

Facts come from the vendor's API reference (v3). Points marked INFERRED are not
read in the documentation but guessed from it: each is a one-line change here
when the real API disagrees.
"""

DEFAULT_API_URL = 'https://api.transactionlink.io'

# The organization token goes in this header as-is: no "Bearer " prefix.
AUTH_HEADER = 'Authorization'
TOKEN_PREFIX = 'tot_'

# Paths, relative to the API URL. Placeholders are filled with str.format().
WORKSPACES = '/organizations/workspaces'
# INFERRED: the documented path is cut off after "/org".
WORKSPACE_ROLES = '/organizations/workspaces/{workspace_id}/roles'
# Direct memberships only.
DIRECT_MEMBERSHIPS = '/workspaces/{workspace_id}/memberships'
# Direct and inherited (organization admins); how inherited entries are marked
# is not documented, so they are found by comparing with DIRECT_MEMBERSHIPS.
ALL_MEMBERSHIPS = '/organizations/workspaces/{workspace_id}/memberships'
# INFERRED: the path of DELETE and of "add or change" is cut off in the
# documentation. A removal answered 404 is confirmed by reading the
# workspace's direct members again: a member still there fails the task,
# naming this path.
MEMBERSHIP = '/workspaces/{workspace_id}/memberships/{user_id}'
USERS = '/organizations/users'

# INFERRED: the method of "add or change a membership" is cut off in the
# documentation. Treated as an upsert: it adds a user or changes a member's role.
MEMBERSHIP_WRITE_METHOD = 'PUT'
MEMBERSHIP_DELETE_METHOD = 'DELETE'
# INFERRED from the documented 404 ("resource does not exist"): a DELETE of a
# membership that does not exist answers 404. The client counts it as "already
# absent", not as a failure: when the answer of an applied DELETE is lost
# (502/504 after applying, a timeout, a reset), the retry finds it gone.
MEMBERSHIP_ABSENT_STATUS = 404

# /organizations/users is paged, page numbers 0-based (documented, default
# size DEFAULT_PAGE_SIZE). The page shape is documented (UserPageResponse).
PAGE_PARAM = 'page'
SIZE_PARAM = 'size'
DEFAULT_PAGE_SIZE = 20
# INFERRED: no maximum page size is documented. The client asks for PAGE_SIZE
# and follows totalPages, so a server that caps the size (the emulator caps
# it at 100) still yields every item. A server that refuses it instead: page 0
# answered PAGE_SIZE_REFUSED_STATUS is asked again at DEFAULT_PAGE_SIZE, and
# every later listing of the run uses that size, with one warning naming this.
PAGE_SIZE = 1000
PAGE_SIZE_REFUSED_STATUS = 400
PAGE_CONTENT = 'content'
PAGE_TOTAL_PAGES = 'totalPages'

# -- Answers the client does not take on trust (issue 15) ----------------------
# The other fields of a page (same INFERRED shape). The client reads at most
# ceil(totalElements / size) pages (size: the page's own, as the server may cap
# it), stops at an empty page, and fails on a page that repeats an earlier one
# or a totalPages larger than that.
PAGE_TOTAL_ELEMENTS = 'totalElements'
PAGE_SIZE_FIELD = 'size'
PAGE_NUMBER = 'number'
# Not documented: a safety bound of the client, not of the API. More pages than
# this (10 million users at the requested PAGE_SIZE, a million at the
# emulator's cap of 100) is taken as a lie, and the listing fails.
MAX_PAGES = 10000
# Not documented either: no endpoint this collection uses redirects. A 3xx
# answer is an error (never followed: a PUT followed as a GET would "succeed"
# without writing). The shape of each answer is in _api/_shapes.py.

# Rate limiting is not documented; every SaaS API sends these. Every method
# this collection uses (GET, PUT, DELETE) is idempotent, so retrying is safe.
RETRYABLE_STATUSES = frozenset((429, 502, 503, 504))

# Permission scopes (changelog 2026-04-29); a token without one gets 403.
SCOPE_VIEW_WORKSPACE = 'can_view_workspace'
SCOPE_MANAGE_ACCESS = 'can_manage_workspace_access'
SCOPE_MANAGE_USERS = 'can_manage_users'

# -- Enrollments: invitations to the organization (organization_invitation) --
# Documented: the paths, the scope (SCOPE_MANAGE_USERS), the list item fields
# {enrollmentId, email, status, lastInvitationSentAt (nullable)}, the four
# status words, the create body fields, and that the list is paged. Only page
# and size are documented query parameters: the list is read unfiltered and
# filtered by status on the client.
ORGANIZATION_ROLES = '/organizations/roles'
ENROLLMENTS = '/organizations/enrollments'
ENROLLMENT_RESEND = '/organizations/enrollments/{enrollment_id}/resend'
ENROLLMENT_CANCEL = '/organizations/enrollments/{enrollment_id}/cancel'
# INFERRED: the methods of create, resend and cancel are documented as POST;
# nothing says whether resend and cancel take a body: none is sent.
ENROLLMENT_WRITE_METHOD = 'POST'
# The enrollments page has the shape of the users page (PAGE_* above).
ENROLLMENT_STATUS_PENDING = 'PENDING'
ENROLLMENT_STATUS_ACCEPTED = 'ACCEPTED'
ENROLLMENT_STATUS_EXPIRED = 'EXPIRED'
ENROLLMENT_STATUS_CANCELLED = 'CANCELLED'
ENROLLMENT_STATUSES = (ENROLLMENT_STATUS_PENDING, ENROLLMENT_STATUS_ACCEPTED, ENROLLMENT_STATUS_EXPIRED,
                       ENROLLMENT_STATUS_CANCELLED)
# Item fields (documented).
ENROLLMENT_ID = 'enrollmentId'
ENROLLMENT_EMAIL = 'email'
ENROLLMENT_STATUS = 'status'
ENROLLMENT_SENT_AT = 'lastInvitationSentAt'
# The create body fields (documented; email and roleId required). An option
# left unset is not sent.
ENROLLMENT_BODY_FIELDS = {'email': 'email', 'role_id': 'roleId', 'first_name': 'firstName',
                          'last_name': 'lastName', 'title': 'title'}
# INFERRED: what create, resend and cancel answer is not documented. The
# enrollment item is used when one comes back (its enrollmentId is returned);
# anything else (no content) is accepted.
# INFERRED: POST is not idempotent, yet the client retries it after a 429,
# 502-504 or a dropped connection. After a write that failed, the enrollment
# list is read again: when the status the write was for is there (the write
# was applied and its answer lost, then the retry was refused), the write
# counts as done. A create retried after its answer was lost may also make a
# second PENDING invitation on a server that allows two; the emulator refuses
# it (400), which the re-read then confirms.

# -- Organization users: roles and profiles (organization_user) ---------------
# Documented (changelog 2026-04-29, scope SCOPE_MANAGE_USERS): PUT .../role and
# PUT .../profile ("first name, last name, title"). UserResponse (documented)
# carries the organization role as USER_ROLE_ID (owner, admin, member: see
# ORGANIZATION_ROLES) and the names and title inside USER_PROFILE.
USER_ROLE = '/organizations/users/{user_id}/role'
USER_PROFILE = '/organizations/users/{user_id}/profile'
USER_WRITE_METHOD = 'PUT'
USER_ROLE_ID = 'roleId'
USER_PROFILE_FIELD = 'profile'
# INFERRED: the captured page cuts off both bodies. The role body names the
# organization role by id; the profile body has the three fields below (the
# module sends all three: the current values merged with the given ones, so a
# PUT that replaces the whole profile keeps what was not given).
USER_ROLE_BODY = {'org_role': 'roleId'}
USER_PROFILE_BODY = {'first_name': 'firstName', 'last_name': 'lastName', 'title': 'title'}
# The organization role that may not disappear: a change that leaves the
# organization without one is refused before any write. An owner or admin
# has inherited access to every workspace; MEMBER has none.
ORGANIZATION_OWNER = 'owner'
ORGANIZATION_ADMIN_ROLES = ('owner', 'admin')
ORGANIZATION_MEMBER = 'member'
# INFERRED: what PUT .../role and .../profile answer is not documented. A
# UserResponse is checked and used when one comes back; no content is accepted.
