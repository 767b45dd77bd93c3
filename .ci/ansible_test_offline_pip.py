# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stand-in for ansible-test's pip bootstrap, used only when the real one cannot be downloaded.

ansible-test sanity bootstraps pip into each virtualenv it creates by running
``get-pip-<version>.py`` from its CI file host, cached as
``~/.ansible/test/cache/get_pip_<version>.py``. On a machine that cannot
reach that host, the sanity sessions of noxfile.py use this file instead, and
never in the user's own ``~/.ansible``: other collections' ansible-test runs
would pick it up there.

    python .ci/ansible_test_offline_pip.py --home DIR
        (with the Python that has ansible-test) prints nothing when the real
        bootstrap script can be downloaded (or is cached in ~/.ansible already):
        ansible-test then runs as it always does. Otherwise it makes DIR a home
        of its own for ansible-test (its .config and .cache are links to the
        user's, so pip keeps its configuration and caches), copies this file to
        DIR/.ansible/test/cache/get_pip_<version>.py and prints DIR: the session
        runs ansible-test with HOME=DIR. TL_OFFLINE_PIP=never forbids it.
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
import urllib.request

MARKER = 'TRANSACTIONLINK-GET-PIP-STAND-IN'
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel', '--no-pip')
URL = 'https://ci-files.testing.ansible.com/ansible-test/get-pip-%s.py'  # ansible-test's own (requirements.py)
CACHE = os.path.join('.ansible', 'test', 'cache', 'get_pip_%s.py')


def pip_version():
    """The pip version this ansible-test bootstraps for this Python."""
    from ansible_test._internal.python_requirements import get_venv_packages
    return get_venv_packages(types.SimpleNamespace(version='%d.%d' % sys.version_info[:2]))['pip']


def real_bootstrap_available(version):
    """True when ansible-test has (or can download) the real get-pip script."""
    cached = os.path.join(os.path.expanduser('~'), CACHE % version.replace('.', '_'))
    if os.path.exists(cached):
        with open(cached, encoding='utf-8') as handle:
            if MARKER not in handle.read():
                return True
    try:
        with urllib.request.urlopen(urllib.request.Request(URL % version, method='HEAD'), timeout=10):
            return True
    except OSError:
        return False


def private_home(home):
    """Make HOME ansible-test's home, with the stand-in in its cache; print it."""
    version = pip_version()
    if os.environ.get('TL_OFFLINE_PIP') == 'never' or real_bootstrap_available(version):
        return
    for name in ('.config', '.cache'):  # pip's configuration and caches stay the user's
        link, target = os.path.join(home, name), os.path.join(os.path.expanduser('~'), name)
        os.makedirs(home, exist_ok=True)
        if os.path.isdir(target) and not os.path.lexists(link):
            os.symlink(target, link)
    cache = os.path.join(home, CACHE % version.replace('.', '_'))
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    shutil.copyfile(os.path.abspath(__file__), cache)
    print(home)


def main():
    """Install pip with ensurepip, then the requested packages with that pip."""
    env = dict(os.environ)  # ensurepip clears PIP_* settings and pip.conf for its own run; keep ours.
    ensurepip.bootstrap(upgrade=True)
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    if any(not arg.startswith('-') for arg in args):
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args, env=env)


if __name__ == '__main__':
    if sys.argv[1:2] == ['--home'] and len(sys.argv) == 3:
        private_home(os.path.abspath(sys.argv[2]))
    else:
        main()
