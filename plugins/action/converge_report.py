# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One workspace host's result of the converge pass (documented in plugins/modules/converge_report.py).

No API call: it reads the pass's registered result from the task variables
(the variable named by ``pass_var``, never templated) and takes this host's
outcome by key, so each host costs O(its own actions), whatever the batch size.
"""

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

SHOWN = ('changed', 'failed', 'msg', 'actions', 'lines', 'plan_id', 'workspace_id', 'workspace_name', 'failed_action',
         'api_error', 'planned_actions', 'errors', 'protected')


def host_result(passed, host, diff=False):
    """The result of HOST from the pass result PASSED, or None when the host took no part."""
    outcome = (passed.get('hosts') or {}).get(host)
    if outcome is None:
        return None
    result = dict((k, outcome[k]) for k in SHOWN if k in outcome)
    if diff and 'diff' in outcome:
        result['diff'] = outcome['diff']
    if outcome.get('note'):
        result['warnings'] = [outcome['note']]  # shown whatever the verbosity: this host wrote nothing it was approved to
    return result


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        name = args.pop('pass_var', 'transactionlink_converge_pass')
        if args:
            raise AnsibleActionFail('unsupported option(s) {0}; converge_report takes only pass_var'.format(
                ', '.join(sorted(args))))
        passed = task_vars.get(name)
        if not isinstance(passed, dict) or 'hosts' not in passed:
            raise AnsibleActionFail("no converge pass result in '{0}': register the converge_workspaces task "
                                    "as {0} before this task".format(name))
        mine = host_result(passed, task_vars['inventory_hostname'], diff=bool(self._task.diff))
        if mine is None:
            result.update({'skipped': True, 'changed': False,
                           'skip_reason': 'not a workspace host with transactionlink_desired_members: left alone'})
            return result
        result.update(mine)
        return result
