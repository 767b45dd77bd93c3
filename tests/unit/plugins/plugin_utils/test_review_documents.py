# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_review: the documents (against their shipped schemas), the manifests, the pages, the close's steps."""

import hashlib
import json
import os

import jsonschema
import pytest

from ansible_collections.transactionlink.access.plugins.plugin_utils._review import close, documents, manifest, start
from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
STARTED, CLOSED = '2026-12-01T10:00:00Z', '2026-12-15T16:30:00Z'


def schema(name):
    with open(os.path.join(REPO, 'docs', 'schemas', 'access-review-%s.schema.json' % name), encoding='utf-8') as handle:
        return json.load(handle)


def info(workspace, user, role, inherited=False):
    return {'workspace_id': 'w-' + workspace, 'workspace_name': workspace, 'user_id': 'u-' + user, 'user_email': user,
            'role_id': 'r-%s-%s' % (workspace, role), 'role_name': role, 'inherited': inherited}


FOUND = [{'memberships': [info('Risk', 'erik@x', 'Viewer'), info('Risk', 'dana@x', 'Analyst'),
                          info('Risk', 'olivia@x', 'Admin', True), info('Payments', 'fatima@x', 'Analyst')]}]
HEADER = 'workspace,user,role,decision,comment\n'


def started(found=None, **more):
    args = dict(reviewers={'Payments': 'carol@x'}, default_reviewer='ciso@x', started_at=STARTED,
                api_url='https://robot:secret@api.example.com/v3/?token=tot_x#frag', path='/srv/r')
    args.update(more)
    return start.files(found or FOUND, **args)


def test_the_snapshot_holds_every_membership_read_and_validates_against_its_schema():
    out = started()
    snapshot = json.loads(out['files']['snapshot.json'])
    jsonschema.validate(snapshot, schema('snapshot'))
    assert len(snapshot['memberships']) == 4 and sum(m['inherited'] for m in snapshot['memberships']) == 1
    assert snapshot['review']['api_url'] == 'https://api.example.com/v3'  # never a user, password, query or fragment
    assert snapshot['review']['filtered'] is False and snapshot['review']['include_inherited'] is True
    assert snapshot['review']['endpoints'][0] == 'GET /organizations/workspaces'
    assert snapshot['workspaces'] == [
        {'workspace': 'Payments', 'workspace_id': 'w-Payments', 'reviewer': 'carol@x', 'direct': 1, 'inherited': 0},
        {'workspace': 'Risk', 'workspace_id': 'w-Risk', 'reviewer': 'ciso@x', 'direct': 2, 'inherited': 1}]
    assert out['files']['snapshot.json'].isascii() and out['files']['snapshot.json'].endswith('}\n')


def test_the_review_id_is_when_and_a_fingerprint_of_what_is_reviewed():
    first = started()['review']['id']
    assert first.startswith('tlr-20261201T100000Z-') and started()['review']['id'] == first
    assert started(FOUND + [info('Risk', 'ivan@x', 'Viewer')])['review']['id'] != first


def test_the_issued_manifest_is_sha256sum_lines_over_the_snapshot_and_the_worksheets():
    files = started()['files']
    listed = [line.split('  ', 1) for line in files['manifest.sha256'].splitlines()]
    assert [entry[1] for entry in listed] == ['snapshot.json', 'worksheets/carol@x.csv', 'worksheets/ciso@x.csv']
    for digest, path in listed:
        assert digest == hashlib.sha256(files[path].encode('utf-8')).hexdigest()


@pytest.mark.parametrize('path', ['../x', '/etc/passwd', 'a\\b', 'a\nb'])
def test_a_manifest_never_lists_a_path_outside_the_review(path):
    with pytest.raises(ValueError, match='cannot be listed in a manifest'):
        manifest.lines({path: 'x'})


def test_the_page_escapes_every_value_and_shows_inherited_access():
    page = started([info('<script>alert(1)</script>', 'erik@x', 'Viewer'), info('Risk', 'o&<livia@x', 'Admin', True)],
                   reviewers={})['files']['review.html']
    assert '<script>' not in page and '&lt;script&gt;' in page and 'o&amp;&lt;livia@x' in page  # inherited: shown
    assert 'src=' not in page and 'http' not in page.replace('https://api.example.com/v3', '')


def close_all(sheets, current, removal=None, after=None, **more):
    files = started()['files']
    return close.run(files['snapshot.json'], sheets, more.pop('unanswered', 'keep'), current, more.pop('previous', None),
                     removal, after, CLOSED, 'https://api.example.com/v3', more.pop('max_removals', None), False,
                     files['manifest.sha256'], '/srv/r')


