# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real requests session whose transport answers from a script and records what was sent.

The client's own session code runs (prepare, auth, environment settings:
proxies, netrc, CA bundle variables); only the network is replaced, so what
the adapter records is exactly what would have gone on the wire.
"""

import json
import threading

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from ansible_collections.transactionlink.access.plugins.module_utils._api import client as tl

TOKEN = 'tot_' + 'x' * 52
URL = 'https://api.example.test'

# Environment variables requests reads (trust_env): cleared for every client test.
REQUESTS_ENV = ('HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy',
                'no_proxy', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NETRC')


class Answer(object):
    """A scripted answer: status, JSON body or text, headers."""

    def __init__(self, status, body=None, headers=None, text=None):
        self.status = status
        self.headers = headers or {}
        self.text = text if text is not None else ('' if body is None else json.dumps(body))

    def response(self, request):
        response = requests.Response()
        response.status_code = self.status
        response.headers = CaseInsensitiveDict(self.headers)
        response._content = self.text.encode('utf-8')  # pylint: disable=protected-access
        response.encoding = 'utf-8'
        response.url = request.url
        response.request = request
        return response


class Recorder(BaseAdapter):
    """Answers each request with the next scripted answer (or raises it); records what was sent."""

    def __init__(self, *answers):
        super().__init__()
        self.answers = list(answers)
        self.sent = []
        self.lock = threading.Lock()

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        with self.lock:
            self.sent.append({'method': request.method, 'url': request.url, 'headers': dict(request.headers),
                              'body': request.body, 'timeout': timeout, 'verify': verify, 'proxies': dict(proxies or {})})
            answer = self.answers.pop(0) if self.answers else Answer(200, [])
        if callable(answer) and not isinstance(answer, Exception):
            answer = answer(request)
        if isinstance(answer, BaseException):
            raise answer
        return answer.response(request)

    def close(self):
        pass


def session_with(recorder):
    session = requests.Session()
    session.mount('https://', recorder)
    session.mount('http://', recorder)
    return session


def make_client(*answers, url=URL, token=TOKEN, **kwargs):
    """(client, recorder, waits): a client on a scripted transport; waits are recorded, not slept."""
    recorder = Recorder(*answers)
    waits = []
    kwargs.setdefault('max_retries', 3)
    kwargs.setdefault('sleep', waits.append)
    kwargs.setdefault('rand', lambda: 1.0)
    client = tl.TransactionLinkClient(url + '/', token, session=session_with(recorder), **kwargs)
    return client, recorder, waits


def error_body(code, message, fingerprint='fp-1'):
    return {'fingerprint': fingerprint, 'errors': [{'code': code, 'message': message}]}


class FakeClock(object):
    """A clock that only moves when something sleeps on it (or ``work()`` is done).

    Called, or through ``monotonic()``, it gives the time: it stands for ``time.monotonic`` or for a module's
    ``time`` (``monotonic`` and ``sleep``)."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def work(self, seconds):
        """Time spent working, not sleeping."""
        self.now += seconds
