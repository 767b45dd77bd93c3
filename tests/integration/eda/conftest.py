# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift watch under the real ansible-rulebook: only where it is installed (`nox -s eda`).

ansible-rulebook (and Java 17) are not in .venv: the `integration` session
leaves these tests out; the `eda` session installs them and sets
TL_EDA_REQUIRED, so there a missing ansible-rulebook or Java fails.
"""

import os
import shutil
import sys

RULEBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-rulebook')

if not os.path.exists(RULEBOOK) or not shutil.which('java'):
    if os.environ.get('TL_EDA_REQUIRED'):
        raise RuntimeError('ansible-rulebook (next to %s) and Java 17 (java on PATH) are needed here' % sys.executable)
    collect_ignore_glob = ['test_*.py']
