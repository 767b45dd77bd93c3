# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

When access given until a date ends. Pure: the time to compare with is always passed in.

``expires`` is a date ``YYYY-MM-DD`` (access through the end of that day,
UTC) or an ISO 8601 date-time with an offset (``2026-12-31T18:00:00+01:00``,
``...Z``). ``ends_at()`` turns either into the first instant without access
(a timezone-aware datetime); the access has expired once ``now`` reaches it.

An end past the last instant a datetime holds (``9999-12-31``: the end of
that day; ``9999-12-31T23:59:59-01:00``: after it in UTC) is that last
instant, ``LAST``: a common way to write "never". One before the first
instant (``0001-01-01T00:00:00+01:00``) is the first, ``FIRST``: long over.
A value the date type cannot hold at all (year 10000) is refused.
"""

import datetime
import re

DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}$')
LAST = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)
FIRST = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
HOW = ('give a date YYYY-MM-DD (access through the end of that day, UTC) or a date-time with an offset, '
       'such as 2026-12-31T18:00:00+01:00 or 2026-12-31T17:00:00Z')


def ends_at(value):
    """The first instant (aware, UTC) without access for an ``expires`` VALUE; raise ValueError saying how to fix it.

    VALUE is a string, or a ``date``/``datetime`` (what YAML makes of an unquoted date).
    """
    if isinstance(value, datetime.datetime):
        return _aware(value, value.isoformat())
    if isinstance(value, datetime.date):
        return _day_after(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError('expires {0!r} is not a date: {1}'.format(value, HOW))
    text = value.strip()
    try:
        if DATE_RE.match(text):
            return _day_after(datetime.date.fromisoformat(text))
        if 'T' not in text.upper():
            raise ValueError(text)
        moment = datetime.datetime.fromisoformat(text[:-1] + '+00:00' if text[-1] in 'zZ' else text)
    except ValueError:
        raise ValueError("expires '{0}' is not a date or date-time: {1}".format(text, HOW)) from None
    return _aware(moment, text)


def has_expired(ends, now):
    """True when access that ends at ENDS (from ``ends_at``, or None: no end) is over at NOW (aware)."""
    return ends is not None and now >= ends


def _day_after(day):
    if day == datetime.date.max:
        return LAST
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=datetime.timezone.utc)


def _aware(moment, text):
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("expires '{0}' has no offset, so it is ambiguous: {1}".format(text, HOW))
    if moment >= LAST:  # compared without converting: the conversion of an instant past LAST overflows
        return LAST
    if moment <= FIRST:
        return FIRST
    return moment.astimezone(datetime.timezone.utc)
