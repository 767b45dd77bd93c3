# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: an onboarding ticket split into who is invited, whose access is granted now and whose waits.

Pure functions over plain data; errors are ValueError naming the ticket item.
The organization's users are never read here: whether a person of the ticket
has an account comes from the ``invitations`` the organization_invitation
module returned (``user_exists``), which read them once.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.ids import is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils._invitation.address import EMAIL_RE
from ansible_collections.transactionlink.access.plugins.plugin_utils._ticket import ticket_members


def invitable(ref):
    """Whether a ticket's user reference is an e-mail that can be invited (a UUID, or a name, never is)."""
    return isinstance(ref, str) and not is_uuid(ref.strip()) and bool(EMAIL_RE.match(ref.strip()))


def _missing(invitations):
    """{lower-case e-mail: invitation item} of the people the module found no user for."""
    missing = {}
    for index, item in enumerate(invitations):
        if not isinstance(item, dict) or not isinstance(item.get('email'), str) or 'user_exists' not in item:
            raise ValueError('invitations[{0}] must be an item of the organization_invitation result, with email and '
                             'user_exists, got {1!r}'.format(index, item))
        if not item['user_exists']:
            missing[item['email'].strip().lower()] = item
    return missing


def onboarding_plan(ticket, invitations=None):
    """{invite, members, pending} of TICKET.

    ``invite``: one organization_invitation item ``{email}`` per person of the
    ticket given by e-mail, each once (case-insensitive, the first spelling),
    in the ticket's order. ``members``: the workspace_membership items of the
    ticket (see ``ticket_members``), without those of the people INVITATIONS
    (the module's RV(invitations)) says have no user yet; INVITATIONS None
    means everybody is a user (no invitation was asked for). ``pending``: the
    items left out, each with the ``status`` of the person's invitation and the
    ``similar_users`` the module found (a likely typo).
    """
    members = ticket_members(ticket)
    invite, seen = [], set()
    for member in members:
        ref = member['user']
        if invitable(ref) and ref.strip().lower() not in seen:
            seen.add(ref.strip().lower())
            invite.append({'email': ref.strip()})
    if invitations is None:
        return {'invite': invite, 'members': members, 'pending': []}
    missing = _missing(invitations)
    granted, pending = [], []
    for member in members:
        found = missing.get(member['user'].strip().lower()) if isinstance(member['user'], str) else None
        if found is None:
            granted.append(member)
        else:
            pending.append(dict(member, status=found.get('status'), similar_users=list(found.get('similar_users') or [])))
    return {'invite': invite, 'members': granted, 'pending': pending}
