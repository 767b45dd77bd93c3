# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks of transactionlink.access as nox sessions (`.venv/bin/nox -l`).

antsibull-nox.toml declares the ecosystem's sessions (lint, docs-check,
extra-checks, ansible-lint). This file adds the collection's own:

    build-import-check  ansible-galaxy collection build, then galaxy-importer as Galaxy runs
                     it (ansible-lint and flake8 on); any warning fails
    units            pytest tests/unit with branch coverage of plugins/ (floor 90 %)
    integration      pytest tests/integration: ansible runs against the emulator
    molecule         the roles' scenarios (extensions/molecule) around the emulator
    eda              the drift watch (extensions/eda) under the real ansible-rulebook (Java 17)
    sanity-<core>    ansible-test sanity of that ansible-core, no ignore file
    smoke-<core>     that ansible-core: tests/unit/plugins and pytest -m smoke
    changelog        changelog.yaml valid, CHANGELOG.rst what it generates
    docs-site        the HTML docs site, sphinx-build -W, offline

antsibull-nox's own ansible-test sessions run in containers (--docker); there
is no container engine here, so sanity runs locally. When ansible-test's pip
bootstrap script cannot be downloaded, .ci/ansible_test_offline_pip.py stands in
for it, in a home of the session's own (never the user's ~/.ansible). `make test`
and `make matrix` (Makefile) choose the sessions; tests/README.md explains the tiers.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import nox

try:
    import antsibull_nox
except ImportError:
    sys.exit('antsibull-nox is not installed: run `make venv` (requirements-dev.txt)')

antsibull_nox.load_antsibull_nox_toml()

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV_BIN = os.path.join(ROOT, '.venv', 'bin')
ARTIFACTS = os.path.join(ROOT, 'tests', 'output', 'artifacts')
# ansible-core series -> (release, Python). Each of Python 3.10-3.13 is used once at least.
MATRIX = {
    '2.16': ('2.16.19', '3.10'),
    '2.17': ('2.17.14', '3.12'),
    '2.18': ('2.18.19', '3.13'),
    '2.19': ('2.19.14', '3.11'),
    '2.20': ('2.20.10', '3.12'),
    '2.21': ('2.21.5', '3.13'),
}

# antsibull-nox's lint sessions call ansible-galaxy from PATH: the one of .venv.
os.environ['PATH'] = os.pathsep.join((VENV_BIN, os.environ.get('PATH', os.defpath)))
nox.options.default_venv_backend = 'uv|virtualenv'
nox.options.reuse_venv = 'yes'


def collection_tree(session):
    """A copy of the collection at <tmp>/ansible_collections/transactionlink/access
    (ansible-test and ansible-playbook need that layout), the session's
    TL_COLLECTION_TREE and ANSIBLE_COLLECTIONS_PATH (tests/conftest.py reads them)."""
    dest = tempfile.mkdtemp(prefix='tl-%s-' % session.name.replace('.', '-'))
    tree = subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'collection_tree.py'), dest],
                          check=True, capture_output=True, text=True).stdout.strip()
    session.env.update({'TL_COLLECTION_TREE': tree, 'ANSIBLE_COLLECTIONS_PATH': dest, 'ANSIBLE_NOCOLOR': '1',
                        'PY_COLORS': '0', 'TL_ARTIFACTS_DIR': ARTIFACTS})
    return tree


def dev(tool):
    """A command of .venv (requirements-dev.txt, `make venv`)."""
    return os.path.join(VENV_BIN, tool)


def pytest(session, python, *args):
    """pytest with two xdist workers; exit 5 (no test collected) fails like any other."""
    session.run(python, '-m', 'pytest', '-q', '-n', os.environ.get('TL_PYTEST_WORKERS', '2'), *args, *session.posargs,
                external=True)


