# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's access.html opened in a real headless browser (Debian's chromium).

Setup: chromium is installed when missing and the test runs as root
(scripts/test.sh does it from scripts/apt-packages.txt; this test does it too
when run alone). Screenshots are kept in TL_ARTIFACTS_DIR (tests/output/artifacts).
"""

import os
import shutil
import struct
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest

from helpers.roles import AUDIT, DEMO_WORKSPACES, ONBOARD, counts

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
ARTIFACTS = os.environ.get('TL_ARTIFACTS_DIR') or os.path.join(REPO_ROOT, 'tests', 'output', 'artifacts')
WIDTH, HEIGHT = 1280, 900
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--hide-scrollbars', '--window-size=%d,%d' % (WIDTH, HEIGHT)]
DESIRED = [
    {'user': 'dana.kowalski@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'},
                                                         {'workspace': 'Payments', 'role': 'Viewer'}]},
    {'user': 'erik.johansson@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Analyst'}]},
    {'user': 'hana.suzuki@example.com', 'workspaces': [{'workspace': 'Payments', 'role': 'Viewer'}]},
    {'user': 'adam.admin@example.com', 'workspaces': [{'workspace': 'Risk', 'role': 'Admin'}]},
]


def _chromium():
    """Path of chromium, installed with apt-get when missing and we are root."""
    found = shutil.which('chromium')
    if found:
        return found
    if os.geteuid() == 0 and shutil.which('apt-get'):
        env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
        install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium']
        if subprocess.run(install, env=env, check=False, stdout=subprocess.DEVNULL).returncode != 0:
            subprocess.run(['apt-get', 'update', '-qq'], env=env, check=False)
            subprocess.run(install, env=env, check=False, stdout=subprocess.DEVNULL)
        found = shutil.which('chromium')
    if not found:
        message = 'chromium is not installed (apt-get install chromium, as root)'
        if os.environ.get('CI') == 'true':
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope='module')
def chromium():
    return _chromium()


def _browse(chromium, url, *flags):
    """Run headless chromium on URL with a fresh profile; return stdout."""
    profile = tempfile.mkdtemp(prefix='tl-chromium-')
    try:
        done = subprocess.run([chromium] + CHROMIUM_FLAGS + ['--user-data-dir=' + profile] + list(flags) + [url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr.decode('utf-8', 'replace')[-2000:]
    return done.stdout.decode('utf-8')


def _screenshot(chromium, url, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name)
    if os.path.exists(path):
        os.unlink(path)
    _browse(chromium, url, '--screenshot=' + path)
    with open(path, 'rb') as handle:
        head = handle.read(24)
    assert head[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG: %s' % path
    assert struct.unpack('>II', head[16:24]) == (WIDTH, HEIGHT)
    return path


class Matrix(HTMLParser):
    """The rendered table#matrix: column headers, row headers, cells (text and attributes)."""

    def __init__(self):
        super().__init__()
        self.columns, self.rows, self.cells = [], [], {}
        self.body_attrs = {}
        self._in_matrix = self._in_head = False
        self._cell = None
        self._text = []
        self._col = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'body':
            self.body_attrs = attrs
        if tag == 'table' and attrs.get('id') == 'matrix':
            self._in_matrix = True
        if not self._in_matrix:
            return
        if tag == 'thead':
            self._in_head = True
        elif tag == 'tr':
            self._col = 0
        elif tag in ('th', 'td'):
            self._cell, self._text = (tag, attrs), []

    def handle_data(self, data):
        if self._cell is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self._in_matrix:
            return
        if tag == 'table':
            self._in_matrix = False
        elif tag == 'thead':
            self._in_head = False
        elif tag in ('th', 'td') and self._cell is not None:
            kind, attrs = self._cell
            text = ' '.join(''.join(self._text).split())
            if self._in_head:
                self.columns.append(text)
            elif kind == 'th':
                self.rows.append(text)
            else:
                self.cells[(self.rows[-1], self.columns[self._col])] = dict(attrs, text=text)
            self._col += 1
            self._cell = None


