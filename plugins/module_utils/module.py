# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

What every module of the collection shares: connection options and error reporting."""

import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as connection_options
from ansible_collections.transactionlink.access.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, redact, redact_all)
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError


def api_argument_spec():
    """Connection options (the table of _connection_options.py), documented in the transactionlink.access.api fragment."""
    return connection_options.argument_spec()


class TransactionLinkModule(AnsibleModule):
    """An AnsibleModule with the connection options and one way to fail.

    ``run(work)`` calls ``work(directory)`` and exits with what it returns;
    input errors and API errors become a clear ``fail_json`` with nothing
    secret in it; so does any other exception (redacted, with its traceback).
    Retries are reported once, as one warning with their counts.

    ``session``, ``sleep`` and ``clock`` go to the client as they are (None:
    the real ones). A module passes what its ``main(**inject)`` got: Ansible
    calls ``main()``; the in-process tests call ``main(session=..., sleep=...,
    clock=...)`` to answer from the emulator app and record the waits.
    """

    def __init__(self, argument_spec, session=None, sleep=None, clock=None, **kwargs):
        self._inject = dict(session=session, sleep=sleep, clock=clock)
        spec = api_argument_spec()
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))
        self.client = None

    def _secret(self):
        token = self.params.get('api_token')
        return token.strip() if isinstance(token, str) else None

    def _redact(self, text):
        return redact(text, self._secret())

    def new_client(self):
        """The client for this run, from the connection options (checked before any request)."""
        return connection_options.new_client(self.params.get, self.warn, **self._inject)

    def run(self, work):
        directory, failure, result = None, None, None
        try:
            self.client = self.new_client()
            directory = Directory(self.client)
            result = work(directory)
        except InputError as exc:
            failure = dict(msg=self._redact(exc), changed=False)
            failure.update(self._redact_dict(exc.result))  # extra keys, e.g. the planned actions a check refused
        except TransactionLinkError as exc:
            failure = dict(msg=self._redact(exc), api_error=self._redact_dict(exc.to_dict()),
                           changed=bool(exc.completed), actions=exc.completed)
            failure.update(self._redact_dict(exc.result))  # extra keys, e.g. failed_action
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # Not expected; but a raw exception would be printed as is ("MODULE FAILURE"), secrets and all.
            failure = dict(msg=self._redact('unexpected error: {0}: {1}'.format(type(exc).__name__, exc)),
                           exception=self._redact(traceback.format_exc()), changed=False)
        self._warn_all(directory)
        if failure is not None:
            # Outside the except blocks: ansible-core would otherwise add the pending exception's own text
            # (not redacted) as the traceback when tracebacks are enabled.
            self.fail_json(**failure)
        self.exit_json(**result)

    def _warn_all(self, directory):
        for warning in (directory.warnings if directory else []):
            self.warn(self._redact(warning))
        summary = self.client.retry_summary() if self.client is not None else None
        if summary:
            self.warn(self._redact(summary))

    def _redact_dict(self, value):
        return redact_all(value, self._redact)
