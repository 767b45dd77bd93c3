# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: review_close, in the three steps of the role.

1. ``check``: the snapshot and the returned worksheets, every problem named
   (file and line) before anything is read from or written to the API.
2. ``plan``: with the direct memberships now, the outcome of every decision
   and the removals, for one workspace_membership run.
3. ``evidence``: with that run's result and the memberships read back, the
   evidence files and their manifest.
"""

from ansible_collections.transactionlink.access.plugins.plugin_utils._audit import shown_url
from ansible_collections.transactionlink.access.plugins.plugin_utils._review import (
    documents, manifest, memberships, outcomes, pages)
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import (
    AFTER, DECISIONS, DONE, EVIDENCE_MANIFEST, KEEP, MANIFEST, OUTCOMES, REVOKE, SNAPSHOT, SUMMARY_PAGE, WORKSHEETS_DIR)

SHOWN_REMOVALS = 50


def _bytes(text):
    """The bytes of a file Ansible read as text (undecodable bytes kept as surrogates)."""
    return text if isinstance(text, bytes) else str(text).encode('utf-8', 'surrogateescape')


def _returned(sheets):
    """{worksheets/<name>: bytes} of the files found in worksheets/ ({file name: text})."""
    return dict(('{0}/{1}'.format(WORKSHEETS_DIR, name.rsplit('/', 1)[-1]), _bytes(text))
                for name, text in (sheets or {}).items())


def check(snapshot, sheets):
    """(header, routed, records, direct, returned, answers) - ValueError naming every problem."""
    header, routed, records = documents.load_snapshot(snapshot)
    direct = [m for m in records if not m.inherited]
    returned = _returned(sheets)
    return header, routed, records, direct, returned, outcomes.answers(direct, routed, returned)


def _direct_now(found):
    return dict((m.key, m) for m in memberships.read(found) if not m.inherited)


def _removed(result):
    """Membership keys the workspace_membership run removed (or, in check mode, would remove)."""
    if not isinstance(result, dict) or result.get('skipped'):
        return set()
    return set((a['workspace_id'], a['user_id']) for a in result.get('actions') or [] if a.get('action') == 'removed')


def lines(header, decided, plan, answered):
    """The summary lines: counts, then one line per removal (at most SHOWN_REMOVALS)."""
    per = dict((o, 0) for o in OUTCOMES)
    for d in decided:
        per[d.outcome] += 1
    out = ['Access review {0}: {1} direct membership(s), {2} answered; {3}'.format(
        header['id'], len(decided), answered, ', '.join('{0} {1}'.format(k, v) for k, v in per.items()))]
    shown = [d for d in decided if d.outcome in DONE and d.membership.key in plan]
    for d in shown[:SHOWN_REMOVALS]:
        out.append('REVOKE {0} in {1} as {2} (reviewer {3}{4})'.format(
            d.membership.shown_user, d.membership.workspace, d.membership.role, d.reviewer,
            ', unanswered' if d.decision is None else ''))
    if len(shown) > SHOWN_REMOVALS:
        out.append('... and {0} more removal(s), all in evidence/decisions.json'.format(len(shown) - SHOWN_REMOVALS))
    return out


def run(snapshot, sheets=None, unanswered=KEEP, current=None, previous=None, removal=None, after=None,
        closed_at=None, api_url=None, max_removals=None, force=False, issued_manifest=None, path='.'):
    """What the role needs at each step (see the module docstring): ``review``, ``scope``, ``rows``, ``answered``;
    with CURRENT also ``removals``, ``outcomes``, ``summary``; with REMOVAL also ``files`` and ``order``."""
    header, routed, records, direct, returned, found = check(snapshot, sheets)
    result = {'review': header, 'scope': list(header.get('workspaces_requested') or []), 'rows': len(direct),
              'answered': sum(1 for a in found.values() if a.decision)}
    if unanswered == REVOKE and direct and not result['answered']:
        raise ValueError('no row of any worksheet has a decision: with unanswered=revoke the close would remove all {0} '
                         'direct memberships of the review; nothing was read or written. Put the returned worksheets in '
                         'worksheets/, or write revoke in the rows to remove'.format(len(direct)))
    if current is None:
        return result
    now = _direct_now(current)
    decided = outcomes.decide(direct, routed, found, unanswered, now, documents.previous_outcomes(previous))
    removals = outcomes.removals(decided, now)
    planned = set((r['workspace'], r['user']) for r in removals)
    result.update(removals=removals, summary=lines(header, decided, planned, result['answered']))
    if removal is None:
        return result
    after_now = _direct_now(after) if after is not None else None
    decided = outcomes.confirm(decided, planned, _removed(removal) if removals else set(), after_now)
    about = {'id': header['id'], 'started_at': header['started_at'], 'closed_at': closed_at,
             'api_url': shown_url(api_url), 'unanswered': unanswered, 'max_removals': max_removals,
             'forced': bool(force), 'plan_id': removal.get('plan_id') if isinstance(removal, dict) else None}
    after_records = sorted(after_now.values(), key=memberships.order) if after_now is not None else None
    out = {DECISIONS: documents.dumps(documents.decisions(about, decided))}
    if after_records is not None:
        out[AFTER] = documents.dumps(documents.after(dict(about), after_records))
    out[SUMMARY_PAGE] = pages.summary_page(header, about, decided, returned, records, after_records)
    listed = dict(out, **returned)
    listed[SNAPSHOT] = _bytes(snapshot)
    if issued_manifest:
        listed[MANIFEST] = _bytes(issued_manifest)
    out[EVIDENCE_MANIFEST] = manifest.lines(listed)
    result.update(files=out, order=sorted(p for p in out if p != EVIDENCE_MANIFEST) + [EVIDENCE_MANIFEST],
                  summary=lines(header, decided, planned, result['answered']) + [
                      'Evidence: {0}/{1} (check: cd {0} && sha256sum -c {2})'.format(
                          str(path).rstrip('/'), SUMMARY_PAGE, EVIDENCE_MANIFEST)])
    return result
