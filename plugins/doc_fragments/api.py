# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options shared by every module (api_argument_spec() in module_utils/module.py).
    DOCUMENTATION = r'''
options:
  api_token:
    description:
      - TransactionLink organization API token (starts with C(tot_)).
      - Sent as-is in the C(Authorization) header, without a C(Bearer) prefix.
      - Required. If not set here, the E(TRANSACTIONLINK_API_TOKEN) environment variable is used (this is what the
        AWX credential type injects); C(module_defaults) for C(group/transactionlink.access.api) works too.
      - Never printed, logged or returned.
    type: str
  api_url:
    description:
      - Base URL of the TransactionLink API.
      - If not set here, the E(TRANSACTIONLINK_API_URL) environment variable is used, then the default.
      - Plain C(http://) is refused unless the host is loopback (127.0.0.0/8, ::1, localhost), for example the bundled
        emulator, so that the token never crosses a network in clear text.
    type: str
    default: https://api.transactionlink.io
  validate_certs:
    description:
      - Verify the API's TLS certificate. Only turn this off for a test server you control.
      - If not set here, the E(TRANSACTIONLINK_VALIDATE_CERTS) environment variable is used, then the default.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP request.
    type: int
    default: 30
  max_retries:
    description:
      - How many times a request is retried after HTTP 429, 502, 503, 504 or a connection error, with exponential
        backoff and jitter, honouring the C(Retry-After) header. V(0) sends each request once.
      - Each retry is reported as a warning. Other errors, HTTP 500 included, are not retried.
      - Retrying is safe because every request this collection sends (GET, PUT, DELETE) is idempotent.
    type: int
    default: 5
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
