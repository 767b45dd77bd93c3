# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real client and directory pointed at the emulator, and its request log."""

from ansible_collections.transactionlink.access.plugins.module_utils.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils.directory import Directory


def directory_for(emulator, token='admin', **kwargs):
    kwargs.setdefault('sleep', lambda seconds: None)
    return Directory(TransactionLinkClient(emulator.url, emulator.tokens[token], **kwargs))


def sent(emulator):
    """[(method, path)] the emulator received since its last reset."""
    return [(r['method'], r['path']) for r in emulator.requests()['requests']]
