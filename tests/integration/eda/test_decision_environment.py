# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a decision environment gets: the built tarball carries extensions/eda/, and the example DE names it."""

import os
import subprocess
import sys
import tarfile

import yaml
from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
EDA_FILES = ('extensions/eda/eda_runtime.yml', 'extensions/eda/rulebooks/mend_drift.yml',
             'extensions/eda/plugins/event_source/membership_drift.py',
             'extensions/eda/plugins/event_filter/exact_host_limit.py')


def test_the_built_collection_carries_the_drift_watch_and_the_de_example_installs_that_tarball(collection_tree, tmp_path):
    galaxy = os.path.join(os.path.dirname(sys.executable), 'ansible-galaxy')
    subprocess.run([galaxy, 'collection', 'build', '--output-path', str(tmp_path)], cwd=collection_tree, check=True,
                   stdout=subprocess.DEVNULL)
    [tarball] = [name for name in os.listdir(str(tmp_path)) if name.endswith('.tar.gz')]
    with tarfile.open(str(tmp_path / tarball)) as archive:
        names = set(archive.getnames())
    assert set(EDA_FILES) <= names

    with open(os.path.join(REPO, 'examples', 'decision-environment.yml'), encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    assert definition['dependencies']['galaxy']['collections'] == [{'name': 'collections/' + tarball, 'type': 'file'}]
    assert definition['additional_build_files'] == [{'src': '../build/' + tarball, 'dest': 'collections'}]
    assert any(p.startswith('ansible-rulebook') for p in definition['dependencies']['python'])
    assert any('java-17' in p for p in definition['dependencies']['system'])
