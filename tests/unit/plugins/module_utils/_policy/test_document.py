# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan document: every kind of change, and an empty plan, valid against the shipped JSON Schema."""

import datetime
import json
import os

import jsonschema
import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._policy import document as d

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))))
SCHEMA_FILE = os.path.join(REPO, 'docs', 'schemas', 'plan.schema.json')
NOW = datetime.datetime(2026, 12, 7, 1, 0, tzinfo=datetime.timezone.utc)
LATER = datetime.datetime(2026, 12, 31, 18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
ALICE, BOB, CAROL, DAN, ERIN = ('%08d-0000-4000-8000-000000000000' % i for i in range(1, 6))
WS = '00000000-0000-4000-8000-0000000000aa'
PLAN = 'tlp1-' + '3c9a0d4e5f60718293a4b5c6d7e8f901'


@pytest.fixture(scope='module')
def validator():
    with open(SCHEMA_FILE, encoding='utf-8') as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


EVERY_CHANGE = (
    d.ChangeRecord('added', 'alice@example.com', ALICE, None, 'Viewer', d.REQUESTED, expires=LATER),
    d.ChangeRecord('added', 'bob@example.com', BOB, None, 'Analyst', d.REQUESTED, team='payments'),
    d.ChangeRecord('updated', 'carol@example.com', CAROL, 'Viewer', 'Admin', d.REQUESTED, expires=LATER, team='risk'),
    d.ChangeRecord('removed', 'dan@example.com', DAN, 'Viewer', None, d.REQUESTED),
    d.ChangeRecord('removed', None, ERIN, 'Analyst', None, d.EXCLUSIVE),
    d.ChangeRecord('removed', 'erin@example.com', ERIN, 'Admin', None, d.EXCLUSIVE_ROLE),
    d.ChangeRecord('removed', 'fay@example.com', ALICE, 'Viewer', None, d.EXPIRED, team='risk'),
)


def test_every_kind_of_change_is_valid_against_the_schema(validator):
    after = (d.MemberRecord('carol@example.com', CAROL, 'Admin', LATER), d.MemberRecord('alice@example.com', ALICE, 'Viewer', LATER),
             d.MemberRecord(None, BOB, 'Analyst'))
    document = d.plan_document([d.WorkspaceRecord('Risk', WS, PLAN, EVERY_CHANGE, after)], NOW, plan_id=PLAN)
    validator.validate(document)
    assert {(c['action'], c['reason']) for c in document['workspaces'][0]['changes']} == {
        ('added', 'requested'), ('updated', 'requested'), ('removed', 'requested'), ('removed', 'exclusive'),
        ('removed', 'exclusive_role'), ('removed', 'expired')}
    assert document['generated_at'] == '2026-12-07T01:00:00+00:00'
    assert document['workspaces'][0]['changes'][0]['expires'] == '2026-12-31T17:00:00+00:00'  # in UTC
    assert [m['user'] for m in document['workspaces'][0]['after']] == [None, 'alice@example.com', 'carol@example.com']
    json.dumps(document)  # plain JSON data


def test_a_workspace_with_no_change_and_a_converge_host_are_valid(validator):
    document = d.plan_document([d.WorkspaceRecord('Risk', WS, PLAN, (), (d.MemberRecord('a@example.com', ALICE, 'Viewer'),), host='risk'),
                                d.WorkspaceRecord('Empty', WS, PLAN, (), (), host='empty')], NOW)
    validator.validate(document)
    assert document['plan_id'] is None
    assert [(w['host'], w['changes']) for w in document['workspaces']] == [('risk', []), ('empty', [])]


@pytest.mark.parametrize('broken', [
    lambda doc: doc['workspaces'][0]['changes'][0].update(role_before='Viewer'),  # an add has no role before
    lambda doc: doc['workspaces'][0]['changes'][0].update(reason='exclusive'),  # an add is always requested
    lambda doc: doc['workspaces'][0]['changes'][0].pop('team'),
    lambda doc: doc['workspaces'][0].update(plan_id='abc'),
    lambda doc: doc.update(format_version='2.0'),
    lambda doc: doc['workspaces'][0]['after'][0].update(expires='2026-12-31'),
], ids=['add-with-role-before', 'add-not-requested', 'missing-key', 'bad-plan-id', 'other-version', 'date-not-time'])
def test_the_schema_refuses_what_the_format_does_not_allow(validator, broken):
    document = d.plan_document([d.WorkspaceRecord('Risk', WS, PLAN, EVERY_CHANGE[:1], (d.MemberRecord('a@example.com', ALICE, 'Viewer'),))], NOW)
    validator.validate(document)
    broken(document)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)


def test_a_record_the_format_does_not_allow_fails_naming_the_workspace():
    with pytest.raises(ValueError, match="workspace 'Risk': unknown reason 'typo'"):
        d.plan_document([d.WorkspaceRecord('Risk', WS, PLAN, (d.ChangeRecord('added', None, ALICE, None, 'Viewer', 'typo'),))], NOW)
    with pytest.raises(ValueError, match='has no offset'):
        d.plan_document([], datetime.datetime(2026, 12, 7))
