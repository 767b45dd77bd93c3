# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the two pages of a review, review.html (the campaign) and evidence/summary.html (its result).

Self-contained static HTML (inline CSS, no script, no external asset); every
value is escaped.
"""

from html import escape

from ansible_collections.transactionlink.access.plugins.plugin_utils._review import routing
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import (
    DONE, KEEP, KEPT, OUTCOMES, REVOKE, UNANSWERED_KEPT, fold)

STYLE = ('body{margin:16px 20px;color:#1d2330;font:14px/1.4 system-ui,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}'
         'h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px}p.sub{color:#5b6475;margin:0 0 8px}'
         'table{border-collapse:collapse;margin:0 0 8px}th,td{border:1px solid #d5dae3;padding:3px 8px;text-align:left;'
         'vertical-align:top}th{background:#f6f7f9}td.n{text-align:right}ul.counts{display:flex;flex-wrap:wrap;gap:8px;'
         'list-style:none;padding:0}ul.counts li{border:1px solid #d5dae3;border-radius:4px;padding:2px 10px;'
         'background:#f6f7f9}')


def _cell(value):
    if isinstance(value, bool):
        value = 'yes' if value else 'no'
    if isinstance(value, (int, float)):
        return '<td class="n">{0}</td>'.format(value)
    return '<td>{0}</td>'.format(escape('' if value is None else str(value)))


def table(columns, rows, empty='none'):
    """An HTML table: COLUMNS as the header, one row per sequence of ROWS; EMPTY as a paragraph when there is none."""
    if not rows:
        return '<p>{0}</p>\n'.format(escape(empty))
    head = ''.join('<th>{0}</th>'.format(escape(c)) for c in columns)
    body = ''.join('<tr>{0}</tr>\n'.format(''.join(_cell(v) for v in row)) for row in rows)
    return '<table>\n<thead><tr>{0}</tr></thead>\n<tbody>\n{1}</tbody>\n</table>\n'.format(head, body)


def counts(items):
    """A list of (label, number) as the row of counts under a title."""
    return '<ul class="counts">{0}</ul>\n'.format(''.join(
        '<li>{0}: <strong>{1}</strong></li>'.format(escape(label), number) for label, number in items))


def page(title, sub, sections):
    """The whole document: TITLE, the line SUB under it, then SECTIONS ([(heading or None, html)])."""
    parts = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{0}</title>\n'
             '<style>{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n<p class="sub">{2}</p>\n'.format(
                 escape(title), STYLE, escape(sub))]
    for heading, html in sections:
        if heading:
            parts.append('<h2>{0}</h2>\n'.format(escape(heading)))
        parts.append(html)
    parts.append('</body>\n</html>\n')
    return ''.join(parts)


def _scope(header):
    scope = header.get('workspaces_requested') or []
    return ', '.join(scope) if scope else 'every workspace the token can view'


def review_page(header, workspaces, records):
    """review.html: who reviews what, the counts per workspace, and the inherited access (no worksheet row)."""
    per_reviewer = {}
    for w in workspaces:
        entry = per_reviewer.setdefault(w['reviewer'], [0, 0])
        entry[0] += 1
        entry[1] += w['direct']
    c = header['counts']
    inherited = [(m.workspace, m.shown_user, m.role) for m in records if m.inherited]
    return page('Access review {0}'.format(header['id']), 'Started {0} from {1}. Scope: {2}.'.format(
        header['started_at'], header.get('api_url') or 'the API', _scope(header)), [
        (None, counts([('workspaces', c['workspaces']), ('users', c['users']), ('direct memberships to review',
                       c['direct']), ('inherited access', c['inherited']), ('reviewers', c['reviewers'])])),
        ('Reviewers', table(('reviewer', 'worksheet', 'workspaces', 'rows'), [
            (r, routing.sheet_name(r), n[0], n[1]) for r, n in sorted(per_reviewer.items(), key=lambda kv: fold(kv[0]))])),
        ('Workspaces', table(('workspace', 'reviewer', 'direct memberships', 'inherited access'), [
            (w['workspace'], w['reviewer'], w['direct'], w['inherited']) for w in workspaces])),
        ('Inherited access', '<p>Organization admins and owners reach every workspace without a direct membership. '
         'It is no worksheet row: it cannot be removed from a workspace, only by changing the person\'s '
         'organization role.</p>\n' + table(('workspace', 'user', 'role'), inherited)),
        ('How to answer', '<p>Open your worksheet in any spreadsheet program, write keep or revoke in the decision '
         'column of each row (any case), optionally a comment, save it as CSV (UTF-8) under the same name and '
         'return it. Do not add, move or copy rows.</p>\n'),
    ])


def _reviewer_rows(decided, returned):
    per = {}
    for d in decided:
        row = per.setdefault(d.reviewer, [0, 0, 0, 0])
        row[0] += 1
        row[1] += d.decision is not None
        row[2] += d.decision == KEEP
        row[3] += d.decision == REVOKE
    rows = []
    for reviewer, (total, answered, keep, revoke) in sorted(per.items(), key=lambda kv: fold(kv[0])):
        sheet = routing.sheet_name(reviewer)
        rows.append((reviewer, sheet, sheet in returned, total, answered, keep, revoke, total - answered,
                     '{0}%'.format(answered * 100 // total if total else 100)))
    return rows


def _before_after(snapshot_records, after_records):
    before, after = {}, {}
    for m in snapshot_records:
        if not m.inherited:
            before[m.workspace] = before.get(m.workspace, 0) + 1
    for m in after_records or []:
        after[m.workspace] = after.get(m.workspace, 0) + 1
    names = sorted(set(before) | set(after), key=fold)
    return [(name, before.get(name, 0), after.get(name, 0) if after_records is not None else 'not read')
            for name in names]


def summary_page(header, about, decided, returned, snapshot_records, after_records):
    """evidence/summary.html: reviewers and their completion, every revocation, the counts before and after."""
    per = dict((o, 0) for o in OUTCOMES)
    for d in decided:
        per[d.outcome] += 1
    revocations = [(d.membership.workspace, d.membership.shown_user, d.membership.role, d.reviewer,
                    d.decision or 'unanswered', d.comment, d.outcome)
                   for d in decided if d.outcome not in (KEPT, UNANSWERED_KEPT)]
    return page('Access review {0}: evidence'.format(header['id']), (
        'Started {0}, closed {1}, from {2}. Unanswered rows: {3}. Removals: {4}.'.format(
            header['started_at'], about['closed_at'], about.get('api_url') or 'the API', about['unanswered'],
            sum(1 for d in decided if d.outcome in DONE))), [
        (None, counts(list(per.items()))),
        ('Reviewers', table(('reviewer', 'worksheet', 'returned', 'rows', 'answered', 'keep', 'revoke', 'unanswered',
                             'completion'), _reviewer_rows(decided, returned))),
        ('Revocations', table(('workspace', 'user', 'role', 'reviewer', 'decision', 'comment', 'outcome'),
                              revocations, 'No membership was revoked.')),
        ('Before and after', table(('workspace', 'direct memberships in the snapshot', 'direct memberships after'),
                                   _before_after(snapshot_records, after_records))),
        ('Files', '<p>snapshot.json (the population reviewed), worksheets/ (the answers as returned), '
         'evidence/decisions.json (every decision and its outcome), evidence/after.json (the access after the '
         'close); evidence/manifest.sha256 holds the SHA-256 of each: <code>cd DIR &amp;&amp; sha256sum -c '
         'evidence/manifest.sha256</code>.</p>\n'),
    ])
