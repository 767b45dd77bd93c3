# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: the reviewers' worksheets, as issued and as they come back.

Issued: the header ``workspace,user,role,decision,comment``, then one row per
direct membership routed to the reviewer (sorted), with names people read and
``decision`` and ``comment`` empty; every cell safe against formula injection
(``_csv``). Returned: whatever a spreadsheet program saved - a byte order mark,
CRLF, semicolons or tabs instead of commas, a neutralising ``'`` kept or dropped.
Line numbers count the header as line 1.
"""

import csv
import io

from ansible_collections.transactionlink.access.plugins.plugin_utils import _csv
from ansible_collections.transactionlink.access.plugins.plugin_utils._review.records import (
    DECISIONS_ALLOWED, WORKSHEET_COLUMNS, Answer, fold)

DELIMITERS = (',', ';', '\t')


def issue(memberships):
    """The worksheet text for MEMBERSHIPS (already routed to one reviewer and sorted)."""
    return _csv.table(WORKSHEET_COLUMNS, [{'workspace': m.workspace, 'user': m.shown_user, 'role': m.role}
                                          for m in memberships])


def text_of(sheet, data):
    """DATA (bytes) of the returned worksheet SHEET as text: UTF-8, with or without a byte order mark."""
    try:
        return data.decode('utf-8-sig')
    except UnicodeDecodeError as exc:
        raise ValueError('{0}: not UTF-8 text (byte {1}); save it as "CSV UTF-8"'.format(sheet, exc.start)) from None


def plain_cell(value):
    """A cell as the reviewer meant it: the ``'`` that neutralised a formula taken off again."""
    text = (value or '').strip()
    if text.startswith("'") and text[1:].startswith(_csv.FORMULA_START):
        return text[1:]
    return text


def decision_of(value):
    """The decision a cell holds: keep, revoke or '' (any case, spaces ignored); None when it is something else."""
    word = ''.join((value or '').split()).lower()
    return word if word in DECISIONS_ALLOWED or word == '' else None


def _delimiter(text):
    first = text.split('\n', 1)[0]
    counts = [(first.count(d), d) for d in DELIMITERS]
    return max(counts)[1] if max(counts)[0] else ','


def _records(text):
    """(line, cells) for each record of TEXT; LINE is where the record starts (the header is line 1)."""
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=_delimiter(text))
    end = 0
    for cells in reader:
        yield end + 1, cells
        end = reader.line_num


def _header_ok(cells):
    return [fold(c) for c in cells if c.strip() or len(cells) <= len(WORKSHEET_COLUMNS)] == list(WORKSHEET_COLUMNS)


def parse(sheet, text, problems):
    """[(line, (workspace, user, role), Answer)] of the rows of worksheet SHEET.

    Each problem is appended to PROBLEMS as (SHEET, N, ``SHEET line N: ...``). Blank rows
    are skipped; a row shorter than the header is read as if its last cells
    were empty.
    """
    rows = []
    records = _records(text)
    first = next(records, None)
    if first is None or not _header_ok(first[1]):
        problems.append((sheet, 1, '{0} line 1: the header must be {1}, found {2}'.format(
            sheet, ','.join(WORKSHEET_COLUMNS), ','.join(first[1]) if first else 'an empty file')))
        return rows
    width = len(WORKSHEET_COLUMNS)
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[width:]):
            problems.append((sheet, line, '{0} line {1}: {2} cells, the worksheet has {3} columns ({4})'.format(
                sheet, line, len(cells), width, ','.join(WORKSHEET_COLUMNS))))
            continue
        cells = (list(cells) + [''] * width)[:width]
        workspace, user, role = (plain_cell(c) for c in cells[:3])
        decision = decision_of(cells[3])
        if decision is None:
            problems.append((sheet, line, '{0} line {1}: the decision {2!r} ({3} in {4}) is not keep, revoke or '
                             'empty'.format(sheet, line, cells[3], user, workspace)))
            continue
        rows.append((line, (fold(workspace), fold(user), fold(role)), Answer(sheet, line, decision, cells[4].strip())))
    return rows
