# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The plan review of a run: its plan document, and the policies' verdict, between the guard and the first write.

The one place that reads the membership engine's plans (``_membership.records.WorkspacePlan``: the
workspace, its current members, the ``Wanted`` records and the planned ``Change`` list) and turns them into
the document's records (``document.WorkspaceRecord``). A ``PlanReview`` is given to the engine
(``_membership.engine.run``) by the module or the converge pass; in the guard phase the engine asks it for
``refusals()``. Without policies it only builds the document, with no extra request.
"""

import datetime

from typing import Callable, Optional

from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils._membership.expiry import has_expired
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._policy import document as doc
from ansible_collections.transactionlink.access.plugins.module_utils._policy import rego


class PlanReview:
    """Builds a run's plan document and checks it against POLICIES (a ``rego.PolicySet``, or None: no check).

    ``document`` is the last document built (None before). ON_DOCUMENT, when given, is called with it as
    soon as it is built, before the policies are evaluated (the converge pass writes its plan file there).
    RUNNER names the Python that needs regopy; ENGINE is regopy (None: not installed; default: imported when needed).
    """

    def __init__(self, policies: Optional[rego.PolicySet] = None, runner: str = 'the module',
                 on_document: Optional[Callable] = None, engine=rego.IMPORT):
        self.policies = policies
        self.runner = runner
        self.on_document = on_document
        self.engine = engine
        self.document = None

    def build(self, directory, plans, now: datetime.datetime, hosts=None, plan_id: Optional[str] = None) -> dict:
        """The document of PLANS (``WorkspacePlan``s with their changes), each with its host of HOSTS (or None).

        With policies, the organization's user list is read first (once per run), so that every member's
        e-mail is known; without, e-mails are those the run read anyway (None otherwise).
        """
        if self.policies is not None:
            directory.users()
        hosts = hosts or [None] * len(plans)
        self.document = doc.plan_document([workspace_record(directory, p, now, host) for p, host in zip(plans, hosts)],
                                          now, plan_id)
        if self.on_document is not None:
            self.on_document(self.document)
        return self.document

    def denials(self) -> list:
        """The policies' messages about the last document built (none without policies)."""
        if self.policies is None:
            return []
        return rego.evaluate(self.policies, self.document, self.runner, self.engine)

    def refusals(self, directory, requests, now: datetime.datetime) -> list:
        """The run's document and the policies' verdict: (request index, InputError) for each request to refuse.

        REQUESTS holds (label, plans) per request of the run, in order: one with label '' is a module task (the
        document's ``plan_id`` is the task's, one InputError lists every message, with the document and the
        messages as result keys); else each label is a converge host. There a message that starts with a host's
        name and ': ' (as the shipped policies' do in a converge) refuses that host; any other refuses every host.
        """
        task = len(requests) == 1 and not requests[0][0]
        plans = [plan for _label, request_plans in requests for plan in request_plans]
        if task:
            self.build(directory, plans, now, plan_id=mp.plan_id([(p.workspace['id'], c) for p in plans for c in p.changes]))
        else:
            self.build(directory, plans, now, hosts=[label for label, request_plans in requests for _plan in request_plans])
        found = self.denials()
        if not found:
            return []
        if task:
            return [(0, InputError(refusal(found), result={'plan': self.document, 'policy_denials': found}))]
        labels = [label for label, _plans in requests]
        by_length = sorted(labels, key=len, reverse=True)
        refused = []
        for message in found:
            owner = next((label for label in by_length if message.startswith(label + ': ')), None)
            if owner is not None:
                refused.append((labels.index(owner), InputError(message)))
            else:
                refused.extend((index, InputError('a policy denies the pass: ' + message)) for index in range(len(labels)))
        return refused


def refusal(messages):
    """The message of a run the policies deny: every denial, one per line."""
    return 'the plan breaks {0} policy rule(s); nothing was written:\n{1}'.format(
        len(messages), '\n'.join('- ' + m for m in messages))


def workspace_record(directory, plan, now, host=None) -> doc.WorkspaceRecord:
    """The document's record of one ``WorkspacePlan``: its changes with their reasons, its members after them."""
    wanted = {}
    for w in plan.wanted:
        wanted.setdefault(w.desired.user_id, []).append(w.desired)
    changes = tuple(_change(directory, plan, wanted.get(c.user_id, ()), c, now) for c in plan.changes)
    after = tuple(doc.MemberRecord(directory.user_email(user_id), user_id, role['name'],
                                   _expires(wanted.get(user_id, ()), role, now))
                  for user_id, role in plan.after.items())
    return doc.WorkspaceRecord(plan.workspace['name'], plan.workspace['id'], plan.plan_id, changes, after, host)


def _change(directory, plan, desired, change, now):
    if change.reason == mp.EXPIRED:
        reason = doc.EXPIRED
    elif desired:
        reason = doc.REQUESTED
    elif change.role_before and change.role_before['id'] in plan.exclusive_roles:
        reason = doc.EXCLUSIVE_ROLE
    else:
        reason = doc.EXCLUSIVE
    granted = change.role_after if change.action != mp.REMOVED else None
    return doc.ChangeRecord(change.action, directory.user_email(change.user_id), change.user_id,
                            (change.role_before or {}).get('name'), (granted or {}).get('name'), reason,
                            _expires(desired, granted, now) if granted else None, _team(desired, granted))


def _deciding(desired, role, now):
    """The records that keep a member in ROLE: the direct one when there is one, else the teams' that grant it now."""
    direct = [d for d in desired if d.team is None]
    if direct:
        return direct
    granting = [d for d in desired if role is not None and d.state == 'present' and d.role and d.role['id'] == role['id']]
    return [d for d in granting if not has_expired(d.expires, now)]


def _expires(desired, role, now):
    """When the access in ROLE ends: the latest end of the records that grant it; None for no end, or an unlisted member."""
    deciding = _deciding(desired, role, now)
    if not deciding or any(d.expires is None for d in deciding):
        return None
    return max(d.expires for d in deciding)


def _team(desired, role):
    """The team whose item decided the change: None for a direct item or an unlisted member."""
    if not desired or any(d.team is None for d in desired):
        return None
    granting = [d.team for d in desired if role is not None and d.role and d.role['id'] == role['id']]
    return (granting or [d.team for d in desired])[0]
