# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

Redaction: the token never reaches a message, and no message echoes a long API value.

``redact()`` masks the token (in any case, with or without its prefix, base64-
or URL-encoded, or any run of REDACT_RUN of its characters) and anything shaped
like an organization token. ``shorten()`` cuts every run of more than
ECHO_LIMIT characters without white space (a value the API gave, quoted in a
message) to its start and its length, so a huge name never floods a message.
"""

import base64
import functools
import json
import re

from typing import Any, Callable, Dict, List, Optional, Set, Tuple
from urllib.parse import quote, quote_plus

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api

REDACTED = '********'
REDACT_RUN = 20  # any run of this many characters of the token's secret part is masked
ECHO_LIMIT = 300  # characters of one value a message may show; longer ones are cut to ECHO_KEEP
ECHO_KEEP = 100

# Anything shaped like an organization token, in any case: 'tot_' (or 'tot%5F', URL-encoded) and the
# characters a token may carry. Masked wherever the client builds a message.
TOKEN_SHAPE = re.compile(re.escape(api.TOKEN_PREFIX[:-1]) + r'(?:_|%5F)[A-Za-z0-9_\-+/=~%]+', re.IGNORECASE)
LONG_VALUE = re.compile(r'\S{%d,}' % (ECHO_LIMIT + 1))

_ASCII_LOWER = dict((code, code + 32) for code in range(ord('A'), ord('Z') + 1))


def _base64_cores(data: bytes) -> Set[str]:
    """The parts of base64(DATA) that are the same wherever DATA sits in a longer base64 text (each alphabet)."""
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(b'\0' * shift + data).decode('ascii')
        first = -(-shift * 8 // 6)  # the first character made of DATA's bits only
        last = (shift + len(data)) * 8 // 6  # after it, the characters depend on what follows DATA
        core = encoded[first:last]
        cores.update((core, core.replace('+', '-').replace('/', '_')))
    return cores


def _secret_forms(secret: str) -> Tuple[List[str], List[str]]:
    """(case-insensitive forms, case-sensitive forms) in which SECRET may show up in a text."""
    part = secret[len(api.TOKEN_PREFIX):] if secret.lower().startswith(api.TOKEN_PREFIX) else secret
    folded = set()
    for value in (secret, part):
        folded.update((value, repr(value)[1:-1], json.dumps(value)[1:-1], quote(value, safe=''), quote_plus(value)))
    folded = set(f.translate(_ASCII_LOWER) for f in folded)
    exact = set()
    for value in (secret, part):
        exact.update(_base64_cores(value.encode('utf-8')))
    return [f for f in folded if f], [f for f in exact if f]


def _windows(forms: List[str], run: int) -> Dict[int, Set[str]]:
    """{length: set of substrings}: every run of RUN characters of each form (the whole form when shorter)."""
    found = {}  # type: Dict[int, Set[str]]
    for form in forms:
        length = min(run, len(form))
        found.setdefault(length, set()).update(form[i:i + length] for i in range(len(form) - length + 1))
    return found


@functools.lru_cache(maxsize=4)
def _secret_windows(secret: str) -> Tuple[Dict[int, Set[str]], Dict[int, Set[str]]]:
    """(case-insensitive, case-sensitive) windows of SECRET's forms: built once per secret, read by every ``_mask``."""
    folded, exact = _secret_forms(secret)
    return _windows(folded, REDACT_RUN), _windows(exact, REDACT_RUN)


def _touches(haystack: str, windows: Dict[int, Set[str]]) -> bool:
    """True when HAYSTACK holds any of WINDOWS ({length: substrings})."""
    return any(not subs.isdisjoint(haystack[i:i + length] for i in range(len(haystack) - length + 1))
               for length, subs in windows.items())


def _mask(text: str, secret: str) -> str:
    folded_windows, exact_windows = _secret_windows(secret)
    lowered = text.translate(_ASCII_LOWER)  # a token is ASCII; other characters keep their place
    if not _touches(lowered, folded_windows) and not _touches(text, exact_windows):
        return text  # most texts hold none of the secret's pieces: one pass, nothing to mark
    masked = [False] * len(text)
    for haystack, windows in ((lowered, folded_windows), (text, exact_windows)):
        for length, subs in windows.items():
            for i in range(len(text) - length + 1):
                if haystack[i:i + length] in subs:
                    masked[i:i + length] = [True] * length
    if not any(masked):
        return text
    out, i = [], 0
    while i < len(text):
        if masked[i]:
            while i < len(text) and masked[i]:
                i += 1
            out.append(REDACTED)
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)


def redact(text: Any, secret: Optional[str] = None) -> Optional[str]:
    """TEXT with SECRET and anything shaped like an organization token masked.

    SECRET is masked in any case, with or without its ``tot_`` prefix, as a
    repr() or JSON string shows it, URL-encoded, base64-encoded (standard or
    URL-safe alphabet, at any offset of a longer base64 text), and so is any
    run of REDACT_RUN (20) or more characters of any of these forms: a tail,
    a head, a middle part of the token.
    """
    if text is None:
        return None
    text = str(text)
    if secret:
        text = _mask(text, str(secret))
    return TOKEN_SHAPE.sub(REDACTED, text)


def shorten(text: Any) -> Optional[str]:
    """TEXT with every run of more than ECHO_LIMIT characters without white space cut to its start.

    What is kept is ECHO_KEEP characters and the run's length: a value the
    API gave (a 40 MiB workspace name) never fills a message. Call it before
    ``redact`` on text that may be long (redaction reads every character).
    """
    if text is None:
        return None
    return LONG_VALUE.sub(lambda m: '{0}...({1} characters not shown)'.format(m.group(0)[:ECHO_KEEP], len(m.group(0))),
                          str(text))


def redact_all(value: Any, mask: Callable[[str], str]) -> Any:
    """VALUE (a result: dicts, lists and tuples of strings and other values) with MASK applied to every string.

    MASK is a one-argument redact, such as ``client.redact`` or ``lambda text:
    redact(text, secret)``, a function of the text alone: each distinct string
    is masked once (a result repeats its e-mails, ids and names thousands of
    times). Tuples come back as lists (as JSON shows them).
    """
    masked = {}  # type: Dict[str, str]

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            return dict((k, walk(v)) for k, v in item.items())
        if isinstance(item, (list, tuple)):
            return [walk(v) for v in item]
        if isinstance(item, str):
            if item not in masked:
                masked[item] = mask(item)
            return masked[item]
        return item
    return walk(value)
