# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: workspace_membership actions as lines a person reads, and the onboarding summary.

Every action is worded by ``results.describe_membership()`` (an invitation by
``results.describe_invitation()``), the one wording the modules and every report use.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.results import describe_invitation
from ansible_collections.transactionlink.access.plugins.module_utils.results import describe_membership as describe

COUNTED = ('added', 'updated', 'removed')


def action_lines(actions, check_mode=False):
    """One line per action, sorted by workspace name (stable: the module's order within a workspace)."""
    ordered = sorted(actions, key=lambda a: str(a.get('workspace_name') or a.get('workspace_id') or ''))
    return [describe(action, check_mode) for action in ordered]


def count_actions(actions):
    """{added, updated, removed: n} of ACTIONS."""
    counts = dict((kind, 0) for kind in COUNTED)
    for action in actions:
        counts[action.get('action')] = counts.get(action.get('action'), 0) + 1
    return counts


def pending_lines(pending):
    """One line per membership waiting for its person to accept the invitation, sorted by workspace name; then, per
    person, the existing users their e-mail could be a typo of."""
    ordered = sorted(pending, key=lambda p: str(p.get('workspace') or ''))
    lines = ['{0}: {1} pending as {2} (invitation {3}: a run after they accept grants it)'.format(
        p.get('workspace'), p.get('user'), p.get('role'), p.get('status') or 'not sent') for p in ordered]
    warned = set()
    for item in pending:
        if item.get('similar_users') and item.get('user') not in warned:
            warned.add(item.get('user'))
            lines.append('{0}: no user has this e-mail; did you mean: {1}? (check the ticket)'.format(
                item.get('user'), ', '.join(item['similar_users'])))
    return lines


def onboarding_summary(result, ticket_size, check_mode=False, invitation=None, pending=None):
    """Counts, one line per action, and the plan id when the run returned one.

    RESULT is the registered workspace_membership result; a skipped task (an
    empty ticket, or nobody with an account yet) is a run with no action.
    INVITATION is the registered organization_invitation result (None, or a
    skipped task: no invitation asked for); PENDING the ticket's membership
    items of the people who have no user yet (``onboarding_plan``).
    """
    actions = result.get('actions') or []
    invited = (invitation or {}).get('actions') or []
    pending = pending or []
    counts = count_actions(actions)
    waiting = ''
    if invited or pending:
        waiting = '; {0} invitation(s) {1}, {2} membership(s) pending acceptance'.format(
            len(invited), 'to send' if check_mode else 'sent', len(pending))
    lines = ['Onboarding{0}: {1} membership(s) in the ticket; {2} added, {3} updated, {4} removed{5}{6}'.format(
        ' (check mode, nothing written)' if check_mode else '', int(ticket_size),
        counts['added'], counts['updated'], counts['removed'], waiting,
        '' if actions or invited or pending else ' (already in place)')]
    lines.extend(action_lines(actions, check_mode))
    lines.extend(describe_invitation(item, check_mode) for item in invited)
    lines.extend(pending_lines(pending))
    if result.get('plan_id'):
        lines.append('Plan id: {0}{1}'.format(
            result['plan_id'], ' (give it as workspace_onboarding_expected_plan_id to apply exactly this plan)'
            if check_mode and actions else ''))
    return lines
