# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: who reviews which workspace, and the name of each reviewer's worksheet."""

import re

from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import WORKSHEETS_DIR, fold

# A reviewer string becomes a file name as given: letters, digits and . _ @ + - only, not starting with a dot or a
# dash, so that it is one plain file in worksheets/ on every system and never a path, a hidden file or an option.
SAFE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}$')


def check_reviewer(reviewer, where):
    """REVIEWER (a string that is a safe file name), or ValueError naming WHERE it was given."""
    if not isinstance(reviewer, str) or not SAFE_NAME.match(reviewer):
        raise ValueError('{0}: the reviewer {1!r} is not a safe file name (letters, digits and . _ @ + - only, at most '
                         '200, not starting with a dot or a dash); its worksheet would be {1!r} + ".csv"'.format(
                             where, reviewer))
    return reviewer


def sheet_name(reviewer):
    """The worksheet's path relative to the review directory."""
    return '{0}/{1}.csv'.format(WORKSHEETS_DIR, reviewer)


def route(workspaces, reviewers, default_reviewer):
    """{workspace UUID: reviewer} for WORKSPACES ([(UUID, name)]).

    REVIEWERS maps a workspace name or UUID (any case) to a reviewer. A key
    that names no reviewed workspace, a workspace given twice with two
    reviewers, or a reviewer that is not a safe file name fails, naming it.
    Two reviewers whose worksheets would differ only in case fail too.
    """
    default = check_reviewer(default_reviewer, 'default_reviewer')
    by_ref = {}
    for workspace_id, name in workspaces:
        by_ref.setdefault(fold(workspace_id), workspace_id)
        by_ref.setdefault(fold(name), workspace_id)
    routed = {}
    for key, reviewer in sorted((reviewers or {}).items(), key=lambda kv: str(kv[0])):
        check_reviewer(reviewer, 'reviewers[{0!r}]'.format(key))
        if fold(key) not in by_ref:
            raise ValueError('reviewers: {0!r} is not a reviewed workspace; the reviewed workspaces are {1}'.format(
                key, ', '.join(w[1] for w in workspaces) or 'none'))
        workspace_id = by_ref[fold(key)]
        if routed.get(workspace_id, reviewer) != reviewer:
            raise ValueError('reviewers: workspace {0!r} is given two reviewers, {1!r} and {2!r}'.format(
                key, routed[workspace_id], reviewer))
        routed[workspace_id] = reviewer
    result = dict((w[0], routed.get(w[0], default)) for w in workspaces)
    _check_distinct(set(result.values()))
    return result


def _check_distinct(reviewers):
    seen = {}
    for reviewer in sorted(reviewers):
        other = seen.setdefault(reviewer.casefold(), reviewer)
        if other != reviewer:
            raise ValueError('reviewers {0!r} and {1!r} differ only in case: their worksheets would be one file on '
                             'some systems; write them the same way'.format(other, reviewer))


def check_unique_names(workspaces):
    """ValueError when two reviewed workspaces share a name (a worksheet names workspaces, it could not tell them apart)."""
    seen = {}
    for workspace_id, name in workspaces:
        other = seen.setdefault(fold(name), workspace_id)
        if other != workspace_id:
            raise ValueError('two reviewed workspaces are named {0!r} ({1} and {2}): a worksheet could not tell them '
                             'apart; review them in separate campaigns (transactionlink_review_workspaces by UUID)'
                             .format(name, other, workspace_id))
