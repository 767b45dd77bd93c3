# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Works around ansible-test's download of get-pip.py, which is not reachable here.

ansible-test sanity bootstraps pip into each virtualenv it creates by running
``get-pip-<version>.py`` from its CI file host. It uses
``~/.ansible/test/cache/get_pip_<version>.py`` when that exists: this file.

    python .ci/ansible_test_offline_pip.py --install
        (with the Python that has ansible-test) copies this file into that cache
        under the pip version this ansible-test asks for; a real get-pip.py
        already there is left alone.
    python get_pip_<version>.py [pip options] pip==X.Y [--no-setuptools] [--no-wheel]
        (what ansible-test runs) bootstraps the pip bundled with Python
        (ensurepip), then lets it install the requested packages from the
        configured index.
"""

import ensurepip
import os
import shutil
import subprocess
import sys
import types

MARKER = 'TRANSACTIONLINK-GET-PIP-STAND-IN'
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel', '--no-pip')


def install():
    """Copy this file to ansible-test's get-pip cache for the pip version it pins."""
    from ansible_test._internal.python_requirements import get_venv_packages
    version = get_venv_packages(types.SimpleNamespace(version='%d.%d' % sys.version_info[:2]))['pip']
    cache = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % version.replace('.', '_'))
    if os.path.exists(cache):
        with open(cache, encoding='utf-8') as handle:
            if MARKER not in handle.read():
                return
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    shutil.copyfile(os.path.abspath(__file__), cache)
    print('offline pip bootstrap for ansible-test: %s' % cache)


def main():
    """Install pip with ensurepip, then the requested packages with that pip."""
    env = dict(os.environ)  # ensurepip clears PIP_* settings and pip.conf for its own run; keep ours.
    ensurepip.bootstrap(upgrade=True)
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    if any(not arg.startswith('-') for arg in args):
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args, env=env)


if __name__ == '__main__':
    if sys.argv[1:] == ['--install']:
        install()
    else:
        main()
