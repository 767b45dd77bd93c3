# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.review_start / review_close (role workspace_access_review) against the emulator.

What needs Ansible and the emulator: the files a campaign writes, the one removal run, --check writing nothing, the
refusals, and both manifests checked by sha256sum -c. Routing, parsing and outcomes are unit-tested on the core
(tests/unit/plugins/plugin_utils/test_review*.py).
"""

import csv
import json
import os
import subprocess

import jsonschema
import pytest

from helpers.roles import DEMO_DIRECT, DEMO_WORKSPACES, ORG_ADMINS, counts, direct_state, summary
from helpers.paths import REPO_ROOT

START, CLOSE = 'transactionlink.access.review_start', 'transactionlink.access.review_close'
REPO = REPO_ROOT
SCHEMAS = os.path.join(REPO, 'docs', 'schemas')
HEADER = ['workspace', 'user', 'role', 'decision', 'comment']
CAROL, CISO = 'carol.smith@example.com', 'ciso@example.com'
REVIEWERS = {'Payments': CAROL}
SUMMARY_CLOSE = 'Summarize the close'


def schema(name):
    with open(os.path.join(SCHEMAS, 'access-review-%s.schema.json' % name), encoding='utf-8') as handle:
        return json.load(handle)


def load(path):
    with open(path, encoding='utf-8') as handle:
        return json.load(handle)


def rows(path):
    with open(path, newline='', encoding='utf-8') as handle:
        return list(csv.reader(handle))


def answer(path, decisions, comments=None, dialect='excel', bom=False):
    """Fill the worksheet at PATH as a spreadsheet would: {(workspace, user): decision} (CRLF, maybe a BOM)."""
    table = rows(path)
    comments = comments or {}
    for row in table[1:]:
        row[3] = decisions.get((row[0], row[1]), '')
        row[4] = comments.get((row[0], row[1]), '')
    with open(path, 'w', newline='', encoding='utf-8-sig' if bom else 'utf-8') as handle:
        csv.writer(handle, dialect=dialect).writerows(table)


# A worksheet comment that Jinja would change, were it ever templated.
TEMPLATE_COMMENT = "left in October {{ 7 * 7 }} {% if true %}templated{% endif %}"


def sha256sum_check(directory, manifest):
    done = subprocess.run(['sha256sum', '-c', manifest], cwd=directory, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    return done.returncode, done.stdout.decode()


def start(run_playbook, review, **more):
    extra = {'transactionlink_review_dir': str(review), 'transactionlink_review_reviewers': REVIEWERS,
             'transactionlink_review_default_reviewer': CISO}
    extra.update(more)
    return run_playbook(START, extra_vars=extra)


def close(run_playbook, review, check=False, **more):
    extra = {'transactionlink_review_dir': str(review)}
    extra.update(more)
    return run_playbook(CLOSE, extra_vars=extra, check=check)


@pytest.mark.smoke  # every ansible-core of the matrix: the files it writes must hash as its manifests say
def test_campaign_start_answer_close_reclose_and_force(emulator, run_playbook, tmp_path):
    work = tmp_path / 'work'
    work.mkdir()
    review = work / 'reviews' / 'q4'
    # A relative directory is resolved against the directory ansible-playbook runs from.
    run = run_playbook(START, cwd=str(work), extra_vars={
        'transactionlink_review_dir': 'reviews/q4', 'transactionlink_review_reviewers': REVIEWERS,
        'transactionlink_review_default_reviewer': CISO})
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0
    assert set(r['method'] for r in emulator.requests()['requests']) == {'GET'}

    snapshot = load(str(review / 'snapshot.json'))
    jsonschema.validate(snapshot, schema('snapshot'))
    direct = [m for m in snapshot['memberships'] if not m['inherited']]
    assert {(m['workspace'], m['user']): m['role'] for m in direct} == DEMO_DIRECT
    state = emulator.state()['memberships']
    assert sorted((m['workspace_id'], m['user_id'], m['role_id']) for m in direct) == sorted(
        (m['workspaceId'], m['userId'], m['roleId']) for m in state)
    assert sorted((m['workspace'], m['user']) for m in snapshot['memberships'] if m['inherited']) == sorted(
        (ws, admin) for ws in DEMO_WORKSPACES for admin in ORG_ADMINS if (ws, admin) not in DEMO_DIRECT)
    assert snapshot['review']['api_url'] == emulator.url.rstrip('/')
    assert snapshot['review']['counts'] == {'workspaces': 4, 'users': 5, 'memberships': 13, 'direct': 6,
                                            'inherited': 7, 'reviewers': 2}
    assert sorted(os.listdir(str(review / 'worksheets'))) == [CAROL + '.csv', CISO + '.csv']
    assert rows(str(review / 'worksheets' / (CAROL + '.csv'))) == [
        HEADER, ['Payments', 'dana.kowalski@example.com', 'Viewer', '', ''],
        ['Payments', 'fatima.haddad@example.com', 'Analyst', '', '']]
    assert rows(str(review / 'worksheets' / (CISO + '.csv'))) == [
        HEADER, ['Compliance', 'dana.kowalski@example.com', 'Admin', '', ''],
        ['Risk', 'adam.admin@example.com', 'Admin', '', ''], ['Risk', 'dana.kowalski@example.com', 'Analyst', '', ''],
        ['Risk', 'erik.johansson@example.com', 'Viewer', '', '']]
    with open(str(review / 'worksheets' / (CISO + '.csv')), encoding='utf-8') as handle:
        assert handle.readline() == 'workspace,user,role,decision,comment\n'
    page = (review / 'review.html').read_text()
    assert 'olivia.owner@example.com' in page and 'Customer Support' in page  # the inherited access is shown
    issued_ok = 'snapshot.json: OK\nworksheets/%s.csv: OK\nworksheets/%s.csv: OK\n' % (CAROL, CISO)
    assert sha256sum_check(str(review), 'manifest.sha256') == (0, issued_ok)
    for name in ('snapshot.json', 'review.html', 'manifest.sha256'):
        assert emulator.tokens['admin'] not in (review / name).read_text()

    # A second start in the same directory is refused before any request, writing nothing.
    emulator.clear_requests()
    issued = (review / 'snapshot.json').read_bytes()
    again = start(run_playbook, review)
    assert again.rc != 0 and 'already holds a review' in again.stdout, again
    assert counts(emulator)['total'] == 0 and (review / 'snapshot.json').read_bytes() == issued

    # The reviewers answer, in any case, with spaces, CRLF and a byte order mark.
    answer(str(review / 'worksheets' / (CAROL + '.csv')),
           {('Payments', 'fatima.haddad@example.com'): ' Revoke ', ('Payments', 'dana.kowalski@example.com'): 'KEEP'},
           {('Payments', 'fatima.haddad@example.com'): 'moved to Risk in November'}, bom=True)
    answer(str(review / 'worksheets' / (CISO + '.csv')),
           {('Risk', 'erik.johansson@example.com'): 'revoke', ('Risk', 'dana.kowalski@example.com'): 'keep',
            ('Compliance', 'dana.kowalski@example.com'): 'keep'},
           {('Risk', 'erik.johansson@example.com'): TEMPLATE_COMMENT})

    # --check: the removals are shown, nothing is written (no API write, no file).
    emulator.clear_requests()
    before = direct_state(emulator)
    listing = sorted(os.listdir(str(review)))
    check = close(run_playbook, review, check=True)
    assert check.rc == 0, check
    assert counts(emulator)['writes'] == 0 and direct_state(emulator) == before
    assert sorted(os.listdir(str(review))) == listing
    lines = summary(check, SUMMARY_CLOSE)
    assert 'REVOKE fatima.haddad@example.com in Payments as Analyst (reviewer %s)' % CAROL in lines
    assert 'REVOKE erik.johansson@example.com in Risk as Viewer (reviewer %s)' % CISO in lines
    assert lines[-1] == 'Check mode: nothing was removed and no file was written'

    # The close: two DELETEs in one run, then the evidence.
    emulator.clear_requests()
    closed = close(run_playbook, review)
    assert closed.rc == 0, closed
    log = emulator.requests()['requests']
    assert sorted(r['method'] for r in log if r['method'] != 'GET') == ['DELETE', 'DELETE']
    expected = dict(before)
    del expected[('Payments', 'fatima.haddad@example.com')]
    del expected[('Risk', 'erik.johansson@example.com')]
    assert direct_state(emulator) == expected

    decisions = load(str(review / 'evidence' / 'decisions.json'))
    jsonschema.validate(decisions, schema('decisions'))
    outcome = {(d['workspace'], d['user']): (d['reviewer'], d['decision'], d['outcome']) for d in decisions['decisions']}
    assert outcome == {
        ('Payments', 'dana.kowalski@example.com'): (CAROL, 'keep', 'kept'),
        ('Payments', 'fatima.haddad@example.com'): (CAROL, 'revoke', 'revoked'),
        ('Compliance', 'dana.kowalski@example.com'): (CISO, 'keep', 'kept'),
        ('Risk', 'adam.admin@example.com'): (CISO, None, 'unanswered_kept'),
        ('Risk', 'dana.kowalski@example.com'): (CISO, 'keep', 'kept'),
        ('Risk', 'erik.johansson@example.com'): (CISO, 'revoke', 'revoked'),
    }
    assert decisions['review']['plan_id'].startswith('tlp')
    assert [d['comment'] for d in decisions['decisions'] if d['user'] == 'fatima.haddad@example.com'] == [
        'moved to Risk in November']
    # A reviewer's text is never templated, on any ansible-core (2.16 to 2.18 read the worksheets differently).
    assert [d['comment'] for d in decisions['decisions'] if d['user'] == 'erik.johansson@example.com'] == [
        TEMPLATE_COMMENT]
    after = load(str(review / 'evidence' / 'after.json'))
    assert {(m['workspace'], m['user']): m['role'] for m in after['memberships']} == expected
    report = (review / 'evidence' / 'summary.html').read_text()
    assert 'moved to Risk in November' in report and CAROL in report
    assert sha256sum_check(str(review), 'evidence/manifest.sha256') == (0, ''.join('%s: OK\n' % p for p in (
        'evidence/after.json', 'evidence/decisions.json', 'evidence/summary.html', 'manifest.sha256', 'snapshot.json',
        'worksheets/%s.csv' % CAROL, 'worksheets/%s.csv' % CISO)))
    for name in os.listdir(str(review / 'evidence')):
        assert emulator.tokens['admin'] not in (review / 'evidence' / name).read_text()
    # The worksheets as returned are no longer those issued: the first manifest says so.
    assert sha256sum_check(str(review), 'manifest.sha256')[0] != 0

    # A second close is refused, writing nothing.
    emulator.clear_requests()
    evidence = (review / 'evidence' / 'decisions.json').read_bytes()
    refused = close(run_playbook, review)
    assert refused.rc != 0 and 'closed already' in refused.stdout, refused
    assert counts(emulator)['total'] == 0 and (review / 'evidence' / 'decisions.json').read_bytes() == evidence

    # Forced: it runs again, the rows already done send no write and stay revoked.
    forced = close(run_playbook, review, transactionlink_review_force=True)
    assert forced.rc == 0, forced
    assert counts(emulator)['writes'] == 0
    again = load(str(review / 'evidence' / 'decisions.json'))
    assert [d['outcome'] for d in again['decisions']] == [d['outcome'] for d in decisions['decisions']]
    assert again['review']['forced'] is True
    assert sha256sum_check(str(review), 'evidence/manifest.sha256')[0] == 0


def test_a_membership_changed_after_the_snapshot_is_not_removed(emulator, run_playbook, tmp_path):
    review = tmp_path / 'review'
    assert start(run_playbook, review).rc == 0
    changed = run_playbook('''
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Change access after the snapshot
      transactionlink.access.workspace_membership:
        members:
          - {workspace: Risk, user: erik.johansson@example.com, role: Analyst}
          - {workspace: Payments, user: fatima.haddad@example.com, state: absent}
''')
    assert changed.rc == 0, changed
    answer(str(review / 'worksheets' / (CAROL + '.csv')), {('Payments', 'fatima.haddad@example.com'): 'revoke'})
    answer(str(review / 'worksheets' / (CISO + '.csv')), {('Risk', 'erik.johansson@example.com'): 'revoke'})
    emulator.clear_requests()
    before = direct_state(emulator)
    run = close(run_playbook, review)
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0 and direct_state(emulator) == before
    outcome = {d['user']: d['outcome'] for d in load(str(review / 'evidence' / 'decisions.json'))['decisions']
               if d['decision'] == 'revoke'}
    assert outcome == {'erik.johansson@example.com': 'changed_since_review',
                       'fatima.haddad@example.com': 'already_absent'}


def test_bad_rows_fail_naming_the_file_and_the_line_before_any_request(emulator, run_playbook, tmp_path):
    review = tmp_path / 'review'
    assert start(run_playbook, review).rc == 0
    sheet = review / 'worksheets' / (CISO + '.csv')
    sheet.write_text('workspace,user,role,decision,comment\n'
                     'Compliance,dana.kowalski@example.com,Admin,keep,\n'
                     'Risk,erik.johansson@example.com,Viewer,maybe,\n'
                     'Payments,fatima.haddad@example.com,Analyst,revoke,\n'
                     'Risk,dana.kowalski@example.com,Analyst,revoke,\n'
                     'risk,DANA.KOWALSKI@example.com,analyst,keep,\n'
                     'Risk,nobody@example.com,Viewer,revoke,\n')
    emulator.clear_requests()
    run = close(run_playbook, review)
    assert run.rc != 0, run
    wanted = ['worksheets/%s.csv line 3: the decision' % CISO,
              'worksheets/%s.csv line 4: fatima.haddad@example.com in Payments is reviewed in worksheets/%s.csv' % (
                  CISO, CAROL),
              'worksheets/%s.csv line 6: dana.kowalski@example.com in Risk is already on line 5' % CISO,
              'worksheets/%s.csv line 7: unknown row' % CISO]
    for text in wanted:
        assert text in run.stdout, (text, run)
    assert counts(emulator)['total'] == 0
    assert not (review / 'evidence').exists()


def test_a_missing_worksheet_is_unanswered_and_max_removals_caps_the_run(emulator, run_playbook, tmp_path):
    review = tmp_path / 'review'
    assert start(run_playbook, review).rc == 0
    os.remove(str(review / 'worksheets' / (CAROL + '.csv')))
    emulator.clear_requests()
    # Nothing answered at all: revoking the unanswered would remove everybody; refused before any request.
    nobody = close(run_playbook, review, transactionlink_review_unanswered='revoke')
    assert nobody.rc != 0 and 'no row of any worksheet has a decision' in nobody.stdout, nobody
    assert counts(emulator)['total'] == 0

    answer(str(review / 'worksheets' / (CISO + '.csv')), {('Risk', 'erik.johansson@example.com'): 'keep'})
    capped = close(run_playbook, review, transactionlink_review_unanswered='revoke',
                   transactionlink_review_max_removals=2)
    assert capped.rc != 0, capped
    assert counts(emulator)['writes'] == 0 and not (review / 'evidence').exists()

    run = close(run_playbook, review, transactionlink_review_unanswered='revoke', transactionlink_review_max_removals=5)
    assert run.rc == 0, run
    outcome = {(d['workspace'], d['user']): d['outcome']
               for d in load(str(review / 'evidence' / 'decisions.json'))['decisions']}
    assert outcome[('Payments', 'fatima.haddad@example.com')] == 'unanswered_revoked'
    assert outcome[('Payments', 'dana.kowalski@example.com')] == 'unanswered_revoked'
    assert outcome[('Risk', 'erik.johansson@example.com')] == 'kept'
    assert sorted(outcome.values()).count('unanswered_revoked') == 5
    assert counts(emulator)['writes'] == 5
    assert sha256sum_check(str(review), 'evidence/manifest.sha256')[0] == 0


@pytest.mark.parametrize('reviewer', ['../escape', '.hidden', 'a/b'])
def test_a_reviewer_that_is_not_a_safe_file_name_writes_nothing(emulator, run_playbook, tmp_path, reviewer):
    review = tmp_path / 'review'
    run = start(run_playbook, review, transactionlink_review_reviewers={'Risk': reviewer})
    assert run.rc != 0 and 'not a safe file name' in run.stdout, run
    assert not review.exists() and counts(emulator)['writes'] == 0


def test_start_in_check_mode_writes_nothing(emulator, run_playbook, tmp_path):
    review = tmp_path / 'review'
    run = run_playbook(START, check=True, extra_vars={'transactionlink_review_dir': str(review)})
    assert run.rc == 0, run
    assert not review.exists() and counts(emulator)['writes'] == 0
    assert summary(run, 'Summarize the review')[1].endswith('/worksheets/unassigned.csv: 6 row(s)')
