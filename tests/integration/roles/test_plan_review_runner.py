# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan review workflow of docs/docsite/rst/plan_review.rst, run the way AWX runs it.

Job 1 (job type check) and job 2 (job type run) of the onboarding playbook, and
of the converge playbook over the access-as-code inventory, go
through ansible-runner with a private data dir as AWX lays it out: the
credential type's injected environment, the workflow's extra vars. What job 1
publishes with set_stats (the ``artifact_data`` of its ``playbook_on_stats``
event, which AWX passes on to the next workflow nodes as extra vars) is given
to job 2, as AWX does after the approval node.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from helpers import awx_credential
from helpers.roles import DEMO_DIRECT, counts, direct_state
from helpers.paths import REPO_ROOT

PLAYBOOK = 'transactionlink.access.onboard'
CONVERGE = 'transactionlink.access.converge'
EXAMPLE = os.path.join(REPO_ROOT,
                       'examples', 'access-as-code')
TICKET = [
    {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    {'user': 'erik.johansson@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
]
# The workflow's extra vars: every node gets them.
WORKFLOW_VARS = {'workspace_onboarding_users': TICKET, 'workspace_onboarding_publish_plan': True}


def _runner():
    path = os.path.join(os.path.dirname(sys.executable), 'ansible-runner')
    if not os.path.exists(path):
        pytest.fail('ansible-runner is not installed next to %s (requirements-dev.txt)' % sys.executable)
    return path


@pytest.fixture
def job(tmp_path, emulator, collection_tree):
    """``job(ident, extravars, check=False, playbook=PLAYBOOK, inventory=None)`` -> (status, artifact_data, stdout).

    One AWX job through ansible-runner; INVENTORY is a directory copied as the job's inventory (an AWX
    inventory sourced from a project), else the job runs on localhost.
    """
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    credentials = {'api_token': emulator.tokens['admin'], 'api_url': emulator.url}
    envvars = awx_credential.injected_env(awx_credential.load(), credentials)
    env = {k: v for k, v in os.environ.items() if not k.startswith('TRANSACTIONLINK_')}
    for name in ('ANSIBLE_STDOUT_CALLBACK', 'ANSIBLE_CALLBACK_PLUGINS', 'ANSIBLE_LOAD_CALLBACK_PLUGINS'):
        env.pop(name, None)
    env.update({'PATH': os.pathsep.join((os.path.dirname(sys.executable), env.get('PATH', ''))),
                'ANSIBLE_COLLECTIONS_PATH': collections_path, 'ANSIBLE_NOCOLOR': '1', 'PYTHONWARNINGS': 'ignore'})

    def run(ident, extravars, check=False, playbook=PLAYBOOK, inventory=None):
        pdd = tmp_path / ident
        for sub in ('env', 'project'):
            (pdd / sub).mkdir(parents=True)
        if inventory:
            shutil.copytree(inventory, str(pdd / 'inventory'))
        else:
            (pdd / 'inventory').mkdir()
            (pdd / 'inventory' / 'hosts').write_text(
                'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
        (pdd / 'env' / 'envvars').write_text(yaml.safe_dump(envvars))
        (pdd / 'env' / 'extravars').write_text(json.dumps(extravars))
        command = [_runner(), 'run', str(pdd), '-p', playbook, '--ident', ident]
        if check:
            command.append('--cmdline=--check')  # what a job template of job type "check" adds
        done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=600, check=False)
        artifacts = pdd / 'artifacts' / ident
        output = done.stdout.decode('utf-8', 'replace')
        assert (artifacts / 'status').exists(), 'ansible-runner did not run the job:\n' + output
        status = (artifacts / 'status').read_text().strip()
        artifact_data = None
        for name in sorted(os.listdir(str(artifacts / 'job_events'))):
            with open(str(artifacts / 'job_events' / name), encoding='utf-8') as handle:
                event = json.load(handle)
            if event.get('event') == 'playbook_on_stats':
                artifact_data = event['event_data'].get('artifact_data')
        return status, artifact_data, output
    return run


def test_check_job_publishes_the_plan_and_the_apply_job_applies_it(emulator, job):
    status, published, stdout = job('plan', WORKFLOW_VARS, check=True)
    assert status == 'successful', stdout
    assert counts(emulator)['writes'] == 0
    assert sorted(published) == ['workspace_onboarding_expected_plan_id', 'workspace_onboarding_plan']
    assert published['workspace_onboarding_plan'].splitlines() == [
        'Risk: alice.martin@example.com would be added as Analyst',
        'Risk: erik.johansson@example.com would be updated from Viewer to Analyst']

    # Approved: the apply job gets the workflow's extra vars and job 1's artifacts.
    status, dummy, stdout = job('apply', dict(WORKFLOW_VARS, **published))
    assert status == 'successful', stdout
    assert counts(emulator)['PUT'] == 2 and counts(emulator)['DELETE'] == 0
    assert direct_state(emulator)[('Risk', 'alice.martin@example.com')] == 'Analyst'
    assert emulator.tokens['admin'] not in stdout


def test_a_change_between_plan_and_apply_fails_the_apply_with_nothing_written(emulator, job, run_playbook):
    status, published, stdout = job('plan', WORKFLOW_VARS, check=True)
    assert status == 'successful', stdout
    # While the plan waits for approval, somebody else adds Alice to Risk as a Viewer.
    meanwhile = run_playbook(PLAYBOOK, extra_vars={'workspace_onboarding_users': [
        {'user': 'alice.martin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Viewer'}]}]})
    assert meanwhile.rc == 0, meanwhile
    emulator.clear_requests()
    before = direct_state(emulator)
    assert before != DEMO_DIRECT

    status, dummy, stdout = job('apply', dict(WORKFLOW_VARS, **published))
    assert status == 'failed', stdout
    assert 'the access changed since the plan was approved' in stdout
    assert counts(emulator)['writes'] == 0
    assert direct_state(emulator) == before


