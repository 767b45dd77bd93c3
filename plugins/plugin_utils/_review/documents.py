# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the JSON documents of a review (snapshot.json, evidence/decisions.json, evidence/after.json).

Their schemas are docs/schemas/access-review-*.schema.json. JSON is written
with sorted keys, two-space indents, ASCII only and a final line end, so the
same review gives the same bytes.
"""

import json

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import (
    FORMAT_VERSION, OUTCOMES, Membership)

READ_WITH = 'transactionlink.access.workspace_membership_info'
START_ENDPOINTS = ('GET ' + api_facts.WORKSPACES, 'GET ' + api_facts.USERS, 'GET ' + api_facts.DIRECT_MEMBERSHIPS,
                   'GET ' + api_facts.ALL_MEMBERSHIPS)
AFTER_ENDPOINTS = START_ENDPOINTS[:3]


def dumps(document):
    return json.dumps(document, indent=2, sort_keys=True, separators=(',', ': ')) + '\n'


def counts(records):
    direct = sum(1 for m in records if not m.inherited)
    return {'workspaces': len(set(m.workspace_id for m in records)), 'users': len(set(m.user_id for m in records)),
            'memberships': len(records), 'direct': direct, 'inherited': len(records) - direct}


def snapshot(about, records, workspaces, routed):
    """snapshot.json: ABOUT (id, started_at, api_url, scope, reviewers...), the WORKSPACES with reviewers, RECORDS."""
    header = dict(about, endpoints=list(START_ENDPOINTS), read_with=READ_WITH, include_inherited=True,
                  filtered=False, counts=dict(counts(records), reviewers=len(set(routed.values()))))
    per = dict((workspace[0], {'direct': 0, 'inherited': 0}) for workspace in workspaces)
    for m in records:
        per[m.workspace_id]['inherited' if m.inherited else 'direct'] += 1
    return {
        'format_version': FORMAT_VERSION,
        'review': header,
        'workspaces': [dict(per[workspace_id], workspace=name, workspace_id=workspace_id,
                            reviewer=routed[workspace_id]) for workspace_id, name in workspaces],
        'memberships': [m.document() for m in records],
    }


def _membership(item, where):
    try:
        return Membership(item['workspace'], item['workspace_id'], item['user'], item['user_id'], item['role'],
                          item['role_id'], bool(item['inherited']))
    except (KeyError, TypeError):
        raise ValueError('{0}: not a membership of a review snapshot: {1!r}'.format(where, item)) from None


def load_snapshot(text, name='snapshot.json'):
    """(review header, {workspace UUID: reviewer}, [Membership]) of the snapshot TEXT; ValueError naming NAME."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ValueError('{0} is not JSON ({1}); it is not a review snapshot'.format(name, exc)) from None
    if not isinstance(document, dict) or document.get('format_version') != FORMAT_VERSION:
        raise ValueError('{0} is not a review snapshot of format_version {1}'.format(name, FORMAT_VERSION))
    try:
        routed = dict((w['workspace_id'], w['reviewer']) for w in document['workspaces'])
        records = [_membership(item, '{0} memberships[{1}]'.format(name, index))
                   for index, item in enumerate(document['memberships'])]
        header = document['review']
        if not isinstance(header.get('id'), str):
            raise TypeError('no review id')
    except (KeyError, TypeError, AttributeError):
        raise ValueError('{0} lacks review, workspaces or memberships: not a review snapshot'.format(name)) from None
    unrouted = sorted(set(m.workspace for m in records if m.workspace_id not in routed))
    if unrouted:
        raise ValueError('{0}: no reviewer for workspace(s) {1}'.format(name, ', '.join(unrouted)))
    return header, routed, records


def previous_outcomes(text, name='evidence/decisions.json'):
    """{membership key: outcome} of the decisions.json of an earlier close (empty when there is none)."""
    if not text:
        return {}
    try:
        document = json.loads(text)
        return dict(((d['workspace_id'], d['user_id']), d['outcome']) for d in document['decisions']
                    if d['outcome'] in OUTCOMES)
    except (ValueError, KeyError, TypeError):
        raise ValueError('{0} of the earlier close cannot be read; move evidence/ away to close again from '
                         'scratch'.format(name)) from None


def decisions(about, decided):
    """decisions.json: ABOUT (id, closed_at, unanswered, ...), counts per outcome, one entry per DECIDED membership."""
    per = dict((outcome, 0) for outcome in OUTCOMES)
    entries = []
    for d in decided:
        per[d.outcome] += 1
        m = d.membership
        entries.append({'workspace': m.workspace, 'workspace_id': m.workspace_id, 'user': m.user, 'user_id': m.user_id,
                        'role': m.role, 'role_id': m.role_id, 'reviewer': d.reviewer, 'decision': d.decision,
                        'comment': d.comment, 'outcome': d.outcome, 'line': d.line})
    return {'format_version': FORMAT_VERSION, 'review': dict(about), 'counts': per, 'decisions': entries}


def after(about, records):
    """after.json: the direct memberships of the reviewed workspaces after the close, fields as in the snapshot."""
    header = dict(about, endpoints=list(AFTER_ENDPOINTS), read_with=READ_WITH, include_inherited=False,
                  filtered=False, counts=counts(records))
    return {'format_version': FORMAT_VERSION, 'review': header, 'memberships': [m.document() for m in records]}
