# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use: access reviews (the workspace_access_review role's pure core).

``records`` (named records and the vocabulary), ``memberships`` (what the info
module read), ``routing`` (reviewers and worksheet names), ``worksheets``
(issue and parse the CSV), ``outcomes`` (decisions against the current access),
``documents`` (snapshot.json, decisions.json, after.json), ``manifest``
(sha256sum lines), ``pages`` (review.html, summary.html), and the two steps the
filters call, ``start`` and ``close``. Errors are ValueError.
"""
