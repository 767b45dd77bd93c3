"""The onboarding playbook run the way AWX runs a job template: through
ansible-runner, with a private data dir whose env/envvars are what the
credential type in awx/credential_type.yml injects and whose env/extravars are
what a job template passes: the demo ticket (examples/onboard-demo.yml) as the
template's extra vars, and the survey variant of docs/docsite/rst/awx.rst.

Findings checked here and named in docs/docsite/rst/awx.rst:
- the token is absent from stdout and from every file in the artifacts dir,
  with one exception: ``artifacts/<ident>/command``, which ansible-runner writes
  itself with the command line *and the whole job environment*, injected
  credential variables included. AWX does not publish that file, and runs
  each job in a private data dir it deletes afterwards.
"""

import json
import os
import subprocess
import sys

import pytest
import yaml

from helpers import awx_credential

REPO = awx_credential.REPO
PLAYBOOK = 'transactionlink.access.onboard'
EXTRA_VARS = os.path.join(REPO, 'examples', 'onboard-demo.yml')
# Written by ansible-runner itself: the command line and its full environment.
RUNNER_COMMAND_FILE = 'command'


def runner_bin():
    path = os.path.join(os.path.dirname(sys.executable), 'ansible-runner')
    if not os.path.exists(path):
        pytest.fail('ansible-runner is not installed next to %s (requirements-dev.txt)' % sys.executable)
    return path


def job_environment(collections_path):
    """The environment ansible-runner itself starts with: an EE where the
    collection is installed, and no TransactionLink variables of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('TRANSACTIONLINK_')}
    env.update({
        'PATH': os.pathsep.join((os.path.dirname(sys.executable), env.get('PATH', ''))),
        'ANSIBLE_COLLECTIONS_PATH': collections_path,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'PYTHONWARNINGS': 'ignore',
    })
    for name in ('ANSIBLE_STDOUT_CALLBACK', 'ANSIBLE_CALLBACK_PLUGINS', 'ANSIBLE_LOAD_CALLBACK_PLUGINS'):
        env.pop(name, None)
    return env


# The job template of docs/docsite/rst/awx.rst: its own extra vars (Jinja over
# the survey's answers) merged with the survey answers, as AWX writes them.
SURVEY_TEMPLATE_EXTRA_VARS = {
    'workspace_onboarding_users': [{
        'user': '{{ tl_user }}',
        'workspaces': [{'workspace': '{{ tl_workspace }}', 'role': '{{ tl_role }}'}],
    }],
}
SURVEY_ANSWERS = {'tl_user': 'hana.suzuki@example.com', 'tl_workspace': 'Compliance', 'tl_role': 'Viewer'}


@pytest.fixture
def private_data_dir(tmp_path, emulator):
    """A private data dir laid out like the one AWX hands to ansible-runner."""
    pdd = tmp_path / 'private_data_dir'
    for sub in ('env', 'inventory', 'project'):
        (pdd / sub).mkdir(parents=True)
    credential_type = awx_credential.load()
    envvars = awx_credential.injected_env(credential_type, {
        'api_token': emulator.tokens['admin'],
        'api_url': emulator.url,
    })
    (pdd / 'env' / 'envvars').write_text(yaml.safe_dump(envvars, default_flow_style=False))
    with open(EXTRA_VARS) as handle:
        extravars = yaml.safe_load(handle)
    (pdd / 'env' / 'extravars').write_text(json.dumps(extravars))
    # AWX's inventory for an API collection: localhost, local connection.
    (pdd / 'inventory' / 'hosts').write_text(
        'localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    return pdd


def run_job(pdd, ident, collections_path):
    proc = subprocess.run(
        [runner_bin(), 'run', str(pdd), '-p', PLAYBOOK, '--ident', ident],
        env=job_environment(collections_path), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600, check=False)
    artifacts = pdd / 'artifacts' / ident
    status = (artifacts / 'status').read_text().strip() if (artifacts / 'status').exists() else None
    stats = None
    events_dir = artifacts / 'job_events'
    for name in sorted(os.listdir(str(events_dir))) if events_dir.is_dir() else []:
        with open(str(events_dir / name)) as handle:
            event = json.load(handle)
        if event.get('event') == 'playbook_on_stats':
            stats = event['event_data']
    return proc.returncode, proc.stdout.decode('utf-8', 'replace'), status, stats, artifacts


def files_with(root, needle):
    found = []
    for dirpath, _dirs, files in os.walk(str(root)):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, 'rb') as handle:
                if needle.encode('utf-8') in handle.read():
                    found.append(os.path.relpath(path, str(root)))
    return sorted(found)


def test_onboarding_job_through_ansible_runner(private_data_dir, emulator, collection_tree):
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    token = emulator.tokens['admin']
    emulator.clear_requests()

    rc, stdout, status, stats, artifacts = run_job(private_data_dir, 'first', collections_path)
    assert rc == 0 and status == 'successful', stdout
    assert stats['failures'] == {} and stats['dark'] == {}, stats
    assert sum(stats['changed'].values()) > 0, 'first run changed nothing:\n' + stdout
    assert emulator.writes() > 0
    runs = [('first', stdout, artifacts)]

    # Idempotent: the same job again changes nothing and sends no write.
    emulator.clear_requests()
    rc, stdout, status, stats, artifacts = run_job(private_data_dir, 'second', collections_path)
    assert rc == 0 and status == 'successful', stdout
    assert sum(stats['changed'].values()) == 0, 'second run changed something:\n' + stdout
    counts = emulator.requests()['counts']
    assert counts['writes'] == 0, counts
    runs.append(('second', stdout, artifacts))

    for ident, out, _artifacts in runs:
        assert token not in out, 'run %s: the token is in stdout' % ident
    leaked = files_with(private_data_dir / 'artifacts', token)
    others = [path for path in leaked if os.path.basename(path) != RUNNER_COMMAND_FILE]
    assert not others, 'the token is in artifacts files: %s' % others
    # The named exception, checked so the docs stay true: ansible-runner records
    # the job's environment, injected credential variables included, in "command".
    assert leaked == sorted('%s/%s' % (ident, RUNNER_COMMAND_FILE) for ident, _o, _a in runs), (
        'ansible-runner no longer writes the token into artifacts/<ident>/command: '
        'update docs/docsite/rst/awx.rst and this test (found in: %s)' % leaked)


def test_survey_job_template(private_data_dir, emulator, collection_tree):
    """The survey variant of the job template: flat answers, nested ticket in
    the template's extra vars."""
    collections_path = os.path.dirname(os.path.dirname(os.path.dirname(collection_tree)))
    extravars = dict(SURVEY_TEMPLATE_EXTRA_VARS, **SURVEY_ANSWERS)
    (private_data_dir / 'env' / 'extravars').write_text(json.dumps(extravars))
    rc, stdout, status, stats, _artifacts = run_job(private_data_dir, 'survey', collections_path)
    assert rc == 0 and status == 'successful', stdout
    assert sum(stats['changed'].values()) == 1, stdout
    assert [(m['email'], m['role']) for m in emulator.state()['memberships']
            if m['workspace'] == 'Compliance' and m['email'] == SURVEY_ANSWERS['tl_user']] == [
        (SURVEY_ANSWERS['tl_user'], 'Viewer')]
    assert emulator.tokens['admin'] not in stdout
