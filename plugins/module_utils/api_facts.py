# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every fact about the TransactionLink organization API, in one place.

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
MEMBERSHIP = '/workspaces/{workspace_id}/memberships/{user_id}'
USERS = '/organizations/users'
USER = '/organizations/users/{user_id}'

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
# size 20). INFERRED: the page shape is the one documented for enrollments.
# INFERRED: the largest size the API accepts is not documented; the client
# asks for PAGE_SIZE and follows totalPages, so a server that caps the size
# (the emulator caps it at 100) still yields every user.
PAGE_PARAM = 'page'
SIZE_PARAM = 'size'
PAGE_SIZE = 1000
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
# without writing). The shape of each answer is in _shapes.py.

# Rate limiting is not documented; every SaaS API sends these. Every method
# this collection uses (GET, PUT, DELETE) is idempotent, so retrying is safe.
RETRYABLE_STATUSES = frozenset((429, 502, 503, 504))

# Permission scopes (changelog 2026-04-29); a token without one gets 403.
SCOPE_VIEW_WORKSPACE = 'can_view_workspace'
SCOPE_MANAGE_ACCESS = 'can_manage_workspace_access'
SCOPE_MANAGE_USERS = 'can_manage_users'
