# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

Organization users: their organization role and profile (organization_user).
``records`` names the data, ``plan`` decides what to write (pure), ``endpoints``
reads and writes over the client, ``converge`` runs one task.
"""