@nox.session(python=False)
def units(session):
    """tests/unit (.venv) with branch coverage of plugins/ as imported from the collection tree."""
    tree = collection_tree(session)
    os.makedirs(os.path.join(ROOT, 'tests', 'output'), exist_ok=True)
    session.env['COVERAGE_FILE'] = os.path.join(ROOT, 'tests', 'output', '.coverage')  # not in the checkout's root
    pytest(session, dev('python'), 'tests/unit', '--cov=' + os.path.join(tree, 'plugins'), '--cov-branch',
           '--cov-report=term:skip-covered', '--cov-fail-under=90')


@nox.session(python=False)
def integration(session):
    """tests/integration (.venv): ansible-playbook, ansible, ansible-runner and chromium against the emulator."""
    collection_tree(session)
    pytest(session, dev('python'), 'tests/integration', '--durations=8')


@nox.session(python=False)
def molecule(session):
    """Every scenario in extensions/molecule, each around a fresh emulator (demo organization)."""
    tree = collection_tree(session)
    scenarios = sorted(os.listdir(os.path.join(ROOT, 'extensions', 'molecule')))
    session.env['PYTHONPATH'] = os.path.join(ROOT, 'tests')
    session.env['PATH'] = os.pathsep.join((VENV_BIN, os.environ['PATH']))  # molecule runs ansible-config, ansible-playbook
    with session.chdir(tree):
        for scenario in scenarios:
            session.run(dev('python'), '-m', 'emulator.process', '--seed', 'demo', '--',
                        dev('molecule'), 'test', '-s', scenario, external=True)


# ansible-rulebook and the ansible-core it drives (needs Java 17: JAVA_HOME is found from `java` on PATH).
EDA_PINS = ('ansible-rulebook==1.3.2', 'ansible-core==2.19.14')


@nox.session(python='3.11')
def eda(session):
    """The drift watch (extensions/eda): its source's unit tests and ansible-rulebook runs over the emulator."""
    java = shutil.which('java')
    if not java:
        session.error('ansible-rulebook needs Java 17: install openjdk-17-jre-headless (.ci/run does as root)')
    session.install('-r', os.path.join(ROOT, 'requirements-matrix.txt'), *EDA_PINS)
    collection_tree(session)
    session.env['JAVA_HOME'] = os.path.dirname(os.path.dirname(os.path.realpath(java)))
    session.env['PATH'] = os.pathsep.join((session.bin, os.environ['PATH']))  # ansible-rulebook runs ansible-playbook
    session.env['TL_EDA_REQUIRED'] = '1'  # tests/integration/eda fails (never skips) without ansible-rulebook
    pytest(session, 'python', 'tests/unit/extensions/eda', 'tests/integration/eda')


GALAXY_IMPORTER = 'galaxy-importer==0.4.44'  # its own venv: it caps attrs<24 and ansible-lint<=26.10.1


@nox.session(name='build-import-check', python='3.11')
def build_import_check(session):
    """ansible-galaxy collection build, then galaxy-importer on the tarball as Galaxy runs it (.ci/galaxy-importer.cfg:
    ansible-lint and flake8 on): any WARNING or ERROR line fails, as it would show on the collection's Galaxy page."""
    session.install(GALAXY_IMPORTER, 'ansible-core==' + MATRIX['2.19'][0])
    tree = collection_tree(session)
    out = tempfile.mkdtemp(prefix='tl-build-')
    session.run('ansible-galaxy', 'collection', 'build', tree, '--output-path', out, silent=True)
    [tarball] = [name for name in os.listdir(out) if name.endswith('.tar.gz')]
    session.env['GALAXY_IMPORTER_CONFIG'] = os.path.join(ROOT, '.ci', 'galaxy-importer.cfg')
    with session.chdir(out):
        log = session.run('python', '-m', 'galaxy_importer.main', tarball, silent=True)
    flagged = [line for line in log.splitlines() if line.startswith(('WARNING', 'ERROR'))]
    print('galaxy-importer on %s: %d warning(s) or error(s)' % (tarball, len(flagged)))
    if flagged:
        session.error('galaxy-importer flags what Galaxy would show:\n' + '\n'.join(flagged))


