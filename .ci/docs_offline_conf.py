# Works around the docs site build having no network: appended to the conf.py
# that `antsibull-docs sphinx-init` generates, by noxfile.py (session docs-site).
#
# The intersphinx inventories (Python, Jinja, the Ansible docs) cannot be
# fetched without network access, so references into those sites (for example
# the generated pages' links to "common_return_values", and the environment
# variables of ansible-core such as ANSIBLE_DEBUG, role envvar) are rendered as
# plain text. Every reference inside this collection's own docs (labels starting with
# ansible_collections.transactionlink.access.) must still resolve: sphinx-build
# runs with -W, so one that does not fails the build.

intersphinx_mapping = {}

_OWN_LABEL_PREFIX = 'ansible_collections.transactionlink.access.'


def _external_ref_as_text(app, env, node, contnode):
    if node.get('refdomain') == 'std' and node.get('reftype') in ('ref', 'envvar'):
        if not node.get('reftarget', '').startswith(_OWN_LABEL_PREFIX):
            return contnode
    return None


def setup(app):
    app.connect('missing-reference', _external_ref_as_text)
