# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stdout callback for the test fixtures: the whole run as one JSON document.

ansible-core ships no json callback (it is in ansible.posix); this one prints
the same shape as ansible.posix.json, so tests/conftest.py can parse a run:
``{"plays": [{"play": {...}, "tasks": [{"task": {"name", ...}, "hosts": {host: result}}]}], "stats": {...}}``.
"""

import datetime
import json

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
    name: tl_json
    type: stdout
    short_description: the whole run as one JSON document (test fixtures only)
    description:
      - Prints plays, tasks, per-host results and stats as JSON at the end of the run.
'''


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def _result(result):
    """The result dict, task and host of a task result (ansible-core 2.19 names, else the older ones)."""
    data = getattr(result, 'result', None)
    if not isinstance(data, dict):
        data = result._result
    task = getattr(result, 'task', None) or result._task
    host = getattr(result, 'host', None) or result._host
    return dict(data), task, host


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'tl_json'

    def __init__(self, display=None):
        super().__init__(display)
        self.results = []

    def _new_play(self, play):
        return {'play': {'name': play.get_name(), 'id': str(play._uuid), 'duration': {'start': _now()}}, 'tasks': []}

    def _new_task(self, task):
        return {'task': {'name': task.get_name(), 'id': str(task._uuid), 'action': task.action, 'duration': {'start': _now()}},
                'hosts': {}}

    def v2_playbook_on_play_start(self, play):
        self.results.append(self._new_play(play))

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.results[-1]['tasks'].append(self._new_task(task))

    def v2_playbook_on_handler_task_start(self, task):
        self.results[-1]['tasks'].append(self._new_task(task))

    def _record(self, result, **flags):
        data, task, host = _result(result)
        host = host.get_name()
        data.update(flags)
        data['action'] = task.action
        if not self.results:
            self.results.append({'play': {'name': 'ad-hoc', 'id': '', 'duration': {'start': _now()}}, 'tasks': []})
        tasks = self.results[-1]['tasks']
        if not tasks or tasks[-1]['task']['id'] != str(task._uuid):
            tasks.append(self._new_task(task))
        tasks[-1]['hosts'][host] = data
        tasks[-1]['task']['duration']['end'] = _now()

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        self._record(result, failed=True, ignore_errors=ignore_errors)

    def v2_runner_on_skipped(self, result, **kwargs):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result, **kwargs):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = {}
        for host in sorted(stats.processed.keys()):
            summary[host] = stats.summarize(host)
        output = {'plays': self.results, 'stats': summary, 'custom_stats': stats.custom}
        self._display.display(json.dumps(output, indent=2, sort_keys=True, default=str))
