# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/_filter_args.py: a filter's arguments checked against its own DOCUMENTATION."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.transactionlink.access.plugins.plugin_utils._filter_args import FilterArguments, plain

DOC = '''
name: demo
options:
  _input: {description: x, type: list, elements: dict, required: true}
  mode: {description: x, type: str, choices: [a, b], default: a}
  limit: {description: x, type: int, default: 5}
  nested:
    description: x
    type: dict
    options:
      key: {description: x, type: str, required: true}
'''
ARGS = FilterArguments('demo', DOC)


def test_spec_from_the_documented_options_in_order():
    assert ARGS.names == ['_input', 'mode', 'limit', 'nested']
    assert ARGS.spec['mode'] == {'type': 'str', 'choices': ['a', 'b'], 'default': 'a'}
    assert ARGS.spec['nested'] == {'type': 'dict', 'options': {'key': {'type': 'str', 'required': True}}}


def test_positional_and_keyword_arguments_with_defaults_and_conversion():
    assert ARGS.validate(([{}], 'b'), {'limit': '7'}) == {'_input': [{}], 'mode': 'b', 'limit': 7, 'nested': None}
    assert ARGS.run(lambda data, mode, limit, nested: (len(data), mode, limit), ([{}, {}],), {}) == (2, 'a', 5)


@pytest.mark.parametrize('args, kwargs, needle', [
    (('not a list of dicts',), {}, "demo: Elements value for option '_input'"),
    (([{}], 'c'), {}, 'demo: value of mode must be one of: a, b'),
    (([{}],), {'limit': 'many'}, 'demo: .*limit'),
    (([{}],), {'nested': {}}, 'demo: missing required arguments: key'),
    (([{}],), {'colour': 'red'}, 'demo: unknown argument colour; it takes mode, limit, nested'),
    (([{}], 'a'), {'mode': 'b'}, 'demo: mode given twice'),
    (([{}], 'a', 1, {}, 'extra'), {}, 'demo: takes at most 4 arguments'),
    ((), {}, 'demo: missing required arguments: _input'),
])
def test_bad_arguments_fail_naming_the_filter(args, kwargs, needle):
    with pytest.raises(AnsibleFilterError, match=needle):
        ARGS.validate(args, kwargs)


def test_a_value_error_of_the_core_names_the_filter():
    def core(data, mode, limit, nested):
        raise ValueError('item 3 is wrong')
    with pytest.raises(AnsibleFilterError, match='^demo: item 3 is wrong$'):
        ARGS.run(core, ([{}],), {})


def test_plain_copies_containers_and_text_as_plain_python():
    class Tagged(str):
        pass

    class LazyList(list):
        pass

    value = plain(LazyList([{Tagged('a'): Tagged('x'), 'b': (1, True), 2: None}]))
    assert value == [{'a': 'x', 'b': [1, True], 2: None}]
    assert value.__class__ is list and value[0]['a'].__class__ is str
    # the keys too (ansible-core 2.16 to 2.18 mark a registered result's keys unsafe: deepcopy rebuilds each one)
    assert [key.__class__ for key in value[0]] == [str, str, int]


class _Result(dict):
    """A registered result whose other keys must not be read (as Ansible's lazy containers, they cost to copy)."""

    def items(self):
        raise AssertionError('the whole result was copied')

    def __getitem__(self, key):
        if key not in ('actions', 'plan_id'):
            raise AssertionError('{0} was read'.format(key))
        return dict.__getitem__(self, key)


READING = FilterArguments('demo', DOC.replace('type: list, elements: dict, required: true', 'type: dict, required: true'),
                          reads={'_input': ('actions', 'plan_id')})


def test_reads_copies_only_the_keys_the_core_reads():
    result = _Result(actions=[{'action': 'added'}], plan_id='abc', memberships=[{'user_id': 'u'}] * 3)
    assert READING.validate((result,), {})['_input'] == {'actions': [{'action': 'added'}], 'plan_id': 'abc'}
    assert READING.validate((_Result(skipped=True),), {})['_input'] == {}


def test_reads_passes_a_value_that_is_no_dict_on_whole_to_the_validator():
    with pytest.raises(AnsibleFilterError, match="demo: .*_input.*dict"):
        READING.validate((['not', 'a', 'dict'],), {})
