# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: what a busy SaaS API (and the network in front of it) does to its clients.

Settings (``PUT /_emulator/faults`` changes some of them, ``GET`` shows them):

- ``queue``: the next API requests get these faults, one entry each, in
  order, then the random faults apply again (exact tests). An entry is a
  status (``429``), ``"reset"``, ``"ok"``, or an object with a ``kind``:

  ``{"kind": "status", "status": 503, "retry_after": 2}``  answer that status
      (``kind`` may be left out when ``status`` is given; ``retry_after`` is
      sent with any status, a number or a ``[low, high]`` range);
  ``{"kind": "reset"}``  drop the connection without an answer, nothing applied;
  ``{"kind": "lost_answer", "status": 504}``  handle the request (a write is
      applied), then answer 504 instead (500, 502, 503 or 504), or
      ``"status": "reset"`` to drop the connection instead; 504 by default;
  ``{"kind": "spike", "ms": 3000}``  answer normally after that extra delay;
  ``{"kind": "ok"}``  answer normally.
- ``rate`` and ``statuses``: each other API request fails with probability
  ``rate``, with a status drawn from ``statuses``.
- ``retry_after``: seconds sent in ``Retry-After`` with every 429 (``null``:
  no header); ``[low, high]`` draws a value in that range for each answer
  (whole seconds when both bounds are integers).
- ``reset_rate``: probability that the connection is dropped without an
  answer, before anything is applied.
- ``lost_answer_rate`` and ``lost_answer_statuses``: probability that a
  request is handled (a write applied) and its answer then lost: replaced by
  a status drawn from ``lost_answer_statuses`` (500, 502, 503, 504, or
  ``"reset"`` for a dropped connection).
- ``spike_rate`` and ``spike_ms``: probability of an extra delay of
  ``spike_ms`` before the answer.
- ``latency_ms``: every API answer leaves no sooner than this after its request
  came in; the emulator's own work happens within it (a deadline, not an
  added sleep).
- ``uppercase_ids``: every UUID in API answers is sent in upper case (the
  API accepts ids in any case anyway).
- ``seed``: seeds the RNG of the random draws (reproducible runs).
- ``redirect``: ``null``, or ``{"status": 302, "location": "/organizations/workspaces",
  "methods": ["PUT", "DELETE"]}``: every API request with one of these methods
  is answered with that redirect (301, 302, 303, 307 or 308) instead, nothing
  applied (hostile answers, issue 15).
- ``not_found_methods``: HTTP methods (``["DELETE"]``): every API request
  with one of them is answered 404 instead, nothing applied: a server whose
  real path for that method differs from the one the client sends to.
- ``wrong_shapes``: names of WRONG_SHAPES below: the answers of those
  endpoints keep their status but not their documented shape.
- queue entry ``{"kind": "drip", "ms": 2000}``: answer normally, but the
  emulator process sends the body one byte every ``ms`` (headers at once,
  with the full Content-Length); the in-process transport sends it at once.
