# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection.

Owns the session, authentication, retries, error mapping and pagination. It
keeps no state beyond its session and settings (no caches, no globals), so
independent requests may later be sent from several threads.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import ipaddress
import random
import time

from urllib.parse import quote, urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised through missing_required_lib
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError

BACKOFF_BASE = 0.5  # seconds before the first retry, doubled each attempt
BACKOFF_CAP = 30.0  # no computed delay is longer
RETRY_AFTER_CAP = 120.0  # a server's Retry-After is honoured up to this
REDACTED = '********'


def new_session(pool_size=10):
    """A requests session whose connection pool holds POOL_SIZE connections.

    The one place a session is made: the in-process tests replace it with one
    whose transport calls the emulator app directly.
    """
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    return session


def default_sleep(seconds):
    """How the client waits between retries (replaced by the tests, so they need not wait)."""
    time.sleep(seconds)


def check_api_url(api_url):
    """Return the URL without a trailing slash, or raise InputError.

    Plain http is refused unless the host is loopback: the token must never
    cross a network in clear text.
    """
    parts = urlsplit(api_url or '')
    if parts.scheme not in ('https', 'http') or not parts.hostname:
        raise InputError(
            "api_url '{0}' is not an http(s) URL; use e.g. {1}".format(api_url, api.DEFAULT_API_URL))
    if parts.scheme == 'http' and not _is_loopback(parts.hostname):
        raise InputError(
            "api_url '{0}' uses plain http to a host that is not loopback: the API token would cross the "
            "network in clear text. Use https:// (plain http is accepted only for 127.0.0.0/8, ::1 and "
            "localhost, e.g. the bundled emulator)".format(api_url))
    return api_url.rstrip('/')


