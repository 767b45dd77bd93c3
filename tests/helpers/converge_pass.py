# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The converge playbook's two action plugins (converge_workspaces, converge_report) run in this process.

``run_pass(tl_api, hostvars, ...)`` runs the pass over HOSTVARS ({host: variables}; ``workspace_vars(name)``
gives a demo workspace host's inventory variables) as ansible-core would for the play batch, and
``report(passed, host)`` gives one host's result: no ansible-playbook, no subprocess.
"""

from unittest import mock

from ansible_collections.transactionlink.access.plugins.action import converge_report, converge_workspaces

from emulator import seed


def workspace_vars(name, **variables):
    """What the inventory plugin gives the host of demo workspace NAME, plus VARIABLES (transactionlink_ prefixed)."""
    result = {'transactionlink_workspace_id': seed.workspace_id(name), 'transactionlink_workspace_name': name}
    result.update(('transactionlink_' + k, v) for k, v in variables.items())
    return result


def action(plugin, args, check=False, diff=False):
    task = mock.MagicMock()
    task.args = args
    task.check_mode, task.diff, task.async_val = check, diff, 0
    connection = mock.MagicMock()
    connection._shell.tmpdir = None  # pylint: disable=protected-access
    return plugin.ActionModule(task, connection, mock.MagicMock(), mock.MagicMock(), mock.MagicMock(), mock.MagicMock())


def run_pass(tl_api, hostvars, args=None, check=False, token='admin', batch=None, diff=False):
    """The converge_workspaces result for the play batch BATCH (default: every host of HOSTVARS)."""
    task_args = {'api_url': tl_api.url}
    if token is not None:
        task_args['api_token'] = tl_api.tokens.get(token, token)
    task_args.update(args or {})
    task_vars = {'ansible_play_batch': list(batch or hostvars), 'hostvars': hostvars}
    return action(converge_workspaces, task_args, check=check, diff=diff).run(task_vars=task_vars)


def report(passed, host, diff=False, args=None):
    """HOST's converge_report result from the registered pass result PASSED."""
    task_vars = {'transactionlink_converge_pass': passed, 'inventory_hostname': host}
    return action(converge_report, args or {}, diff=diff).run(task_vars=task_vars)
