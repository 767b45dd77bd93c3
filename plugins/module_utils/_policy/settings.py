# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The converge pass's policy settings: ``transactionlink_policies``, ``transactionlink_policy_files`` and
``transactionlink_plan_file``, one value for the whole pass (group_vars/all, or ``-e``), read from the
batch's host variables, and the plan file written as soon as the pass's document is built.
"""

import functools
import json
import os
import tempfile

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._policy.review import PlanReview
from ansible_collections.transactionlink.access.plugins.module_utils._policy.rego import policy_set

POLICIES_VAR = 'transactionlink_policies'
POLICY_FILES_VAR = 'transactionlink_policy_files'
PLAN_FILE_VAR = 'transactionlink_plan_file'
RUNNER = 'ansible-playbook (the controller, or the execution environment)'


def pass_review(batch, hostvars, base_dir):
    """The ``PlanReview`` of a converge pass over BATCH (host names) with HOSTVARS ({host: variables}), or None
    when the pass has neither policies nor a plan file: then nothing reads a plan document (the pass's result
    gives each host's plan as lines), and none is built.

    Relative paths (policy files, the plan file) are resolved against BASE_DIR, the directory
    ansible-playbook was started from. A setting that differs between hosts, a parameter of the wrong
    type or an unreadable policy file raises InputError, before any request.
    """
    policies = pass_setting(batch, hostvars, POLICIES_VAR)
    files = pass_setting(batch, hostvars, POLICY_FILES_VAR)
    plan_file = pass_setting(batch, hostvars, PLAN_FILE_VAR)
    if plan_file is not None and (not isinstance(plan_file, str) or not plan_file.strip()):
        raise InputError('{0} must be the path of the file to write the plan document to, got {1!r}'.format(PLAN_FILE_VAR, plan_file))
    writer = None
    if plan_file is not None:
        writer = functools.partial(write_plan_file, os.path.join(base_dir, os.path.expanduser(plan_file.strip())))
    policy = policy_set(policies, files, base_dir, POLICIES_VAR, POLICY_FILES_VAR)
    if policy is None and writer is None:
        return None
    return PlanReview(policy, RUNNER, writer)


def pass_setting(batch, hostvars, name):
    """NAME's value for the whole pass: the same on every host of BATCH that sets it (None: no host does)."""
    found = {}
    for host in batch:
        try:
            value = hostvars[host].get(name)
        except Exception:  # pylint: disable=broad-exception-caught
            continue  # a host whose variables do not template: the pass reports it (batch_specs)
        if value is not None:
            found.setdefault(json.dumps(value, sort_keys=True, default=str), []).append(str(host))
    if len(found) > 1:
        hosts = ['{0} (e.g. {1})'.format(len(h), h[0]) for h in found.values()]
        raise InputError('{0} differs between the hosts of this pass ({1} values, set on {2}): the policies and the '
                         'plan file are one for the whole pass; set it once, in group_vars/all or with -e'.format(
                             name, len(found), ', '.join(hosts)))
    if not found:
        return None
    return hostvars[next(iter(found.values()))[0]].get(name)


def write_plan_file(path, document):
    """Write DOCUMENT as JSON to PATH (replacing it whole, never half-written); InputError naming the path."""
    directory = os.path.dirname(path) or '.'
    try:
        handle, temporary = tempfile.mkstemp(prefix='.plan-', suffix='.json', dir=directory)
        with os.fdopen(handle, 'w', encoding='utf-8') as out:
            json.dump(document, out, indent=2)
            out.write('\n')
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        raise InputError('{0}: cannot write the plan document to {1}: {2}; nothing was written to the API'.format(
            PLAN_FILE_VAR, path, exc.strerror or exc)) from None
