# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The one HTTP client of the collection.

Owns the session, authentication, retries, the rate-limit governor, error
mapping, redaction and pagination. It keeps no caches and no globals: one
client lives for one module run, and ``request()`` may be called from several
threads at once (``concurrency`` of them).

Every message the client builds goes through ``redact()``: the token (in any
case, with or without its prefix, base64- or URL-encoded, or any run of
REDACT_RUN of its characters) and anything shaped like an organization token
never reaches an error, a detail or a warning.

What the server answers is not trusted: redirects are not followed (a 3xx is
an error), every answer is checked against the documented shapes
(``_shapes.py``) before the caller sees it, the page count of a paged list is
bounded, and one request (its attempts, retries and waits included) ends
within its deadline, ``timeout x max_retries`` seconds (``timeout`` when
max_retries is 0), whatever the server does: each attempt runs in a worker
thread that the caller stops waiting for at the deadline.

The session, the sleep and the clock are given to the constructor (the tests
give an in-process transport and a clock that only moves when they wait);
by default they are a real requests session, ``time.sleep`` and
``time.monotonic``.
"""

import base64
import collections
import json
import socket
import email.utils
import ipaddress
import os
import queue
import random
import re
import ssl
import threading
import time

from urllib.parse import quote, quote_plus, urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised through missing_required_lib
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.transactionlink.access.plugins.module_utils import _shapes as shapes
from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.errors import (
    AnswerError, InputError, TransactionLinkError)
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import bounded_map

BACKOFF_BASE = 0.5  # seconds before the first retry of a 429 without Retry-After, doubled each attempt
BACKOFF_CAP = 30.0  # no computed delay is longer
# A 502/503/504 without Retry-After, a dropped connection or a timed-out attempt is a fault of one request, not a
# sign that the client goes too fast: its first retry waits at most TRANSIENT_FIRST seconds, each later one
# TRANSIENT_GROWTH times longer (0.05, 0.2, 0.8, 3.2, 12.8 s at most: five retries span up to 17 s, as the
# 0.5 s doubled schedule did), each a random part of that bound ("full jitter"). Under 20 % random faults
# a request then waits about 17 ms on average, where 0.5 s doubled made it about 0.2 s, 10 times its latency.
TRANSIENT_FIRST = 0.05
TRANSIENT_GROWTH = 4
CONCURRENCY_MIN = 1
CONCURRENCY_MAX = 32
DEFAULT_CONCURRENCY = 8
SNIPPET_LENGTH = 200  # characters of a non-JSON error body shown (after redaction)
REDACTED = '********'
REDACT_RUN = 20  # any run of this many characters of the token's secret part is masked

# Anything shaped like an organization token, in any case: 'tot_' (or 'tot%5F', URL-encoded) and the
# characters a token may carry. Masked wherever the client builds a message.
TOKEN_SHAPE = re.compile(re.escape(api.TOKEN_PREFIX[:-1]) + r'(?:_|%5F)[A-Za-z0-9_\-+/=~%]+', re.IGNORECASE)
# A token is one word of printable ASCII: no white space, no control character.
TOKEN_CHARACTERS = re.compile(r'^[\x21-\x7e]+$')


_ASCII_LOWER = dict((code, code + 32) for code in range(ord('A'), ord('Z') + 1))


def _new_session(pool_size):
    """A requests session whose connection pool holds POOL_SIZE connections (the client's default session)."""
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    return session


def _base64_cores(data):
    """The parts of base64(DATA) that are the same wherever DATA sits in a longer base64 text (each alphabet)."""
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(b'\0' * shift + data).decode('ascii')
        first = -(-shift * 8 // 6)  # the first character made of DATA's bits only
        last = (shift + len(data)) * 8 // 6  # after it, the characters depend on what follows DATA
        core = encoded[first:last]
        cores.update((core, core.replace('+', '-').replace('/', '_')))
    return cores


def _secret_forms(secret):
    """(case-insensitive forms, case-sensitive forms) in which SECRET may show up in a text."""
    part = secret[len(api.TOKEN_PREFIX):] if secret.lower().startswith(api.TOKEN_PREFIX) else secret
    folded = set()
    for value in (secret, part):
        folded.update((value, repr(value)[1:-1], json.dumps(value)[1:-1], quote(value, safe=''), quote_plus(value)))
    folded = set(f.translate(_ASCII_LOWER) for f in folded)
    exact = set()
    for value in (secret, part):
        exact.update(_base64_cores(value.encode('utf-8')))
    return [f for f in folded if f], [f for f in exact if f]


def _windows(forms, run):
    """{length: set of substrings}: every run of RUN characters of each form (the whole form when shorter)."""
    found = {}
    for form in forms:
        length = min(run, len(form))
        found.setdefault(length, set()).update(form[i:i + length] for i in range(len(form) - length + 1))
    return found


def redact(text, secret=None):
    """TEXT with SECRET and anything shaped like an organization token masked.

    SECRET is masked in any case, with or without its ``tot_`` prefix, as a
    repr() or JSON string shows it, URL-encoded, base64-encoded (standard or
    URL-safe alphabet, at any offset of a longer base64 text), and so is any
    run of REDACT_RUN (20) or more characters of any of these forms: a tail,
    a head, a middle part of the token.
    """
    if text is None:
        return None
    text = str(text)
    if secret:
        folded, exact = _secret_forms(str(secret))
        lowered = text.translate(_ASCII_LOWER)  # a token is ASCII; other characters keep their place
        masked = [False] * len(text)
        for haystack, windows in ((lowered, _windows(folded, REDACT_RUN)), (text, _windows(exact, REDACT_RUN))):
            for length, subs in windows.items():
                for i in range(len(text) - length + 1):
                    if haystack[i:i + length] in subs:
                        masked[i:i + length] = [True] * length
        if any(masked):
            out, i = [], 0
            while i < len(text):
                if masked[i]:
                    while i < len(text) and masked[i]:
                        i += 1
                    out.append(REDACTED)
                else:
                    out.append(text[i])
                    i += 1
            text = ''.join(out)
    return TOKEN_SHAPE.sub(REDACTED, text)


def redact_all(value, mask):
    """VALUE (a result: dicts, lists and tuples of strings and other values) with MASK applied to every string.

    MASK is a one-argument redact, such as ``client.redact`` or ``lambda text:
    redact(text, secret)``; tuples come back as lists (as JSON shows them).
    """
    if isinstance(value, dict):
        return dict((k, redact_all(v, mask)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [redact_all(v, mask) for v in value]
    if isinstance(value, str):
        return mask(value)
    return value


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
    """The deadline of one request, in seconds: timeout x max_retries (timeout when max_retries is 0).

    Its attempts, the retries and every wait between them (backoff,
    Retry-After, a rate-limit pause) included: a request that has not ended by
    then fails, whatever the server does (a slow-drip body included).
    """
    return float(timeout) * max(1, max_retries)


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


class TokenAuth:
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


class TransactionLinkClient:
    """Talks to the TransactionLink organization API.

    ``session`` (a requests session; default: a new one with a pool of
    ``max(concurrency, 10)`` connections), ``sleep`` (default ``time.sleep``),
    ``clock`` (default ``time.monotonic``) and ``rand`` are injected through
    the constructor, so tests need neither a network nor to wait.

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
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._rand = rand
        self._lock = threading.Lock()
        self._resume_at = None  # clock time before which no new request starts (rate limited)
        self._retries = collections.Counter()
        self._page_size = api.PAGE_SIZE  # api.DEFAULT_PAGE_SIZE for the rest of the run once the API refused it
        self._notices = []  # what the client worked around, reported once with the retries
        self._workers = _Workers()
        self.session = session if session is not None else _new_session(max(concurrency, 10))
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
        """One line for a module to warn with once per run (what the client worked around, such as a refused page
        size, then the retries), or None when there is nothing to say."""
        counts = self.retry_counts()
        with self._lock:
            lines = list(self._notices)
        if counts:
            total = sum(counts.values())
            parts = ', '.join('{0} x{1}'.format(reason, counts[reason]) for reason in sorted(counts))
            lines.append('API requests were retried {0} time(s): {1} (max_retries {2} per request)'.format(
                total, parts, self.max_retries))
        return '; '.join(lines) or None

    def _count_retry(self, reason):
        with self._lock:
            self._retries[reason] += 1

    # -- waiting ---------------------------------------------------------------

    def _now(self):
        return self._clock()

    def _wait(self, seconds):
        self._sleep(seconds)

    def _pause_everyone(self, seconds):
        """Rate limited: no new request starts for SECONDS. Returns the end of the pause."""
        end = self._now() + seconds
        with self._lock:
            if self._resume_at is None or end > self._resume_at:
                self._resume_at = end
        return end

    def _pause_left(self, honoured):
        """(seconds, pause end) of a rate-limit pause still in force, or (0, None); HONOURED was waited for already."""
        with self._lock:
            resume_at = self._resume_at
        if resume_at is None or resume_at == honoured:
            return 0.0, None
        return max(0.0, resume_at - self._now()), resume_at

    def _backoff(self, attempt):
        """The wait after a 429 without Retry-After: between half and all of BACKOFF_BASE * 2^attempt."""
        return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * (0.5 + self._rand() / 2)

    def _transient_backoff(self, attempt):
        """The wait after a one-request fault (5xx without Retry-After, connection error, timeout): full jitter
        over TRANSIENT_FIRST * TRANSIENT_GROWTH^attempt."""
        return min(BACKOFF_CAP, TRANSIENT_FIRST * (TRANSIENT_GROWTH ** attempt)) * self._rand()

    # -- transport ---------------------------------------------------------

    def request(self, method, path, params=None, body=None, scope=None):
        """Send one API request, retrying what may be retried; return the JSON body (or None).

        Thread-safe. Before each attempt the request waits while the governor
        holds a rate-limit pause. A 429, or a 503 with Retry-After, pauses
        every request of this client for the wait it asks; other retryable
        answers, connection errors and attempts that took longer than
        ``timeout`` make only this request back off. The request ends within
        its deadline, ``retry_budget`` seconds after it started (attempts and
        waits included): it gives up after max_retries retries, as soon as its
        next wait would pass the deadline, or when an attempt is still
        unanswered at the deadline. Redirects are not followed: a 3xx is an
        AnswerError naming the Location.
        """
        url = self.api_url + path
        start = self._now()
        attempt, spent, honoured = 0, 0.0, None

        def elapsed():
            # The clock may be a test's, moving only when the client waits: count the waits too.
            return max(self._now() - start, spent)

        while True:
            pause, resume_at = self._pause_left(honoured)
            while pause > 0:
                if elapsed() + pause > self.retry_budget:
                    raise TransactionLinkError(
                        method, path, detail='rate limited: every request is paused for {0:.1f}s more'.format(pause),
                        hint='that pause would pass the {0:g}s this request may take (timeout {1} x max_retries '
                             '{2}); raise max_retries or timeout, or try again later'.format(
                                 self.retry_budget, self.timeout, self.max_retries))
                self._wait(pause)
                spent += pause
                honoured = resume_at
                pause, resume_at = self._pause_left(honoured)
            limit = min(float(self.timeout), self.retry_budget - elapsed())
            try:
                if limit <= 0:
                    raise _Overdue(0.0)
                response = self._attempt(method, url, params, body, limit)
            except requests.exceptions.SSLError as exc:
                raise self._tls_error(method, path, exc) from None
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                    requests.exceptions.ChunkedEncodingError, _Overdue) as exc:
                if isinstance(exc, _Overdue):
                    spent += exc.seconds
                    reason = 'Timeout'
                    text = 'no complete answer within {0:.1f}s'.format(exc.seconds)
                else:
                    reason = type(exc).__name__
                    text = '{0}: {1}'.format(reason, exc)
                delay = self._transient_backoff(attempt)
                if attempt >= self.max_retries or elapsed() + delay > self.retry_budget:
                    raise TransactionLinkError(
                        method, path, detail=self.redact(text),
                        hint='tried {0} time(s) in {1:.1f}s (a request ends within timeout {2} x max_retries {3} = '
                             '{4:g}s); check api_url and the network'.format(
                                 attempt + 1, elapsed(), self.timeout, self.max_retries, self.retry_budget)) from None
                self._count_retry(reason)
                self._wait(delay)
                spent += delay
                attempt += 1
                continue
            except Exception as exc:  # pylint: disable=broad-exception-caught
                # Anything else raised while sending (requests' InvalidHeader, InvalidURL, http.client's
                # ValueError...) may carry a header value, the token included: never let it escape as is.
                raise TransactionLinkError(
                    method, path, detail=self.redact('{0}: {1}'.format(type(exc).__name__, exc)),
                    hint='the request could not be sent; check api_url and api_token') from None
            status = response.status_code
            if 300 <= status < 400:
                raise self._redirect_error(method, path, response)
            if status in api.RETRYABLE_STATUSES:
                retry_after = parse_retry_after(response.headers.get('Retry-After'))
                if retry_after is not None:
                    delay = retry_after
                elif status == 429:
                    delay = self._backoff(attempt)
                else:
                    delay = self._transient_backoff(attempt)
                if attempt < self.max_retries and elapsed() + delay <= self.retry_budget:
                    self._count_retry('HTTP {0}'.format(status))
                    if status == 429 or (status == 503 and retry_after is not None):
                        honoured = self._pause_everyone(delay)
                    self._wait(delay)
                    spent += delay
                    attempt += 1
                    continue
                raise self._error(method, path, response, scope, attempt, elapsed(), delay)
            if status >= 400:
                raise self._error(method, path, response, scope, attempt)
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                raise TransactionLinkError(
                    method, path, status, detail='the answer is not JSON: ' + self._snippet(response)) from None

    def _attempt(self, method, url, params, body, limit):
        """One HTTP exchange, headers and body, within LIMIT seconds; else _Overdue.

        It runs in one of the client's worker threads (named after the
        caller while it runs): a server that answers slowly, a byte at a time,
        holds only that thread. At LIMIT the caller stops waiting and cuts the
        connection (best effort), and the worker is free at its next read.
        """
        box = {}
        done = threading.Event()

        def exchange():
            try:
                response = self.session.request(method, url, params=params, json=body, timeout=limit,
                                                verify=self.verify, allow_redirects=False, stream=True)
                box['response'] = response
                response.content  # pylint: disable=pointless-statement  # the whole body, read here
            except BaseException as exc:  # pylint: disable=broad-exception-caught  # re-raised in the caller
                box['error'] = exc
            finally:
                done.set()

        self._workers.run(exchange, threading.current_thread().name)
        if not done.wait(limit) and not done.is_set():
            _abort(box.get('response'))
            raise _Overdue(limit)
        if 'error' in box:
            raise box['error']
        return box['response']

    def _redirect_error(self, method, path, response):
        location = self.redact(response.headers.get('Location') or '(no Location header)')
        if len(location) > SNIPPET_LENGTH:
            location = location[:SNIPPET_LENGTH] + '...'
        return AnswerError(
            method, path, response.status_code,
            'a redirect to {0}, which is not followed (the request was not carried out)'.format(location),
            hint='The API does not redirect: check that api_url is the base URL of the TransactionLink API (e.g. {0}), '
                 'not a URL that forwards elsewhere'.format(api.DEFAULT_API_URL))

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

    def _error(self, method, path, response, scope, attempt, spent=None, next_delay=None):
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
            if scope and any(scope in e['message'] for e in errors):
                hint = 'Use a token that has that scope'  # the API's own message named it
            else:
                hint = 'The token lacks the scope this request needs'
                if scope:
                    hint += ' ({0})'.format(scope)
        elif status in api.RETRYABLE_STATUSES:
            hint = 'gave up after {0} attempt(s)'.format(attempt + 1)
            if attempt < self.max_retries and next_delay is not None:
                hint += (' in {0:.1f}s: the next wait ({1:.1f}s) would pass the {2:.0f}s a request may '
                         'take in total (timeout {3} x max_retries {4})'.format(
                             spent or 0.0, next_delay, self.retry_budget, self.timeout, self.max_retries))
            hint += '; raise max_retries or timeout, or try again later'
        return TransactionLinkError(method, path, status, errors, fingerprint, detail, hint)

    def _snippet(self, response):
        # Redact first, then cut: a cut through a token must not leave its first characters. Only the start of
        # a long body is redacted (a token that starts in the snippet ends well within SNIPPET_LENGTH + 1000).
        text = self.redact((response.text or '').strip()[:SNIPPET_LENGTH + 1000]).replace('\r', ' ').replace('\n', ' ')
        if len(text) > SNIPPET_LENGTH:
            text = text[:SNIPPET_LENGTH] + '...'
        return text or 'empty body'

    def _checked(self, method, path, template, answer, status=200):
        """ANSWER when it has the documented shape of TEMPLATE's answer (_shapes.ANSWERS), else AnswerError."""
        found = shapes.problem(answer, shapes.ANSWERS[(method, template)])
        if found:
            raise AnswerError(method, path, status, found, hint=(
                'The API documents another shape; nothing was done with this answer. Check that api_url is the '
                'TransactionLink API'))
        return answer

    def get_all_pages(self, path, scope=None, params=None):
        """Every item of a paged list (0-based pages), in page order; PARAMS are further query parameters.

        Page 0 gives the counts; the other pages are then fetched in windows
        of ``concurrency`` pages at once. The page count is bounded: at most
        ceil(totalElements / size) pages are read (size as the server answers
        it: a server that caps the page size still yields every item), the
        listing stops at the first empty page, and fails (AnswerError, naming
        the endpoint and the counts) when totalPages is more than that or
        than api_facts.MAX_PAGES, or when a page repeats an earlier one (a
        server that ignores the page number).
        """
        def page(number, asked):
            query = dict(params or {}, **{api.PAGE_PARAM: number, api.SIZE_PARAM: asked})
            body = self.request('GET', path, params=query, scope=scope)
            return self._checked('GET', path, path, body)

        asked, first = self._first_page(path, page)
        items = list(first[api.PAGE_CONTENT])
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
            problem = None
        if problem:
            raise AnswerError('GET', path, 200, problem, hint=(
                'Nothing was done with this listing: a page count the API cannot have is taken as a wrong answer'))
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
                        'ignore the page number').format(current, seen[key], len(items), total, pages),
                        hint='Nothing was done with this listing: a partial list is never taken for the whole')
                seen[key] = current
                items.extend(content)
            number = window[-1] + 1
        return items

    def _first_page(self, path, page):
        """(size asked, page 0) of a listing, at the run's page size.

        No maximum page size is documented (api_facts.PAGE_SIZE is INFERRED):
        page 0 refused with PAGE_SIZE_REFUSED_STATUS at a larger size is asked
        again at the documented DEFAULT_PAGE_SIZE, which every later listing of
        this client keeps; the fact is reported once (``retry_summary``). A
        refusal at the default size is an error like any other.
        """
        asked = self._page_size
        try:
            return asked, page(0, asked)
        except TransactionLinkError as exc:
            if exc.status != api.PAGE_SIZE_REFUSED_STATUS or asked <= api.DEFAULT_PAGE_SIZE:
                raise
        first = page(0, api.DEFAULT_PAGE_SIZE)
        with self._lock:
            if self._page_size != api.DEFAULT_PAGE_SIZE:
                self._page_size = api.DEFAULT_PAGE_SIZE
                self._notices.append(
                    'GET {0} with size={1} was refused (HTTP {2}); every listing of this run was read at the documented '
                    'default size {3} instead (more requests). No maximum page size is documented: api_facts.PAGE_SIZE '
                    '({1}) is INFERRED'.format(path, asked, api.PAGE_SIZE_REFUSED_STATUS, api.DEFAULT_PAGE_SIZE))
        return api.DEFAULT_PAGE_SIZE, first

    # -- endpoints -----------------------------------------------------------
    # Every answer is checked against its documented shape (_shapes.py) before it is used, and every id
    # read from the API leaves these methods in canonical form (ids.canonical_id).

    def _get_list(self, template, **ids):
        path = _path(template, **ids)
        return self._checked('GET', path, template, self.request('GET', path, scope=api.SCOPE_VIEW_WORKSPACE))

    def list_workspaces(self):
        return [_with_ids(w, 'id') for w in self._get_list(api.WORKSPACES)]

    def list_workspace_roles(self, workspace_id):
        return [_with_ids(r, 'id', 'workspaceId') for r in self._get_list(api.WORKSPACE_ROLES, workspace_id=workspace_id)]

    def list_direct_memberships(self, workspace_id):
        return [_membership(m) for m in self._get_list(api.DIRECT_MEMBERSHIPS, workspace_id=workspace_id)]

    def list_all_memberships(self, workspace_id):
        """Direct and inherited memberships (organization admins)."""
        return [_membership(m) for m in self._get_list(api.ALL_MEMBERSHIPS, workspace_id=workspace_id)]

    def list_users(self):
        return [_with_ids(u, 'id') for u in self.get_all_pages(api.USERS, scope=api.SCOPE_MANAGE_USERS)]

    def call(self, method, template, body=None, scope=None, **ids):
        """One request to TEMPLATE (an api_facts path, placeholders filled from IDS): its answer, shape-checked.

        For endpoints without a method of their own here (the enrollments, the
        organization roles): the answer must have the shape _shapes.ANSWERS
        documents for (METHOD, TEMPLATE); an empty answer to a write is None.
        """
        path = _path(template, **ids)
        answer = self.request(method, path, body=body, scope=scope)
        if answer is None and method != 'GET':
            return None
        return self._checked(method, path, template, answer)

    def set_membership(self, workspace_id, user_id, role_id):
        """Add a user to a workspace, or change a member's role in place (the answer: the membership, or None)."""
        _require_ids(workspace_id=workspace_id, user_id=user_id, role_id=role_id)
        path = _path(api.MEMBERSHIP, workspace_id=workspace_id, user_id=user_id)
        answer = self.request(api.MEMBERSHIP_WRITE_METHOD, path, body={'userId': user_id, 'roleId': role_id},
                              scope=api.SCOPE_MANAGE_ACCESS)
        if answer is None:
            return None
        return _membership(self._checked(api.MEMBERSHIP_WRITE_METHOD, path, api.MEMBERSHIP, answer))

    def remove_membership(self, workspace_id, user_id):
        """Remove a membership: True when removed, False when the API says there is none (already absent).

        A DELETE whose answer was lost and that is retried finds the
        membership gone: see api_facts.MEMBERSHIP_ABSENT_STATUS.
        """
        _require_ids(workspace_id=workspace_id, user_id=user_id)
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


def _require_ids(**ids):
    """Never PUT or DELETE /workspaces/None/...: every id of a write is a non-empty string."""
    for name, value in sorted(ids.items()):
        if not isinstance(value, str) or not value.strip():
            raise InputError('refusing to write with {0} {1!r}: an id must be a non-empty string'.format(name, value))


def _page_key(content):
    """What identifies a page's items, to find a page that repeats another: the items themselves (an enrollment
    has no 'id', so two full pages of them would look alike by id)."""
    return tuple(json.dumps(item, sort_keys=True, default=str) for item in content)


class _Workers:
    """Daemon threads that run the attempts of one client; one more starts only when none is idle.

    A worker with nothing to do for IDLE_SECONDS ends, so a client that is
    no longer used leaves no thread behind.
    """

    IDLE_SECONDS = 5.0

    def __init__(self):
        self._lock = threading.Lock()
        self._idle = 0  # workers waiting for a job that no run() has claimed yet
        self._jobs = queue.Queue()

    def run(self, job, name):
        with self._lock:
            start = self._idle == 0
            if not start:
                self._idle -= 1
        self._jobs.put((job, name))
        if start:
            threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self):
        while True:
            try:
                job, name = self._jobs.get(timeout=self.IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._idle > 0:  # else a job is on its way to this thread
                        self._idle -= 1
                        return
                continue
            threading.current_thread().name = name
            job()
            with self._lock:
                self._idle += 1


class _Overdue(Exception):
    """An attempt had no complete answer within its time (SECONDS)."""

    def __init__(self, seconds):
        super(_Overdue, self).__init__(seconds)
        self.seconds = seconds


def _abort(response):
    """Cut the connection of a response a worker is still reading (best effort; never blocks, never raises).

    Only the socket is shut down (closing the response would wait for the
    reader's lock): the worker's read then ends at once.
    """
    raw = getattr(response, 'raw', None)
    candidates = (
        getattr(getattr(raw, '_connection', None), 'sock', None),  # urllib3 2
        getattr(getattr(getattr(getattr(raw, '_fp', None), 'fp', None), 'raw', None), '_sock', None),  # http.client
    )
    for sock in candidates:
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except (OSError, ValueError):
                pass
            return


def _path(template, **ids):
    return template.format(**dict((k, quote(str(v), safe='')) for k, v in ids.items()))
