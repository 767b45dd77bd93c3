# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real client and directory pointed at the tl_api, and its request log."""

from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils.directory import Directory


def directory_for(tl_api, token='admin', **kwargs):
    for name, value in tl_api.inject().items():
        kwargs.setdefault(name, value)
    return Directory(TransactionLinkClient(tl_api.url, tl_api.tokens[token], **kwargs))


def sent(tl_api):
    """[(method, path)] the tl_api received since its last reset."""
    return [(r['method'], r['path']) for r in tl_api.requests()['requests']]
