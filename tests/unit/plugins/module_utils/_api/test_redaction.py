# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""shorten() (_api/redaction.py): no message shows a value longer than ECHO_LIMIT characters; redact_all() masks
every string of a result; redact() masks what a search for each window of the secret finds (its forms are tested with the
client, in test_client_secrets.py and test_client_hostile.py)."""

import base64
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.transactionlink.access.plugins.module_utils._api import redaction

TOKEN = 'tot_' + 'k' * 52


def test_a_long_value_is_cut_to_its_start_and_its_length():
    text = "workspace '{0}' not found; available: Risk".format('n' * 5000)
    short = redaction.shorten(text)
    assert short == "workspace '{0}...(5002 characters not shown) not found; available: Risk".format('n' * 99)
    assert len(short) < redaction.ECHO_LIMIT


def test_ordinary_messages_and_values_up_to_the_limit_are_kept():
    text = 'GET /organizations/workspaces failed: HTTP 503 - ' + 'v' * redaction.ECHO_LIMIT
    assert redaction.shorten(text) == text and redaction.shorten(None) is None


def test_a_token_cut_by_shorten_is_still_masked():
    text = 'x' * 80 + TOKEN + 'y' * 1000
    assert 'tot_' not in redaction.redact(redaction.shorten(text), TOKEN)


def test_redact_all_masks_every_string_of_a_result_once_per_distinct_text():
    calls = []

    def mask(text):
        calls.append(text)
        return redaction.redact(text, TOKEN)

    leaked = 'answer: ' + TOKEN[4:30]
    result = {'msg': leaked, 'hosts': {'Risk': {'lines': [leaked, 'Risk: a@example.com added as Viewer'] * 500,
                                                'count': 2, 'pair': ('Viewer', leaked)}}}
    out = redaction.redact_all(result, mask)
    assert out == {'msg': 'answer: ' + redaction.REDACTED,
                   'hosts': {'Risk': {'lines': ['answer: ' + redaction.REDACTED, 'Risk: a@example.com added as Viewer'] * 500,
                                      'count': 2, 'pair': ['Viewer', 'answer: ' + redaction.REDACTED]}}}
    assert sorted(calls) == sorted([leaked, 'Risk: a@example.com added as Viewer', 'Viewer'])


def _masked_by_searching_each_window(text, secret):
    """What redact() masks, found another way: every occurrence of every window of the secret (str.find)."""
    folded, exact = redaction._secret_windows(secret)  # pylint: disable=protected-access
    lowered = text.translate(redaction._ASCII_LOWER)  # pylint: disable=protected-access
    masked = set()
    for haystack, windows in ((lowered, folded), (text, exact)):
        for window in set().union(*windows.values()):
            start = haystack.find(window)
            while start >= 0:
                masked.update(range(start, start + len(window)))
                start = haystack.find(window, start + 1)
    return [i in masked for i in range(len(text))]


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(
    st.text(alphabet='abcdefk_TOT%=+/ -', max_size=30),
    st.builds(lambda start, size, upper: (TOKEN.upper() if upper else TOKEN)[start:start + size],
              st.integers(0, len(TOKEN)), st.integers(15, 40), st.booleans()),
    st.builds(lambda start: base64.b64encode(TOKEN.encode('ascii')).decode('ascii')[start:],
              st.integers(0, 30))), max_size=5))
def test_redact_masks_exactly_the_windows_of_the_secret_a_search_for_each_finds(pieces):
    text = ''.join(pieces)
    masked = _masked_by_searching_each_window(text, TOKEN)
    kept = ''.join(redaction.REDACTED if masked[i] and (i == 0 or not masked[i - 1]) else '' if masked[i] else c
                   for i, c in enumerate(text))
    assert redaction.redact(text, TOKEN) == redaction.TOKEN_SHAPE.sub(redaction.REDACTED, kept)


def test_masking_a_huge_value_holds_no_more_than_a_few_copies_of_it():
    text = 'n' * (256 * 1024)  # a hostile 256 KiB name, in a result
    tracemalloc.start()
    try:
        assert redaction.redact(text, TOKEN) == text
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * len(text)  # the lowered copy, not a substring per position
