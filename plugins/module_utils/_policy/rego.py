# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

Rego policies over the plan document, evaluated in this process with ``regopy`` (an optional requirement).

``policy_set()`` checks what a task gives (the shipped policies' parameters, the paths of the user's own
``.rego`` files) and reads the files; ``evaluate()`` loads the shipped policies and the user's files,
sets ``data.transactionlink.params`` and the document as ``input``, and returns the messages of
``data.transactionlink.policy.deny``, sorted. Every failure is an InputError that names the parameter or
the file; only ``evaluate()`` needs regopy, and only a run given policies calls it.
"""

import json
import os
import re

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError
from ansible_collections.transactionlink.access.plugins.module_utils._policy.shipped import SHIPPED

QUERY = 'deny := data.transactionlink.policy.deny'
INSTALL = ('policies and policy_files need the Python package regopy in the Python that runs {0}: '
           '`pip install regopy` (1.5.2 or later; wheels for glibc 2.34+, such as Debian 12 or RHEL 9 based '
           'execution environments: add it to the execution environment\'s requirements.txt); nothing was written')
SHIPPED_PREFIX = 'transactionlink.access:policies/'
EVALUATORS = 4  # threads that evaluate the inputs of one run at most (each with its own interpreter)
IMPORT = object()  # evaluate()'s default engine: import regopy then (a run without policies never imports it)


@dataclass(frozen=True)
class PolicySet:
    """What a run checks its plan against: the shipped policies' parameters (checked) and the user's files.

    ``files`` holds (path, text) pairs, the path as the messages show it.
    """

    params: dict = field(default_factory=dict)
    files: tuple = ()


def _domains(name, value):
    if not isinstance(value, list) or not value or not all(isinstance(d, str) and d.strip().lstrip('@') for d in value):
        raise InputError('{0} must be a non-empty list of e-mail domains (such as [example.com]), got {1}'.format(name, _shown(value)))
    return [d.strip().lstrip('@').lower() for d in value]


def _counts(name, value, what):
    if not isinstance(value, dict) or not value:
        raise InputError('{0} must be a dict {{role name: {1}}}, got {2}'.format(name, what, _shown(value)))
    seen = {}
    for role, number in value.items():
        if not isinstance(role, str) or not role.strip():
            raise InputError('{0} has a key {1!r} that is not a role name'.format(name, role))
        if role.strip().lower() in seen:
            raise InputError('{0} names role {1!r} twice ({2!r} and {1!r}: role names are compared in any case)'.format(
                name, role, seen[role.strip().lower()]))
        seen[role.strip().lower()] = role
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise InputError('{0}.{1} must be {2} (a whole number, 0 or more), got {3}'.format(name, role, what, _shown(number)))
    return dict((role.strip(), number) for role, number in value.items())


PARAMETERS = {
    'allowed_email_domains': _domains,
    'max_members_per_role': lambda name, value: _counts(name, value, 'the most members'),
    'roles_requiring_expiry': lambda name, value: _counts(name, value, 'days'),
}


def _shown(value):
    if isinstance(value, str):
        return 'the string {0!r}'.format(value)
    return '{0} ({1!r})'.format(type(value).__name__, value)


def policy_set(policies=None, policy_files=None, base_dir=None, label='policies', files_label='policy_files'):
    """The ``PolicySet`` of a run, or None when it is given neither parameters nor files (nothing to check).

    POLICIES maps a shipped policy's parameter to its value; POLICY_FILES are paths (a relative one is
    resolved against BASE_DIR, default the current directory). A parameter of the wrong type, an unknown
    parameter or a file that cannot be read fails naming it; LABEL and FILES_LABEL name the two options.
    """
    if policies in (None, {}) and policy_files in (None, []):
        return None
    if policy_files is not None and not isinstance(policy_files, (list, tuple)):
        raise InputError('{0} must be a list of paths of .rego files, got {1}'.format(files_label, _shown(policy_files)))
    if policies is not None and not isinstance(policies, dict):
        raise InputError('{0} must be a dict of the shipped policies\' parameters ({1}), got {2}'.format(
            label, ', '.join(sorted(PARAMETERS)), _shown(policies)))
    params = {}
    for name, value in (policies or {}).items():
        if name not in PARAMETERS:
            raise InputError('{0}: unknown parameter {1!r}; the shipped policies take {2} (your own policies go in '
                             'policy_files)'.format(label, name, ', '.join(sorted(PARAMETERS))))
        if value is not None:
            params[name] = PARAMETERS[name]('{0}.{1}'.format(label, name), value)
    return PolicySet(params, tuple(_read('{0}[{1}]'.format(files_label, index), path, base_dir)
                                   for index, path in enumerate(policy_files or ())))


def _read(label, path, base_dir):
    if not isinstance(path, str) or not path.strip():
        raise InputError('{0} must be the path of a .rego file, got {1}'.format(label, _shown(path)))
    full = os.path.join(base_dir or os.getcwd(), os.path.expanduser(path.strip()))
    try:
        with open(full, encoding='utf-8') as handle:
            return full, handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError('{0}: cannot read {1}: {2}; nothing was written'.format(
            label, full, getattr(exc, 'strerror', None) or exc)) from None


def installed_regopy():
    """The regopy module, or None when it is not installed."""
    try:
        import regopy  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return regopy


def evaluate(policies, document, runner='the module', engine=IMPORT):
    """The messages (sorted strings) of ``data.transactionlink.policy.deny`` for DOCUMENT under POLICIES.

    A message that is an object with ``msg`` (as conftest allows) gives its ``msg``; any other value its
    JSON. RUNNER says which Python needs regopy, in the message when it is missing (ENGINE None).
    The inputs (``inputs()``) are shared out over up to EVALUATORS threads, each with its own
    interpreter: rego-cpp works without Python's lock, so the cores of the machine work together
    (the run waits for the verdict with nothing else to do).
    """
    engine = installed_regopy() if engine is IMPORT else engine
    if engine is None:
        raise InputError(INSTALL.format(runner))
    sources = dict((SHIPPED_PREFIX + name, text) for name, text in SHIPPED.items())
    sources.update(policies.files)
    parts = inputs(policies, document)
    threads = max(1, min(len(parts), os.cpu_count() or 1, EVALUATORS))
    shares = [parts[index::threads] for index in range(threads)]
    if threads == 1:
        found = [_evaluate(engine, policies, sources, parts)]
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            found = list(pool.map(lambda share: _evaluate(engine, policies, sources, share), shares))
    return sorted(set(message for messages in found for message in messages))


def _evaluate(engine, policies, sources, parts):
    """The messages of PARTS (inputs), through one interpreter of their own."""
    interpreter = engine.Interpreter()
    interpreter.log_level = engine.LogLevel.NONE  # else rego-cpp prints parse errors on stdout (a module's JSON)
    try:
        for name, text in sources.items():
            interpreter.add_module(name, text)
        interpreter.add_data({'transactionlink': {'params': policies.params}})
        bundle = interpreter.build(QUERY)
        denied = []
        for part in parts:
            interpreter.set_input(part)
            denied.extend(_denials(interpreter.query_bundle(bundle), sources))
    except engine.RegoError as exc:
        raise InputError(_rego_message(exc, sources)) from None
    except ValueError:
        raise InputError(_rego_message(_raw_answer(interpreter), sources)) from None
    return denied


def inputs(policies, document):
    """The inputs to evaluate: the document, or, for the shipped policies alone, each workspace apart.

    The shipped policies judge each workspace by itself and read only ``generated_at`` and a workspace's
    ``workspace``, ``host`` and ``after``: one workspace at a time gives the same messages, and keeps
    rego-cpp's cost linear when a policy denies thousands of members. The user's files see the whole document.
    """
    if policies.files:
        return [document]
    return [{'generated_at': document['generated_at'],
             'workspaces': [{'workspace': ws['workspace'], 'host': ws['host'], 'after': ws['after']}]}
            for ws in document['workspaces']]


def _denials(output, sources):
    if not output.ok():
        raise InputError(_rego_message(str(output), sources))
    return [_text(message) for message in (output.results[0].bindings.get('deny', []) if output.results else [])]


def _raw_answer(interpreter):
    """The text rego-cpp answered QUERY with, when regopy 1.5.2 took an error for a result and failed to read it as JSON.

    Reaches into regopy (``rego_shared`` and the interpreter's ``_impl``): the one place that does, and only on
    that failure; when regopy changes, the message says so instead.
    """
    try:
        from regopy.rego_shared import rego_output_string, rego_query  # pylint: disable=import-outside-toplevel
        return rego_output_string(rego_query(interpreter._impl, QUERY))  # pylint: disable=protected-access
    except Exception:  # pylint: disable=broad-exception-caught
        return 'regopy answered something that is not a result (evaluate the files with opa eval to see why)'


def _text(message):
    if isinstance(message, str):
        return message
    if isinstance(message, dict) and isinstance(message.get('msg'), str):
        return message['msg']
    return json.dumps(message, sort_keys=True)


ERROR = re.compile(r'\(error \d+:(?P<file>[^|\s]*)\|(?P<offset>\d+)\|\d+\s*\(errormsg \d+:(?P<text>[^)]*)\)')
ERROR_TEXT = re.compile(r'\(errormsg \d+:(?P<text>[^)\n]*)\)')


def _rego_message(error, sources):
    """A rego-cpp error as one readable line per problem: 'FILE line L, column C: TEXT'."""
    text = str(error)
    problems = []
    for found in ERROR.finditer(text):
        name, offset = found.group('file'), int(found.group('offset'))
        source = sources.get(name, '')
        line = source.count('\n', 0, offset) + 1
        column = offset - (source.rfind('\n', 0, offset) + 1) + 1
        problems.append('{0} line {1}, column {2}: {3}'.format(name, line, column, found.group('text').strip()))
    if not problems:
        problems.extend(found.group('text').strip() for found in ERROR_TEXT.finditer(text))
    if not problems:
        problems.append(' '.join(text.split()))
    return 'the policies cannot be evaluated: {0}; nothing was written'.format('; '.join(problems))
