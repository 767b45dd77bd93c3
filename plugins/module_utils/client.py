# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection.

Owns the session, authentication, retries, the rate-limit governor, error
mapping, redaction and pagination. It keeps no caches and no globals: one
client lives for one module run, and ``request()`` may be called from several
threads at once (``concurrency`` of them).

Every message the client builds goes through ``redact()``: the token, in any
case, and anything shaped like an organization token never reaches an error,
a detail or a warning.
"""

import collections
import email.utils
import ipaddress
import os
import random
import re
import ssl
import threading
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
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import bounded_map

BACKOFF_BASE = 0.5  # seconds before the first retry, doubled each attempt
BACKOFF_CAP = 30.0  # no computed delay is longer
CONCURRENCY_MIN = 1
CONCURRENCY_MAX = 32
DEFAULT_CONCURRENCY = 8
SNIPPET_LENGTH = 200  # characters of a non-JSON error body shown (after redaction)
REDACTED = '********'

# Anything shaped like an organization token, in any case: 'tot_' and the
# characters a token may carry. Masked wherever the client builds a message.
TOKEN_SHAPE = re.compile(re.escape(api.TOKEN_PREFIX) + r'[A-Za-z0-9_\-+/=~]+', re.IGNORECASE)
# A token is one word of printable ASCII: no white space, no control character.
TOKEN_CHARACTERS = re.compile(r'^[\x21-\x7e]+$')


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
    """How the client waits (replaced by the tests, so they need not wait)."""
    time.sleep(seconds)


def default_clock():
    """Seconds on a monotonic clock: what the rate-limit governor measures waits with (replaced by the tests)."""
    return time.monotonic()


def redact(text, secret=None):
    """TEXT with SECRET (any case) and anything shaped like an organization token masked."""
    if text is None:
        return None
    text = str(text)
    if secret:
        for form in set((secret, repr(secret)[1:-1])):  # as is, and as a repr() shows it
            text = re.sub(re.escape(form), REDACTED, text, flags=re.IGNORECASE)
    return TOKEN_SHAPE.sub(REDACTED, text)


def check_api_url(api_url):
    """Return the base URL (surrounding white space and trailing slashes removed), or raise InputError.

    Refused: a scheme other than http(s), no host, a user name or password
    (requests would send Basic auth instead of the token), a query or a
    fragment (the URL is a base the paths are appended to), a port outside
    1-65535, white space inside, and plain http to a host that is not
    loopback (the token must never cross a network in clear text).
    """
    url = '' if api_url is None else str(api_url).strip()
    shown = redact(url)
    if not url:
        raise InputError('api_url is empty; give the base URL of the API, e.g. {0}'.format(api.DEFAULT_API_URL))
    if re.search(r'[\s\x00-\x1f\x7f]', url):
        raise InputError("api_url '{0}' contains white space or a control character; give the base URL alone, "
                         "e.g. {1}".format(shown.encode('unicode_escape').decode('ascii'), api.DEFAULT_API_URL))
    parts = urlsplit(url)
    if parts.scheme not in ('https', 'http') or not url.lower().startswith(parts.scheme + '://'):
        raise InputError(
            "api_url '{0}' is not an http(s) URL; use e.g. {1}".format(shown, api.DEFAULT_API_URL))
    if '@' in parts.netloc:
        # Not echoed: what precedes the @ may be a password.
        raise InputError(
            'api_url must not contain a user name or password (https://user:password@host): the API is '
            'authenticated with api_token only. Remove the part before the @ from api_url')
    if '?' in url or '#' in url:
        raise InputError(
            "api_url '{0}' has a query (?...) or a fragment (#...); give the base URL alone, e.g. {1}".format(
                shown, api.DEFAULT_API_URL))
    if not parts.hostname:
        raise InputError("api_url '{0}' names no host; use e.g. {1}".format(shown, api.DEFAULT_API_URL))
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise InputError("api_url '{0}' has an invalid port: a port is a number from 1 to 65535".format(shown))
    if parts.scheme == 'http' and not is_loopback(parts.hostname):
        raise InputError(
            "api_url '{0}' uses plain http to a host that is not loopback: the API token would cross the "
            "network in clear text. Use https:// (plain http is accepted only for 127.0.0.0/8, ::1 and "
            "localhost, e.g. the bundled emulator)".format(shown))
    return url.rstrip('/')


def is_loopback(host):
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host.lower() == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_token(api_token):
    """Return the token without surrounding white space, or raise InputError (never showing it)."""
    token = api_token.strip() if isinstance(api_token, str) else api_token
    if not token:
        raise InputError(
            'api_token is required: set the TRANSACTIONLINK_API_TOKEN environment variable (recommended; what the '
            'AWX credential type injects), module_defaults for group/transactionlink.access.api, or the api_token option')
    if not isinstance(token, str):
        raise InputError('api_token must be a string')
    if token.lower().startswith('bearer'):
        raise InputError(
            'api_token starts with "Bearer": give the organization token alone (tot_...); the API expects it '
            'as-is in the Authorization header, without a "Bearer " prefix')
    if not TOKEN_CHARACTERS.match(token):
        raise InputError(
            'api_token contains white space, a control character or a non-ASCII character inside it; an organization '
            'token is one word (tot_ followed by letters and digits). Check how it was copied (the value is not shown)')
    return token


def check_ca_path(ca_path):
    """Return CA_PATH (None when empty), or raise InputError when it cannot be used."""
    if not ca_path:
        return None
    if os.path.isdir(ca_path):
        return ca_path
    if not os.path.isfile(ca_path):
        raise InputError("ca_path '{0}' does not exist; give the path of a CA bundle in PEM form".format(ca_path))
    try:
        ssl.create_default_context(cafile=ca_path)
    except (OSError, ValueError, ssl.SSLError) as exc:
        raise InputError("ca_path '{0}' cannot be used as a CA bundle ({1}); give a file of PEM certificates "
                         "(-----BEGIN CERTIFICATE-----)".format(ca_path, redact(exc)))
    return ca_path


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


def retry_budget(timeout, max_retries):
    """Seconds one request may wait in total between its attempts: timeout x max_retries."""
    return float(timeout) * max_retries


def is_certificate_error(exc):
    """True when EXC (or what caused it) is a failed verification of the server's certificate."""
    seen = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        if isinstance(current, BaseException):
            todo.extend([current.__cause__, current.__context__, getattr(current, 'reason', None)])
            todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return 'certificate verify failed' in str(exc).lower()


