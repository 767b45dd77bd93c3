"""The execution environment: `ansible-builder create` writes a build context
that carries transactionlink.access, and the collection's own Python and system
requirements reach that build.

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
import tarfile

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
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
def collection_tarball(collection_tree, tmp_path_factory):
    out = tmp_path_factory.mktemp('ee-artifact')
    run([tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(out), collection_tree])
    tarballs = list(out.glob('transactionlink-access-*.tar.gz'))
    assert len(tarballs) == 1, tarballs
    return tarballs[0]


def test_collection_declares_its_ee_dependencies(collection_tree):
    with open(os.path.join(collection_tree, 'meta', 'execution-environment.yml')) as f:
        meta = yaml.safe_load(f)
    deps = meta['dependencies']
    with open(os.path.join(collection_tree, deps['python'])) as f:
        assert 'requests' in requirement_names(f.read())
    assert os.path.isfile(os.path.join(collection_tree, deps['system']))


def test_example_definition_creates_a_build_context(tmp_path):
    context = tmp_path / 'context'
    run([tool('ansible-builder'), 'create', '-f', EXAMPLE, '--context', str(context),
         '--output-filename', 'Containerfile'])
    containerfile = (context / 'Containerfile').read_text()
    with open(context / '_build' / 'requirements.yml') as f:
        galaxy = yaml.safe_load(f)
    assert [c['name'] for c in galaxy['collections']] == ['transactionlink.access']
    # The builder stage turns installed collections' requirements into pip/bindep input.
    assert 'introspect.py introspect' in containerfile
    assert (context / '_build' / 'scripts' / 'introspect.py').is_file()


def test_build_context_carries_the_collection_python_requirements(tmp_path, collection_tarball):
    """A definition built from a local artifact (before or without Galaxy): the
    context holds the collection, and the context's own introspection step
    yields requests for the image."""
    with open(EXAMPLE) as f:
        definition = yaml.safe_load(f)
    definition['dependencies']['galaxy'] = {'collections': [
        {'name': 'files/%s' % collection_tarball.name, 'type': 'file'}]}
    definition['additional_build_files'] = [{'src': str(collection_tarball), 'dest': 'files'}]
    defn = tmp_path / 'execution-environment.yml'
    defn.write_text(yaml.safe_dump(definition))
    context = tmp_path / 'context'
    run([tool('ansible-builder'), 'create', '-f', str(defn), '--context', str(context),
         '--output-filename', 'Containerfile'])

    copied = context / '_build' / 'files' / collection_tarball.name
    assert copied.is_file(), sorted(str(p) for p in context.rglob('*'))
    with tarfile.open(str(copied)) as tar:
        meta = yaml.safe_load(tar.extractfile('meta/execution-environment.yml'))
        python_reqs = tar.extractfile(meta['dependencies']['python']).read().decode('utf-8')
    assert 'requests' in requirement_names(python_reqs)

    # What the image build does next: galaxy stage installs from _build, the
    # builder stage runs the context's introspect.py over the installed tree.
    installed = tmp_path / 'usr-share-ansible-collections'
    # Only the image's collections path: a copy found on the caller's
    # ANSIBLE_COLLECTIONS_PATH would make the install a no-op.
    run([tool('ansible-galaxy'), 'collection', 'install', '--offline', '-p', str(installed), str(copied)],
        cwd=str(context / '_build'), env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed)))
    pip_out, bindep_out = tmp_path / 'requirements.txt', tmp_path / 'bindep.txt'
    run([sys.executable, str(context / '_build' / 'scripts' / 'introspect.py'), 'introspect',
         '--write-pip', str(pip_out), '--write-bindep', str(bindep_out), str(installed)])
    pip_text = pip_out.read_text()
    assert 'requests' in requirement_names(pip_text), pip_text
    assert 'transactionlink.access' in pip_text, pip_text
    assert 'ca-certificates' in bindep_out.read_text()