def test_the_converge_workflow_applies_every_reviewed_workspace_plan_and_a_relaunch_writes_nothing(emulator, job):
    status, published, stdout = job('plan', {'transactionlink_publish_plan': True}, check=True, playbook=CONVERGE,
                                    inventory=EXAMPLE)
    assert status == 'successful', stdout
    assert counts(emulator)['writes'] == 0
    plan_ids = published['transactionlink_expected_plan_ids']
    assert sorted(plan_ids) == ['Compliance', 'Payments', 'Risk']
    assert published['transactionlink_plan']['Risk'].splitlines() == [
        'Risk: alice.martin@example.com would be added as Analyst',
        'Risk: erik.johansson@example.com would be updated from Viewer to Analyst']
    # The ids are printed at the end of the job output too, ready to give back.
    printed = stdout[stdout.index("-e '") + 4:]
    assert yaml.safe_load(printed[:printed.index("'")]) == {'transactionlink_expected_plan_ids': plan_ids}

    emulator.clear_requests()
    status, dummy, stdout = job('apply', dict(published), playbook=CONVERGE, inventory=EXAMPLE)
    assert status == 'successful', stdout
    planned = sum(len(text.splitlines()) for text in published['transactionlink_plan'].values())
    assert counts(emulator)['writes'] == planned == 5
    assert direct_state(emulator)[('Risk', 'alice.martin@example.com')] == 'Analyst'

    # The apply job relaunched with the same artifacts: nothing left to write, and it says so.
    emulator.clear_requests()
    status, dummy, stdout = job('again', dict(published), playbook=CONVERGE, inventory=EXAMPLE)
    assert status == 'successful', stdout
    assert counts(emulator)['writes'] == 0
    assert 'has nothing left to write' in stdout
    assert emulator.tokens['admin'] not in stdout
