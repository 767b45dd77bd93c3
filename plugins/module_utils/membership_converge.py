# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge workspace memberships: resolve, plan every workspace, then write.

Every name is resolved and every workspace planned before the first write, so
bad input fails with nothing written; the safety checks (``max_removals``,
``expected_plan_id``) run on the whole plan, also in check mode. Check mode
runs the same code and stops short of the writes only. Reads of many
workspaces and the writes go out in parallel, at most ``client.concurrency``
at once; every add and role change is done before the first removal starts,
and once a write fails for good no new write starts.
"""

from ansible_collections.transactionlink.access.plugins.module_utils.directory import flat_membership
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError
from ansible_collections.transactionlink.access.plugins.module_utils.ids import canonical_id, is_uuid
from ansible_collections.transactionlink.access.plugins.module_utils import membership_plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils.parallel import run_until_failure

REMOVALS_SHOWN = 5  # how many planned removals a max_removals failure names
ACTIONS_SHOWN = 20  # how many new actions a plan mismatch shows


def converge(directory, items, exclusive=False, check_mode=False, extra_workspaces=(), max_removals=None,
             expected_plan_id=None):
    """Bring the listed memberships to their wanted state.

    ``items`` are dicts {workspace, user, role, state, label} as the user gave
    them (UUIDs or names; ``label`` such as ``members[3]`` names the item in
    errors); ``extra_workspaces`` are touched even with no item (an exclusive
    run with an empty list). Returns {changed, actions, memberships, diff,
    user_ids, plan_id} (user_ids: the resolved id of each item); on an API
    failure mid-way the raised TransactionLinkError carries ``completed``, the
    actions already done, and ``result['failed_action']``.
    """
    items = [dict(item, label=item.get('label') or 'members[{0}]'.format(i)) for i, item in enumerate(items)]
    groups = _by_workspace(directory, items, extra_workspaces)
    directory.prefetch_direct([ws['id'] for ws, dummy in groups])
    user_ids = [None] * len(items)
    resolved = [_resolve_users(directory, ws, ws_items, user_ids) for ws, ws_items in groups]
    directory.prefetch_roles([ws['id'] for ws, current, wanted in resolved
                              if any(_needs_role_list(item, current.get(user['id'])) for dummy, item, user in wanted)])
    plans = [_plan_workspace(directory, ws, current, wanted, exclusive) for ws, current, wanted in resolved]

    ordered = mp.write_order([(ws, change) for ws, dummy, changes in plans for change in changes])
    if ordered:
        directory.users()  # e-mails for the report of what changes (None, with a warning, if not allowed)
    _warn_unknown_absent_users(directory, resolved)
    for ws, change in ordered:
        if change['action'] == mp.ADDED:
            directory.check_user_exists(change['user_id'])
    new_plan_id = mp.plan_id([(ws['id'], change) for ws, change in ordered])
    actions = [_action(directory, ws, change) for ws, change in ordered]
    _check_max_removals(max_removals, actions)
    _check_plan_id(expected_plan_id, new_plan_id, actions)

    if not check_mode:
        _write_all(directory, ordered, actions)

    result = {'changed': bool(actions), 'actions': actions, 'memberships': [], 'plan_id': new_plan_id,
              'diff': {'before': {}, 'after': {}}, 'user_ids': user_ids}
    for ws, current, changes in plans:
        after = mp.apply(current, changes)
        result['memberships'].extend(_flat(directory, ws, after))
        result['diff']['before'][ws['name']] = _labels(directory, current)
        result['diff']['after'][ws['name']] = _labels(directory, after)
    return result


def _by_workspace(directory, items, extra_workspaces):
    """[(workspace {id, name}, [(index, item)])] in the order workspaces first appear."""
    groups, order = {}, []
    refs = [(None, ref) for ref in extra_workspaces] + [(i, item['workspace']) for i, item in enumerate(items)]
    for index, ref in refs:
        ws = _labelled(items[index]['label'] if index is not None else 'workspace', directory.workspace, ref)
        if ws['id'] not in groups:
            groups[ws['id']] = (ws, [])
            order.append(ws['id'])
        if index is not None:
            groups[ws['id']][1].append((index, items[index]))
    return [groups[ws_id] for ws_id in order]


def _resolve_users(directory, ws, ws_items, user_ids):
    """(workspace, current {user id: role}, [(index, item, user)]): each item's user resolved, listed once."""
    current = dict((canonical_id(m['userId']), {'id': canonical_id(m['role']['id']), 'name': m['role']['name']})
                   for m in directory.direct_memberships(ws['id']))
    wanted, seen = [], {}
    for index, item in ws_items:
        user = _labelled(item['label'], directory.user, item['user'])
        if user['id'] in seen:
            raise InputError("{0}: user '{1}' is listed twice for workspace '{2}' ({3} and {0}); "
                             "list each user once per workspace".format(
                                 item['label'], item['user'], ws['name'], items_label(ws_items, seen[user['id']])))
        seen[user['id']] = index
        user_ids[index] = user['id']
        wanted.append((index, item, user))
    return ws, current, wanted


def items_label(ws_items, index):
    for i, item in ws_items:
        if i == index:
            return item['label']
    return 'item {0}'.format(index)