- ``rate_limit``: a rate limiter as a SaaS API runs one: at most this many API
  requests per second (a token bucket holding one second's worth), beyond it
  429 with ``Retry-After`` = the whole seconds until a request is allowed
  again. ``0`` (the default) is no limit. Unlike ``rate``, it answers 429
  only to a client that goes too fast, so a client that waits as asked gets
  through at the limit.

For each request without a queue entry the draws are, in this order: a
spike (``spike_rate``); then a reset (``reset_rate``), else a status
(``rate``), else a lost answer (``lost_answer_rate``). A rate of 0 draws
nothing, so a seed gives the same sequence whatever rates are unused.
"""

import math
import random
import threading
import time

FAULT_STATUSES = (429, 500, 502, 503, 504)
LOST_ANSWER_STATUSES = (500, 502, 503, 504)
RESET = 'reset'
KINDS = ('status', 'reset', 'lost_answer', 'spike', 'ok', 'drip')
DEFAULTS = {
    'rate': 0.0, 'statuses': [429, 503], 'retry_after': 1, 'latency_ms': 0, 'queue': [], 'seed': None,
    'reset_rate': 0.0, 'lost_answer_rate': 0.0, 'lost_answer_statuses': [502, 504, RESET],
    'spike_rate': 0.0, 'spike_ms': 1000, 'uppercase_ids': False, 'rate_limit': 0,
    'redirect': None, 'wrong_shapes': [], 'not_found_methods': [],
}
RATES = ('rate', 'reset_rate', 'lost_answer_rate', 'spike_rate')
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
HTTP_METHODS = ('GET', 'PUT', 'DELETE', 'POST', 'PATCH')


def _without(field):
    return lambda items: [dict((k, v) for k, v in item.items() if k != field) for item in items]


# name -> (Flask endpoints, how their 200 answer body is changed). Each is a shape a hostile or broken
# server answered in the third hostile run (issue 15); the client must refuse each before any write.
WRONG_SHAPES = {
    'workspaces_as_dict': (('api.list_workspaces',), lambda body: {'content': body}),
    'workspaces_as_strings': (('api.list_workspaces',), lambda body: [w['name'] for w in body]),
    'workspace_without_id': (('api.list_workspaces',), _without('id')),
    'memberships_without_user_id': (('api.list_direct_memberships', 'api.list_all_memberships'), _without('userId')),
    'users_content_not_list': (('api.list_users',),
                               lambda page: dict(page, content=dict((u['id'], u) for u in page['content']))),
    'users_total_pages_lie': (('api.list_users',), lambda page: dict(page, totalPages=10 ** 9)),
}


class FaultError(ValueError):
    """A fault setting that makes no sense."""


def _number(value):
    return not isinstance(value, bool) and isinstance(value, (int, float))


def _status(value, allowed=FAULT_STATUSES, what='fault status'):
    if isinstance(value, bool) or value not in allowed:
        raise FaultError('%s must be one of %s, not %r' % (what, ', '.join(str(s) for s in allowed), value))
    return value


def _rate(name, value):
    if not _number(value) or not 0 <= value <= 1:
        raise FaultError('%s must be a number between 0 and 1, not %r' % (name, value))
    return float(value)


def _milliseconds(name, value):
    if not _number(value) or value < 0:
        raise FaultError('%s must be a number >= 0, not %r' % (name, value))
    return value


def _retry_after(value):
    """Seconds (a number >= 0), a [low, high] range, or None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        if len(value) != 2 or not all(_number(v) for v in value) or not 0 <= value[0] <= value[1]:
            raise FaultError('a retry_after range must be [low, high] with 0 <= low <= high, not %r' % (value,))
        return list(value)
    if not _number(value) or value < 0:
        raise FaultError('retry_after must be a number of seconds >= 0, a [low, high] range or null, not %r' % (value,))
    return value


def _lost_status(value):
    return _status(value, LOST_ANSWER_STATUSES + (RESET,), 'a lost answer status')


QUEUE_KEYS = {'status': ('status', 'retry_after'), 'reset': (), 'lost_answer': ('status',), 'spike': ('ms',), 'ok': (),
              'drip': ('ms',)}
DRIP_MS = 2000


def _redirect(value):
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FaultError('redirect must be null or {"status", "location", "methods"}, not %r' % (value,))
    unknown = set(value) - set(('status', 'location', 'methods'))
    if unknown:
        raise FaultError('unknown key(s) in redirect: %s' % ', '.join(sorted(unknown)))
    status = _status(value.get('status', 302), REDIRECT_STATUSES, 'a redirect status')
    location = value.get('location', '/organizations/workspaces')
    if not isinstance(location, str) or not location:
        raise FaultError('redirect location must be a non-empty string, not %r' % (location,))
    methods = value.get('methods', ['PUT', 'DELETE'])
    if not isinstance(methods, list) or not methods or any(m not in HTTP_METHODS for m in methods):
        raise FaultError('redirect methods must be a non-empty list of %s, not %r' % (', '.join(HTTP_METHODS), methods))
    return {'status': status, 'location': location, 'methods': list(methods)}


def _methods(name, value):
    if not isinstance(value, list) or any(m not in HTTP_METHODS for m in value):
        raise FaultError('%s must be a list of %s, not %r' % (name, ', '.join(HTTP_METHODS), value))
    return list(value)


def _wrong_shapes(value):
    if not isinstance(value, list) or any(name not in WRONG_SHAPES for name in value):
        raise FaultError('wrong_shapes must be a list of %s, not %r' % (', '.join(sorted(WRONG_SHAPES)), value))
    return list(value)


def _queue_entry(value):
    if isinstance(value, str):
        if value not in KINDS or value == 'status':
            raise FaultError('a queue entry given as a string must be one of reset, lost_answer, spike, ok, drip, not %r' % value)
        value = {'kind': value}
    if not isinstance(value, dict):
        return {'kind': 'status', 'status': _status(value)}
    kind = value.get('kind', 'status')
    if kind not in KINDS:
        raise FaultError('unknown queue entry kind %r (known: %s)' % (kind, ', '.join(KINDS)))
    unknown = set(value) - set(('kind',) + QUEUE_KEYS[kind])
    if unknown:
        raise FaultError('unknown key(s) in a %s queue entry: %s' % (kind, ', '.join(sorted(unknown))))
    entry = {'kind': kind}
    if kind == 'status':
        entry['status'] = _status(value.get('status'))
        if 'retry_after' in value:
            entry['retry_after'] = _retry_after(value['retry_after'])
    elif kind == 'lost_answer':
        entry['status'] = _lost_status(value.get('status', 504))
    elif kind == 'spike':
        entry['ms'] = _milliseconds('ms of a spike', value.get('ms', DEFAULTS['spike_ms']))
    elif kind == 'drip':
        entry['ms'] = _milliseconds('ms of a drip', value.get('ms', DRIP_MS))
    return entry


class Draw:
    """What happens to one API request: wait DELAY seconds, then FAULT (None: answer normally).

    FAULT is a dict: ``{"kind": "status", "status", "retry_after"}`` (retry_after None: no header),
    ``{"kind": "reset"}``, or ``{"kind": "lost_answer", "status": 504 or "reset"}``."""

    __slots__ = ('delay', 'fault', 'uppercase_ids', 'drip')

    def __init__(self, delay=0.0, fault=None, uppercase_ids=False, drip=None):
        self.delay = delay
        self.fault = fault
        self.uppercase_ids = uppercase_ids
        self.drip = drip  # seconds between the bytes of the body, or None


class Faults:
    """The fault settings of one emulator; thread-safe. Nothing sleeps while holding the lock."""

    def __init__(self, clock=time.monotonic, **settings):
        self.lock = threading.Lock()
        self.settings = self._defaults()
        self.rng = random.Random()
        self.clock = clock  # the rate limiter's time
        self._tokens, self._refilled = 0.0, None
        self.update(**settings)

    @staticmethod
    def _defaults():
        return dict(DEFAULTS, queue=[], statuses=list(DEFAULTS['statuses']),
                    lost_answer_statuses=list(DEFAULTS['lost_answer_statuses']), wrong_shapes=[])

    def clear(self):
        with self.lock:
            self.settings = self._defaults()
            self.rng = random.Random()

    def update(self, **settings):
        """Change the given settings, keep the others. Raises FaultError (and changes nothing) on a bad one."""
        unknown = set(settings) - set(DEFAULTS)
        if unknown:
            raise FaultError('unknown fault setting(s): %s (known: %s)' % (', '.join(sorted(unknown)), ', '.join(sorted(DEFAULTS))))
        new = {}
        for name in RATES:
            if name in settings:
                new[name] = _rate(name, settings[name])
        if 'statuses' in settings:
            if not isinstance(settings['statuses'], list) or not settings['statuses']:
                raise FaultError('statuses must be a non-empty list of statuses')
            new['statuses'] = [_status(s) for s in settings['statuses']]
        if 'lost_answer_statuses' in settings:
            if not isinstance(settings['lost_answer_statuses'], list) or not settings['lost_answer_statuses']:
                raise FaultError('lost_answer_statuses must be a non-empty list of 500, 502, 503, 504 or "reset"')
            new['lost_answer_statuses'] = [_lost_status(s) for s in settings['lost_answer_statuses']]
        if 'retry_after' in settings:
            new['retry_after'] = _retry_after(settings['retry_after'])
        for name in ('latency_ms', 'spike_ms'):
            if name in settings:
                new[name] = _milliseconds(name, settings[name])
        if 'queue' in settings:
            if not isinstance(settings['queue'], list):
                raise FaultError('queue must be a list of statuses or fault entries')
            new['queue'] = [_queue_entry(s) for s in settings['queue']]
        if 'uppercase_ids' in settings:
            if not isinstance(settings['uppercase_ids'], bool):
                raise FaultError('uppercase_ids must be true or false, not %r' % (settings['uppercase_ids'],))
            new['uppercase_ids'] = settings['uppercase_ids']
        if 'rate_limit' in settings:
            new['rate_limit'] = _milliseconds('rate_limit', settings['rate_limit'])
        if 'redirect' in settings:
            new['redirect'] = _redirect(settings['redirect'])
        if 'wrong_shapes' in settings:
            new['wrong_shapes'] = _wrong_shapes(settings['wrong_shapes'])
        if 'not_found_methods' in settings:
            new['not_found_methods'] = _methods('not_found_methods', settings['not_found_methods'])
        if 'seed' in settings:
            if settings['seed'] is not None and (isinstance(settings['seed'], bool) or not isinstance(settings['seed'], int)):
                raise FaultError('seed must be an integer or null')
            new['seed'] = settings['seed']
        with self.lock:
            self.settings.update(new)
            if 'rate_limit' in new:
                self._tokens, self._refilled = float(new['rate_limit']), None  # a full bucket
            if 'seed' in new:
                self.rng = random.Random(new['seed'])

    def _take_token(self, per_second):
        """The rate limiter (lock held): refill by the time passed, then take a token if there is one."""
        now = self.clock()
        if self._refilled is not None:
            self._tokens = min(float(per_second), self._tokens + (now - self._refilled) * per_second)
        self._refilled = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False

    def describe(self):
        with self.lock:
            settings = dict(self.settings)
            settings['queue'] = [dict(e) for e in settings['queue']]
            for name in ('statuses', 'lost_answer_statuses', 'wrong_shapes', 'not_found_methods'):
                settings[name] = list(settings[name])
            if settings['redirect'] is not None:
                settings['redirect'] = dict(settings['redirect'], methods=list(settings['redirect']['methods']))
            if isinstance(settings['retry_after'], list):
                settings['retry_after'] = list(settings['retry_after'])
            return settings

    def latency(self):
        """Seconds added to every request (without spikes)."""
        with self.lock:
            return self.settings['latency_ms'] / 1000.0

    def uppercase_ids(self):
        with self.lock:
            return self.settings['uppercase_ids']

    def redirect_for(self, method):
        """The redirect ({status, location}) that answers a request with METHOD, or None."""
        with self.lock:
            redirect = self.settings['redirect']
        if redirect is None or method not in redirect['methods']:
            return None
        return {'status': redirect['status'], 'location': redirect['location']}

    def not_found_for(self, method):
        """True when a request with METHOD is answered 404, nothing applied (``not_found_methods``)."""
        with self.lock:
            return method in self.settings['not_found_methods']

    def reshape(self, endpoint, body):
        """BODY (decoded JSON of a 200 answer of ENDPOINT) with the active wrong shapes applied."""
        with self.lock:
            names = list(self.settings['wrong_shapes'])
        for name in names:
            endpoints, change = WRONG_SHAPES[name]
            if endpoint in endpoints:
                body = change(body)
        return body

    def _seconds(self, retry_after):
        """A Retry-After value: the number, or one drawn from a [low, high] range."""
        if not isinstance(retry_after, list):
            return retry_after
        low, high = retry_after
        if isinstance(low, int) and isinstance(high, int):
            return self.rng.randint(low, high)
        return round(self.rng.uniform(low, high), 3)

    def draw(self):
        """What happens to the API request being answered (a Draw). The caller sleeps, not this."""
        with self.lock:
            settings = self.settings
            delay = settings['latency_ms'] / 1000.0
            if settings['queue']:
                entry = dict(settings['queue'].pop(0))
                kind = entry.pop('kind')
                if kind == 'spike':
                    return Draw(delay + entry['ms'] / 1000.0, None, settings['uppercase_ids'])
                if kind == 'ok':
                    return Draw(delay, None, settings['uppercase_ids'])
                if kind == 'drip':
                    return Draw(delay, None, settings['uppercase_ids'], drip=entry['ms'] / 1000.0)
                if kind == 'status':
                    status = entry['status']
                    if 'retry_after' in entry:  # explicit: sent with any status
                        retry_after = self._seconds(entry['retry_after'])
                    else:
                        retry_after = self._seconds(settings['retry_after']) if status == 429 else None
                    entry['status'], entry['retry_after'] = status, retry_after
                entry['kind'] = kind
                return Draw(delay, entry, settings['uppercase_ids'])
            if settings['rate_limit'] and not self._take_token(settings['rate_limit']):
                wait = max(1, int(math.ceil((1.0 - self._tokens) / settings['rate_limit'])))
                return Draw(delay, {'kind': 'status', 'status': 429, 'retry_after': wait}, settings['uppercase_ids'])
            rng = self.rng
            if settings['spike_rate'] and rng.random() < settings['spike_rate']:
                delay += settings['spike_ms'] / 1000.0
            fault = None
            if settings['reset_rate'] and rng.random() < settings['reset_rate']:
                fault = {'kind': 'reset'}
            elif settings['rate'] and rng.random() < settings['rate']:
                status = rng.choice(settings['statuses'])
                fault = {'kind': 'status', 'status': status,
                         'retry_after': self._seconds(settings['retry_after']) if status == 429 else None}
            elif settings['lost_answer_rate'] and rng.random() < settings['lost_answer_rate']:
                fault = {'kind': 'lost_answer', 'status': rng.choice(settings['lost_answer_statuses'])}
            return Draw(delay, fault, settings['uppercase_ids'])
