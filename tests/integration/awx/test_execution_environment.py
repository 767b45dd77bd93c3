"""The execution environment: `ansible-builder create` on
examples/execution-environment.yml writes a build context that carries the
collection tarball built from this repository (not Galaxy), and the
collection's own Python and system requirements reach that build.

No container engine is needed: `create` only writes the context. The step that
turns the collection's meta/execution-environment.yml into pip/bindep
requirements runs inside the image build (introspect.py in the builder stage),
so it is run here the same way, with the script from the generated context,
over the collection as the galaxy stage would install it.
"""

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from helpers.paths import REPO_ROOT

REPO = REPO_ROOT
EXAMPLE = os.path.join(REPO, 'examples', 'execution-environment.yml')


def tool(name):
    """A console script from the interpreter running the tests, else PATH."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    if os.path.exists(path):
        return path
    found = shutil.which(name)
    if not found:
        pytest.fail('%s is not installed (see requirements-dev.txt)' % name)
    return found


def run(cmd, **kwargs):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, check=False, **kwargs)
    assert proc.returncode == 0, '%s failed (%d):\n%s' % (' '.join(cmd), proc.returncode, proc.stdout)
    return proc.stdout


def requirement_names(text):
    names = set()
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            for sep in '<>=!~;[ ':
                line = line.split(sep, 1)[0]
            names.add(line.lower())
    return names


@pytest.fixture(scope='module')
def example_layout(collection_tree, tmp_path_factory):
    """The repo layout the example expects: examples/execution-environment.yml
    and the tarball `ansible-galaxy collection build --output-path build/` wrote."""
    root = tmp_path_factory.mktemp('ee-repo')
    (root / 'examples').mkdir()
    shutil.copyfile(EXAMPLE, str(root / 'examples' / 'execution-environment.yml'))
    run([tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(root / 'build'), collection_tree])
    tarballs = list((root / 'build').glob('transactionlink-access-*.tar.gz'))
    assert len(tarballs) == 1, tarballs
    return root, tarballs[0]


def test_collection_declares_its_ee_dependencies(collection_tree):
    with open(os.path.join(collection_tree, 'meta', 'execution-environment.yml')) as f:
        meta = yaml.safe_load(f)
    deps = meta['dependencies']
    with open(os.path.join(collection_tree, deps['python'])) as f:
        assert 'requests' in requirement_names(f.read())
    assert os.path.isfile(os.path.join(collection_tree, deps['system']))


def test_the_example_names_the_tarball_of_this_version(example_layout):
    _root, tarball = example_layout
    with open(EXAMPLE) as f:
        definition = yaml.safe_load(f)
    [entry] = definition['dependencies']['galaxy']['collections']
    assert entry == {'name': 'collections/' + tarball.name, 'type': 'file'}, \
        'examples/execution-environment.yml must name %s (galaxy.yml version)' % tarball.name
    assert definition['additional_build_files'] == [{'src': '../build/' + tarball.name, 'dest': 'collections'}]


def test_the_example_creates_a_context_whose_image_gets_the_collection_and_its_requirements(example_layout, tmp_path):
    """`ansible-builder create` as the example's comment says, then what the image
    build does with the context: the galaxy stage installs the tarball from
    _build, the builder stage runs the context's introspect.py over it."""
    root, tarball = example_layout
    context = root / 'build' / 'context'
    run([tool('ansible-builder'), 'create', '-f', 'examples/execution-environment.yml', '--context', str(context),
         '--output-filename', 'Containerfile'], cwd=str(root))
    assert 'introspect.py introspect' in (context / 'Containerfile').read_text()
    copied = context / '_build' / 'collections' / tarball.name
    assert copied.is_file(), sorted(str(p) for p in context.rglob('*'))
    with open(context / '_build' / 'requirements.yml') as f:
        assert yaml.safe_load(f)['collections'] == [{'name': 'collections/' + tarball.name, 'type': 'file'}]

    installed = tmp_path / 'usr-share-ansible-collections'
    # Only the image's collections path: a copy found on the caller's
    # ANSIBLE_COLLECTIONS_PATH would make the install a no-op.
    run([tool('ansible-galaxy'), 'collection', 'install', '--offline', '-p', str(installed), '-r', 'requirements.yml'],
        cwd=str(context / '_build'), env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed)))
    assert (installed / 'ansible_collections' / 'transactionlink' / 'access' / 'MANIFEST.json').is_file()
    pip_out, bindep_out = tmp_path / 'requirements.txt', tmp_path / 'bindep.txt'
    run([sys.executable, str(context / '_build' / 'scripts' / 'introspect.py'), 'introspect',
         '--write-pip', str(pip_out), '--write-bindep', str(bindep_out), str(installed)])
    pip_text = pip_out.read_text()
    assert 'requests' in requirement_names(pip_text), pip_text
    assert 'transactionlink.access' in pip_text, pip_text
    assert 'ca-certificates' in bindep_out.read_text()
