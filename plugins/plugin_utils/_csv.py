# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: CSV text that a spreadsheet opens as data, never as formulas.

Every field is quoted, a header line comes first, lines end with ``\\n``. A
cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(or their full-width forms) would be evaluated by a spreadsheet: it gets a
leading ``'``, as OWASP recommends for CSV injection. A NUL character is
written as U+FFFD, never raw.
"""

import csv
import io

FORMULA_START = ('=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20')
NUL_SHOWN_AS = '\ufffd'


def cell(value):
    """The text of one cell: None is empty, booleans are true/false, formulas are neutralised."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    text = str(value).replace('\x00', NUL_SHOWN_AS)
    return "'" + text if text.startswith(FORMULA_START) else text


def table(columns, rows):
    """CSV text: COLUMNS as the header, then one line per dict of ROWS (missing keys are empty)."""
    out = io.StringIO()
    out.write(','.join(columns) + '\n')
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator='\n')
    for row in rows:
        writer.writerow([cell(row.get(column)) for column in columns])
    return out.getvalue()
