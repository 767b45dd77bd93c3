# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An ansible-rulebook event filter: meta.hosts as limit patterns that each match exactly one host name."""

from typing import Any, Dict

DOCUMENTATION = r'''
---
short_description: Turn meta.hosts into limit patterns that match exactly those host names
description:
  - ansible-rulebook limits C(run_playbook) (and C(run_job_template) given C(job_args.limit)) to the hosts in an
    event's C(meta.hosts). Ansible reads a limit as patterns - it splits it on commas, and on spaces and colons when
    there is no comma, and reads C(*), C(?), C([), a leading C(~), C(!) or C(&) as pattern syntax - so a workspace
    named C(Customer Support) would limit the run to hosts C(Customer) and C(Support).
  - This filter replaces each host name in C(meta.hosts) by a regular-expression pattern (C(~^...$)) that matches that
    name alone, every character that is not an ASCII letter or digit written as an escape (C(\x20) for a space).
    Events without C(meta.hosts) pass unchanged.
  - A host name that is also a group name of the inventory (C(all), C(ungrouped), a keyed group) still selects the
    group, as any limit does; name such hosts by id (C(hostname: id) in the inventory and the source).
options: {}
'''

EXAMPLES = r'''
- transactionlink.access.membership_drift:
  filters:
    - transactionlink.access.exact_host_limit:
'''


def exact_pattern(host: str) -> str:
    """A limit pattern matching the host name HOST and nothing else, with no comma, colon or white space in it."""
    escaped = []
    for character in host:
        code = ord(character)
        if character.isascii() and character.isalnum():
            escaped.append(character)
        elif code < 0x100:
            escaped.append('\\x%02x' % code)
        elif code < 0x10000:
            escaped.append('\\u%04x' % code)
        else:
            escaped.append('\\U%08x' % code)
    return '~^' + ''.join(escaped) + '$'


def main(event: Dict[str, Any]) -> Dict[str, Any]:
    """EVENT with each host name in meta.hosts (a string or a list) made an exact limit pattern."""
    meta = event.get('meta')
    hosts = meta.get('hosts') if isinstance(meta, dict) else None
    if isinstance(hosts, str) and hosts:
        meta['hosts'] = exact_pattern(hosts)
    elif isinstance(hosts, list):
        meta['hosts'] = [exact_pattern(h) if isinstance(h, str) and h else h for h in hosts]
    return event
