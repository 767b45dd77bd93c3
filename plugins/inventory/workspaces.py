# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: workspaces
short_description: TransactionLink workspaces as inventory hosts
version_added: 0.2.0
author:
  - TransactionLink Access Maintainers (@transactionlink-access)
description:
  - One inventory host per TransactionLink workspace the token can view, with the workspace's id, name and type and,
    on request, its direct members as host variables. Each workspace's wanted members can then live next to it in
    C(host_vars/) and C(group_vars/), converged by the C(transactionlink.access.converge) playbook.
  - Every host gets C(ansible_connection=local) - a workspace is reached through the API from the controller.
  - The configuration file must be named C(*.transactionlink.yml) or C(*.transactionlink.yaml).
  - Connection options are those of the modules (one table for both), with the same environment variables, bounds
    and checks, so the AWX credential type works unchanged as the inventory source's credential.
  - An option this plugin does not know (a misspelling such as C(hostnam)) is an error listing the valid ones, and a
    boolean option must be a boolean (V(maybe) is an error, not false).
  - Uses the collection's API client - the same requests, retries, rate limiting and error messages as the modules.
    The token is never a host variable and never in the inventory cache (whose key holds a one-way digest of it, so
    two tokens never share cached data).
requirements:
  - requests
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; it identifies the configuration file as this plugin's.
    required: true
    type: str
    choices: [transactionlink.access.workspaces]
  api_token:
    description:
      - TransactionLink organization API token (starts with C(tot_)), sent as-is in the C(Authorization) header.
      - If not set here, the E(TRANSACTIONLINK_API_TOKEN) environment variable is used (what the AWX credential type
        injects). Prefer the environment variable to writing the token into the file. A template written in this
        file (for example a vault lookup) is rendered; a value from the environment never is.
    type: str
    env:
      - name: TRANSACTIONLINK_API_TOKEN
  api_url:
    description:
      - Base URL of the TransactionLink API. Plain C(http://) is refused unless the host is loopback.
      - Templated only when written in this file, never when it comes from the environment.
    type: str
    default: https://api.transactionlink.io
    env:
      - name: TRANSACTIONLINK_API_URL
  validate_certs:
    description:
      - Verify the API's TLS certificate. To trust a private CA, set O(ca_path) instead of turning this off; turned
        off for an C(https://) URL, the plugin warns.
      - A value that is no boolean (V(maybe)) is an error, also from the environment.
    type: bool
    default: true
    env:
      - name: TRANSACTIONLINK_VALIDATE_CERTS
  ca_path:
    description:
      - Path of a CA bundle (PEM) to verify the API's certificate against, instead of the system's CAs; or a
        directory of certificates in OpenSSL's hashed form. An empty value means not set.
    type: path
    env:
      - name: TRANSACTIONLINK_CA_PATH
  timeout:
    description: Seconds to wait for each HTTP request, from 1 to 3600.
    type: int
    default: 30
    env:
      - name: TRANSACTIONLINK_TIMEOUT
  max_retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503, 504 or a connection error, with backoff,
        honouring C(Retry-After). V(0) sends each request once. From 0 to 20.
    type: int
    default: 5
    env:
      - name: TRANSACTIONLINK_MAX_RETRIES
  concurrency:
    description:
      - How many API requests are in flight at once (the member lists of many workspaces). From 1 to 32.
    type: int
    default: 8
    env:
      - name: TRANSACTIONLINK_CONCURRENCY
  hostname:
    description:
      - What names a host - the workspace's V(name) or its V(id) (UUID).
      - With V(name), two workspaces of the same name are an error naming them; use V(id) then.
    type: str
    choices: [name, id]
    default: name
  include_members:
    description:
      - Also read each workspace's direct members into the host variable C(transactionlink_members) (a list of flat
        membership dicts, as M(transactionlink.access.workspace_membership_info) returns them). Costs one request per
        workspace (in parallel, O(concurrency)) and the organization's user list for the e-mails (without the
        C(can_manage_users) scope, C(user_email) is null and a warning says so).
    type: bool
    default: false
notes:
  - 'Host variables - C(transactionlink_workspace_id), C(transactionlink_workspace_name),
    C(transactionlink_workspace_type), C(ansible_connection=local) and, with O(include_members),
    C(transactionlink_members).'
  - 'Names that come from the API (the workspace name, and the e-mails, names and role names in
    C(transactionlink_members)) are never templated: C(ansible-inventory --list) shows them as
    C({"__ansible_unsafe": ...}) on ansible-core 2.19 and later. Ids, the type and C(ansible_connection) are plain.'
  - With O(cache=true) a cache hit sends no request. The cache holds the workspaces (and members), never the token.
