# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the README and the guides say about the collection, checked against the collection itself.

Counts and lists in prose drift when code changes: each one the docs give is read here from
its source (the plugins, the playbooks, the AWX credential type, the demo script, galaxy.yml).
"""

import ast
import glob
import os
import re

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NUMBERS = dict((word, n) for n, word in enumerate(
    'zero one two three four five six seven eight nine ten eleven twelve'.split()))


def read(*parts):
    with open(os.path.join(REPO, *parts), encoding='utf-8') as handle:
        return handle.read()


def plugin_doc(path, name='DOCUMENTATION'):
    """The YAML of a plugin's DOCUMENTATION (or a doc fragment class's), read without importing it."""
    for node in ast.walk(ast.parse(read(path))):
        if isinstance(node, ast.Assign) and [t.id for t in node.targets if isinstance(t, ast.Name)] == [name]:
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no %s' % (path, name))


def filters():
    return sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(REPO, 'plugins', 'filter', '*.py')))


def test_the_filter_counts_are_the_number_of_filter_plugins():
    said = re.findall(r'\b(\w+) filters \(`ansible-doc -t filter', read('README.md'))
    said += re.findall(r"collection's (\w+) public\s+filters", read('roles', 'README.md'))
    assert len(said) == 2, said
    assert [NUMBERS[word.lower()] for word in said] == [len(filters())] * 2, (said, filters())


def test_the_roles_readme_says_who_calls_every_filter():
    table = read('roles', 'README.md').split('## Logic in filters', 1)[1]
    assert sorted(re.findall(r'^\| `(\w+)` \|', table, re.M)) == filters()


def playbook_connection_variables(path):
    """The transactionlink_* variables a playbook passes to module_defaults (its query('ansible.builtin.vars', ...))."""
    text = read(path)
    query = re.search(r"query\('ansible\.builtin\.vars',(.*?)default=omit\)", text, re.S)
    assert query, '%s passes no connection variables' % path
    return re.findall(r"'(transactionlink_\w+)'", query.group(1))


def test_the_readme_lists_the_connection_variables_every_playbook_takes():
    sentence = re.search(r'The playbooks accept the non-secret (.*?)\.', read('README.md'), re.S).group(1)
    listed = re.findall(r'`(transactionlink_\w+)`', sentence)
    playbooks = sorted(glob.glob(os.path.join(REPO, 'playbooks', '*.yml')))
    assert playbooks
    for path in playbooks:
        assert playbook_connection_variables(path) == listed, path


def test_the_awx_guide_shows_the_credential_type_s_inputs_and_injectors():
    credential = yaml.safe_load(read('awx', 'credential_type.yml'))
    guide = read('docs', 'docsite', 'rst', 'awx.rst')
    count = re.search(r'It has (\w+) inputs', guide).group(1)
    assert NUMBERS[count] == len(credential['inputs']['fields'])
    block = re.search(r'\n( {4}injectors:\n(?: {4}.*\n|\n)+)', guide).group(1)
    shown = yaml.safe_load('\n'.join(line[4:] for line in block.splitlines()))
    assert shown == {'injectors': credential['injectors']}


API_PLUGINS = sorted(glob.glob(os.path.join(REPO, 'plugins', 'inventory', '*.py')) + glob.glob(os.path.join(REPO, 'plugins', 'modules', '*.py')))


@pytest.mark.parametrize('path', API_PLUGINS, ids=os.path.basename)
def test_every_plugin_that_talks_to_the_api_documents_requests(path):
    doc = plugin_doc(path)
    runtime = yaml.safe_load(read('meta', 'runtime.yml'))
    name = os.path.basename(path)[:-3]
    if '/modules/' in path and name not in runtime['action_groups']['api']:
        return  # converge_report sends no request
    requirements = list(doc.get('requirements') or [])
    if 'transactionlink.access.api' in (doc.get('extends_documentation_fragment') or []):
        requirements += plugin_doc(os.path.join(REPO, 'plugins', 'doc_fragments', 'api.py'))['requirements']
    assert 'requests' in requirements, '%s: requirements %s' % (name, requirements)


def test_the_readme_describes_the_demo_the_script_runs():
    script = read('scripts', 'demo.sh')
    runs = len(re.findall(r'^onboard onboard\d ', script, re.M))
    said = re.search(r'runs the onboarding playbook\s+(\w+) times', read('README.md')).group(1)
    assert NUMBERS[said] == runs
    assert 'play audit ' in script and 'then the access audit' in read('README.md')


def test_every_link_of_the_readme_works_on_galaxy():
    """Galaxy renders the README from the tarball: a relative link is dead there. Every link is absolute (the
    repository's files under galaxy.yml's repository URL, and they exist) or an anchor of the page."""
    repository = yaml.safe_load(read('galaxy.yml'))['repository'].rstrip('/')
    readme = read('README.md')
    links = re.findall(r'\]\(([^)\s]+)\)', readme)
    assert len(links) > 20
    headings = set(re.sub(r'[^a-z0-9 -]', '', h.strip().lower()).replace(' ', '-') for h in re.findall(r'^#+ (.*)$', readme, re.M))
    for link in links:
        if link.startswith('#'):
            assert link[1:] in headings, link
        elif link.startswith(repository + '/'):
            path = re.sub(r'^(blob|tree)/main/', '', link[len(repository) + 1:]).split('#')[0]
            assert os.path.exists(os.path.join(REPO, path)), link
        else:
            assert link == repository or (link.startswith('https://') and not link.startswith(repository)), link


def test_the_readme_opens_with_the_two_commands_of_a_fresh_clone():
    opening = read('README.md').split('\n## ', 1)[0]
    block = re.search(r'```sh\n(.*?)```', opening, re.S).group(1)
    assert [line.split('#')[0].strip() for line in block.splitlines()] == ['make demo', 'make test']
    assert not re.search(r'^> ', opening, re.M)  # a block quote around it renders as inline code on Galaxy


def test_the_makefile_test_list_names_only_nox_sessions():
    makefile = read('Makefile')
    listed = re.search(r'^TEST_SESSIONS := \\\n((?:\t.*\n)+)', makefile, re.M).group(1)
    names = [line.strip().rstrip('\\').strip() for line in listed.splitlines()]
    noxfile = read('noxfile.py') + read('antsibull-nox.toml')
    for name in names:
        stem = re.sub(r'-\d+\.\d+$', '', name)
        assert re.search(r"name=['\"]%s|def %s\(|sessions\.%s\]|'%s-' \+ core" % (
            re.escape(name), re.escape(stem.replace('-', '_')), re.escape(stem.replace('-', '_')), re.escape(stem)),
            noxfile), name
    assert 'docs-site' in names and 'lint' in names
