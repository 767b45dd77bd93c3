# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The connection options: one table, read the same way by the modules and the inventory plugin.

FOR INTERNAL USE of the transactionlink.access collection: the names here may
change in any release.

``OPTIONS`` is the one definition (name, type, default, environment variable,
bounds). From it come the modules' argument spec (``argument_spec()``), the
input check (``check()``: bounds, and the only checks of the URL, the token and
the CA bundle, before any request) and the client (``new_client(get_option, warn)``, whether the values
come from a module's params or from an inventory plugin's options). The doc
fragment ``transactionlink.access.api`` and the inventory plugin's
DOCUMENTATION stay static text for ansible-doc; a unit test keeps them, and
the AWX credential type, in agreement with this table.
"""

import ipaddress
import os
import re
import ssl
import warnings

from collections import namedtuple
from typing import Any, Callable, Dict, Optional
from urllib.parse import urlsplit

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.validation import check_type_bool, check_type_int, check_type_path, check_type_str

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api.client import (
    CONCURRENCY_MAX, CONCURRENCY_MIN, DEFAULT_CONCURRENCY, TransactionLinkClient)
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import redact
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

# A token is one word of printable ASCII: no white space, no control character.
TOKEN_CHARACTERS = re.compile(r'^[\x21-\x7e]+$')

_CONVERT = {'str': check_type_str, 'bool': check_type_bool, 'int': check_type_int, 'path': check_type_path}


def argument_spec() -> Dict[str, Any]:
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


def from_environment(name: str) -> Any:
    """Option NAME from its environment variable, else its default, not converted: what a plugin takes when its own
    configuration does not give the option. An empty variable is not set, as for ansible's own options (and AWX
    injects an empty CA path)."""
    option = BY_NAME[name]
    return os.environ.get(option.env) or option.default


def convert(name: str, value: Any) -> Any:
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
                   'path': 'a path'}[option.type], shown, option.env)) from None


def check_bounds(values: Dict[str, Any]) -> None:
    """Raise InputError for a bounded option (timeout, max_retries, concurrency) outside its range."""
    for option in OPTIONS:
        if option.bounds is None:
            continue
        value, (lowest, highest) = values.get(option.name), option.bounds
        if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
            raise InputError('{0} must be a whole number{1} from {2} to {3}, got {4}'.format(
                option.name, ' of ' + option.unit if option.unit else '', lowest, highest, value))


def check_api_url(api_url: Any) -> str:
    """Return the base URL (surrounding white space and trailing slashes removed), or raise InputError.

    Refused: a scheme other than http(s), no host, a user name or password
    (requests would send Basic auth instead of the token), a query or a
    fragment (the URL is a base the paths are appended to), a port outside
    1-65535, white space inside, and plain http to a host that is not
    loopback (the token must never cross a network in clear text).
    """
    url = '' if api_url is None else str(api_url).strip()
    shown = redact(url)
    if not url:
        raise InputError('api_url is empty; give the base URL of the API, e.g. {0}'.format(api.DEFAULT_API_URL))
    if re.search(r'[\s\x00-\x1f\x7f]', url):
        raise InputError("api_url '{0}' contains white space or a control character; give the base URL alone, "
                         "e.g. {1}".format(shown.encode('unicode_escape').decode('ascii'), api.DEFAULT_API_URL))
    parts = urlsplit(url)
    if parts.scheme not in ('https', 'http') or not url.lower().startswith(parts.scheme + '://'):
        raise InputError(
            "api_url '{0}' is not an http(s) URL; use e.g. {1}".format(shown, api.DEFAULT_API_URL))
    if '@' in parts.netloc:
        # Not echoed: what precedes the @ may be a password.
        raise InputError(
            'api_url must not contain a user name or password (https://user:password@host): the API is '
            'authenticated with api_token only. Remove the part before the @ from api_url')
    if '?' in url or '#' in url:
        raise InputError(
            "api_url '{0}' has a query (?...) or a fragment (#...); give the base URL alone, e.g. {1}".format(
                shown, api.DEFAULT_API_URL))
    if not parts.hostname:
        raise InputError("api_url '{0}' names no host; use e.g. {1}".format(shown, api.DEFAULT_API_URL))
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise InputError("api_url '{0}' has an invalid port: a port is a number from 1 to 65535".format(shown))
    if parts.scheme == 'http' and not is_loopback(parts.hostname):
        raise InputError(
            "api_url '{0}' uses plain http to a host that is not loopback: the API token would cross the "
            "network in clear text. Use https:// (plain http is accepted only for 127.0.0.0/8, ::1 and "
            "localhost, e.g. the bundled emulator)".format(shown))
    return url.rstrip('/')


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1."""
    if host.lower() == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_token(api_token: Any) -> str:
    """Return the token without surrounding white space, or raise InputError (never showing it)."""
    token = api_token.strip() if isinstance(api_token, str) else api_token
    if not token:
        raise InputError(
            'api_token is required: set the TRANSACTIONLINK_API_TOKEN environment variable (recommended; what the '
            'AWX credential type injects), module_defaults for group/transactionlink.access.api, or the api_token option')
    if not isinstance(token, str):
        raise InputError('api_token must be a string')
    if token.lower().startswith('bearer'):
        raise InputError(
            'api_token starts with "Bearer": give the organization token alone (tot_...); the API expects it '
            'as-is in the Authorization header, without a "Bearer " prefix')
    if not TOKEN_CHARACTERS.match(token):
        raise InputError(
            'api_token contains white space, a control character or a non-ASCII character inside it; an organization '
            'token is one word (tot_ followed by letters and digits). Check how it was copied (the value is not shown)')
    return token


def check_ca_path(ca_path: Optional[str]) -> Optional[str]:
    """Return CA_PATH (None when empty), or raise InputError when it cannot be used."""
    if not ca_path:
        return None
    if os.path.isdir(ca_path):
        return ca_path
    if not os.path.isfile(ca_path):
        raise InputError("ca_path '{0}' does not exist; give the path of a CA bundle in PEM form".format(ca_path))
    try:
        ssl.create_default_context(cafile=ca_path)
    except (OSError, ValueError, ssl.SSLError) as exc:
        raise InputError("ca_path '{0}' cannot be used as a CA bundle ({1}); give a file of PEM certificates "
                         "(-----BEGIN CERTIFICATE-----)".format(ca_path, redact(exc))) from None
    return ca_path


def check_ca_directory(ca_path: Optional[str]) -> Optional[str]:
    """CA_PATH, or InputError when it is a directory OpenSSL would find no certificate in."""
    if not ca_path or not os.path.isdir(ca_path):
        return ca_path
    try:
        names = os.listdir(ca_path)
    except OSError as exc:
        raise InputError("ca_path '{0}' cannot be read ({1})".format(ca_path, exc.strerror or exc)) from None
    if not any(HASHED_CERTIFICATE.match(n) and os.path.isfile(os.path.join(ca_path, n)) for n in names):
        raise InputError(
            "ca_path '{0}' is a directory holding no CA certificate in the hashed form OpenSSL looks up "
            "(<subject hash>.0): give the path of a CA bundle file in PEM form, or run 'openssl rehash {0}' "
            "first".format(ca_path))
    return ca_path


def check(values: Dict[str, Any]) -> Dict[str, Any]:
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


def new_client(get_option: Callable[[str], Any], warn: Callable[[str], None],
               **client_kwargs: Any) -> TransactionLinkClient:
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
