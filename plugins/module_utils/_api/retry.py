# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The retry policy (pure: what is retried, how long to wait, Retry-After) and the 429 governor.

The policy's functions read no clock and sleep never: they take the attempt
number, the header and a random number and return seconds. The governor is
the one shared state of a client's retries: the rate-limit pause every
request honours, and the retry counts a run reports once.
"""

import collections
import email.utils
import threading
import time

from typing import Callable, Dict, Optional, Tuple

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api

BACKOFF_BASE = 0.5  # seconds before the first retry of a 429 without Retry-After, doubled each attempt
BACKOFF_CAP = 30.0  # no computed delay is longer
# A 502/503/504 without Retry-After, a dropped connection or a timed-out attempt is a fault of one request, not a
# sign that the client goes too fast: its first retry waits at most TRANSIENT_FIRST seconds, each later one
# TRANSIENT_GROWTH times longer, each a random part of that bound ("full jitter").
TRANSIENT_FIRST = 0.05
TRANSIENT_GROWTH = 4


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
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


def retry_budget(timeout: float, max_retries: int) -> float:
    """The deadline of one request, in seconds: timeout x max_retries (timeout when max_retries is 0).

    Its attempts, the retries and every wait between them (backoff,
    Retry-After, a rate-limit pause) included: a request that has not ended by
    then fails, whatever the server does (a slow-drip body included).
    """
    return float(timeout) * max(1, max_retries)


def rate_limit_backoff(attempt: int, rand: float) -> float:
    """The wait after a 429 without Retry-After: between half and all of BACKOFF_BASE * 2^attempt (RAND in [0, 1])."""
    return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * (0.5 + rand / 2)


def transient_backoff(attempt: int, rand: float) -> float:
    """The wait after a one-request fault (5xx without Retry-After, connection error, timeout): full jitter
    over TRANSIENT_FIRST * TRANSIENT_GROWTH^attempt."""
    return min(BACKOFF_CAP, TRANSIENT_FIRST * (TRANSIENT_GROWTH ** attempt)) * rand


def is_retried(status: int) -> bool:
    """True for the statuses a request is repeated after (api_facts.RETRYABLE_STATUSES)."""
    return status in api.RETRYABLE_STATUSES


def status_delay(status: int, retry_after: Optional[float], attempt: int, rand: float) -> float:
    """The wait before repeating a request answered STATUS (a retried one): Retry-After when given, else backoff."""
    if retry_after is not None:
        return retry_after
    if status == 429:
        return rate_limit_backoff(attempt, rand)
    return transient_backoff(attempt, rand)


def pauses_everyone(status: int, retry_after: Optional[float]) -> bool:
    """True when the wait after STATUS holds every request of the client (a 429, a 503 with Retry-After)."""
    return status == 429 or (status == 503 and retry_after is not None)


class Governor:
    """The rate-limit pause shared by every request of one client, and the retry counts.

    CLOCK gives the time (seconds, monotonic). Thread-safe.
    """

    def __init__(self, clock: Callable[[], float]):
        self._clock = clock
        self._lock = threading.Lock()
        self._resume_at = None  # type: Optional[float]  # no new request starts before (rate limited)
        self._retries = collections.Counter()  # type: collections.Counter

    def pause_everyone(self, seconds: float) -> float:
        """Rate limited: no new request starts for SECONDS. Returns the end of the pause."""
        end = self._clock() + seconds
        with self._lock:
            if self._resume_at is None or end > self._resume_at:
                self._resume_at = end
        return end

    def pause_left(self, honoured: Optional[float]) -> Tuple[float, Optional[float]]:
        """(seconds, pause end) of a rate-limit pause still in force, or (0, None); HONOURED was waited for already."""
        with self._lock:
            resume_at = self._resume_at
        if resume_at is None or resume_at == honoured:
            return 0.0, None
        return max(0.0, resume_at - self._clock()), resume_at

    def count_retry(self, reason: str) -> None:
        with self._lock:
            self._retries[reason] += 1

    def counts(self) -> Dict[str, int]:
        """{reason: retries}, e.g. {'HTTP 429': 9, 'HTTP 503': 3, 'ConnectionError': 1}."""
        with self._lock:
            return dict(self._retries)

    def summary(self, max_retries: int) -> Optional[str]:
        """One line for a run to warn with once, or None when nothing was retried."""
        counts = self.counts()
        if not counts:
            return None
        total = sum(counts.values())
        parts = ', '.join('{0} x{1}'.format(reason, counts[reason]) for reason in sorted(counts))
        return 'API requests were retried {0} time(s): {1} (max_retries {2} per request)'.format(
            total, parts, max_retries)
