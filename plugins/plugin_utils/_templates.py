# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: what Jinja would read as a template.

Jinja starts a template with ``{{``, ``{%`` or ``{#`` (ansible-core keeps its
default delimiters). A text without any of them is what templating it gives;
a value (lists and mappings of such texts, numbers, booleans) likewise.
"""

import re

from collections.abc import Mapping

TEMPLATE_MARK = re.compile(r'{[{%#]')


def holds_template(value):
    """True when a text in VALUE (a text, a number, lists and mappings of them, keys included) could be a template."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if TEMPLATE_MARK.search(item):
                return True
        elif isinstance(item, Mapping):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return False