@nox.session(python=False)
def changelog(session):
    """changelogs/changelog.yaml valid, and CHANGELOG.rst what `antsibull-changelog generate` makes of it
    (the fragments are linted by sanity's changelog test)."""
    tree = collection_tree(session)
    with session.chdir(tree):
        out = session.run(dev('antsibull-changelog'), 'lint-changelog-yaml', 'changelogs/changelog.yaml',
                          external=True, silent=True, success_codes=range(256))
        if out.strip():
            session.error('antsibull-changelog lint-changelog-yaml:\n' + out)
        session.run(dev('antsibull-changelog'), 'generate', external=True)
        session.run('git', 'diff', '--no-index', '--exit-code', os.path.join(ROOT, 'CHANGELOG.rst'), 'CHANGELOG.rst',
                    external=True)  # a difference: run antsibull-changelog generate


@nox.session(python=False, name='docs-site', default=False)
def docs_site(session):
    """The HTML docs site: antsibull-docs sphinx-init, then build.sh (sphinx-build -W) with .ci/docs_offline_conf.py."""
    collection_tree(session)
    site = os.path.join(ARTIFACTS, 'docsite')
    session.run('rm', '-rf', site, external=True)
    os.makedirs(site, mode=0o700)  # antsibull-docs wants a directory only its owner can write
    session.run(dev('antsibull-docs'), 'sphinx-init', '--use-current', '--fail-on-error', '--dest-dir', site,
                '--project', 'transactionlink.access', '--copyright', 'transactionlink.access developers',
                '--title', 'transactionlink.access', 'transactionlink.access', external=True, silent=True)
    with open(os.path.join(ROOT, '.ci', 'docs_offline_conf.py'), encoding='utf-8') as src, \
            open(os.path.join(site, 'conf.py'), 'a', encoding='utf-8') as conf:
        conf.write(src.read())
    session.env['PATH'] = os.pathsep.join((VENV_BIN, os.environ['PATH']))
    session.run(os.path.join(site, 'build.sh'), external=True)
    print('docs site: %s' % os.path.join(site, 'build', 'html', 'index.html'))


def _sanity(core):
    release, python = MATRIX[core]

    @nox.session(name='sanity-' + core, python=python, default=False)
    def sanity(session):
        session.install('ansible-core==' + release)
        tree = collection_tree(session)
        # Offline, a stand-in for the pip bootstrap script ansible-test downloads, in a home of its own.
        home = session.run('python', os.path.join(ROOT, '.ci', 'ansible_test_offline_pip.py'), '--home',
                           os.path.join(ROOT, '.nox', 'ansible-test-home'), silent=True).strip()
        if home:
            print('ansible-test cannot download its pip bootstrap: HOME=%s holds a stand-in (.ci/ansible_test_offline_pip.py)' % home)
            session.env['HOME'] = home
        session.env['PATH'] = os.pathsep.join((session.bin, VENV_BIN, os.environ['PATH']))  # shellcheck from .venv
        session.run(dev('shellcheck'), os.path.join(ROOT, '.ci', 'run'), external=True)  # sanity sees *.sh only
        with session.chdir(tree):
            session.run('ansible-test', 'sanity', '--python', python, '--color', 'no', *session.posargs)
    sanity.__doc__ = 'ansible-test sanity of ansible-core %s on Python %s.' % (release, python)
    return sanity


def _smoke(core):
    release, python = MATRIX[core]

    @nox.session(name='smoke-' + core, python=python, default=False)
    def smoke(session):
        session.install('-r', os.path.join(ROOT, 'requirements-matrix.txt'), 'ansible-core==' + release)
        collection_tree(session)
        pytest(session, 'python', 'tests/unit/plugins', '-m', 'not slow')
        pytest(session, 'python', 'tests/integration', '-m', 'smoke')
    smoke.__doc__ = 'ansible-core %s on Python %s: tests/unit/plugins (not slow) and pytest -m smoke.' % (release, python)
    return smoke


for _core in MATRIX:
    globals()['sanity_' + _core.replace('.', '_')] = _sanity(_core)
    globals()['smoke_' + _core.replace('.', '_')] = _smoke(_core)
