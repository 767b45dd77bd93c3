# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The store: indexed state, and persistence as a snapshot plus a journal of changes."""

import json
import shutil
import threading

import pytest

from emulator import seed
from emulator.app import create_app
from emulator.faults import Faults
from emulator.store import Store

RISK = seed.workspace_id('Risk')
PAYMENTS = seed.workspace_id('Payments')
ALICE = seed.user_id('alice.martin@example.com')
BOB = seed.user_id('bob.nguyen@example.com')
ERIK = seed.user_id('erik.johansson@example.com')
VIEWER = seed.role_id('Risk', 'Viewer')
ANALYST = seed.role_id('Risk', 'Analyst')


def memberships(store):
    return [(m['workspaceId'], m['userId'], m['roleId']) for m in store.document()['memberships']]


def journal_lines(store):
    with open(store.journal_path, encoding='utf-8') as handle:
        return [json.loads(line) for line in handle]


def test_changes_are_journaled_not_rewritten_and_replayed_after_a_crash(tmp_path):
    store = Store(str(tmp_path / 'state.json'))
    assert store.saves == 1  # the snapshot, once, at start
    users = [u['id'] for u in store.users()]
    for user in users[:30]:
        assert store.put_membership(PAYMENTS, user, seed.role_id('Payments', 'Admin')) in ('added', 'updated')
    store.put_membership(RISK, ALICE, ANALYST)
    store.delete_membership(RISK, ERIK)
    store.add_token('extra', 'tot_' + 'e' * 52, ['can_view_workspace'])
    assert store.saves == 1 and store.journal_entries == 33
    assert [c['op'] for c in journal_lines(store)] == ['put'] * 31 + ['delete', 'token']
    # A crash now (no close): the snapshot is old, the journal has the rest.
    crashed = tmp_path / 'crashed'
    crashed.mkdir()
    shutil.copy(str(tmp_path / 'state.json'), str(crashed / 'state.json'))
    shutil.copy(store.journal_path, str(crashed / 'state.json.journal'))
    reopened = Store.open(str(crashed / 'state.json'))
    assert memberships(reopened) == memberships(store)
    assert reopened.token('tot_' + 'e' * 52)['name'] == 'extra'
    # Opening compacted it: the snapshot has everything, the journal is gone.
    assert not (crashed / 'state.json.journal').exists()
    saved = json.loads((crashed / 'state.json').read_text())
    assert [(m['workspaceId'], m['userId'], m['roleId']) for m in saved['memberships']] == memberships(store)


def test_close_writes_the_snapshot_and_removes_the_journal(tmp_path):
    path = tmp_path / 'state.json'
    store = Store(str(path))
    store.put_membership(RISK, ALICE, VIEWER)
    assert (tmp_path / 'state.json.journal').exists()
    assert (RISK, ALICE, VIEWER) not in [(m['workspaceId'], m['userId'], m['roleId']) for m in json.loads(path.read_text())['memberships']]
    store.close()
    assert store.saves == 2 and not (tmp_path / 'state.json.journal').exists()
    assert {'workspaceId': RISK, 'userId': ALICE, 'roleId': VIEWER} in json.loads(path.read_text())['memberships']
    assert sorted(p.name for p in tmp_path.iterdir()) == ['state.json']


def test_unchanged_put_and_absent_delete_write_nothing(tmp_path):
    store = Store(str(tmp_path / 'state.json'))
    assert store.put_membership(RISK, ERIK, VIEWER) == 'unchanged'
    assert store.delete_membership(RISK, ALICE) is False
    assert store.journal_entries == 0 and not (tmp_path / 'state.json.journal').exists()