def _needs_role_list(item, current):
    """True when resolving the item's role needs the workspace's role list (it is not the member's current role)."""
    return item['state'] == 'present' and not _is_current_role(item['role'], current)


def _is_current_role(ref, current):
    if not current or ref is None:
        return False
    ref = str(ref).strip()
    return ref == current.get('name') or (is_uuid(ref) and canonical_id(ref) == current.get('id'))


def _plan_workspace(directory, ws, current, wanted, exclusive):
    desired = []
    for dummy, item, user in wanted:
        role = None
        if item['state'] == 'present':
            role = _labelled(item['label'], directory.role, ws, item['role'], current.get(user['id']))
        desired.append(mp.desired(user['id'], item['state'], role))
    return ws, current, mp.plan(current, desired, exclusive)


def _warn_unknown_absent_users(directory, resolved):
    """A user given by UUID to remove, who is no member: say so when the organization has no such user."""
    suspects = [(item, user) for ws, current, wanted in resolved for dummy, item, user in wanted
                if item['state'] == 'absent' and is_uuid(item['user']) and user['id'] not in current]
    for item, user in suspects:
        if directory.user_known(user['id']) is False:
            directory.warnings.append(
                "{0}: user {1} is not a user of the organization (no such user id), so nothing was removed for it; "
                "check the UUID (a mistyped id leaves the real person's access in place)".format(item['label'], user['id']))


def _check_max_removals(max_removals, actions):
    removals = [a for a in actions if a['action'] == mp.REMOVED]
    if max_removals is None or len(removals) <= max_removals:
        return
    shown = ', '.join('{0} from {1}'.format(a['user_email'] or a['user_id'], a['workspace_name']) for a in removals[:REMOVALS_SHOWN])
    more = ' and {0} more'.format(len(removals) - REMOVALS_SHOWN) if len(removals) > REMOVALS_SHOWN else ''
    raise InputError(
        'this run would remove {0} membership(s), more than max_removals={1}; nothing was written. It would remove: '
        '{2}{3}. If that is intended, raise max_removals; otherwise check members (with exclusive=true, an empty '
        'or all-absent list removes every direct member)'.format(len(removals), max_removals, shown, more),
        result={'actions': actions})


def _check_plan_id(expected, new_plan_id, actions):
    if expected is None or expected.strip() == new_plan_id:
        return
    lines = [mp.describe(a) for a in actions[:ACTIONS_SHOWN]]
    if len(actions) > ACTIONS_SHOWN:
        lines.append('... and {0} more'.format(len(actions) - ACTIONS_SHOWN))
    raise InputError(
        'the access changed since the plan was approved: expected plan {0}, the plan is now {1}; nothing was written. '
        'Review the new plan and approve it again. New actions: {2}'.format(
            expected.strip(), new_plan_id, '; '.join(lines) or 'none'),
        result={'plan_id': new_plan_id, 'actions': actions})


def _write_all(directory, ordered, actions):
    """Send the writes: every add and role change, and only when all of them succeeded, the removals.

    Within a phase at most ``concurrency`` writes are in flight; after the
    first that fails for good no new write starts (the removals included).
    """
    client = directory.client
    phases = [[i for i, (dummy, c) in enumerate(ordered) if c['action'] != mp.REMOVED],
              [i for i, (dummy, c) in enumerate(ordered) if c['action'] == mp.REMOVED]]
    done = []
    for phase in phases:
        finished, failure = run_until_failure(
            lambda i: _write(client, ordered[i][0]['id'], ordered[i][1]), phase, directory.concurrency)
        done.extend(phase[position] for position, dummy in finished)
        if failure is None:
            continue
        position, exc = failure
        if isinstance(exc, TransactionLinkError):
            exc.completed = [actions[i] for i in sorted(done)]
            exc.result = dict(exc.result, failed_action=actions[phase[position]])
        raise exc


def _write(client, workspace_id, change):
    if change['action'] == mp.REMOVED:
        client.remove_membership(workspace_id, change['user_id'])  # False: it was gone already, as planned
    else:
        client.set_membership(workspace_id, change['user_id'], change['role_after']['id'])


def _labelled(label, lookup, *args):
    """LOOKUP(*ARGS), with an InputError's message prefixed by LABEL (which item or option it is about)."""
    try:
        return lookup(*args)
    except InputError as exc:
        raise InputError('{0}: {1}'.format(label, exc), result=getattr(exc, 'result', None))


def _action(directory, ws, change):
    return {
        'workspace_id': ws['id'],
        'workspace_name': ws['name'],
        'user_id': change['user_id'],
        'user_email': directory.user_email(change['user_id']),
        'action': change['action'],
        'role_before': (change['role_before'] or {}).get('name'),
        'role_after': (change['role_after'] or {}).get('name'),
    }


def _flat(directory, ws, members):
    rows = [flat_membership({'workspaceId': ws['id'], 'userId': user_id, 'role': role},
                            ws['name'], directory.user_email(user_id))
            for user_id, role in members.items()]
    return sorted(rows, key=lambda r: (r['user_email'] or '', r['user_id']))


def _labels(directory, members):
    """{user e-mail (or id when unknown): role name}, for a readable diff."""
    return dict((directory.user_email(user_id) or user_id, role['name']) for user_id, role in members.items())