def test_the_close_in_its_three_steps_and_the_evidence_against_its_schema():
    files = started()['files']
    sheets = {'ciso@x.csv': HEADER + 'Risk,erik@x,Viewer,revoke,left\nRisk,dana@x,Analyst,keep,\n'}
    checked = close.run(files['snapshot.json'], sheets)
    assert (checked['rows'], checked['answered'], 'removals' in checked) == (3, 2, False)
    planned = close_all(sheets, FOUND)
    assert planned['removals'] == [{'workspace': 'w-Risk', 'user': 'u-erik@x', 'state': 'absent'}]
    assert 'files' not in planned and planned['summary'][1] == 'REVOKE erik@x in Risk as Viewer (reviewer ciso@x)'
    removal = {'changed': True, 'plan_id': 'tlp1-abc', 'actions': [
        {'workspace_id': 'w-Risk', 'user_id': 'u-erik@x', 'action': 'removed'}]}
    after = [{'memberships': [m for m in FOUND[0]['memberships'] if m['user_email'] != 'erik@x']}]
    done = close_all(sheets, FOUND, removal, after)
    decisions = json.loads(done['files']['evidence/decisions.json'])
    jsonschema.validate(decisions, schema('decisions'))
    assert decisions['counts'] == {'kept': 1, 'revoked': 1, 'already_absent': 0, 'changed_since_review': 0,
                                   'unanswered_kept': 1, 'unanswered_revoked': 0}
    assert decisions['review']['plan_id'] == 'tlp1-abc' and decisions['review']['closed_at'] == CLOSED
    after_doc = json.loads(done['files']['evidence/after.json'])
    assert [(m['workspace'], m['user']) for m in after_doc['memberships']] == [('Payments', 'fatima@x'),
                                                                               ('Risk', 'dana@x')]
    assert done['order'][-1] == 'evidence/manifest.sha256'
    listed = dict((path, digest) for digest, path in
                  (line.split('  ', 1) for line in done['files']['evidence/manifest.sha256'].splitlines()))
    assert sorted(listed) == ['evidence/after.json', 'evidence/decisions.json', 'evidence/summary.html',
                              'manifest.sha256', 'snapshot.json', 'worksheets/ciso@x.csv']
    assert listed['worksheets/ciso@x.csv'] == hashlib.sha256(sheets['ciso@x.csv'].encode()).hexdigest()
    assert listed['snapshot.json'] == hashlib.sha256(files['snapshot.json'].encode()).hexdigest()
    page = done['files']['evidence/summary.html']
    assert 'left' in page and '<td>worksheets/carol@x.csv</td><td>no</td>' in page


def test_revoking_the_unanswered_when_nothing_was_answered_is_refused_before_any_request():
    snapshot = started()['files']['snapshot.json']
    with pytest.raises(ValueError, match='no row of any worksheet has a decision: with unanswered=revoke the close would '
                                         'remove all 3 direct memberships'):
        close.run(snapshot, {'ciso@x.csv': HEADER + 'Risk,erik@x,Viewer,,\n'}, 'revoke')
    assert close.run(snapshot, {'ciso@x.csv': HEADER + 'Risk,erik@x,Viewer,keep,\n'}, 'revoke')['answered'] == 1
    assert close.run(snapshot, {}, 'keep')['answered'] == 0


def test_a_worksheet_byte_that_is_not_utf8_is_hashed_as_it_is_on_disk():
    raw = (HEADER + 'Risk,erik@x,Viewer,keep,caf\xe9\n').encode('cp1252')
    as_read = raw.decode('utf-8', 'surrogateescape')  # what Ansible's file lookup hands over
    with pytest.raises(ValueError, match='not UTF-8'):
        close.run(started()['files']['snapshot.json'], {'ciso@x.csv': as_read})
    assert close._bytes(as_read) == raw  # pylint: disable=protected-access


@pytest.mark.parametrize('text, needle', [
    ('not json', 'snapshot.json is not JSON'),
    ('{"format_version": 2}', 'not a review snapshot of format_version 1'),
    ('{"format_version": 1, "review": {}}', 'lacks review, workspaces or memberships'),
])
def test_a_file_that_is_not_a_snapshot_is_refused(text, needle):
    with pytest.raises(ValueError, match=needle):
        documents.load_snapshot(text)


def test_evidence_of_an_earlier_close_that_cannot_be_read_is_refused():
    with pytest.raises(ValueError, match='decisions.json of the earlier close cannot be read'):
        documents.previous_outcomes('{"decisions": [{}]}')
