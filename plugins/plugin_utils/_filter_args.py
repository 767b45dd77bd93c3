# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's filters: check a filter's arguments against its own DOCUMENTATION.

The filter's documented ``options`` (``_input`` first, then the others in the
order documented) become an argument spec for
``ansible.module_utils.common.arg_spec.ArgumentSpecValidator``, so what the
documentation says (types, required, defaults, choices) is what is enforced.
"""

import functools

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.yaml import yaml_load
from ansible.utils.unsafe_proxy import wrap_var

_SPEC_KEYS = ('type', 'elements', 'required', 'default', 'choices', 'aliases')


def _spec(options):
    spec = {}
    for name, doc in options.items():
        entry = dict((key, doc[key]) for key in _SPEC_KEYS if key in doc)
        if 'options' in doc:
            entry['options'] = _spec(doc['options'])
        spec[name] = entry
    return spec


def plain(value):
    """VALUE as plain lists and dicts, keys and values, each value read once.

    Ansible hands a filter lazily templated containers and tagged text, which
    cost time for every value read and far more to copy: the validator copies
    what it checks, and the core then reads plain data. The keys too: ansible-core
    2.16 to 2.18 mark the keys of a registered result unsafe, a str subclass that
    ``copy.deepcopy`` rebuilds one by one (figures: docs/docsite/rst/speed.rst).
    """
    if isinstance(value, dict):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):
        return str.__str__(value)  # Ansible's tagged text as plain text: the core never templates it
    return value


class FilterArguments:
    """The documented arguments of one filter; ``validate()`` them per call.

    UNSAFE: ``run()`` marks the result unsafe (a filter whose texts hold names
    and e-mails from the API: Ansible must never template them).

    READS: {option: keys} of the dict options of which the core reads only those
    keys (a registered module result, of which a summary reads the actions):
    only those keys are copied out of Ansible's containers, the rest is never
    read (a result's thousands of memberships cost the controller more to copy
    than the core spends on the whole summary). The validator sees the same
    type either way; an option not given, or not a dict, is passed on whole.

    The documentation is parsed on the first call, not at import: Ansible
    imports every filter of the collection in each worker process that
    templates one of them (a process per host and task), most never called.
    """

    def __init__(self, name, documentation, unsafe=False, reads=None):
        self.name = name
        self.unsafe = unsafe
        self.reads = dict(reads or {})
        self._documentation = documentation

    @functools.cached_property
    def spec(self):
        return _spec(yaml_load(self._documentation)['options'])

    @functools.cached_property
    def names(self):
        return list(self.spec)

    @functools.cached_property
    def validator(self):
        return ArgumentSpecValidator(self.spec)

    def validate(self, args, kwargs):
        """The validated arguments as a dict keyed by option name, or AnsibleFilterError naming the filter."""
        if len(args) > len(self.names):
            raise AnsibleFilterError('{0}: takes at most {1} arguments ({2}), got {3}'.format(
                self.name, len(self.names), ', '.join(self.names), len(args)))
        unknown = sorted(set(kwargs) - set(self.names))
        if unknown:
            raise AnsibleFilterError('{0}: unknown argument {1}; it takes {2}'.format(
                self.name, ', '.join(unknown), ', '.join(self.names[1:]) or 'no argument'))
        params = dict((name, self._plain(name, arg)) for name, arg in zip(self.names, args))
        for key, value in kwargs.items():
            if key in params:
                raise AnsibleFilterError('{0}: {1} given twice'.format(self.name, key))
            params[key] = self._plain(key, value)
        result = self.validator.validate(params)
        if result.error_messages:
            raise AnsibleFilterError('{0}: {1}'.format(self.name, '; '.join(result.error_messages)))
        return result.validated_parameters

    def _plain(self, name, value):
        """VALUE of option NAME as plain data (``plain``): of a dict option in READS, only the keys the core reads."""
        keys = self.reads.get(name)
        if keys is None or not isinstance(value, dict):
            return plain(value)
        return dict((key, plain(value[key])) for key in keys if key in value)

    def run(self, function, args, kwargs):
        """FUNCTION called with the validated arguments in documented order; its ValueError as AnsibleFilterError."""
        params = self.validate(args, kwargs)
        try:
            result = function(*[params[name] for name in self.names])
        except ValueError as exc:
            raise AnsibleFilterError('{0}: {1}'.format(self.name, exc)) from exc
        return wrap_var(result) if self.unsafe else result
