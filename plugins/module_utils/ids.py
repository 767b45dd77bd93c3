# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The one canonical form of an id.

Every id is a UUID string. The API may answer them in any case and users may
type them in any case, so every id is made canonical (stripped, lower case) at
the two boundaries where it enters: what the client reads from the API and
what a task gives. Everything in between compares canonical ids only.
"""

import re

UUID_RE = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


def is_uuid(value):
    """True when VALUE (surrounding white space ignored) is a UUID string."""
    return isinstance(value, str) and bool(UUID_RE.match(value.strip()))


def canonical_id(value):
    """The canonical form of an id: a UUID stripped and in lower case; anything else as it is.

    None stays None, so a missing field is still visibly missing.
    """
    if isinstance(value, str) and is_uuid(value):
        return value.strip().lower()
    return value
