# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options: one table, read the same way by the modules and the inventory plugin.

FOR INTERNAL USE of the transactionlink.access collection: the names here may
change in any release.

``OPTIONS`` is the one definition (name, type, default, environment variable,
bounds). From it come the modules' argument spec (``argument_spec()``), the
input check (``check()``: bounds and the client's own checks, before any
request) and the client (``new_client(get_option, warn)``, whether the values
come from a module's params or from an inventory plugin's options). The doc
fragment ``transactionlink.access.api`` and the inventory plugin's
DOCUMENTATION stay static text for ansible-doc; a unit test keeps them, and
the AWX credential type, in agreement with this table.
"""

import os
import re
import warnings

from collections import namedtuple

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.validation import check_type_bool, check_type_int, check_type_path, check_type_str

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.client import (
    CONCURRENCY_MAX, CONCURRENCY_MIN, DEFAULT_CONCURRENCY, TransactionLinkClient, check_api_url, check_ca_path,
    check_token)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

# name, type (an argspec type), default, environment variable, no_log, (lowest, highest) or None, unit of the bounds
Option = namedtuple('Option', 'name type default env no_log bounds unit')

TIMEOUT_MAX = 3600  # seconds: one hour per request is more than any answer of the API needs
MAX_RETRIES_MAX = 20  # with the 30 s backoff cap, 20 retries already span about ten minutes

OPTIONS = (
    Option('api_token', 'str', None, 'TRANSACTIONLINK_API_TOKEN', True, None, None),
    Option('api_url', 'str', api.DEFAULT_API_URL, 'TRANSACTIONLINK_API_URL', False, None, None),
    Option('validate_certs', 'bool', True, 'TRANSACTIONLINK_VALIDATE_CERTS', False, None, None),
    Option('ca_path', 'path', None, 'TRANSACTIONLINK_CA_PATH', False, None, None),
    Option('timeout', 'int', 30, 'TRANSACTIONLINK_TIMEOUT', False, (1, TIMEOUT_MAX), 'seconds'),
    Option('max_retries', 'int', 5, 'TRANSACTIONLINK_MAX_RETRIES', False, (0, MAX_RETRIES_MAX), None),
    Option('concurrency', 'int', DEFAULT_CONCURRENCY, 'TRANSACTIONLINK_CONCURRENCY', False,
           (CONCURRENCY_MIN, CONCURRENCY_MAX), None),
)
BY_NAME = dict((option.name, option) for option in OPTIONS)
NAMES = tuple(option.name for option in OPTIONS)
# What a playbook may pass as a variable (transactionlink_<name>); the token only ever comes from the environment
# (or the task), never from a playbook variable.
NON_SECRET = tuple(option.name for option in OPTIONS if not option.no_log)

INSECURE_WARNING = ("validate_certs is false: the API's TLS certificate is not verified, so anyone on the path can "
                    "read the token. To trust a private CA, set ca_path (TRANSACTIONLINK_CA_PATH) instead.")

# How OpenSSL finds certificates in a directory: files named <subject hash>.<n> (what `openssl rehash` writes).
HASHED_CERTIFICATE = re.compile(r'^[0-9a-f]{8}\.[0-9]+$')

_CONVERT = {'str': check_type_str, 'bool': check_type_bool, 'int': check_type_int, 'path': check_type_path}


def argument_spec():
    """The modules' argument spec of the connection options (AnsibleModule reads each from its variable too)."""
    spec = {}
    for option in OPTIONS:
        entry = dict(type=option.type, fallback=(env_fallback, [option.env]))
        if option.default is not None:
            entry['default'] = option.default
        if option.no_log:
            entry['no_log'] = True
        spec[option.name] = entry
    return spec


def convert(name, value):
    """VALUE as option NAME's type, strictly (V(maybe) is no boolean); raises InputError naming the option."""
    option = BY_NAME[name]
    if value is None:
        return None
    try:
        if option.type == 'str' and not isinstance(value, str):
            raise TypeError('not a string')
        return _CONVERT[option.type](value)
    except (TypeError, ValueError):
        shown = '(not shown)' if option.no_log else repr(value)
        raise InputError('{0} must be {1}, got {2} (from the option or {3})'.format(
            name, {'str': 'a string', 'bool': 'a boolean (true or false)', 'int': 'a whole number',
                   'path': 'a path'}[option.type], shown, option.env))


def check_bounds(values):
    """Raise InputError for a bounded option (timeout, max_retries, concurrency) outside its range."""
    for option in OPTIONS:
        if option.bounds is None:
            continue
        value, (lowest, highest) = values.get(option.name), option.bounds
        if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
            raise InputError('{0} must be a whole number{1} from {2} to {3}, got {4}'.format(
                option.name, ' of ' + option.unit if option.unit else '', lowest, highest, value))


def check_ca_directory(ca_path):
    """CA_PATH, or InputError when it is a directory OpenSSL would find no certificate in."""
    if not ca_path or not os.path.isdir(ca_path):
        return ca_path
    try:
        names = os.listdir(ca_path)
    except OSError as exc:
        raise InputError("ca_path '{0}' cannot be read ({1})".format(ca_path, exc.strerror or exc))
    if not any(HASHED_CERTIFICATE.match(n) and os.path.isfile(os.path.join(ca_path, n)) for n in names):
        raise InputError(
            "ca_path '{0}' is a directory holding no CA certificate in the hashed form OpenSSL looks up "
            "(<subject hash>.0): give the path of a CA bundle file in PEM form, or run 'openssl rehash {0}' "
            "first".format(ca_path))
    return ca_path


def check(values):
    """The connection options VALUES ({name: value}, every name of OPTIONS) checked before any request.

    Returns them normalised (URL and token without surrounding white space,
    an empty ca_path as None); raises InputError with a message that names the
    option and says how to fix it (and never shows the token).
    """
    checked = dict(values)
    checked['api_url'] = check_api_url(values.get('api_url'))
    checked['api_token'] = check_token(values.get('api_token'))
    check_bounds(checked)
    checked['ca_path'] = check_ca_directory(check_ca_path(values.get('ca_path')))
    checked['validate_certs'] = bool(values.get('validate_certs'))
    return checked


def new_client(get_option, warn, **client_kwargs):
    """The client of one run, from the connection options GET_OPTION(name) gives.

    GET_OPTION is ``module.params.get`` for a module, an inventory plugin's
    reader for the inventory. WARN(text) is called once when certificates are
    not verified. CLIENT_KWARGS go to the client as they are (a session, a
    clock: what tests inject).
    """
    values = check(dict((name, get_option(name)) for name in NAMES))
    if not values['validate_certs']:
        if values['api_url'].lower().startswith('https:'):
            warn(INSECURE_WARNING)
        try:
            from urllib3.exceptions import InsecureRequestWarning
            warnings.simplefilter('ignore', InsecureRequestWarning)  # warned once above, not per request
        except ImportError:  # pragma: no cover - urllib3 comes with requests
            pass
    return TransactionLinkClient(
        values['api_url'], values['api_token'], validate_certs=values['validate_certs'], timeout=values['timeout'],
        max_retries=values['max_retries'], concurrency=values['concurrency'], ca_path=values['ca_path'],
        **client_kwargs)
