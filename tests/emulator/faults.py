# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: what a busy SaaS API does to its clients.

- ``queue``: the next N API requests answer these statuses, in order, then
  everything is normal again (exact tests: ``[429, 503, 500]``). An entry is a
  status or ``{"status": 429, "retry_after": 2}``.
- ``rate`` and ``statuses``: each other API request fails with probability
  ``rate``, with a status drawn from ``statuses``; ``seed`` makes the draws
  reproducible.
- ``retry_after``: seconds sent in ``Retry-After`` with every 429 (``None``:
  no header); a queue entry's own ``retry_after`` is sent with its status,
  whatever it is.
- ``latency_ms``: added to every API request.
"""

import random
import threading

FAULT_STATUSES = (429, 500, 502, 503, 504)
DEFAULTS = {'rate': 0.0, 'statuses': [429, 503], 'retry_after': 1, 'latency_ms': 0, 'queue': [], 'seed': None}


class FaultError(ValueError):
    """A fault setting that makes no sense."""


def _status(value):
    if isinstance(value, bool) or not isinstance(value, int) or value not in FAULT_STATUSES:
        raise FaultError('fault status must be one of %s, not %r' % (', '.join(str(s) for s in FAULT_STATUSES), value))
    return value


def _retry_after(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FaultError('retry_after must be a number of seconds >= 0 or null, not %r' % (value,))
    return value


def _queue_entry(value):
    if isinstance(value, dict):
        unknown = set(value) - set(('status', 'retry_after'))
        if unknown:
            raise FaultError('unknown key(s) in a queue entry: %s' % ', '.join(sorted(unknown)))
        entry = {'status': _status(value.get('status'))}
        if 'retry_after' in value:
            entry['retry_after'] = _retry_after(value['retry_after'])
        return entry
    return {'status': _status(value)}


class Faults:
    """The fault settings of one emulator; thread-safe."""

    def __init__(self, **settings):
        self.lock = threading.Lock()
        self.settings = dict(DEFAULTS, queue=[], statuses=list(DEFAULTS['statuses']))
        self.rng = random.Random()
        self.update(**settings)

    def clear(self):
        with self.lock:
            self.settings = dict(DEFAULTS, queue=[], statuses=list(DEFAULTS['statuses']))
            self.rng = random.Random()

    def update(self, **settings):
        """Change the given settings, keep the others. Raises FaultError (and changes nothing) on a bad one."""
        unknown = set(settings) - set(DEFAULTS)
        if unknown:
            raise FaultError('unknown fault setting(s): %s (known: %s)' % (', '.join(sorted(unknown)), ', '.join(sorted(DEFAULTS))))
        new = {}
        if 'rate' in settings:
            rate = settings['rate']
            if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
                raise FaultError('rate must be a number between 0 and 1, not %r' % (rate,))
            new['rate'] = float(rate)
        if 'statuses' in settings:
            if not isinstance(settings['statuses'], list) or not settings['statuses']:
                raise FaultError('statuses must be a non-empty list of statuses')
            new['statuses'] = [_status(s) for s in settings['statuses']]
        if 'retry_after' in settings:
            new['retry_after'] = _retry_after(settings['retry_after'])
        if 'latency_ms' in settings:
            latency = settings['latency_ms']
            if isinstance(latency, bool) or not isinstance(latency, (int, float)) or latency < 0:
                raise FaultError('latency_ms must be a number >= 0, not %r' % (latency,))
            new['latency_ms'] = latency
        if 'queue' in settings:
            if not isinstance(settings['queue'], list):
                raise FaultError('queue must be a list of statuses')
            new['queue'] = [_queue_entry(s) for s in settings['queue']]
        if 'seed' in settings:
            if settings['seed'] is not None and (isinstance(settings['seed'], bool) or not isinstance(settings['seed'], int)):
                raise FaultError('seed must be an integer or null')
            new['seed'] = settings['seed']
        with self.lock:
            self.settings.update(new)
            if 'seed' in new:
                self.rng = random.Random(new['seed'])

    def describe(self):
        with self.lock:
            settings = dict(self.settings)
            settings['queue'] = [dict(e) for e in settings['queue']]
            settings['statuses'] = list(settings['statuses'])
            return settings

    def latency(self):
        """Seconds to wait before answering."""
        with self.lock:
            return self.settings['latency_ms'] / 1000.0

    def draw(self):
        """The fault for the request being answered, or None: (status, retry_after or None)."""
        with self.lock:
            if self.settings['queue']:
                entry = self.settings['queue'].pop(0)
                status = entry['status']
                if 'retry_after' in entry:  # explicit: sent with any status
                    return status, entry['retry_after']
                retry_after = self.settings['retry_after']
            elif self.settings['rate'] and self.rng.random() < self.settings['rate']:
                status = self.rng.choice(self.settings['statuses'])
                retry_after = self.settings['retry_after']
            else:
                return None
            return status, (retry_after if status == 429 else None)
