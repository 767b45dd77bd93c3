# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge every workspace host of the play batch in one API pass (documented in plugins/modules/converge_workspaces.py).

Why an action plugin with ``BYPASS_HOST_LOOP`` (as ``add_host`` is), and not a
module per host or a ``run_once`` module over ``ansible_play_batch``:

- one module process per workspace host re-lists the workspaces and every page
  of users in each process; a single pass reads each list once, whatever
  ``--forks`` is;
- a ``run_once`` module would need the whole batch's desired members templated
  into one argument by Jinja over ``ansible_play_batch`` (slow, and quadratic
  once each host filters the result again). Here the plugin reads each host's
  variables from ``hostvars`` in Python, in the controller's worker process,
  with one client and one Directory, so the one ``concurrency`` bound and the
  one 429 governor cover every workspace's reads and writes;
- all or nothing across workspaces needs the whole batch planned and checked
  before the first write anywhere: only one process that sees every host can
  do that.

The task runs once for the batch (``--limit``, ``serial`` and AWX job slices
each make their own batch, so each is one pass over its own hosts). It reports
``changed=false`` itself and returns every host's outcome keyed by host; the
per-host ``converge_report`` task turns that into each host's own result, so
the recap, ``--check --diff`` and failures stay per workspace host.
"""

import json
import os
import re

from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as connection_options
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import redact, redact_all
from ansible_collections.transactionlink.access.plugins.module_utils._api.run import ApiRun
from ansible_collections.transactionlink.access.plugins.module_utils._api.transport import HAS_REQUESTS
from ansible_collections.transactionlink.access.plugins.module_utils._membership.hosts import converge_pass, host_request
from ansible_collections.transactionlink.access.plugins.module_utils._membership.records import Request
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils import results
from ansible_collections.transactionlink.access.plugins.module_utils._policy.settings import pass_review
from ansible_collections.transactionlink.access.plugins.plugin_utils._templates import holds_template


PLAIN = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_. -]*[A-Za-z0-9_]$|^[A-Za-z0-9_]$')


def task_options(args):
    """(options, secret): the task's arguments (module_defaults merged in by ansible-core) read as a module reads them.

    The connection options' one table (``_connection_options``) gives the
    argument spec, so types, unknown options and the environment fallbacks
    (TRANSACTIONLINK_*) are those of the modules.
    """
    result = ArgumentSpecValidator(connection_options.argument_spec()).validate(dict(args))
    token = result.validated_parameters.get('api_token')
    secret = token.strip() if isinstance(token, str) else None
    if result.error_messages:
        raise InputError('; '.join(redact(m, secret) for m in result.error_messages))
    return result.validated_parameters, secret


def batch_requests(batch, hostvars, read_ahead=None):
    """The ``Request`` of every workspace host of BATCH that has desired members (the others are left alone).

    READ_AHEAD (``Directory.reading_ahead()``), when given, is told the workspace of each host whose input is
    good as soon as it is read: its members are read while the next hosts' variables are.
    """
    requests = []
    for host in batch:
        try:
            request = host_request(host, hostvars[host])
        except AnsibleError as exc:  # a variable that does not template (an undefined name in group_vars, say)
            request = unreadable_request(host, exc)
        if request is not None:
            requests.append(request)
            if read_ahead is not None and request.known and not request.errors:
                read_ahead(request.home)
    return requests


class BatchVariables:
    """The variables of the batch's hosts as the pass reads them: ``BatchVariables(hostvars)[host].get(name)``.

    ansible-core computes all of a host's variables at each ``hostvars[host]``,
    and templates a value at each read, copying every item of a list even when
    nothing in it is a template (most of the pass's CPU before its first
    request, on a no-change rerun). Here each host's variables are computed
    once (``hostvars.raw_get``), and a value is templated as ``hostvars`` does
    it only when a string in it could be a template. A mapping without
    ``raw_get`` (already templated values) is read as it is.
    """

    def __init__(self, hostvars):
        self._hostvars = hostvars
        self._hosts = {}

    def __getitem__(self, host):
        if host not in self._hosts:
            self._hosts[host] = HostVariables(self._hostvars, host)
        return self._hosts[host]


class HostVariables:
    """One host's variables: raw where templating would not change them, templated (by ``hostvars``) where it would.

    HOSTVARS is ansible-core's ``HostVars`` (``raw_get`` gives a host's variables untemplated), or a plain mapping
    of each host's variables already templated (read as they are).
    """

    def __init__(self, hostvars, host):
        self._hostvars, self._host = hostvars, host
        self._raw = hostvars.raw_get(host) if hasattr(hostvars, 'raw_get') else None
        self._templated = None

    def _templated_variables(self):
        if self._templated is None:
            self._templated = self._hostvars[self._host]
        return self._templated

    def get(self, name, default=None):
        if self._raw is None:
            return self._templated_variables().get(name, default)
        if name not in self._raw:
            return default
        value = self._raw[name]
        return self._templated_variables().get(name, default) if holds_template(value) else value

    def __contains__(self, name):
        return name in (self._templated_variables() if self._raw is None else self._raw)


def unreadable_request(host, exc):
    """The request of a host whose variables cannot be read: its error stops the pass (nothing written anywhere)."""
    return Request(label=str(host), errors=('{0}: its variables cannot be read: {1}'.format(
        host, str(exc).splitlines()[0] if str(exc) else type(exc).__name__),))


def pass_result(outcomes, check_mode):
    """The task's result: every host's outcome, and what plan review publishes."""
    for outcome in outcomes.values():  # worded here, once, as the modules word them
        outcome['lines'] = [results.describe_membership(a, check_mode=check_mode) for a in outcome['actions']]
    failed = sorted(h for h, o in outcomes.items() if o['failed'])
    plan_ids = dict((h, o['plan_id']) for h, o in outcomes.items() if not o['failed'] and 'plan_id' in o)
    plan = dict((h, '\n'.join(outcomes[h]['lines'])) for h in plan_ids)
    return {
        'changed': False,  # each host's own report says what changed there
        'hosts': outcomes,
        'failed_hosts': failed,
        'changed_hosts': sorted(h for h, o in outcomes.items() if o['changed']),
        'plan_ids': plan_ids,
        'plan': plan,
        'lines': [line for host in sorted(outcomes) for line in outcomes[host]['lines']],
        'plan_ids_message': [
            'Plan ids of {0} workspace(s); to apply exactly these plans, give them back as extra variables:'.format(
                len(plan_ids)),
            "-e '{0}'".format(extra_vars_text(plan_ids)),
        ],
    }


def extra_vars_text(plan_ids):
    """``{transactionlink_expected_plan_ids: {Risk: tlp1-...}}``: YAML flow, as ``-e`` takes it, readable in the output.

    Plain names stay plain (no double quotes, which the default callback would show escaped); others are
    JSON-quoted, a valid YAML flow scalar.
    """
    pairs = ', '.join('{0}: {1}'.format(_flow(host), _flow(plan_id)) for host, plan_id in sorted(plan_ids.items()))
    return '{transactionlink_expected_plan_ids: {' + pairs + '}}'


def _flow(text):
    return text if PLAIN.match(text) else json.dumps(text)


class ActionModule(ActionBase):
    BYPASS_HOST_LOOP = True
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False
    _requires_connection = False

    # Given to the client as they are (session, sleep, clock): empty under Ansible; the in-process tests set it
    # on their instance to answer from the emulator app (tests/helpers/converge_pass.py).
    client_kwargs = {}

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        if not HAS_REQUESTS:
            raise AnsibleActionFail('transactionlink.access.converge_workspaces needs the Python library requests in '
                                    'the Python that runs ansible-playbook (the controller, or the execution environment)')
        check_mode, show_diff = bool(self._task.check_mode), bool(self._task.diff)

        def work(directory):
            batch, hostvars = task_vars.get('ansible_play_batch') or [], BatchVariables(task_vars['hostvars'])
            # The pass-wide settings first: one that is wrong fails the pass before any request.
            review = pass_review(batch, hostvars, os.getcwd())
            with directory.reading_ahead() as read_ahead:
                requests = batch_requests(batch, hostvars, read_ahead)
            del hostvars  # not held through the writes: nothing reads them after this, and the GC would walk them
            outcomes = converge_pass(directory, requests, check_mode=check_mode, review=review)
            if not show_diff:  # the members before and after of every workspace: only when they are shown
                for host_outcome in outcomes.values():
                    host_outcome.pop('diff', None)
            return pass_result(outcomes, check_mode)

        try:
            options, secret = task_options(self._task.args)
        except InputError as exc:
            result.update({'failed': True, 'msg': '{0}; nothing was written'.format(exc), 'changed': False})
            return result  # task_options redacted its message
        api_run = ApiRun(options.get, secret, **self.client_kwargs)
        outcome = api_run.run(work)
        if outcome.failure is not None:
            message = outcome.failure.message
            if not outcome.failure.expected:
                message = 'unexpected error in the converge pass: {0}'.format(message)
            elif 'nothing was written' not in message:  # the policy step's own messages say it already
                message += '; nothing was written'
            result.update({'failed': True, 'msg': message, 'changed': False})
        else:
            result.update(outcome.result)
            if outcome.warnings:
                result['warnings'] = outcome.warnings
        return redact_all(result, api_run.mask)
