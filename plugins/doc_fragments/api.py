# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # Connection options shared by every module: the table OPTIONS of module_utils/_connection_options.py.
    # Static text for ansible-doc; tests/unit/plugins/module_utils/test_connection_options.py keeps the two in agreement.
    DOCUMENTATION = r'''
options:
  api_token:
    description:
      - TransactionLink organization API token (starts with C(tot_)).
      - Sent as-is in the C(Authorization) header, without a C(Bearer) prefix; a value starting with C(Bearer) is
        refused. White space around the token (a trailing newline from a file, a vault value or an environment
        variable) is ignored; a token with white space or a control character inside it is refused, without showing it.
      - Required. If not set here, the E(TRANSACTIONLINK_API_TOKEN) environment variable is used (this is what the
        AWX credential type injects); C(module_defaults) for C(group/transactionlink.access.api) works too.
      - Never printed, logged or returned by the modules. But with E(ANSIBLE_DEBUG=1), ansible-core itself prints
        the options of every module it runs, so a token given as this option appears in that debug output. Prefer the
        E(TRANSACTIONLINK_API_TOKEN) environment variable, which stays out of it.
    type: str
  api_url:
    description:
      - Base URL of the TransactionLink API.
      - If not set here, the E(TRANSACTIONLINK_API_URL) environment variable is used, then the default.
      - White space around the URL is ignored. Refused before any request, with a message saying why - a scheme other
        than C(https://) or C(http://), no host, a user name or password (C(https://user:password@host)), a query
        (C(?...)) or fragment (C(#...)), a port outside 1 to 65535, white space inside.
      - Plain C(http://) is refused unless the host is loopback (127.0.0.0/8, ::1, localhost), for example the bundled
        emulator, so that the token never crosses a network in clear text. Such a loopback URL never goes through a
        proxy (E(HTTP_PROXY), E(http_proxy) and E(ALL_PROXY) are ignored for it) and never uses C(~/.netrc).
      - An C(https://) URL honours the usual proxy environment variables (E(HTTPS_PROXY), E(https_proxy),
        E(ALL_PROXY)) and E(NO_PROXY). C(~/.netrc) is never used, for any URL.
    type: str
    default: https://api.transactionlink.io
  validate_certs:
    description:
      - Verify the API's TLS certificate. Only turn this off for a test server you control; the module then warns
        once per run. To trust a private CA, set O(ca_path) instead.
      - If not set here, the E(TRANSACTIONLINK_VALIDATE_CERTS) environment variable is used, then the default.
      - A certificate that fails verification is not retried; the error names the two ways out (O(ca_path),
        O(validate_certs=false)).
    type: bool
    default: true
  ca_path:
    description:
      - Path of a CA bundle (PEM certificates) to verify the API's TLS certificate against, instead of the system's
        CAs. For an API behind a private or corporate CA.
      - If not set here, the E(TRANSACTIONLINK_CA_PATH) environment variable is used (the AWX credential type injects
        it when its CA bundle field is filled in). An empty value means not set.
      - A path that does not exist, a file holding no PEM certificate, or a directory without certificates in the
        hashed form OpenSSL looks up (C(<subject hash>.0), what C(openssl rehash) writes) is refused before any
        request.
      - Ignored when O(validate_certs=false).
    type: path
    version_added: 0.2.0
  timeout:
    description:
      - Seconds one attempt of an HTTP request may take, from sending it to the last byte of the answer (a server
        that answers slowly, a byte at a time, is cut off).
      - Also the deadline of a whole request - see O(max_retries).
      - From 1 to 3600; a value outside is refused before any request.
      - If not set here, the E(TRANSACTIONLINK_TIMEOUT) environment variable is used, then the default.
    type: int
    default: 30
  max_retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503, 504 or a connection error, with exponential
        backoff and jitter, honouring the C(Retry-After) header - after a 429 without it, 0.5 s doubled each retry (up
        to 30 s); after a 502, 503 or 504 without it, a dropped connection or a timeout (a fault of that request alone),
        at most 0.05 s for the first retry and four times longer for each next one (0.2, 0.8, 3.2, 12.8 s). V(0) sends each
        request once. Other errors, HTTP 500 and TLS certificate failures included, are not retried.
      - From 0 to 20; a value outside is refused before any request.
      - One request, its attempts, retries and waits included, ends within O(timeout) x O(max_retries) seconds (150 s
        with the defaults; O(timeout) when O(max_retries=0)), whatever the server does. A request gives up, with an
        error saying so, as soon as its next wait (a backoff or a C(Retry-After)) would pass that bound, or when an
        attempt is still unanswered at it.
      - A 429, or a 503 with C(Retry-After), pauses every request of the module run, not only the one that got it -
        no new request starts until that wait is over.
      - Retries are not reported one by one - the module warns once per run with their number by cause, for example
        C(HTTP 429 x9, HTTP 503 x3).
      - Retrying is safe because every request this collection sends (GET, PUT, DELETE) is idempotent.
      - If not set here, the E(TRANSACTIONLINK_MAX_RETRIES) environment variable is used, then the default.
    type: int
    default: 5
  concurrency:
    description:
      - How many API requests one module run keeps in flight at once (the reads of several workspaces, the writes).
        From 1 to 32 (a value outside is refused before any request). V(1) sends one request after another.
      - Lower it for an API with a tight rate limit; the rate-limit pause of O(max_retries) is shared by every request
        in flight.
      - If not set here, the E(TRANSACTIONLINK_CONCURRENCY) environment variable is used, then the default.
    type: int
    version_added: 0.2.0
    default: 8
requirements:
  - requests
notes:
  - Every module of this collection is in the action group C(transactionlink.access.api), so connection options can be
    set once with C(module_defaults) and C(group/transactionlink.access.api).
'''

    # Attributes every module shares; modules add check_mode and diff_mode support.
    ATTRIBUTES = r'''
attributes:
  action_group:
    description: Use C(group/transactionlink.access.api) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - transactionlink.access.api
'''
