# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""transactionlink.access.workspace_membership through ansible-playbook, against the emulator process.

Only what needs Ansible itself: the module found by FQCN in a play, the diff as
the default callback prints it, and a refused write's token at -vvvv. Module
behaviour (the bulk converge, its idempotent rerun, check mode) is tested
in-process (tests/unit/plugins/modules/test_workspace_membership.py).
"""

import json

import pytest

MODULE = 'transactionlink.access.workspace_membership'


def task(args, name='membership', extra=''):
    """A one-task playbook calling the module with ARGS (a dict, sent as JSON)."""
    return ('- hosts: localhost\n  gather_facts: false\n  tasks:\n'
            '    - name: {0}\n      {1}: {2}\n{3}').format(name, MODULE, json.dumps(args), extra)


ALICE = 'alice.martin@example.com'


@pytest.mark.smoke
def test_diff_is_printed_by_the_default_callback(emulator, run_playbook):
    run = run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Admin'}), diff=True, check=True, callback='default')
    assert run.rc == 0, run
    assert '+        "%s": "Admin"' % ALICE in run.stdout


def test_a_refused_write_shows_no_token_at_vvvv(emulator, run_playbook):
    # The read-only token's write fails with a 403 (a passing run at -vvvv: test_secrets_end_to_end.py).
    run = run_playbook(task({'workspace': 'Risk', 'user': ALICE, 'role': 'Viewer'}), verbosity=4, callback='default',
                       token='readonly')
    assert run.rc != 0, run
    secret = emulator.tokens['readonly']
    assert secret not in run.stdout and secret not in run.stderr
    assert secret[4:20] not in run.stdout + run.stderr
