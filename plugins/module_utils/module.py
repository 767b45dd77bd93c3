# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

What every module of the collection shares: connection options and error reporting."""

from typing import Any, Callable, Dict

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as connection_options
from ansible_collections.transactionlink.access.plugins.module_utils._api.run import ApiRun, Failure, secret_of
from ansible_collections.transactionlink.access.plugins.module_utils._api.transport import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR)
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError


def api_argument_spec() -> Dict[str, Any]:
    """Connection options (the table of _connection_options.py), documented in the transactionlink.access.api fragment."""
    return connection_options.argument_spec()


class TransactionLinkModule(AnsibleModule):
    """An AnsibleModule with the connection options and one way to fail.

    ``run(work)`` calls ``work(directory)`` through one API run (_api/run.py)
    and exits with what it returns; input errors and API errors become a
    clear ``fail_json`` with nothing secret in it; so does any other exception
    (redacted, with its traceback). Retries are reported once, as one warning
    with their counts.

    ``session``, ``sleep`` and ``clock`` go to the client as they are (None:
    the real ones). A module passes what its ``main(**inject)`` got: Ansible
    calls ``main()``; the in-process tests call ``main(session=..., sleep=...,
    clock=...)`` to answer from the emulator app and record the waits.
    """

    def __init__(self, argument_spec: Dict[str, Any], session: Any = None, sleep: Any = None, clock: Any = None,
                 **kwargs: Any):
        self._inject = dict(session=session, sleep=sleep, clock=clock)
        spec = api_argument_spec()
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))
        self.client = None

    def run(self, work: Callable[[Any], Dict[str, Any]]) -> None:
        api_run = ApiRun(self.params.get, secret_of(self.params.get('api_token')), **self._inject)
        outcome = api_run.run(work)
        self.client = api_run.client
        for warning in outcome.warnings:
            self.warn(warning)
        if outcome.failure is not None:
            self.fail_json(**failure_result(outcome.failure, api_run))
        self.exit_json(**outcome.result)


def failure_result(failure: Failure, api_run: ApiRun) -> Dict[str, Any]:
    """The failed task's result of FAILURE: msg, and the keys the error carries (all redacted)."""
    error = failure.error
    if isinstance(error, InputError):
        result = dict(msg=failure.message, changed=False)
    elif isinstance(error, TransactionLinkError):
        result = dict(msg=failure.message, api_error=api_run.mask_all(error.to_dict()),
                      changed=bool(error.completed), actions=error.completed)
    else:
        return dict(msg='unexpected error: ' + failure.message, exception=failure.traceback, changed=False)
    result.update(api_run.mask_all(error.result))  # extra keys, e.g. the planned actions a check refused
    return result