class TokenAuth(object):
    """Puts the token in the Authorization header, as-is.

    Being the session's auth, it also keeps requests from replacing the token
    with credentials from ~/.netrc.
    """

    def __init__(self, token):
        self._token = token

    def __call__(self, request):
        request.headers[api.AUTH_HEADER] = self._token  # no "Bearer " prefix
        return request

    def __repr__(self):
        return 'TokenAuth(' + REDACTED + ')'


class TransactionLinkClient(object):
    """Talks to the TransactionLink organization API.

    ``sleep``, ``clock`` and ``rand`` are injectable so tests need not wait;
    by default the module-level ``default_sleep`` and ``default_clock`` are
    used (looked up at each use, so tests may replace them).

    Retries are counted, not reported one by one: ``retry_counts()`` and
    ``retry_summary()`` give what a module reports once per run.
    """

    def __init__(self, api_url, api_token, validate_certs=True, timeout=30, max_retries=5,
                 concurrency=DEFAULT_CONCURRENCY, ca_path=None, session=None, sleep=None, clock=None,
                 rand=random.random):
        self.api_url = check_api_url(api_url)
        self._token = check_token(api_token)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise InputError('timeout must be a positive number of seconds, got {0}'.format(timeout))
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise InputError('max_retries must be 0 or more, got {0}'.format(max_retries))
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or \
                not CONCURRENCY_MIN <= concurrency <= CONCURRENCY_MAX:
            raise InputError('concurrency must be a whole number from {0} to {1}, got {2}'.format(
                CONCURRENCY_MIN, CONCURRENCY_MAX, concurrency))
        self.validate_certs = bool(validate_certs)
        self.ca_path = check_ca_path(ca_path)
        self.timeout = timeout
        self.max_retries = max_retries
        self.concurrency = concurrency
        self.retry_budget = retry_budget(timeout, max_retries)
        self._sleep = sleep  # None: default_sleep, looked up when used
        self._clock = clock  # None: default_clock, looked up when used
        self._rand = rand
        self._lock = threading.Lock()
        self._resume_at = None  # clock time before which no new request starts (rate limited)
        self._retries = collections.Counter()
        self.request_count = 0  # every attempt sent, retries included
        self.session = session if session is not None else new_session(pool_size=max(concurrency, 10))
        self.session.auth = TokenAuth(self._token)
        self.session.headers['Accept'] = 'application/json'
        if urlsplit(self.api_url).scheme == 'http':
            # Plain http only reaches loopback: never through a proxy (it would see the token in clear
            # text), never with credentials from ~/.netrc. https keeps the proxy variables and NO_PROXY.
            self.session.trust_env = False
            self.session.proxies = {}

    @property
    def verify(self):
        """What requests' ``verify`` gets: False, the CA bundle, or True (the system's CAs)."""
        if not self.validate_certs:
            return False
        return self.ca_path or True

    def redact(self, text):
        """TEXT with the token and anything shaped like one masked."""
        return redact(text, self._token)

    # -- retry accounting ----------------------------------------------------

    def retry_counts(self):
        """{reason: retries}, e.g. {'HTTP 429': 9, 'HTTP 503': 3, 'ConnectionError': 1}."""
        with self._lock:
            return dict(self._retries)

    def retry_summary(self):
        """One line for a module to warn with once per run, or None when nothing was retried."""
        counts = self.retry_counts()
        if not counts:
            return None
        total = sum(counts.values())
        parts = ', '.join('{0} x{1}'.format(reason, counts[reason]) for reason in sorted(counts))
        return 'API requests were retried {0} time(s): {1} (max_retries {2} per request)'.format(
            total, parts, self.max_retries)

    def _count_retry(self, reason):
        with self._lock:
            self._retries[reason] += 1

    # -- waiting ---------------------------------------------------------------

    def _now(self):
        return (self._clock or default_clock)()

    def _wait(self, seconds):
        (self._sleep or default_sleep)(seconds)

    def _pause_everyone(self, seconds):
        """Rate limited: no new request starts for SECONDS. Returns the end of the pause."""
        end = self._now() + seconds
        with self._lock:
            if self._resume_at is None or end > self._resume_at:
                self._resume_at = end
        return end

    def _wait_for_governor(self, honoured=None):
        """Wait while a rate-limit pause is in force; HONOURED is a pause end already waited for."""
        while True:
            with self._lock:
                resume_at = self._resume_at
            if resume_at is None or resume_at == honoured:
                return
            delay = resume_at - self._now()
            if delay <= 0:
                return
            self._wait(delay)
            honoured = resume_at

    def _backoff(self, attempt):
        # Exponential backoff with jitter: between half and all of base * 2^attempt.
        return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * (0.5 + self._rand() / 2)

    # -- transport ---------------------------------------------------------

    def request(self, method, path, params=None, body=None, scope=None):
        """Send one API request, retrying what may be retried; return the JSON body (or None).

        Thread-safe. Before each attempt the request waits while the governor
        holds a rate-limit pause. A 429, or a 503 with Retry-After, pauses
        every request of this client for the wait it asks; other retryable
        answers and connection errors make only this request back off. A
        request gives up after max_retries retries, or as soon as its next
        wait would take its total wait past ``retry_budget``.
        """
        url = self.api_url + path
        attempt, waited, honoured = 0, 0.0, None
        while True:
            self._wait_for_governor(honoured)
            with self._lock:
                self.request_count += 1
            try:
                response = self.session.request(
                    method, url, params=params, json=body, timeout=self.timeout, verify=self.verify)
            except requests.exceptions.SSLError as exc:
                raise self._tls_error(method, path, exc) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                reason = type(exc).__name__
                delay = self._backoff(attempt)
                if attempt >= self.max_retries or waited + delay > self.retry_budget:
                    raise TransactionLinkError(
                        method, path, detail=self.redact('{0}: {1}'.format(reason, exc)),
                        hint='tried {0} time(s); check api_url and the network'.format(attempt + 1)) from None
                self._count_retry(reason)
                self._wait(delay)
                waited += delay
                attempt += 1
                continue
            except Exception as exc:  # pylint: disable=broad-exception-caught
                # Anything else raised while sending (requests' InvalidHeader, InvalidURL, http.client's
                # ValueError...) may carry a header value, the token included: never let it escape as is.
                raise TransactionLinkError(
                    method, path, detail=self.redact('{0}: {1}'.format(type(exc).__name__, exc)),
                    hint='the request could not be sent; check api_url and api_token') from None
            status = response.status_code
            if status in api.RETRYABLE_STATUSES:
                retry_after = parse_retry_after(response.headers.get('Retry-After'))
                delay = retry_after if retry_after is not None else self._backoff(attempt)
                if attempt < self.max_retries and waited + delay <= self.retry_budget:
                    self._count_retry('HTTP {0}'.format(status))
                    if status == 429 or (status == 503 and retry_after is not None):
                        honoured = self._pause_everyone(delay)
                    self._wait(delay)
                    waited += delay
                    attempt += 1
                    continue
                raise self._error(method, path, response, scope, attempt, waited, delay)
            if status >= 400:
                raise self._error(method, path, response, scope, attempt)
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                raise TransactionLinkError(
                    method, path, status, detail='the answer is not JSON: ' + self._snippet(response)) from None

    def _tls_error(self, method, path, exc):
        """A TLS failure: not retried (trying again cannot make a certificate valid)."""
        detail = self.redact('{0}: {1}'.format(type(exc).__name__, exc))
        if is_certificate_error(exc):
            hint = ("the server's TLS certificate could not be verified{0}. If the API is behind a private CA, set "
                    "ca_path (or TRANSACTIONLINK_CA_PATH) to that CA's bundle in PEM form; only for a test server "
                    "you control, set validate_certs: false".format(
                        ' against ca_path ' + self.ca_path if self.ca_path else ' against the system CAs'))
        else:
            hint = 'the TLS handshake failed; check that api_url is the https URL of the API (and ca_path, if set)'
        return TransactionLinkError(method, path, detail=detail, hint=hint)

    def _error(self, method, path, response, scope, attempt, waited=None, next_delay=None):
        errors, detail = [], None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        fingerprint = None
        if isinstance(payload, dict):
            fingerprint = self.redact(payload.get('fingerprint')) if payload.get('fingerprint') else None
            for item in payload.get('errors') or []:
                if isinstance(item, dict):
                    errors.append({'code': self.redact(str(item.get('code', ''))),
                                   'message': self.redact(str(item.get('message', '')))})
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
            hint = 'gave up after {0} attempt(s)'.format(attempt + 1)
            if attempt < self.max_retries and next_delay is not None:
                hint += (' and {0:.1f}s of waiting: the next wait ({1:.1f}s) would pass the {2:.0f}s a request may '
                         'wait in total (timeout {3} x max_retries {4})'.format(
                             waited or 0.0, next_delay, self.retry_budget, self.timeout, self.max_retries))
            hint += '; raise max_retries or timeout, or try again later'
        return TransactionLinkError(method, path, status, errors, fingerprint, detail, hint)

    def _snippet(self, response):
        # Redact first, then cut: a cut through a token must not leave its first characters.
        text = self.redact((response.text or '').strip()).replace('\r', ' ').replace('\n', ' ')
        if len(text) > SNIPPET_LENGTH:
            text = text[:SNIPPET_LENGTH] + '...'
        return text or 'empty body'

    def get_all_pages(self, path, scope=None):
        """Every item of a paged list (0-based pages), in page order.

        Page 0 gives totalPages; the other pages are then fetched in parallel
        (at most ``concurrency`` at once). A server that caps the page size
        still yields every item, because its totalPages counts its own pages.
        """
        def page(number):
            body = self.request('GET', path, params={api.PAGE_PARAM: number, api.SIZE_PARAM: api.PAGE_SIZE}, scope=scope)
            return body if isinstance(body, dict) else {}

        first = page(0)
        items = list(first.get(api.PAGE_CONTENT) or [])
        total_pages = first.get(api.PAGE_TOTAL_PAGES)
        if not items or not isinstance(total_pages, int) or total_pages <= 1:
            return items
        for body in bounded_map(page, range(1, total_pages), self.concurrency):
            items.extend(body.get(api.PAGE_CONTENT) or [])
        return items

    # -- endpoints -----------------------------------------------------------
    # Every id read from the API leaves these methods in canonical form (ids.canonical_id).

    def list_workspaces(self):
        return [_with_ids(w, 'id') for w in self.request('GET', api.WORKSPACES, scope=api.SCOPE_VIEW_WORKSPACE) or []]

    def list_workspace_roles(self, workspace_id):
        roles = self.request('GET', _path(api.WORKSPACE_ROLES, workspace_id=workspace_id),
                             scope=api.SCOPE_VIEW_WORKSPACE) or []
        return [_with_ids(r, 'id', 'workspaceId') for r in roles]

    def list_direct_memberships(self, workspace_id):
        members = self.request('GET', _path(api.DIRECT_MEMBERSHIPS, workspace_id=workspace_id),
                               scope=api.SCOPE_VIEW_WORKSPACE) or []
        return [_membership(m) for m in members]

    def list_all_memberships(self, workspace_id):
        """Direct and inherited memberships (organization admins)."""
        members = self.request('GET', _path(api.ALL_MEMBERSHIPS, workspace_id=workspace_id),
                               scope=api.SCOPE_VIEW_WORKSPACE) or []
        return [_membership(m) for m in members]

    def list_users(self):
        return [_with_ids(u, 'id') for u in self.get_all_pages(api.USERS, scope=api.SCOPE_MANAGE_USERS)]

    def set_membership(self, workspace_id, user_id, role_id):
        """Add a user to a workspace, or change a member's role in place."""
        answer = self.request(api.MEMBERSHIP_WRITE_METHOD,
                              _path(api.MEMBERSHIP, workspace_id=workspace_id, user_id=user_id),
                              body={'userId': user_id, 'roleId': role_id}, scope=api.SCOPE_MANAGE_ACCESS)
        return _membership(answer) if isinstance(answer, dict) else answer

    def remove_membership(self, workspace_id, user_id):
        """Remove a membership: True when removed, False when the API says there is none (already absent).

        A DELETE whose answer was lost and that is retried finds the
        membership gone: see api_facts.MEMBERSHIP_ABSENT_STATUS.
        """
        try:
            self.request(api.MEMBERSHIP_DELETE_METHOD,
                         _path(api.MEMBERSHIP, workspace_id=workspace_id, user_id=user_id),
                         scope=api.SCOPE_MANAGE_ACCESS)
        except TransactionLinkError as exc:
            if exc.status == api.MEMBERSHIP_ABSENT_STATUS:
                return False
            raise
        return True


def _with_ids(item, *keys):
    """A copy of ITEM with the ids under KEYS in canonical form (anything not a dict is returned as is)."""
    if not isinstance(item, dict):
        return item
    item = dict(item)
    for key in keys:
        if key in item:
            item[key] = canonical_id(item[key])
    return item


def _membership(item):
    """A WorkspaceMembershipResponse with every id in canonical form."""
    item = _with_ids(item, 'workspaceId', 'userId')
    if isinstance(item, dict) and isinstance(item.get('role'), dict):
        item['role'] = _with_ids(item['role'], 'id', 'workspaceId')
    return item


def _path(template, **ids):
    return template.format(**dict((k, quote(str(v), safe='')) for k, v in ids.items()))
