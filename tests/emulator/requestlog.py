# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The log of API requests (admin routes are not in it), with counts."""

import threading

WRITE_METHODS = ('PUT', 'DELETE', 'POST', 'PATCH')


class RequestLog:

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []

    def record(self, method, path, query, status, faulted=False):
        with self.lock:
            self.entries.append({'method': method, 'path': path, 'query': dict(query), 'status': status, 'faulted': bool(faulted)})

    def clear(self):
        with self.lock:
            self.entries = []

    def describe(self):
        """``{"requests": [...], "counts": {...}}``; writes count faulted answers too."""
        with self.lock:
            entries = [dict(e, query=dict(e['query'])) for e in self.entries]
        counts = {'total': len(entries), 'GET': 0, 'PUT': 0, 'DELETE': 0, 'POST': 0, 'PATCH': 0,
                  'writes': 0, 'applied_writes': 0, 'faulted': 0}
        for entry in entries:
            counts[entry['method']] = counts.get(entry['method'], 0) + 1
            if entry['faulted']:
                counts['faulted'] += 1
            if entry['method'] in WRITE_METHODS:
                counts['writes'] += 1
                if not entry['faulted'] and 200 <= entry['status'] < 300:
                    counts['applied_writes'] += 1
        return {'requests': entries, 'counts': counts}
