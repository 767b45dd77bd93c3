# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_review/outcomes.py: what each decision does against the access now, and what is removed."""

import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._review import outcomes
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import Answer, Membership

RISK_ERIK = Membership('Risk', 'w1', 'erik@x', 'u1', 'Viewer', 'r-viewer')
RISK_DANA = Membership('Risk', 'w1', 'dana@x', 'u2', 'Analyst', 'r-analyst')
PAY_FATIMA = Membership('Payments', 'w2', 'fatima@x', 'u3', 'Analyst', 'r-analyst-2')
DIRECT = [RISK_DANA, RISK_ERIK, PAY_FATIMA]
ROUTED = {'w1': 'ciso@x', 'w2': 'carol@x'}


def said(*pairs):
    return dict((m.key, Answer('worksheets/x.csv', 2 + i, decision, 'why %d' % i)) for i, (m, decision) in enumerate(pairs))


def now(*records):
    return dict((m.key, m) for m in records)


def outcome_of(found, current, unanswered='keep', previous=None):
    return dict((d.membership.user, d.outcome) for d in outcomes.decide(DIRECT, ROUTED, found, unanswered, current, previous))


def test_keep_and_revoke_of_memberships_unchanged_since_the_snapshot():
    found = said((RISK_ERIK, 'revoke'), (RISK_DANA, 'keep'), (PAY_FATIMA, 'revoke'))
    current = now(*DIRECT)
    decided = outcomes.decide(DIRECT, ROUTED, found, 'keep', current)
    assert [(d.membership.user, d.reviewer, d.decision, d.outcome, d.comment, d.line) for d in decided] == [
        ('dana@x', 'ciso@x', 'keep', 'kept', 'why 1', 3), ('erik@x', 'ciso@x', 'revoke', 'revoked', 'why 0', 2),
        ('fatima@x', 'carol@x', 'revoke', 'revoked', 'why 2', 4)]
    assert outcomes.removals(decided, current) == [
        {'workspace': 'w1', 'user': 'u1', 'state': 'absent'}, {'workspace': 'w2', 'user': 'u3', 'state': 'absent'}]


def test_a_revoke_of_a_membership_gone_or_changed_since_the_snapshot_removes_nothing():
    found = said((RISK_ERIK, 'revoke'), (PAY_FATIMA, 'revoke'))
    current = now(RISK_DANA, RISK_ERIK._replace(role='Analyst', role_id='r-analyst'))
    decided = outcomes.decide(DIRECT, ROUTED, found, 'keep', current)
    assert dict((d.membership.user, d.outcome) for d in decided) == {
        'dana@x': 'unanswered_kept', 'erik@x': 'changed_since_review', 'fatima@x': 'already_absent'}
    assert outcomes.removals(decided, current) == []


@pytest.mark.parametrize('unanswered, expected', [
    ('keep', {'dana@x': 'unanswered_kept', 'erik@x': 'unanswered_kept', 'fatima@x': 'kept'}),
    ('revoke', {'dana@x': 'unanswered_revoked', 'erik@x': 'already_absent', 'fatima@x': 'kept'}),
])
def test_unanswered_rows_follow_the_default(unanswered, expected):
    found = said((PAY_FATIMA, 'keep'))
    found[RISK_DANA.key] = Answer('worksheets/ciso@x.csv', 2, '', '')  # a row left empty, as a missing one
    assert outcome_of(found, now(RISK_DANA, PAY_FATIMA), unanswered) == expected


def test_the_unanswered_default_must_be_keep_or_revoke():
    with pytest.raises(ValueError, match="unanswered must be keep or revoke, not 'drop'"):
        outcomes.decide(DIRECT, ROUTED, {}, 'drop', {})


def test_a_forced_close_again_sends_nothing_for_rows_already_done_and_never_removes_a_re_grant():
    found = said((RISK_ERIK, 'revoke'), (PAY_FATIMA, 'revoke'), (RISK_DANA, 'revoke'))
    previous = {RISK_ERIK.key: 'revoked', PAY_FATIMA.key: 'revoked', RISK_DANA.key: 'changed_since_review'}
    current = now(PAY_FATIMA, RISK_DANA)  # erik stays removed; fatima was given access again after the close
    decided = outcomes.decide(DIRECT, ROUTED, found, 'keep', current, previous)
    assert dict((d.membership.user, d.outcome) for d in decided) == {
        'erik@x': 'revoked', 'fatima@x': 'changed_since_review', 'dana@x': 'revoked'}
    assert outcomes.removals(decided, current) == [{'workspace': 'w1', 'user': 'u2', 'state': 'absent'}]


def test_a_planned_removal_the_run_did_not_make_is_already_absent_and_one_still_there_is_an_error():
    found = said((RISK_ERIK, 'revoke'), (PAY_FATIMA, 'revoke'))
    decided = outcomes.decide(DIRECT, ROUTED, found, 'keep', now(*DIRECT))
    planned = {RISK_ERIK.key, PAY_FATIMA.key}
    confirmed = outcomes.confirm(decided, planned, {RISK_ERIK.key}, now(RISK_DANA))
    assert dict((d.membership.user, d.outcome) for d in confirmed) == {
        'dana@x': 'unanswered_kept', 'erik@x': 'revoked', 'fatima@x': 'already_absent'}
    with pytest.raises(ValueError, match='fatima@x in Payments was to be removed and is still there after the removal'):
        outcomes.confirm(decided, planned, {RISK_ERIK.key}, now(RISK_DANA, PAY_FATIMA))