seealso:
  - module: transactionlink.access.workspace_membership_info
'''

EXAMPLES = r'''
# The smallest config, demo.transactionlink.yml - every workspace the token can view
# (TRANSACTIONLINK_API_TOKEN in the environment), one line:
#   plugin: transactionlink.access.workspaces

# A fuller one: workspaces by UUID, with their members, grouped by type, cached for an hour.
plugin: transactionlink.access.workspaces
api_url: https://api.transactionlink.io
hostname: id
include_members: true
keyed_groups:
  - key: transactionlink_workspace_type | lower
    prefix: type
groups:
  unattended: transactionlink_members | length == 0
compose:
  member_count: transactionlink_members | length
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/transactionlink-inventory
cache_timeout: 3600
'''

import difflib
import hashlib

from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native, to_text
from ansible.module_utils.common.validation import check_type_bool
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var as untrusted

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19: a plain string is shown as it is (and could be templated)
    def trust_as_template(value):
        return value

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as connection_options
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import redact, shorten
from ansible_collections.transactionlink.access.plugins.module_utils._api.run import ApiRun, secret_of
from ansible_collections.transactionlink.access.plugins.module_utils._api.transport import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._membership.query import query
from ansible_collections.transactionlink.access.plugins.plugin_utils._templates import holds_template

CONFIG_SUFFIXES = ('.transactionlink.yml', '.transactionlink.yaml')
# Host variables that hold no name (ids, the type, the connection): shown plainly. Anything else the API gives
# (names, e-mails) stays untrusted: never templated.
PLAIN_VARIABLES = frozenset(('ansible_connection', 'transactionlink_workspace_id', 'transactionlink_workspace_type'))
PLAIN_MEMBER_KEYS = frozenset(('workspace_id', 'user_id', 'role_id', 'inherited'))
# Ansible's own groups: a host of that name breaks the whole inventory (a group loop, "can't add group to itself").
RESERVED_HOST_NAMES = frozenset(('all', 'ungrouped'))


def workspace_hosts(data, hostname='name', include_members=False):
    """[(host name, host variables)] of the fetched DATA, in workspace-name order.

    DATA is what is fetched (and cached): {'workspaces': [{id, name, type}],
    'members': {workspace id: [flat memberships]} or None}. Raises
    AnsibleParserError when two workspaces would get the same host name.
    """
    members = data.get('members') if include_members else None
    seen, hosts = {}, []
    for ws in sorted(data['workspaces'], key=lambda w: ((w.get('name') or '').lower(), w['id'])):
        host = ws['id'] if hostname == 'id' else ws.get('name')
        if not host:
            host = ws['id']
        if host in seen:
            raise AnsibleParserError(
                "two workspaces are named '{0}' (ids {1} and {2}): host names must be unique. Set 'hostname: id' "
                "in the inventory configuration, or rename one of them".format(shorten(host), seen[host], ws['id']))
        if host in RESERVED_HOST_NAMES:
            raise AnsibleParserError(
                "a workspace is named '{0}' (id {1}), the name of one of Ansible's own groups ({2}): it cannot be a "
                "host name. Set 'hostname: id' in the inventory configuration, or rename the workspace".format(
                    host, ws['id'], ', '.join(sorted(RESERVED_HOST_NAMES))))
        seen[host] = ws['id']
        variables = {
            'ansible_connection': 'local',
            'transactionlink_workspace_id': ws['id'],
            'transactionlink_workspace_name': ws.get('name'),
            'transactionlink_workspace_type': ws.get('type'),
        }
        if members is not None:
            variables['transactionlink_members'] = list(members.get(ws['id'], []))
        hosts.append((host, variables))
    return hosts


def fetch(directory, include_members=False):
    """The workspaces (and, with INCLUDE_MEMBERS, their direct members) through the collection's DIRECTORY.

    Returns plain data, safe to cache (no token, no client).
    """
    workspaces = [{'id': w['id'], 'name': w['name'], 'type': w.get('type')} for w in directory.workspaces()]
    members = None
    if include_members:
        members = dict((w['id'], []) for w in workspaces)
        for row in query(directory):
            members.setdefault(row['workspace_id'], []).append(row)
    return {'workspaces': workspaces, 'members': members}


def plain(value):
    """VALUE shown and used as it is: trusted, unless it holds something Jinja would read as a template."""
    if isinstance(value, str) and not holds_template(value):
        return trust_as_template(value)
    return untrusted(value)


def host_value(key, value):
    """Host variable KEY's VALUE as the inventory gets it: names from the API are never templated."""
    if key in PLAIN_VARIABLES:
        return plain(value)
    if key == 'transactionlink_members' and isinstance(value, list):
        return [dict((k, plain(v) if k in PLAIN_MEMBER_KEYS else untrusted(v)) for k, v in member.items())
                for member in value]
    return untrusted(value)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = 'transactionlink.access.workspaces'

    def __init__(self):
        super().__init__()
        self._config = {}
        # Given to the client as they are: what a test injects (a session, sleep, clock). Empty for ansible.
        self.client_kwargs = {}

    def verify_file(self, path):
        """Only *.transactionlink.yml / *.transactionlink.yaml files are this plugin's."""
        return super().verify_file(path) and path.endswith(CONFIG_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._config = self._read_config_data(path)
        self._check_config(path)
        try:
            settings = connection_options.check(dict(
                (name, self.connection_option(name)) for name in connection_options.NAMES))
        except InputError as exc:
            raise AnsibleParserError('{0}: {1}'.format(self.NAME, redact(to_native(exc), self._raw_token()))) from None
        token = settings['api_token']

        cache_key = self.cache_key(path, settings['api_url'], token)
        data = None
        if self.get_option('cache') and cache:
            data = self._cache.get(cache_key)
        if data is None or (self.get_option('include_members') and data.get('members') is None):
            # Not cached (or the cache is being refreshed), or cached without the members now asked for.
            data = self._fetch(settings, token)
            if self.get_option('cache'):
                self._cache[cache_key] = data
        self.populate(data)

    def _check_config(self, path):
        """Refuse an option this plugin does not know, and a boolean option that is no boolean."""
        definitions = C.config.get_configuration_definitions('inventory', self._load_name) or {}
        unknown = sorted(set(self._config) - set(definitions))
        if unknown:
            hints = []
            for name in unknown:
                close = difflib.get_close_matches(str(name), list(definitions), n=1)
                hints.append("'{0}'{1}".format(name, " (did you mean '{0}'?)".format(close[0]) if close else ''))
            raise AnsibleParserError('{0}: {1} has unknown option(s) {2}. Valid options: {3}'.format(
                self.NAME, path, ', '.join(hints), ', '.join(sorted(definitions))))
        for name, value in self._config.items():
            if definitions[name].get('type') in ('bool', 'boolean'):
                try:
                    check_type_bool(value)
                except TypeError:
                    raise AnsibleParserError("{0}: option '{1}' in {2} must be a boolean (true or false), got {3!r}".format(
                        self.NAME, name, path, value)) from None

    def connection_option(self, name):
        """Connection option NAME: as written in the config file (a template there is rendered), else from its
        environment variable (never templated), else its default; converted to its type strictly."""
        option = connection_options.BY_NAME[name]
        if name in self._config:
            value = self._config[name]
            if isinstance(value, str) and holds_template(value):
                value = self.templar.template(value)  # written by the config file's own author
            elif option.type in ('str', 'path') and value is not None and not isinstance(value, str):
                value = to_text(value)  # a vaulted value
        else:
            value = connection_options.from_environment(name)
        return connection_options.convert(name, value)

    def _raw_token(self):
        token = self._config['api_token'] if 'api_token' in self._config else connection_options.from_environment('api_token')
        return token.strip() if isinstance(token, str) else None

    def cache_key(self, path, api_url, token):
        """The cache key of this configuration file, API and token.

        Different tokens (which may view different workspaces) never share
        cached data; the key holds a one-way digest of the token, never the token.
        """
        digest = hashlib.sha256('{0}\n{1}'.format(api_url, token or '').encode('utf-8')).hexdigest()[:16]
        return '{0}_{1}'.format(self.get_cache_key(path), digest)

    def _fetch(self, settings, token):
        if not HAS_REQUESTS:
            raise AnsibleParserError('the transactionlink.access.workspaces inventory needs the Python library requests: '
                                     '{0}'.format(to_native(REQUESTS_IMPORT_ERROR)))
        include_members = self.get_option('include_members')
        outcome = ApiRun(settings.get, secret_of(token), **self.client_kwargs).run(
            lambda directory: fetch(directory, include_members))
        for warning in outcome.warnings:
            self.display.warning(warning)
        if outcome.failure is not None:
            raise AnsibleParserError('{0}: {1}{2}'.format(
                self.NAME, '' if outcome.failure.expected else 'unexpected error: ', outcome.failure.message))
        return outcome.result

    def populate(self, data):
        """Add one host per workspace, its variables, and the constructed groups and variables."""
        strict = self.get_option('strict')
        for host, variables in workspace_hosts(data, self.get_option('hostname'), self.get_option('include_members')):
            self.inventory.add_host(host)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, host_value(key, value))
            hostvars = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option('compose'), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), hostvars, host, strict=strict)
