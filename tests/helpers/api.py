# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real client and directory pointed at the tl_api, and its request log."""

from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory


def directory_for(tl_api, token='admin', **kwargs):
    for name, value in tl_api.inject().items():
        kwargs.setdefault(name, value)
    return Directory(TransactionLinkClient(tl_api.url, tl_api.tokens[token], **kwargs))


def sent(tl_api):
    """[(method, path)] the tl_api received since its last reset."""
    return [(r['method'], r['path']) for r in tl_api.requests()['requests']]


def writes(tl_api):
    """[(method, path)] of the writes (every request but GET) the tl_api received since its last reset."""
    return [s for s in sent(tl_api) if s[0] != 'GET']


def members(tl_api, workspace):
    """{e-mail: role name} of a workspace's direct members, as the tl_api holds them."""
    return dict((m['email'], m['role']) for m in tl_api.state()['memberships'] if m['workspace'] == workspace)


def ok(result):
    """RESULT (a module run's), asserted to have succeeded."""
    assert not result.get('failed') and result['rc'] == 0, result
    return result


def failed(result):
    """RESULT (a module run's), asserted to have failed (rc 1)."""
    assert result.get('failed') is True and result['rc'] == 1, result
    return result
