# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py that ansible-test downloads.

ansible-test sanity bootstraps pip into each virtualenv it creates by running
``get-pip-<version>.py`` from its CI file host, which is not reachable here. It
looks in ``~/.ansible/test/cache/get_pip_<version>.py`` first; the sanity
sessions (noxfile.py, sanity_in) copy this file there.

It is called as ``python get_pip.py [pip options] pip==X.Y [--no-setuptools]
[--no-wheel]``: bootstrap the pip bundled with Python (ensurepip), then let that
pip install the requested packages from the configured index.
TRANSACTIONLINK-GET-PIP-STAND-IN (marker: the sanity sessions replace only files
that carry it).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY = ('--no-setuptools', '--no-wheel', '--no-pip')


def main():
    """Install pip with ensurepip, then the requested packages with that pip."""
    # ensurepip clears PIP_* settings and pip.conf for its own run; keep ours.
    env = dict(os.environ)
    ensurepip.bootstrap(upgrade=True)
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    if any(not arg.startswith('-') for arg in args):
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + args, env=env)


if __name__ == '__main__':
    main()
