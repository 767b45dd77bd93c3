# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: every file review_start writes, from one read of the reviewed workspaces."""

import hashlib

from ansible_collections.transactionlink.access.plugins.plugin_utils._audit import shown_url
from ansible_collections.transactionlink.access.plugins.plugin_utils._review import (
    documents, manifest, memberships, pages, routing, worksheets)
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import (
    DEFAULT_REVIEWER, MANIFEST, REVIEW_PAGE, SNAPSHOT)


def review_id(started_at, records):
    """``tlr-<started_at, digits only>-<8 hex of the memberships>``: when, and a fingerprint of what, was reviewed."""
    stamp = ''.join(ch for ch in str(started_at or '') if ch.isalnum())
    digest = hashlib.sha256(documents.dumps([m.document() for m in records]).encode('utf-8')).hexdigest()
    return 'tlr-{0}-{1}'.format(stamp or 'undated', digest[:8])


def _sheets(records, routed):
    """{worksheet path: text}: one per reviewer, with the direct memberships routed to them (maybe none)."""
    rows = dict((reviewer, []) for reviewer in routed.values())
    for m in records:
        if not m.inherited:
            rows[routed[m.workspace_id]].append(m)
    return dict((routing.sheet_name(reviewer), worksheets.issue(found)) for reviewer, found in rows.items())


def files(found, reviewers=None, default_reviewer=DEFAULT_REVIEWER, workspaces=None, started_at=None, api_url=None,
          path='.'):
    """{files, order, review, counts, summary}: snapshot.json, the worksheets, review.html and manifest.sha256.

    FOUND is what workspace_membership_info read (with inherited access);
    REVIEWERS {workspace name or UUID: reviewer}; the other workspaces go to
    DEFAULT_REVIEWER. WORKSPACES is the scope as the user gave it (empty:
    every workspace). ``order`` lists the paths to write, the manifest last.
    """
    records = memberships.read(found)
    spaces = memberships.workspaces(records)
    routing.check_unique_names(spaces)
    routed = routing.route(spaces, reviewers, default_reviewer)
    about = {'id': review_id(started_at, records), 'started_at': started_at, 'api_url': shown_url(api_url),
             'workspaces_requested': list(workspaces or []), 'reviewers': dict(reviewers or {}),
             'default_reviewer': default_reviewer}
    snapshot = documents.snapshot(about, records, spaces, routed)
    out = {SNAPSHOT: documents.dumps(snapshot)}
    out.update(_sheets(records, routed))
    out[MANIFEST] = manifest.lines(out)
    out[REVIEW_PAGE] = pages.review_page(snapshot['review'], snapshot['workspaces'], records)
    order = sorted(p for p in out if p != MANIFEST) + [MANIFEST]
    return {'files': out, 'order': order, 'review': snapshot['review'], 'counts': snapshot['review']['counts'],
            'summary': summary(snapshot, path)}


def summary(snapshot, path):
    c = snapshot['review']['counts']
    lines = ['Access review {0}: {1} workspace(s), {2} direct membership(s) to review, {3} inherited, {4} '
             'reviewer(s)'.format(snapshot['review']['id'], c['workspaces'], c['direct'], c['inherited'],
                                  c['reviewers'])]
    per = {}
    for w in snapshot['workspaces']:
        per[w['reviewer']] = per.get(w['reviewer'], 0) + w['direct']
    for reviewer in sorted(per, key=str.casefold):
        lines.append('{0}/{1}: {2} row(s)'.format(str(path).rstrip('/'), routing.sheet_name(reviewer), per[reviewer]))
    lines.append('Campaign: {0}/{1}; send each reviewer their worksheet, then run review_close'.format(
        str(path).rstrip('/'), REVIEW_PAGE))
    return lines
