# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge's promises, checked on random states (hypothesis), not on a few examples.

For any current access and any wanted list: applying the plan yields the
wanted state for the listed users; with exclusive nobody unlisted keeps a
direct membership and inherited access is untouched; check mode predicts the
real run exactly; a rerun plans nothing; ids in any case plan the same.
"""

import datetime

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.transactionlink.access.plugins.module_utils._membership import plan as mp
from ansible_collections.transactionlink.access.plugins.module_utils._api.client import TransactionLinkClient
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory
from ansible_collections.transactionlink.access.plugins.module_utils._membership.engine import Item, converge
from emulator import seed
from helpers.inprocess import InProcessEmulator

WORKSPACES = ('ws-01', 'ws-02', 'ws-03')
EMAILS = tuple('user%03d@example.com' % i for i in range(1, 9))
ROLES = ('Viewer', 'Analyst', 'Admin')

# Version-independent and expensive: run with the default ansible-core only (see pyproject.toml).
pytestmark = pytest.mark.slow

# -- the pure planner ------------------------------------------------------------------------------------------

role_refs = st.sampled_from([{'id': 'r-%s' % name.lower(), 'name': name} for name in ROLES])
user_ids = st.sampled_from(['u%d' % i for i in range(8)])


@st.composite
def plans(draw):
    current = draw(st.dictionaries(user_ids, role_refs, max_size=8))
    listed = draw(st.lists(user_ids, unique=True, max_size=8))
    wanted = [mp.Desired(u, 'absent') if draw(st.booleans()) and draw(st.booleans()) else mp.Desired(u, 'present', draw(role_refs))
              for u in listed]
    return current, wanted, draw(st.booleans())


@given(plans())
@settings(max_examples=150, deadline=None)
def test_the_plan_applied_gives_the_wanted_state_and_a_rerun_plans_nothing(case):
    current, wanted, exclusive = case
    changes = mp.plan(mp.PlanInput(current, tuple(wanted), exclusive))
    after = mp.apply(current, changes)
    for item in wanted:
        if item.state == 'present':
            assert after[item.user_id] == item.role
        else:
            assert item.user_id not in after
    listed = set(item.user_id for item in wanted)
    for user_id in set(current) - listed:
        assert (user_id in after) is (not exclusive)  # exclusive removes the unlisted, else they are untouched
    assert mp.plan(mp.PlanInput(after, tuple(wanted), exclusive)) == []
    assert len(changes) == len(set(c.user_id for c in changes))  # one write per user: a role change is one update
    assert all(c.action != mp.UPDATED or c.role_before['id'] != c.role_after['id'] for c in changes)


NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.timezone.utc)
ENDS = st.sampled_from([None, None, NOW - datetime.timedelta(hours=1), NOW + datetime.timedelta(hours=1)])


@st.composite
def team_plans(draw):
    """Direct and team records (several per user), expiries, protected users, per-role exclusivity, precedence."""
    current = draw(st.dictionaries(user_ids, role_refs, max_size=8))
    wanted = []
    for user_id in draw(st.lists(user_ids, unique=True, max_size=6)):
        wanted.append(mp.Desired(user_id, 'present', draw(role_refs), expires=draw(ENDS)))
    for name in ('a', 'b', 'c'):
        state = draw(st.sampled_from(['present', 'present', 'absent']))
        for user_id in draw(st.lists(user_ids, unique=True, max_size=5)):
            wanted.append(mp.Desired(user_id, state, draw(role_refs) if state == 'present' else None, team=name, expires=draw(ENDS)))
    order = draw(st.permutations(wanted))
    exclusive = draw(st.booleans())
    return mp.PlanInput(current, tuple(order), exclusive, now=NOW, protected=frozenset(draw(st.lists(user_ids, max_size=2))),
                        exclusive_roles=frozenset() if exclusive else frozenset(draw(st.lists(st.sampled_from(['r-admin', 'r-viewer']), max_size=2))),
                        role_precedence=('Admin', 'Analyst', 'Viewer'))


@given(team_plans())
@settings(max_examples=200, deadline=None)
def test_teams_expiry_and_protection_plans_are_stable_and_never_touch_the_protected(request):
    try:
        changes = mp.plan(request)
    except mp.ProtectedMember as exc:
        assert exc.user_id in request.protected and exc.user_id in request.current
        return
    after = mp.apply(request.current, changes)
    for user_id in request.protected & set(request.current):
        assert after.get(user_id) == request.current[user_id]  # never removed or changed
    for change in changes:
        records = [w for w in request.wanted if w.user_id == change.user_id]
        records = [w for w in records if w.team is None] or records  # a direct record decides alone
        if change.reason == mp.EXPIRED:
            assert records and all(w.state == 'absent' or (w.expires and w.expires <= NOW) for w in records)
        if change.action != mp.REMOVED:  # what is granted is never expired access
            assert any(w.role == change.role_after and not (w.expires and w.expires <= NOW) for w in records)
    listed = set(w.user_id for w in request.wanted)
    for user_id in set(request.current) - listed:
        role = request.current[user_id]
        removed = request.exclusive or role['id'] in request.exclusive_roles
        assert (user_id in after) is (user_id in request.protected or not removed)
    assert mp.plan(replace(request, current=after)) == []  # a rerun plans nothing
    assert len(changes) == len(set(c.user_id for c in changes))


# -- the converge against the emulator --------------------------------------------------------------------------

@st.composite
def scenarios(draw):
    pairs = [(ws, email) for ws in WORKSPACES for email in EMAILS]
    current = draw(st.dictionaries(st.sampled_from(pairs), st.sampled_from(ROLES), max_size=12))
    listed = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=10))
    items = []
    for index, (ws, email) in enumerate(listed):
        state = draw(st.sampled_from(['present', 'present', 'absent']))
        ref = draw(st.sampled_from(['email', 'uuid', 'UUID', 'Email']))
        user = {'email': email, 'Email': email.upper(), 'uuid': seed.user_id(email), 'UUID': seed.user_id(email).upper()}[ref]
        items.append(Item('members[%d]' % index, draw(st.sampled_from([ws, seed.workspace_id(ws).upper()])), user,
                          draw(st.sampled_from(ROLES)) if state == 'present' else None, state))
    exclusive = draw(st.booleans()) and bool(items)
    return current, items, exclusive, draw(st.sampled_from([1, 4]))


def organization(current):
    emulator = InProcessEmulator()
    emulator.reset(seed='bench', workspaces=len(WORKSPACES), users=len(EMAILS))
    store = emulator.emulator.store
    for (ws, email), role in current.items():
        store.put_membership(seed.workspace_id(ws), seed.user_id(email), seed.role_id(ws, role))
    return emulator


def directory(emulator, concurrency):
    client = TransactionLinkClient(emulator.url, emulator.tokens['admin'], session=emulator.session(),
                                   sleep=emulator.sleeps.append, concurrency=concurrency)
    return Directory(client)


def direct(emulator):
    return dict(((m['workspace'], m['email']), m['role']) for m in emulator.state()['memberships'])


def workspace_name(ref):
    return next(ws for ws in WORKSPACES if ref in (ws, seed.workspace_id(ws).upper()))


def email_of(ref):
    return next(e for e in EMAILS if ref.lower() in (e, seed.user_id(e)))


@given(scenarios())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_converge_reaches_the_wanted_state_check_mode_predicts_it_and_a_rerun_does_nothing(case):
    current, items, exclusive, concurrency = case
    emulator = organization(current)
    inherited_before = [m for m in emulator.state()['users'] if m.get('organizationRole') == 'owner']

    predicted = converge(directory(emulator, concurrency), items, exclusive, check_mode=True)
    assert emulator.writes() == 0 and direct(emulator) == current
    real = converge(directory(emulator, concurrency), items, exclusive)
    assert predicted == real

    after = direct(emulator)
    listed = set((workspace_name(i.workspace), email_of(i.user)) for i in items)
    for item in items:
        pair = (workspace_name(item.workspace), email_of(item.user))
        assert after.get(pair) == (item.role if item.state == 'present' else None)
    touched = set(ws for ws, dummy in listed)
    for pair, role in current.items():
        if pair in listed:
            continue
        if exclusive and pair[0] in touched:
            assert pair not in after  # nobody unlisted keeps a direct membership
        else:
            assert after.get(pair) == role  # untouched
    # Inherited access (the organization owner's) is never a direct membership, so never written.
    assert all(m['email'] != seed.DEMO_OWNER for m in emulator.state()['memberships'])
    assert [m for m in emulator.state()['users'] if m.get('organizationRole') == 'owner'] == inherited_before

    emulator.clear_requests()
    rerun = converge(directory(emulator, concurrency), items, exclusive)
    assert rerun.changed is False and rerun.actions == () and emulator.writes() == 0


@given(scenarios())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_ids_in_any_case_and_names_plan_the_same(case):
    current, items, exclusive, concurrency = case
    emulator = organization(current)
    as_given = converge(directory(emulator, concurrency), items, exclusive, check_mode=True)
    canonical = [replace(i, workspace=workspace_name(i.workspace), user=seed.user_id(email_of(i.user))) for i in items]
    assert converge(directory(emulator, 1), canonical, exclusive, check_mode=True).plan_id == as_given.plan_id
    assert emulator.writes() == 0
