# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module of the collection shares: connection options and error reporting."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils.client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, TransactionLinkClient)
from ansible_collections.transactionlink.access.plugins.module_utils.directory import Directory
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError


def api_argument_spec():
    """Connection options, documented in the transactionlink.access.api doc fragment."""
    return dict(
        api_token=dict(type='str', no_log=True, fallback=(env_fallback, ['TRANSACTIONLINK_API_TOKEN'])),
        api_url=dict(type='str', default=api.DEFAULT_API_URL, fallback=(env_fallback, ['TRANSACTIONLINK_API_URL'])),
        validate_certs=dict(type='bool', default=True, fallback=(env_fallback, ['TRANSACTIONLINK_VALIDATE_CERTS'])),
        timeout=dict(type='int', default=30),
        max_retries=dict(type='int', default=5),
    )


class TransactionLinkModule(AnsibleModule):
    """An AnsibleModule with the connection options and one way to fail.

    ``run(work)`` calls ``work(directory)`` and exits with what it returns;
    input errors and API errors become a clear ``fail_json`` with nothing
    secret in it.
    """

    def __init__(self, argument_spec, **kwargs):
        spec = api_argument_spec()
        spec.update(argument_spec)
        super(TransactionLinkModule, self).__init__(argument_spec=spec, **kwargs)
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))

    def run(self, work):
        directory = None
        try:
            client = TransactionLinkClient(
                self.params['api_url'], self.params['api_token'], validate_certs=self.params['validate_certs'],
                timeout=self.params['timeout'], max_retries=self.params['max_retries'], on_retry=self.warn)
            directory = Directory(client)
            result = work(directory)
        except InputError as exc:
            self._warn_all(directory)
            self.fail_json(msg=str(exc), changed=False, **exc.result)
        except TransactionLinkError as exc:
            self._warn_all(directory)
            self.fail_json(msg=str(exc), api_error=exc.to_dict(), changed=bool(exc.completed), actions=exc.completed,
                           **exc.result)
        self._warn_all(directory)
        self.exit_json(**result)

    def _warn_all(self, directory):
        for warning in (directory.warnings if directory else []):
            self.warn(warning)
