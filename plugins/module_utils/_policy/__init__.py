# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use by this collection's plugins only: not a public API, it may change in any release.

The plan document (``document``), the Rego policies checked against it (``rego``, ``shipped``), and the one
place that turns the engine's plans into the document and refuses a run a policy denies (``review``).
"""
