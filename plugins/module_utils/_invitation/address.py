# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The e-mail address of an invitation, checked and in the form that is compared and sent (``sendable()``).

What the grammar of a mail address (RFC 5321) refuses is refused here: a
local part over 64 octets, an address over 254, a domain label over 63 or
empty. An internationalized domain (``名前@例え.jp``, ``jan@bücher.example``)
is converted to its IDNA form (``xn--...``, IDNA 2008 with the UTS 46
mapping, by the ``idna`` package that ``requests`` depends on): that form is
compared with the users and invitations and sent. A local part that is not
ASCII (an SMTPUTF8 address) is refused: not every mail system delivers it,
and the API does not say that it accepts one.
"""

import re

try:
    import idna
except ImportError:  # pragma: no cover - requests, which the collection needs, depends on it
    idna = None

# One @, something on both sides, a dot in the domain, no white space: enough to catch a typo or a name given
# where an e-mail belongs; the API remains the judge of the rest.
EMAIL_RE = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
MAX_LOCAL_OCTETS = 64
MAX_ADDRESS_OCTETS = 254
MAX_LABEL_OCTETS = 63


def sendable(email: str) -> str:
    """EMAIL (stripped, non-empty) as it is compared and sent; ValueError saying what is wrong with it."""
    if not EMAIL_RE.match(email):
        raise ValueError('is not an e-mail address (name@example.com)')
    local, domain = email.rsplit('@', 1)
    if not local.isascii():
        raise ValueError('has a local part that is not ASCII ({0!r}): internationalized local parts (SMTPUTF8) are not '
                         'sent; give an ASCII address of the person'.format(local))
    if not domain.isascii():
        domain = _idna(domain)
    if len(local) > MAX_LOCAL_OCTETS:
        raise ValueError('has a local part of {0} octets, more than the {1} an e-mail address allows'.format(
            len(local), MAX_LOCAL_OCTETS))
    for label in domain.split('.'):
        if not label or len(label) > MAX_LABEL_OCTETS:
            raise ValueError('has a domain label of {0} octets ({1!r}); each label of a domain has 1 to {2}'.format(
                len(label), label[:20] + '...' if len(label) > 20 else label, MAX_LABEL_OCTETS))
    address = '{0}@{1}'.format(local, domain)
    if len(address) > MAX_ADDRESS_OCTETS:
        raise ValueError('is {0} octets long, more than the {1} an e-mail address allows'.format(
            len(address), MAX_ADDRESS_OCTETS))
    return address


def _idna(domain: str) -> str:
    """The IDNA (ASCII, ``xn--``) form of an internationalized DOMAIN; ValueError when it has none."""
    if idna is None:  # pragma: no cover
        raise ValueError('has an internationalized domain, and the idna package (a dependency of requests) is missing '
                         'to convert it; give the domain in its IDNA form (xn--...)')
    try:
        return idna.encode(domain, uts46=True).decode('ascii')
    except idna.IDNAError as exc:
        raise ValueError('has a domain that is no valid internationalized domain name ({0}); give the domain in its '
                         'IDNA form (xn--...)'.format(exc)) from None
