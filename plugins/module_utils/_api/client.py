# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The one HTTP client of the collection: a request, its retries, and what a failed one says.

It keeps no caches and no globals: one client lives for one run, and
``request()`` may be called from several threads at once (``concurrency`` of
them). Its parts have files of their own: redaction (``redaction``), the retry
policy and the 429 governor (``retry``), the transport with its worker threads
and bounded reads (``transport``), the endpoints and paging (``endpoints``),
the answer shapes (``_shapes``). Its inputs are checked before it is built,
with the connection options (``_connection_options.check``).

What the server answers is not trusted: redirects are not followed (a 3xx is
an error), an answer is read to at most transport.MAX_ANSWER_BYTES, every
answer is checked against the documented shapes before the caller sees it,
the page count of a paged list is bounded, and one request (its attempts,
retries and waits included) ends within its deadline, ``timeout x
max_retries`` seconds (``timeout`` when max_retries is 0), whatever the server
does. Every message the client builds goes through ``redact()``.

The session, the sleep and the clock are given to the constructor (the tests
give an in-process transport and a clock that only moves when they wait);
by default they are a real requests session, ``time.sleep`` and
``time.monotonic``.
"""

import random
import time

from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional
from urllib.parse import urlsplit

from ansible_collections.transactionlink.access.plugins.module_utils._api import failures
from ansible_collections.transactionlink.access.plugins.module_utils._api import retry
from ansible_collections.transactionlink.access.plugins.module_utils._api.endpoints import Endpoints
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import redact, shorten
from ansible_collections.transactionlink.access.plugins.module_utils._api.transport import (
    Overdue, Reply, TokenAuth, TooLarge, Transport, new_session, requests)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError


CONCURRENCY_MIN = 1
CONCURRENCY_MAX = 32
DEFAULT_CONCURRENCY = 8


@dataclass
class _Progress:
    """How far one request has come: when it STARTED, the seconds SPENT waiting (or on overdue attempts), and the
    end of the last rate-limit pause it HONOURED (None: none)."""

    started: float
    spent: float = 0.0
    honoured: Optional[float] = None


class _Retry(Exception):
    """The attempt failed in a way that may be retried: REASON (counted), DELAY seconds before the next one."""

    def __init__(self, reason: str, delay: float, give_up: Callable[[], TransactionLinkError],
                 pause_everyone: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.delay = delay
        self.give_up = give_up
        self.pause_everyone = pause_everyone


def _check_numbers(timeout: Any, max_retries: Any, concurrency: Any) -> None:
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise InputError('timeout must be a positive number of seconds, got {0}'.format(timeout))
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InputError('max_retries must be 0 or more, got {0}'.format(max_retries))
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or \
            not CONCURRENCY_MIN <= concurrency <= CONCURRENCY_MAX:
        raise InputError('concurrency must be a whole number from {0} to {1}, got {2}'.format(
            CONCURRENCY_MIN, CONCURRENCY_MAX, concurrency))


class TransactionLinkClient(Endpoints):
    """Talks to the TransactionLink organization API.

    API_URL, API_TOKEN and CA_PATH are taken as checked
    (``_connection_options.check``); a trailing slash of API_URL is ignored.
    ``session`` (a requests session; default: a new one with a pool of
    ``max(concurrency, 10)`` connections), ``sleep`` (default ``time.sleep``),
    ``clock`` (default ``time.monotonic``) and ``rand`` are injected through
    the constructor, so tests need neither a network nor to wait.

    Retries are counted, not reported one by one: ``retry_counts()`` and
    ``retry_summary()`` give what a run reports once.
    """

    def __init__(self, api_url: str, api_token: str, validate_certs: bool = True, timeout: float = 30,
                 max_retries: int = 5, concurrency: int = DEFAULT_CONCURRENCY, ca_path: Optional[str] = None,
                 session: Any = None, sleep: Optional[Callable[[float], None]] = None,
                 clock: Optional[Callable[[], float]] = None, rand: Callable[[], float] = random.random):
        _check_numbers(timeout, max_retries, concurrency)
        self.api_url = api_url.rstrip('/')
        self._token = api_token
        self.validate_certs = bool(validate_certs)
        self.ca_path = ca_path or None
        self.timeout = timeout
        self.max_retries = max_retries
        self.concurrency = concurrency
        self.retry_budget = retry.retry_budget(timeout, max_retries)
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._rand = rand
        self.governor = retry.Governor(self._clock)
        self.session = session if session is not None else new_session(max(concurrency, 10))
        self.session.auth = TokenAuth(self._token)
        self.session.headers['Accept'] = 'application/json'
        if urlsplit(self.api_url).scheme == 'http':
            # Plain http only reaches loopback: never through a proxy (it would see the token in clear
            # text), never with credentials from ~/.netrc. https keeps the proxy variables and NO_PROXY.
            self.session.trust_env = False
            self.session.proxies = {}
        self.transport = Transport(self.session, self.verify)

    @property
    def verify(self) -> Any:
        """What requests' ``verify`` gets: False, the CA bundle, or True (the system's CAs)."""
        if not self.validate_certs:
            return False
        return self.ca_path or True

    def redact(self, text: Any) -> Optional[str]:
        """TEXT with the token and anything shaped like one masked."""
        return redact(text, self._token)

    def retry_counts(self) -> Dict[str, int]:
        """{reason: retries}, e.g. {'HTTP 429': 9, 'HTTP 503': 3, 'ConnectionError': 1}."""
        return self.governor.counts()

    def retry_summary(self) -> Optional[str]:
        """One line for a run to warn with once (what was worked around, such as a refused page size, then the
        retries), or None when there is nothing to say."""
        with self._notice_lock:
            lines = list(self.notices)
        retried = self.governor.summary(self.max_retries)
        return '; '.join(lines + ([retried] if retried else [])) or None

    def request(self, method: str, path: str, params: Optional[Dict[str, Any]] = None, body: Any = None,
                scope: Optional[str] = None) -> Any:
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
        progress, attempt = _Progress(self._clock()), 0

        def elapsed() -> float:
            # The clock may be a test's, moving only when the client waits: count the waits too.
            return max(self._clock() - progress.started, progress.spent)

        while True:
            self._honour_pause(method, path, elapsed, progress)
            try:
                reply = self._send(method, path, params, body, elapsed, progress, attempt)
                return self._answer(method, path, scope, reply, attempt, elapsed)
            except _Retry as again:
                if attempt >= self.max_retries or elapsed() + again.delay > self.retry_budget:
                    raise again.give_up() from None
                self.governor.count_retry(again.reason)
                if again.pause_everyone:
                    progress.honoured = self.governor.pause_everyone(again.delay)
                self._sleep(again.delay)
                progress.spent += again.delay
                attempt += 1

    def _honour_pause(self, method: str, path: str, elapsed: Callable[[], float], progress: _Progress) -> None:
        """Wait while the governor holds a rate-limit pause; fail when it would pass the deadline."""
        pause, resume_at = self.governor.pause_left(progress.honoured)
        while pause > 0:
            if elapsed() + pause > self.retry_budget:
                raise TransactionLinkError(
                    method, path, detail='rate limited: every request is paused for {0:.1f}s more'.format(pause),
                    hint='that pause would pass the {0:g}s this request may take (timeout {1} x max_retries '
                         '{2}); raise max_retries or timeout, or try again later'.format(
                             self.retry_budget, self.timeout, self.max_retries))
            self._sleep(pause)
            progress.spent += pause
            progress.honoured = resume_at
            pause, resume_at = self.governor.pause_left(progress.honoured)

    def _send(self, method: str, path: str, params: Optional[Dict[str, Any]], body: Any,
              elapsed: Callable[[], float], progress: _Progress, attempt: int) -> Reply:
        """One attempt's complete answer; _Retry for a fault of this attempt, TransactionLinkError for the rest."""
        limit = min(float(self.timeout), self.retry_budget - elapsed())
        try:
            if limit <= 0:
                raise Overdue(0.0)
            return self.transport.exchange(method, self.api_url + path, params, body, limit)
        except requests.exceptions.SSLError as exc:
            raise failures.tls_error(method, path, exc, self.ca_path, self.redact) from None
        except TooLarge as exc:
            raise failures.too_large_error(method, path, exc.status) from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError, Overdue) as exc:
            if isinstance(exc, Overdue):
                progress.spent += exc.seconds
                reason, text = 'Timeout', 'no complete answer within {0:.1f}s'.format(exc.seconds)
            else:
                reason, text = type(exc).__name__, '{0}: {1}'.format(type(exc).__name__, exc)

            def give_up() -> TransactionLinkError:
                return TransactionLinkError(
                    method, path, detail=self.redact(shorten(text)),
                    hint='tried {0} time(s) in {1:.1f}s (a request ends within timeout {2} x max_retries {3} = '
                         '{4:g}s); check api_url and the network'.format(
                             attempt + 1, elapsed(), self.timeout, self.max_retries, self.retry_budget))
            raise _Retry(reason, retry.transient_backoff(attempt, self._rand()), give_up) from None
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # Anything else raised while sending (requests' InvalidHeader, InvalidURL, http.client's
            # ValueError...) may carry a header value, the token included: never let it escape as is.
            raise TransactionLinkError(
                method, path, detail=self.redact(shorten('{0}: {1}'.format(type(exc).__name__, exc))),
                hint='the request could not be sent; check api_url and api_token') from None

    def _answer(self, method: str, path: str, scope: Optional[str], reply: Reply, attempt: int,
                elapsed: Callable[[], float]) -> Any:
        """REPLY's JSON body (None when empty); _Retry for a status that may be retried; else its error."""
        status = reply.status
        if 300 <= status < 400:
            raise failures.redirect_error(method, path, reply, self.redact)
        if retry.is_retried(status):
            retry_after = retry.parse_retry_after(reply.headers.get('Retry-After'))
            delay = retry.status_delay(status, retry_after, attempt, self._rand())

            def give_up() -> TransactionLinkError:
                why = 'gave up after {0} attempt(s)'.format(attempt + 1)
                if attempt < self.max_retries:
                    why += (' in {0:.1f}s: the next wait ({1:.1f}s) would pass the {2:.0f}s a request may '
                            'take in total (timeout {3} x max_retries {4})'.format(
                                elapsed(), delay, self.retry_budget, self.timeout, self.max_retries))
                why += '; raise max_retries or timeout, or try again later'
                return failures.status_error(method, path, reply, scope, self.redact, gave_up=why)
            raise _Retry('HTTP {0}'.format(status), delay, give_up, retry.pauses_everyone(status, retry_after))
        if status >= 400:
            raise failures.status_error(method, path, reply, scope, self.redact)
        if status == 204 or not reply.body:
            return None
        try:
            return reply.json()
        except ValueError:
            raise TransactionLinkError(
                method, path, status, detail='the answer is not JSON: ' + failures.snippet(reply, self.redact)) from None
