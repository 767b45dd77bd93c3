# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: workspace_membership actions as lines a person reads, and the onboarding summary.

Every action is worded by ``membership_plan.describe()``, the one wording the
module and every report use.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.membership_plan import describe

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


def onboarding_summary(result, ticket_size, check_mode=False):
    """Counts, one line per action, and the plan id when the run returned one.

    RESULT is the registered workspace_membership result; a skipped task (an
    empty ticket) is a run with no action.
    """
    actions = result.get('actions') or []
    counts = count_actions(actions)
    lines = ['Onboarding{0}: {1} membership(s) in the ticket; {2} added, {3} updated, {4} removed{5}'.format(
        ' (check mode, nothing written)' if check_mode else '', int(ticket_size),
        counts['added'], counts['updated'], counts['removed'], '' if actions else ' (already in place)')]
    lines.extend(action_lines(actions, check_mode))
    if result.get('plan_id'):
        lines.append('Plan id: {0}{1}'.format(
            result['plan_id'], ' (give it as workspace_onboarding_expected_plan_id to apply exactly this plan)'
            if check_mode and actions else ''))
    return lines
