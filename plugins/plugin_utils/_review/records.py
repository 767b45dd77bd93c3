# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the named records of an access review and its words."""

from typing import NamedTuple, Optional

FORMAT_VERSION = 1
WORKSHEET_COLUMNS = ('workspace', 'user', 'role', 'decision', 'comment')
WORKSHEETS_DIR = 'worksheets'
EVIDENCE_DIR = 'evidence'
SNAPSHOT = 'snapshot.json'
REVIEW_PAGE = 'review.html'
MANIFEST = 'manifest.sha256'
DECISIONS = EVIDENCE_DIR + '/decisions.json'
AFTER = EVIDENCE_DIR + '/after.json'
SUMMARY_PAGE = EVIDENCE_DIR + '/summary.html'
EVIDENCE_MANIFEST = EVIDENCE_DIR + '/manifest.sha256'

KEEP, REVOKE = 'keep', 'revoke'
DECISIONS_ALLOWED = (KEEP, REVOKE)
DEFAULT_REVIEWER = 'unassigned'

KEPT = 'kept'
REVOKED = 'revoked'
ALREADY_ABSENT = 'already_absent'
CHANGED_SINCE_REVIEW = 'changed_since_review'
UNANSWERED_KEPT = 'unanswered_kept'
UNANSWERED_REVOKED = 'unanswered_revoked'
OUTCOMES = (KEPT, REVOKED, ALREADY_ABSENT, CHANGED_SINCE_REVIEW, UNANSWERED_KEPT, UNANSWERED_REVOKED)
DONE = (REVOKED, UNANSWERED_REVOKED)

MEMBERSHIP_FIELDS = ('workspace', 'workspace_id', 'user', 'user_id', 'role', 'role_id', 'inherited')


def fold(text):
    """TEXT compared as people write it: case and surrounding spaces do not matter (a NUL reads as U+FFFD, as issued)."""
    return str(text or '').replace('\x00', '\ufffd').strip().casefold()


class Membership(NamedTuple):
    """One membership as the review records it: names for people, UUIDs for the API."""
    workspace: str
    workspace_id: str
    user: Optional[str]
    user_id: str
    role: Optional[str]
    role_id: Optional[str]
    inherited: bool = False

    @property
    def key(self):
        """The membership's identity in the API: (workspace UUID, user UUID)."""
        return (self.workspace_id, self.user_id)

    @property
    def shown_user(self):
        """The user as a worksheet shows it: the e-mail, or the UUID when the e-mail could not be read."""
        return self.user if self.user else self.user_id

    @property
    def row_key(self):
        """The membership's identity in a worksheet: workspace, user and role, as people write them."""
        return (fold(self.workspace), fold(self.shown_user), fold(self.role))

    def document(self):
        return dict(zip(MEMBERSHIP_FIELDS, self))


class Answer(NamedTuple):
    """One row of a returned worksheet, where it was and what it says."""
    sheet: str
    line: int
    decision: str
    comment: str


class Decided(NamedTuple):
    """One direct membership of the snapshot with its reviewer, its answer and its outcome."""
    membership: Membership
    reviewer: str
    decision: Optional[str]
    comment: str
    outcome: str
    line: Optional[int] = None