def _rendered(chromium, html_path):
    """Parse the DOM chromium rendered, with the document's layout widths measured in the page."""
    probe = os.path.join(os.path.dirname(html_path), 'probe-' + os.path.basename(html_path))
    with open(html_path, encoding='utf-8') as handle:
        html = handle.read()
    measure = ('<script>var d = document.documentElement; document.body.setAttribute("data-scroll-width", d.scrollWidth);'
               ' document.body.setAttribute("data-client-width", d.clientWidth);</script></body>')
    with open(probe, 'w', encoding='utf-8') as handle:
        handle.write(html.replace('</body>', measure))
    matrix = Matrix()
    matrix.feed(_browse(chromium, 'file://' + probe, '--dump-dom'))
    os.unlink(probe)
    return matrix


def test_matrix_renders_in_chromium(chromium, emulator, run_playbook, tmp_path):
    dest = str(tmp_path / 'report')
    run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest, 'workspace_access_audit_desired': DESIRED})
    assert run.rc == 0, run
    assert counts(emulator)['writes'] == 0
    html_path = os.path.join(dest, 'access.html')

    matrix = _rendered(chromium, html_path)
    assert matrix.columns == ['User'] + list(DEMO_WORKSPACES)
    assert matrix.rows == ['adam.admin@example.com', 'dana.kowalski@example.com', 'erik.johansson@example.com',
                           'fatima.haddad@example.com', 'hana.suzuki@example.com', 'olivia.owner@example.com']
    cell = matrix.cells
    assert cell[('dana.kowalski@example.com', 'Compliance')]['text'] == 'Admin'
    assert 'direct' in cell[('dana.kowalski@example.com', 'Compliance')]['class'].split()
    # Inherited access: its own class and a visible label.
    adam_payments = cell[('adam.admin@example.com', 'Payments')]
    assert adam_payments['text'] == 'Admin inherited' and 'inherited' in adam_payments['class'].split()
    assert all(cell[('olivia.owner@example.com', ws)]['data-inherited'] == 'true' for ws in DEMO_WORKSPACES)
    assert cell[('adam.admin@example.com', 'Risk')]['data-inherited'] == 'false'
    # Drift, highlighted in the cells.
    assert cell[('erik.johansson@example.com', 'Risk')]['data-drift'] == 'wrong_role'
    assert cell[('erik.johansson@example.com', 'Risk')]['text'] == 'Viewer → Analyst wrong role'
    assert cell[('hana.suzuki@example.com', 'Payments')]['data-drift'] == 'missing'
    assert cell[('fatima.haddad@example.com', 'Payments')]['data-drift'] == 'unexpected'
    assert cell[('fatima.haddad@example.com', 'Risk')]['text'] == '–'
    assert int(matrix.body_attrs['data-scroll-width']) <= int(matrix.body_attrs['data-client-width'])

    path = _screenshot(chromium, 'file://' + html_path, 'access-matrix.png')
    print('screenshot: %s' % path)


def test_ten_workspaces_fit_without_horizontal_scrolling(chromium, emulator, run_playbook, tmp_path):
    emulator.reset(seed='bench', workspaces=10, users=12)
    ticket = [{'user': 'user%03d@example.com' % u,
               'workspaces': [{'workspace': 'ws-%02d' % w, 'role': ('Viewer', 'Analyst', 'Admin')[(u + w) % 3]}
                              for w in range(1, 11) if (u * w) % 4 != 1]}
              for u in range(1, 13)]
    onboard = run_playbook(ONBOARD, extra_vars={'workspace_onboarding_users': ticket})
    assert onboard.rc == 0, onboard
    dest = str(tmp_path / 'bench')
    run = run_playbook(AUDIT, extra_vars={'workspace_access_audit_dest': dest})
    assert run.rc == 0, run
    html_path = os.path.join(dest, 'access.html')
    matrix = _rendered(chromium, html_path)
    assert matrix.columns == ['User'] + ['ws-%02d' % w for w in range(1, 11)]
    assert matrix.rows == ['olivia.owner@example.com'] + ['user%03d@example.com' % u for u in range(1, 13)]
    assert int(matrix.body_attrs['data-scroll-width']) <= int(matrix.body_attrs['data-client-width']) <= WIDTH
    path = _screenshot(chromium, 'file://' + html_path, 'access-matrix-10-workspaces.png')
    print('screenshot: %s' % path)
