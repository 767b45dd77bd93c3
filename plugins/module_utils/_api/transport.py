# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The transport: one HTTP exchange, read whole and bounded, within its time, in a worker thread.

Each attempt runs in one of the client's daemon worker threads; the caller
stops waiting at the attempt's limit and cuts the connection (socket_cut), so
a server that answers a byte at a time holds only that thread. An answer is
read to its end before the caller sees it, and never more than
MAX_ANSWER_BYTES of it: a bigger one is refused (TooLarge), read no further.
"""

import json
import queue
import threading

from typing import Any, Callable, Dict, NamedTuple, Optional

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised through missing_required_lib
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api import socket_cut
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import REDACTED

# The most bytes of one answer the client reads (after content decoding). A page of 1000 users is about
# 0.3 MB and a list of 10,000 workspaces about 2 MB: 16 MiB is far above any real answer, and bounds what a
# hostile or broken server can make a run hold in memory.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
CHUNK_BYTES = 64 * 1024


class Reply(NamedTuple):
    """A complete answer: status, headers, the body as bytes (at most MAX_ANSWER_BYTES)."""

    status: int
    headers: Any
    body: bytes

    def json(self) -> Any:
        """The body as JSON (ValueError when it is not)."""
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode('utf-8', 'replace')


class Overdue(Exception):
    """An attempt had no complete answer within its time (SECONDS)."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


class TooLarge(Exception):
    """The answer (STATUS) is longer than MAX_ANSWER_BYTES; it was read no further."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class TokenAuth:
    """Puts the token in the Authorization header, as-is.

    Being the session's auth, it also keeps requests from replacing the token
    with credentials from ~/.netrc.
    """

    def __init__(self, token: str):
        self._token = token

    def __call__(self, request: Any) -> Any:
        request.headers[api.AUTH_HEADER] = self._token  # no "Bearer " prefix
        return request

    def __repr__(self) -> str:
        return 'TokenAuth(' + REDACTED + ')'


def new_session(pool_size: int) -> Any:
    """A requests session whose connection pool holds POOL_SIZE connections (the client's default session)."""
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount('https://', adapter)
    session.mount('http://', adapter)
    return session


def read_reply(response: Any, limit: int = MAX_ANSWER_BYTES) -> Reply:
    """RESPONSE (requested with stream=True) read to its end as a Reply; TooLarge past LIMIT bytes."""
    if getattr(response, 'raw', None) is None:  # a transport that gives the body at once (the tests' adapters)
        body = response.content or b''
        if len(body) > limit:
            raise TooLarge(response.status_code)
        return Reply(response.status_code, response.headers, body)
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            socket_cut.cut(response)
            raise TooLarge(response.status_code)
        chunks.append(chunk)
    return Reply(response.status_code, response.headers, b''.join(chunks))


class Workers:
    """Daemon threads that run the attempts of one client; one more starts only when none is idle.

    A worker with nothing to do for IDLE_SECONDS ends, so a client that is
    no longer used leaves no thread behind.
    """

    IDLE_SECONDS = 5.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle = 0  # workers waiting for a job that no run() has claimed yet
        self._jobs = queue.Queue()  # type: queue.Queue

    def run(self, job: Callable[[], None], name: str) -> None:
        with self._lock:
            start = self._idle == 0
            if not start:
                self._idle -= 1
        self._jobs.put((job, name))
        if start:
            threading.Thread(target=self._loop, daemon=True).start()

    def _loop(self) -> None:
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


class Transport:
    """One HTTP exchange at a time per caller, over SESSION, each within its limit (see the module docstring).

    What ``session.request()`` works out from the environment for a URL
    (proxies, a CA bundle from REQUESTS_CA_BUNDLE) is worked out once per
    scheme and host, and each request is prepared and sent with the session's
    headers, auth, cookies and hooks: what ``session.request()`` does, without
    doing it again for each of 10,000 requests.
    """

    def __init__(self, session: Any, verify: Any):
        self.session = session
        self.verify = verify
        self._workers = Workers()
        self._settings = {}  # type: Dict[str, Dict[str, Any]]

    def _prepared(self, method: str, url: str, params: Optional[Dict[str, Any]], body: Any) -> Any:
        prepared = requests.PreparedRequest()
        prepared.prepare(method=method, url=url, headers=self.session.headers, params=params, json=body,
                         auth=self.session.auth, cookies=self.session.cookies, hooks=self.session.hooks)
        return prepared

    def _environment(self, url: str) -> Dict[str, Any]:
        """send()'s proxies, verify and cert for URL, as session.request() would merge them (once per host)."""
        origin = url.split('/', 3)[:3]
        key = '/'.join(origin)
        if key not in self._settings:
            self._settings[key] = self.session.merge_environment_settings(url, {}, True, self.verify, None)
        return self._settings[key]

    def exchange(self, method: str, url: str, params: Optional[Dict[str, Any]], body: Any, limit: float) -> Reply:
        """The complete answer to one request within LIMIT seconds; else Overdue (and the connection cut).

        Runs in a worker thread named after the caller; what the exchange
        raises (a requests error, TooLarge) is raised here.
        """
        box = {}  # type: Dict[str, Any]
        done = threading.Event()

        def job() -> None:
            try:
                response = self.session.send(self._prepared(method, url, params, body), timeout=limit,
                                             allow_redirects=False, **self._environment(url))
                box['response'] = response
                box['reply'] = read_reply(response)
            except BaseException as exc:  # pylint: disable=broad-exception-caught  # re-raised in the caller
                box['error'] = exc
            finally:
                done.set()

        self._workers.run(job, threading.current_thread().name)
        if not done.wait(limit) and not done.is_set():
            socket_cut.cut(box.get('response'))
            raise Overdue(limit)
        if 'error' in box:
            raise box['error']
        return box['reply']
