# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the answers of the returned worksheets, checked, and the outcome of every decision.

Every row must be a direct membership of the snapshot (workspace, user, role),
in the worksheet of its reviewer, at most once; anything else is a problem
naming the file and the line, and all problems are reported together before
anything is written. A revoke removes a membership only when it still exists
with the role the snapshot recorded.
"""

from ansible_collections.transactionlink.access.plugins.plugin_utils._review import routing, worksheets
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import (
    ALREADY_ABSENT, CHANGED_SINCE_REVIEW, DONE, KEEP, KEPT, REVOKE, REVOKED, UNANSWERED_KEPT, UNANSWERED_REVOKED,
    Decided)

MAX_PROBLEMS = 50


def _index(direct, routed):
    by_row, by_person = {}, {}
    for membership in direct:
        sheet = routing.sheet_name(routed[membership.workspace_id])
        by_row[membership.row_key] = (membership, sheet)
        by_person.setdefault(membership.row_key[:2], membership)
    return by_row, by_person


def _where(membership, row_key):
    if membership is not None:
        return 'the snapshot has {0} in {1} as {2!r}, not {3!r}'.format(
            membership.shown_user, membership.workspace, membership.role, row_key[2])
    return 'no direct membership of the snapshot has this workspace and user'


def _check_row(sheet, line, row_key, by_row, by_person, seen):
    """A problem with the row, or None."""
    found = by_row.get(row_key)
    if found is None:
        return '{0} line {1}: unknown row ({2}): {3}'.format(
            sheet, line, ', '.join(row_key), _where(by_person.get(row_key[:2]), row_key))
    membership, home = found
    if home != sheet:
        return '{0} line {1}: {2} in {3} is reviewed in {4}, not here (a moved row)'.format(
            sheet, line, membership.shown_user, membership.workspace, home)
    if membership.key in seen:
        return '{0} line {1}: {2} in {3} is already on line {4} (a duplicated row)'.format(
            sheet, line, membership.shown_user, membership.workspace, seen[membership.key].line)
    return None


def answers(direct, routed, returned):
    """{membership key: Answer} of the RETURNED worksheets ({path: bytes}); ValueError listing every problem.

    ROUTED is {workspace UUID: reviewer}. A returned file that is not a
    worksheet of this review is a problem; a missing worksheet is not (its rows
    are unanswered).
    """
    by_row, by_person = _index(direct, routed)
    issued = set(routing.sheet_name(reviewer) for reviewer in routed.values())
    problems, seen = [], {}
    for sheet in sorted(returned):
        if sheet not in issued:
            problems.append((sheet, 0, '{0}: not a worksheet of this review (the worksheets are {1})'.format(
                sheet, ', '.join(sorted(issued)) or 'none')))
            continue
        try:
            text = worksheets.text_of(sheet, returned[sheet])
        except ValueError as exc:
            problems.append((sheet, 0, str(exc)))
            continue
        for line, row_key, answer in worksheets.parse(sheet, text, problems):
            problem = _check_row(sheet, line, row_key, by_row, by_person, seen)
            if problem:
                problems.append((sheet, line, problem))
            else:
                seen[by_row[row_key][0].key] = answer
    if problems:
        shown = [problem[2] for problem in sorted(problems, key=lambda p: p[:2])][:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append('... and {0} more'.format(len(problems) - MAX_PROBLEMS))
        raise ValueError('{0} problem(s) in the returned worksheets; nothing was written:\n{1}'.format(
            len(problems), '\n'.join(shown)))
    return seen


def _revoke_outcome(membership, now, before, answered):
    """The outcome of a revoke given the membership NOW (or None) and the outcome of an earlier close (BEFORE)."""
    if now is None:
        return before if before in DONE else ALREADY_ABSENT
    if before in DONE or now.role_id != membership.role_id:
        return CHANGED_SINCE_REVIEW  # granted again, or another role, after the review: an old decision does not apply
    return REVOKED if answered else UNANSWERED_REVOKED


def decide(direct, routed, found, unanswered, current, previous=None):
    """[Decided] for every direct membership of the snapshot, in snapshot order.

    FOUND is ``answers()``; UNANSWERED (keep or revoke) is the decision of an
    empty or missing answer; CURRENT is {membership key: Membership} of the
    direct memberships now; PREVIOUS {membership key: outcome} of an earlier
    close (a forced rerun), whose removals are done and stay so.
    """
    if unanswered not in (KEEP, REVOKE):
        raise ValueError('unanswered must be keep or revoke, not {0!r}'.format(unanswered))
    previous = previous or {}
    decided = []
    for membership in direct:
        answer = found.get(membership.key)
        decision = answer.decision if answer and answer.decision else None
        effective = decision or unanswered
        if effective == KEEP:
            outcome = KEPT if decision else UNANSWERED_KEPT
        else:
            outcome = _revoke_outcome(membership, current.get(membership.key), previous.get(membership.key),
                                      decision is not None)
        decided.append(Decided(membership, routed[membership.workspace_id], decision,
                               answer.comment if answer else '', outcome, answer.line if answer else None))
    return decided


def removals(decided, current):
    """The workspace_membership items that remove what DECIDED revokes and is still there as reviewed (by UUID)."""
    return [{'workspace': d.membership.workspace_id, 'user': d.membership.user_id, 'state': 'absent'}
            for d in decided if d.outcome in DONE and d.membership.key in current]


def confirm(decided, planned, removed, after):
    """DECIDED with each PLANNED removal (membership keys) checked against what the run REMOVED and the memberships AFTER.

    A planned removal the run did not make (the membership went away in
    between) is ``already_absent``; one still present AFTER the run is an
    error. AFTER is None in check mode (nothing was read back).
    """
    confirmed = []
    for d in decided:
        key = d.membership.key
        if key in planned and key not in removed:
            if after is not None and key in after:
                raise ValueError('{0} in {1} was to be removed and is still there after the removal run'.format(
                    d.membership.shown_user, d.membership.workspace))
            d = d._replace(outcome=ALREADY_ABSENT)
        confirmed.append(d)
    return confirmed
