# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The log of API requests (admin routes are not in it), with counts.

Each entry: ``method``, ``path``, ``query`` (dict), ``status`` (what the
client got; ``null`` when the connection was dropped without an answer),
``faulted`` (an injected fault changed the answer), ``fault`` (``null``,
``"status"``, ``"reset"`` or ``"lost_answer"``), ``handled_status`` (for a
lost answer: the status the API gave before the answer was lost; else
``null``), ``started`` and ``ended`` (``time.monotonic()`` of the emulator
process, in seconds: when the request line came in, and when its answer was
ready, no sooner than the injected latency after ``started``; the answer
leaves right after ``ended``).
"""

import threading

WRITE_METHODS = ('PUT', 'DELETE', 'POST', 'PATCH')


class RequestLog:

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []

    def record(self, method, path, query, status, faulted=None, fault=None, started=None, ended=None, handled_status=None):
        """Add an entry. FAULTED defaults to whether there is a FAULT."""
        entry = {'method': method, 'path': path, 'query': dict(query), 'status': status,
                 'faulted': bool(fault) if faulted is None else bool(faulted), 'fault': fault,
                 'handled_status': handled_status, 'started': started, 'ended': ended}
        with self.lock:
            self.entries.append(entry)

    def clear(self):
        with self.lock:
            self.entries = []

    def describe(self):
        """``{"requests": [...], "counts": {...}}``.

        ``writes`` counts every write request, faulted and failed ones included;
        ``applied_writes`` those the API applied (handled with a 2xx and not
        refused by a fault: a lost answer's write was applied);
        ``lost_answers`` and ``resets`` (connections dropped, lost answers included)."""
        with self.lock:
            entries = [dict(e, query=dict(e['query'])) for e in self.entries]
        counts = {'total': len(entries), 'GET': 0, 'PUT': 0, 'DELETE': 0, 'POST': 0, 'PATCH': 0,
                  'writes': 0, 'applied_writes': 0, 'faulted': 0, 'lost_answers': 0, 'resets': 0}
        for entry in entries:
            counts[entry['method']] = counts.get(entry['method'], 0) + 1
            if entry['faulted']:
                counts['faulted'] += 1
            if entry['fault'] == 'lost_answer':
                counts['lost_answers'] += 1
            if entry['status'] is None:
                counts['resets'] += 1
            if entry['method'] in WRITE_METHODS:
                counts['writes'] += 1
                handled = entry['handled_status'] if entry['fault'] == 'lost_answer' else (None if entry['faulted'] else entry['status'])
                if handled is not None and 200 <= handled < 300:
                    counts['applied_writes'] += 1
        return {'requests': entries, 'counts': counts}
