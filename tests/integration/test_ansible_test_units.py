# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""`ansible-test units`, as a collection maintainer runs it, runs the unit tier.

ansible-test runs pytest with a configuration of its own (not pyproject.toml): tests/conftest.py
puts tests/ on the import path and declares the markers itself. One small file of each of two
kinds (a filter, and a module run in-process against the emulator) keeps it quick.
"""

import os
import subprocess
import sys

BIN = os.path.dirname(sys.executable)


def test_ansible_test_units_runs_the_unit_tier(collection_tree):
    env = dict(os.environ, PATH=os.pathsep.join((BIN, os.environ['PATH'])))
    proc = subprocess.run([os.path.join(BIN, 'ansible-test'), 'units', '--local', '--python', '%d.%d' % sys.version_info[:2],
                           '--color', 'no', 'tests/unit/plugins/filter/test_filters.py',
                           'tests/unit/plugins/modules/test_workspace_membership_info.py'],
                          cwd=collection_tree, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert ' passed' in proc.stdout and ' failed' not in proc.stdout and ' error' not in proc.stdout, proc.stdout[-4000:]
