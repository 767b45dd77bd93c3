# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_invitation/address.py: what the grammar of a mail address refuses, and internationalized domains."""

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._invitation.address import sendable

LOCAL_64 = 'a' * 64
DOMAIN_LABEL_63 = 'd' * 63


@pytest.mark.parametrize('email, sent', [
    ('nora.hire@example.com', 'nora.hire@example.com'),
    (LOCAL_64 + '@example.com', LOCAL_64 + '@example.com'),  # the longest local part
    ('n@' + DOMAIN_LABEL_63 + '.com', 'n@' + DOMAIN_LABEL_63 + '.com'),  # the longest label
    ('jan@bücher.example', 'jan@xn--bcher-kva.example'),  # an internationalized domain: sent in its IDNA form
    ('jan@Bücher.Example', 'jan@xn--bcher-kva.example'),  # UTS 46 maps it to lower case first
    ('jan@straße.de', 'jan@xn--strae-oqa.de'),  # IDNA 2008: ß is kept, not mapped to ss
])
def test_addresses_the_grammar_allows_are_sent_in_ascii(email, sent):
    assert sendable(email) == sent


@pytest.mark.parametrize('email, message', [
    ('a' * 65 + '@example.com', 'has a local part of 65 octets, more than the 64'),
    ('a' * 300 + '@example.com', 'has a local part of 300 octets'),
    ('n@' + 'd' * 64 + '.com', 'has a domain label of 64 octets'),
    ('n@example..com', 'has a domain label of 0 octets'),
    ('n@' + '.'.join([DOMAIN_LABEL_63] * 4) + '.com', 'is 261 octets long, more than the 254'),
    ('jürgen@example.com', "has a local part that is not ASCII ('jürgen'): internationalized local parts (SMTPUTF8)"),
    ('n@exa\u200dmple.de', 'has a domain that is no valid internationalized domain name'),
    ('Nora Hire', 'is not an e-mail address (name@example.com)'),
])
def test_what_the_grammar_refuses_says_why(email, message):
    with pytest.raises(ValueError) as info:
        sendable(email)
    assert message in str(info.value)
