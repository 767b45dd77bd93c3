# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A local emulator of the TransactionLink organization API, for tests and demos.

Run it with ``PYTHONPATH=tests python -m emulator --help``; see README.md here.
``emulator.seed`` needs only the standard library; the server needs Flask.
"""