def _is_loopback(host):
    if host.lower() == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class TransactionLinkClient(object):
    """Talks to the TransactionLink organization API.

    ``on_retry(message)`` is called before each retry (modules turn it into a
    warning); ``sleep`` and ``rand`` are injectable so tests need not wait.
    """

    def __init__(self, api_url, api_token, validate_certs=True, timeout=30, max_retries=5,
                 session=None, on_retry=None, sleep=None, rand=random.random):
        if not api_token:
            raise InputError(
                'api_token is required: set the api_token option, module_defaults for '
                'group/transactionlink.access.api, or the TRANSACTIONLINK_API_TOKEN environment variable')
        if max_retries < 0:
            raise InputError('max_retries must be 0 or more, got {0}'.format(max_retries))
        if timeout <= 0:
            raise InputError('timeout must be a positive number of seconds, got {0}'.format(timeout))
        self.api_url = check_api_url(api_url)
        self._token = api_token
        self.validate_certs = validate_certs
        self.timeout = timeout
        self.max_retries = max_retries
        self._on_retry = on_retry
        self._sleep = sleep  # None: default_sleep, looked up when used
        self._rand = rand
        self.session = session if session is not None else new_session()
        self.session.headers[api.AUTH_HEADER] = api_token  # as-is: no "Bearer " prefix
        self.session.headers['Accept'] = 'application/json'
        self.request_count = 0  # every attempt sent, retries included

    # -- transport ---------------------------------------------------------

    def request(self, method, path, params=None, body=None, scope=None):
        """Send one API request, retrying what may be retried; return the JSON body (or None)."""
        url = self.api_url + path
        attempt = 0
        while True:
            try:
                self.request_count += 1
                response = self.session.request(
                    method, url, params=params, json=body, timeout=self.timeout, verify=self.validate_certs)
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if attempt >= self.max_retries:
                    raise TransactionLinkError(
                        method, path, detail=self._redact('{0}: {1}'.format(type(exc).__name__, exc)),
                        hint='tried {0} time(s); check api_url and the network'.format(attempt + 1))
                self._wait(attempt, None, method, path, type(exc).__name__)
                attempt += 1
                continue
            if response.status_code in api.RETRYABLE_STATUSES and attempt < self.max_retries:
                self._wait(attempt, response.headers.get('Retry-After'), method, path,
                           'HTTP {0}'.format(response.status_code))
                attempt += 1
                continue
            if response.status_code >= 400:
                raise self._error(method, path, response, scope, attempt)
            if response.status_code == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                raise TransactionLinkError(method, path, response.status_code,
                                           detail='the answer is not JSON: ' + self._snippet(response))

    def _wait(self, attempt, retry_after, method, path, reason):
        delay = parse_retry_after(retry_after)
        if delay is not None:
            delay = min(delay, RETRY_AFTER_CAP)
        else:
            # Exponential backoff with jitter: between half and all of base * 2^attempt.
            delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * (0.5 + self._rand() / 2)
        if self._on_retry is not None:
            self._on_retry('{0} {1}: {2}, retry {3} of {4} in {5:.1f}s'.format(
                method, path, reason, attempt + 1, self.max_retries, delay))
        (self._sleep or default_sleep)(delay)

    def _error(self, method, path, response, scope, attempt):
        errors, fingerprint, detail = [], None, None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if isinstance(payload, dict):
            fingerprint = payload.get('fingerprint')
            for item in payload.get('errors') or []:
                if isinstance(item, dict):
                    errors.append({'code': self._redact(str(item.get('code', ''))),
                                   'message': self._redact(str(item.get('message', '')))})
        if not errors:
            detail = self._snippet(response)
        status = response.status_code
        hint = None
        if status == 401:
            hint = ('Check api_token: it must be a valid TransactionLink organization token (tot_...), '
                    'given as-is without a "Bearer " prefix')
        elif status == 403:
            hint = 'The token lacks the scope this request needs'
            if scope:
                hint += ' ({0})'.format(scope)
        elif status in api.RETRYABLE_STATUSES:
            hint = 'gave up after {0} attempt(s); raise max_retries or try again later'.format(attempt + 1)
        return TransactionLinkError(method, path, status, errors, fingerprint, detail, hint)

    def _snippet(self, response):
        text = (response.text or '').strip().replace('\n', ' ')
        return self._redact(text[:200]) or 'empty body'

    def _redact(self, text):
        return text.replace(self._token, REDACTED) if self._token else text

    def get_all_pages(self, path, scope=None):
        """Every item of a paged list (0-based pages), following totalPages."""
        items, page = [], 0
        while True:
            body = self.request('GET', path, params={api.PAGE_PARAM: page, api.SIZE_PARAM: api.PAGE_SIZE},
                                scope=scope)
            content = (body or {}).get(api.PAGE_CONTENT) or []
            items.extend(content)
            total_pages = (body or {}).get(api.PAGE_TOTAL_PAGES)
            page += 1
            if not content or total_pages is None or page >= total_pages:
                return items

    # -- endpoints -----------------------------------------------------------

    def list_workspaces(self):
        return self.request('GET', api.WORKSPACES, scope=api.SCOPE_VIEW_WORKSPACE) or []

    def list_workspace_roles(self, workspace_id):
        return self.request('GET', _path(api.WORKSPACE_ROLES, workspace_id=workspace_id),
                            scope=api.SCOPE_VIEW_WORKSPACE) or []

    def list_direct_memberships(self, workspace_id):
        return self.request('GET', _path(api.DIRECT_MEMBERSHIPS, workspace_id=workspace_id),
                            scope=api.SCOPE_VIEW_WORKSPACE) or []

    def list_all_memberships(self, workspace_id):
        """Direct and inherited memberships (organization admins)."""
        return self.request('GET', _path(api.ALL_MEMBERSHIPS, workspace_id=workspace_id),
                            scope=api.SCOPE_VIEW_WORKSPACE) or []

    def list_users(self):
        return self.get_all_pages(api.USERS, scope=api.SCOPE_MANAGE_USERS)

    def set_membership(self, workspace_id, user_id, role_id):
        """Add a user to a workspace, or change a member's role in place."""
        return self.request(api.MEMBERSHIP_WRITE_METHOD,
                            _path(api.MEMBERSHIP, workspace_id=workspace_id, user_id=user_id),
                            body={'userId': user_id, 'roleId': role_id}, scope=api.SCOPE_MANAGE_ACCESS)

    def remove_membership(self, workspace_id, user_id):
        return self.request(api.MEMBERSHIP_DELETE_METHOD,
                            _path(api.MEMBERSHIP, workspace_id=workspace_id, user_id=user_id),
                            scope=api.SCOPE_MANAGE_ACCESS)


def _path(template, **ids):
    return template.format(**dict((k, quote(str(v), safe='')) for k, v in ids.items()))
