# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The endpoints the collection calls, one table entry each, and paging.

An ``Endpoint`` names the method, the path (an api_facts template), the scope,
the documented shape of its answer (_shapes.py) and how the ids of what it
answers are put in canonical form. ``Endpoints.fetch(endpoint, **ids)`` sends
it, follows every page of a paged list, checks the answer's shape before
anyone reads it and returns it with canonical ids. Adding an endpoint is one
entry in ENDPOINTS (and, for a new kind of object, its shape in _shapes.py).
"""

import json
import threading

from typing import Any, Callable, Dict, List, NamedTuple, Optional
from urllib.parse import quote

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import _shapes as shapes
from ansible_collections.transactionlink.access.plugins.module_utils.errors import (
    AnswerError, InputError, TransactionLinkError)
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import bounded_map


def ids_of(*keys: str) -> Callable[[Any], Any]:
    """A function that returns a copy of an item with the ids under KEYS in canonical form."""
    def canonical(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        item = dict(item)
        for key in keys:
            if key in item:
                item[key] = canonical_id(item[key])
        return item
    return canonical


def membership(item: Any) -> Any:
    """A WorkspaceMembershipResponse with every id in canonical form."""
    item = ids_of('workspaceId', 'userId')(item)
    if isinstance(item, dict) and isinstance(item.get('role'), dict):
        item['role'] = ids_of('id', 'workspaceId')(item['role'])
    return item


class Endpoint(NamedTuple):
    """One endpoint: METHOD TEMPLATE with SCOPE; SHAPE of a 2xx answer with a body (of each page's content when
    PAGED), None when no body is read; CANONICAL puts the ids of each answered item in canonical form."""

    method: str
    template: str
    scope: str
    shape: Any
    canonical: Callable[[Any], Any] = ids_of('id')
    paged: bool = False


_VIEW, _ACCESS, _USERS = api.SCOPE_VIEW_WORKSPACE, api.SCOPE_MANAGE_ACCESS, api.SCOPE_MANAGE_USERS
WORKSPACES = Endpoint('GET', api.WORKSPACES, _VIEW, [shapes.WORKSPACE])
WORKSPACE_ROLES = Endpoint('GET', api.WORKSPACE_ROLES, _VIEW, [shapes.ROLE_REF], ids_of('id', 'workspaceId'))
DIRECT_MEMBERSHIPS = Endpoint('GET', api.DIRECT_MEMBERSHIPS, _VIEW, [shapes.MEMBERSHIP], membership)
ALL_MEMBERSHIPS = Endpoint('GET', api.ALL_MEMBERSHIPS, _VIEW, [shapes.MEMBERSHIP], membership)
SET_MEMBERSHIP = Endpoint(api.MEMBERSHIP_WRITE_METHOD, api.MEMBERSHIP, _ACCESS, shapes.MEMBERSHIP, membership)
REMOVE_MEMBERSHIP = Endpoint(api.MEMBERSHIP_DELETE_METHOD, api.MEMBERSHIP, _ACCESS, None)
USERS = Endpoint('GET', api.USERS, _USERS, shapes.USER_PAGE, paged=True)
ORGANIZATION_ROLES = Endpoint('GET', api.ORGANIZATION_ROLES, _USERS, [shapes.ORGANIZATION_ROLE])
ENROLLMENTS = Endpoint('GET', api.ENROLLMENTS, _USERS, shapes.page_of(shapes.ENROLLMENT), ids_of(), paged=True)
CREATE_ENROLLMENT = Endpoint(api.ENROLLMENT_WRITE_METHOD, api.ENROLLMENTS, _USERS, shapes.ENROLLMENT, ids_of())
RESEND_ENROLLMENT = Endpoint(api.ENROLLMENT_WRITE_METHOD, api.ENROLLMENT_RESEND, _USERS, shapes.ENROLLMENT, ids_of())
CANCEL_ENROLLMENT = Endpoint(api.ENROLLMENT_WRITE_METHOD, api.ENROLLMENT_CANCEL, _USERS, shapes.ENROLLMENT, ids_of())
SET_USER_ROLE = Endpoint(api.USER_WRITE_METHOD, api.USER_ROLE, _USERS, shapes.ORGANIZATION_USER, ids_of('id', api.USER_ROLE_ID))
SET_USER_PROFILE = Endpoint(api.USER_WRITE_METHOD, api.USER_PROFILE, _USERS, shapes.ORGANIZATION_USER,
                            ids_of('id', api.USER_ROLE_ID))

# Every Endpoint defined above, in order: a new one is listed (and its answer documented in ANSWERS) by its line.
ENDPOINTS = tuple(value for value in list(globals().values()) if isinstance(value, Endpoint))
# (method, path as in api_facts) -> the shape of a 2xx answer with a body. A write's answer may also be empty.
ANSWERS = dict(((e.method, e.template), e.shape) for e in ENDPOINTS if e.shape is not None)


def fill(template: str, **ids: Any) -> str:
    """TEMPLATE with its placeholders filled from IDS, each URL-encoded."""
    return template.format(**dict((k, quote(str(v), safe='')) for k, v in ids.items()))


def require_ids(**ids: Any) -> None:
    """Never write to /workspaces/None/...: every id of a write is a non-empty string."""
    for name, value in sorted(ids.items()):
        if not isinstance(value, str) or not value.strip():
            raise InputError('refusing to write with {0} {1!r}: an id must be a non-empty string'.format(name, value))


def checked(method: str, path: str, shape: Any, answer: Any, status: int = 200) -> Any:
    """ANSWER when it has SHAPE, else AnswerError (naming what is wrong, never quoting a value)."""
    found = shapes.problem(answer, shape)
    if found:
        raise AnswerError(method, path, status, found, hint=(
            'The API documents another shape; nothing was done with this answer. Check that api_url is the '
            'TransactionLink API'))
    return answer


def _page_key(content: List[Any]) -> tuple:
    """What identifies a page's items, to find a page that repeats another: the items themselves (an enrollment
    has no 'id', so two full pages of them would look alike by id)."""
    return tuple(json.dumps(item, sort_keys=True, default=str) for item in content)


def page_count(path: str, first: Dict[str, Any]) -> int:
    """How many pages the list whose page 0 is FIRST has; AnswerError when its counts cannot be."""
    size, total = first[api.PAGE_SIZE_FIELD], first[api.PAGE_TOTAL_ELEMENTS]
    claimed = first[api.PAGE_TOTAL_PAGES]
    if size < 1:
        raise AnswerError('GET', path, 200, 'page 0 says size {0}, expected 1 or more'.format(size))
    pages = max(1, -(-total // size))
    if claimed > pages:
        problem = 'page 0 claims totalPages {0}, but totalElements {1} at size {2} make {3} page(s)'.format(
            claimed, total, size, pages)
    elif pages > api.MAX_PAGES:
        problem = 'totalElements {0} at size {1} make {2} pages, more than the {3} the client reads'.format(
            total, size, pages, api.MAX_PAGES)
    else:
        return pages
    raise AnswerError('GET', path, 200, problem, hint=(
        'Nothing was done with this listing: a page count the API cannot have is taken as a wrong answer'))


class Endpoints:
    """The endpoint methods of the client; a subclass gives ``request(method, path, params, body, scope)`` and
    ``concurrency``. Every answer is checked against its documented shape before it is used, and every id read
    from the API leaves these methods in canonical form (ids.canonical_id)."""

    concurrency = 1
    page_size = api.PAGE_SIZE  # api.DEFAULT_PAGE_SIZE for the rest of the run once the API refused it
    notices = ()  # type: tuple  # what the client worked around, reported once with the retries
    _notice_lock = threading.Lock()

    def request(self, method: str, path: str, params: Optional[Dict[str, Any]] = None, body: Any = None,
                scope: Optional[str] = None) -> Any:
        raise NotImplementedError

    def fetch(self, endpoint: Endpoint, params: Optional[Dict[str, Any]] = None, body: Any = None, **ids: Any) -> Any:
        """ENDPOINT's answer (every page of a paged list), shape-checked, ids canonical; None for an empty write answer.

        IDS fill the path's placeholders (a write refuses an empty one);
        PARAMS are further query parameters, BODY the JSON body.
        """
        if endpoint.method != 'GET':
            require_ids(**ids)
        path = fill(endpoint.template, **ids)
        if endpoint.paged:
            items = self.get_all_pages(path, scope=endpoint.scope, params=params, shape=endpoint.shape)
            return [endpoint.canonical(item) for item in items]
        answer = self.request(endpoint.method, path, params=params, body=body, scope=endpoint.scope)
        if endpoint.shape is None or (answer is None and endpoint.method != 'GET'):
            return None
        answer = checked(endpoint.method, path, endpoint.shape, answer)
        if isinstance(answer, list):
            return [endpoint.canonical(item) for item in answer]
        return endpoint.canonical(answer)

    def call(self, method: str, template: str, body: Any = None, scope: Optional[str] = None, **ids: Any) -> Any:
        """One request to TEMPLATE (an api_facts path, placeholders filled from IDS): its answer, shape-checked.

        For a path not (yet) in ENDPOINTS: the answer must have the shape
        ANSWERS documents for (METHOD, TEMPLATE); an empty answer to a write is None.
        """
        path = fill(template, **ids)
        answer = self.request(method, path, body=body, scope=scope)
        if answer is None and method != 'GET':
            return None
        return checked(method, path, ANSWERS[(method, template)], answer)

    def get_all_pages(self, path: str, scope: Optional[str] = None, params: Optional[Dict[str, Any]] = None,
                      shape: Any = None) -> List[Any]:
        """Every item of a paged list (0-based pages), in page order; PARAMS are further query parameters.

        Page 0 gives the counts; the other pages are then fetched in windows
        of ``concurrency`` pages at once. The page count is bounded: at most
        ceil(totalElements / size) pages are read (size as the server answers
        it: a server that caps the page size still yields every item), the
        listing stops at the first empty page, and fails (AnswerError, naming
        the endpoint and the counts) when totalPages is more than that or
        than api_facts.MAX_PAGES, or when a page repeats an earlier one (a
        server that ignores the page number). SHAPE is the page's (default:
        what ANSWERS documents for PATH).
        """
        shape = ANSWERS[('GET', path)] if shape is None else shape

        def page(number: int, asked: int) -> Dict[str, Any]:
            query = dict(params or {}, **{api.PAGE_PARAM: number, api.SIZE_PARAM: asked})
            return checked('GET', path, shape, self.request('GET', path, params=query, scope=scope))

        asked, first = self._first_page(path, page)
        items = list(first[api.PAGE_CONTENT])
        pages = page_count(path, first)
        if not items:
            return items
        seen = {_page_key(items): 0}
        number = 1
        while number < pages:
            window = list(range(number, min(pages, number + self.concurrency)))
            for current, body in zip(window, bounded_map(lambda n: page(n, asked), window, self.concurrency)):
                content = body[api.PAGE_CONTENT]
                if not content:
                    return items
                key = _page_key(content)
                if key in seen:
                    raise AnswerError('GET', path, 200, (
                        'page {0} repeats page {1} ({2} of {3} item(s) read, {4} page(s) expected): the API seems to '
                        'ignore the page number').format(current, seen[key], len(items), first[api.PAGE_TOTAL_ELEMENTS],
                                                         pages),
                        hint='Nothing was done with this listing: a partial list is never taken for the whole')
                seen[key] = current
                items.extend(content)
            number = window[-1] + 1
        return items

    def _first_page(self, path: str, page: Callable[[int, int], Dict[str, Any]]) -> tuple:
        """(size asked, page 0) of a listing, at the run's page size.

        No maximum page size is documented (api_facts.PAGE_SIZE is INFERRED):
        page 0 refused with PAGE_SIZE_REFUSED_STATUS at a larger size is asked
        again at the documented DEFAULT_PAGE_SIZE, which every later listing of
        this client keeps; the fact is reported once (``retry_summary``). A
        refusal at the default size is an error like any other.
        """
        asked = self.page_size
        try:
            return asked, page(0, asked)
        except TransactionLinkError as exc:
            if exc.status != api.PAGE_SIZE_REFUSED_STATUS or asked <= api.DEFAULT_PAGE_SIZE:
                raise
        first = page(0, api.DEFAULT_PAGE_SIZE)
        with self._notice_lock:
            if self.page_size != api.DEFAULT_PAGE_SIZE:
                self.page_size = api.DEFAULT_PAGE_SIZE
                self.notices = self.notices + (
                    'GET {0} with size={1} was refused (HTTP {2}); every listing of this run was read at the documented '
                    'default size {3} instead (more requests). No maximum page size is documented: api_facts.PAGE_SIZE '
                    '({1}) is INFERRED'.format(path, asked, api.PAGE_SIZE_REFUSED_STATUS, api.DEFAULT_PAGE_SIZE),)
        return api.DEFAULT_PAGE_SIZE, first

    # -- the endpoints the directory reads and writes through ---------------------------------

    def list_workspaces(self) -> List[Dict[str, Any]]:
        return self.fetch(WORKSPACES)

    def list_workspace_roles(self, workspace_id: str) -> List[Dict[str, Any]]:
        return self.fetch(WORKSPACE_ROLES, workspace_id=workspace_id)

    def list_direct_memberships(self, workspace_id: str) -> List[Dict[str, Any]]:
        return self.fetch(DIRECT_MEMBERSHIPS, workspace_id=workspace_id)

    def list_all_memberships(self, workspace_id: str) -> List[Dict[str, Any]]:
        """Direct and inherited memberships (organization admins)."""
        return self.fetch(ALL_MEMBERSHIPS, workspace_id=workspace_id)

    def list_users(self) -> List[Dict[str, Any]]:
        return self.fetch(USERS)

    def set_membership(self, workspace_id: str, user_id: str, role_id: str) -> Optional[Dict[str, Any]]:
        """Add a user to a workspace, or change a member's role in place (the answer: the membership, or None)."""
        require_ids(role_id=role_id)
        return self.fetch(SET_MEMBERSHIP, body={'userId': user_id, 'roleId': role_id},
                          workspace_id=workspace_id, user_id=user_id)

    def remove_membership(self, workspace_id: str, user_id: str) -> bool:
        """Remove a membership: True when removed, False when the API says there is none (already absent).

        A DELETE whose answer was lost and that is retried finds the
        membership gone: see api_facts.MEMBERSHIP_ABSENT_STATUS.
        """
        try:
            self.fetch(REMOVE_MEMBERSHIP, workspace_id=workspace_id, user_id=user_id)
        except TransactionLinkError as exc:
            if exc.status == api.MEMBERSHIP_ABSENT_STATUS:
                return False
            raise
        return True