def test_a_torn_last_journal_line_is_left_out_and_a_bad_one_elsewhere_refused(tmp_path):
    path = tmp_path / 'state.json'
    Store(str(path)).close()
    good = json.dumps({'op': 'put', 'workspaceId': RISK, 'userId': ALICE, 'roleId': VIEWER})
    (tmp_path / 'state.json.journal').write_text(good + '\n{"op": "put", "worksp')
    store = Store.open(str(path))
    assert (RISK, ALICE, VIEWER) in memberships(store)
    store.close()
    (tmp_path / 'state.json.journal').write_text('{"op": "pu\n' + good + '\n')
    with pytest.raises(ValueError, match='line 1 .*--reset'):
        Store.open(str(path))
    fresh = Store.open(str(path), reset=True)
    assert (RISK, ALICE, VIEWER) not in memberships(fresh)
    assert not (tmp_path / 'state.json.journal').exists()


def test_role_change_keeps_its_place_and_a_readded_member_comes_last():
    store = Store()
    store.put_membership(RISK, ALICE, VIEWER)
    store.put_membership(RISK, BOB, VIEWER)
    order = [user for user, _role in store.direct_memberships(RISK)]
    assert store.put_membership(RISK, ALICE, ANALYST) == 'updated'
    assert [user for user, _role in store.direct_memberships(RISK)] == order
    assert store.delete_membership(RISK, ALICE) is True
    assert store.put_membership(RISK, ALICE, VIEWER) == 'added'
    assert [user for user, _role in store.direct_memberships(RISK)] == order[:-2] + [BOB, ALICE]


def test_inherited_memberships_follow_direct_ones():
    store = Store()
    olivia, adam = seed.user_id(seed.DEMO_OWNER), seed.user_id(seed.DEMO_ADMIN)
    admin_role = seed.role_id('Payments', 'Admin')
    assert store.inherited_memberships(PAYMENTS) == [(adam, admin_role), (olivia, admin_role)]
    store.put_membership(PAYMENTS, olivia, seed.role_id('Payments', 'Viewer'))
    assert store.inherited_memberships(PAYMENTS) == [(adam, admin_role)]
    store.delete_membership(PAYMENTS, olivia)
    assert store.inherited_memberships(PAYMENTS) == [(adam, admin_role), (olivia, admin_role)]


def test_bench_seed_at_organization_size():
    store = Store(state=seed.bench(200, 2000))
    assert store.counts() == {'workspaces': 200, 'users': 2001, 'memberships': 0}
    page, total = store.users_page(1900, 2100)
    assert total == 2001 and len(page) == 101 and page[-1]['email'] == 'user999@example.com'  # ordered by e-mail
    ws = seed.workspace_id('ws-200')
    assert [r['name'] for r in store.roles(ws)] == ['Viewer', 'Analyst', 'Admin']
    for index in range(1, 51):
        store.put_membership(ws, seed.user_id('user%03d@example.com' % index), seed.role_id('ws-200', 'Viewer'))
    assert len(store.direct_memberships(ws)) == 50 and store.counts()['memberships'] == 50


def test_no_lock_is_held_while_sleeping_for_latency(monkeypatch):
    """The injected latency sleeps without the store's, the faults' or the log's lock."""
    app = create_app(Store(), Faults(latency_ms=5, spike_rate=1, spike_ms=5))
    emulator = app.config['EMULATOR']
    held = []

    def sleep(seconds):
        for name, lock in (('store', emulator.store.lock), ('faults', emulator.faults.lock), ('log', emulator.log.lock)):
            got = []

            def try_lock(lock, got):
                got.append(lock.acquire(blocking=False))
                if got[-1]:
                    lock.release()

            other = threading.Thread(target=try_lock, args=(lock, got))
            other.start()
            other.join()
            if not got[0]:
                held.append(name)
        held.append(seconds)

    monkeypatch.setattr('emulator.app.time.sleep', sleep)
    response = app.test_client().get('/organizations/workspaces', headers={'Authorization': seed.TOKENS['admin']})
    assert response.status_code == 200
    assert len(held) == 1 and 0 < held[0] <= 0.01  # one sleep (what is left of latency + spike), no lock held
