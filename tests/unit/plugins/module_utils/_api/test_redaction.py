# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""shorten() (_api/redaction.py): no message shows a value longer than ECHO_LIMIT characters (redact() is tested
with the client, in test_client_secrets.py and test_client_hostile.py)."""

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
