# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

One API run, for the modules, the converge action and the inventory plugin alike.

``ApiRun(get_option, secret).run(work)`` builds the client from the connection
options (checked before any request) and a Directory over it, calls
``work(directory)``, and returns an ``Outcome``: what WORK returned, or the
``Failure`` that stopped it, and every warning of the run (certificates not
verified, the directory's, the retry summary, in that order). Every message
in it is redacted (no token in any form) and shortened (no API value longer
than redaction.ECHO_LIMIT characters). Each entry point only turns the
Outcome into its own kind of result.
"""

import traceback

from typing import Any, Callable, List, NamedTuple, Optional

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as connection_options
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import redact, redact_all, shorten
from ansible_collections.transactionlink.access.plugins.module_utils._api.directory import Directory
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError, TransactionLinkError


class Failure(NamedTuple):
    """What stopped a run: ERROR, its MESSAGE (redacted, shortened); EXPECTED is False for anything but an
    InputError or a TransactionLinkError, which then has its TRACEBACK (redacted)."""

    error: BaseException
    message: str
    expected: bool
    traceback: Optional[str] = None


class Outcome(NamedTuple):
    """What a run gives back: RESULT (None when it failed), FAILURE (None when it did not), WARNINGS (redacted)."""

    result: Any
    failure: Optional[Failure]
    warnings: List[str]


def secret_of(token: Any) -> Optional[str]:
    """The token as the client uses it (surrounding white space removed), to redact with; None when not a string."""
    return token.strip() if isinstance(token, str) else None


class ApiRun:
    """One run: GET_OPTION(name) reads a connection option, SECRET is the token to redact, CLIENT_KWARGS go to the
    client as they are (what tests inject: a session, a sleep, a clock)."""

    def __init__(self, get_option: Callable[[str], Any], secret: Optional[str], **client_kwargs: Any):
        self.get_option = get_option
        self.secret = secret
        self.client_kwargs = client_kwargs
        self.client = None  # type: Any

    def message(self, text: Any) -> Optional[str]:
        """TEXT as a message may show it: long values cut, the token masked."""
        return redact(shorten(text), self.secret)

    def mask(self, text: Any) -> Optional[str]:
        """TEXT with the token masked (for the values of a result)."""
        return redact(text, self.secret)

    def mask_all(self, value: Any) -> Any:
        return redact_all(value, self.mask)

    def run(self, work: Callable[[Directory], Any]) -> Outcome:
        warnings, directory, result, failure = [], None, None, None  # type: List[str], Any, Any, Optional[Failure]
        try:
            self.client = connection_options.new_client(self.get_option, warnings.append, **self.client_kwargs)
            directory = Directory(self.client)
            result = work(directory)
        except (InputError, TransactionLinkError) as exc:
            failure = Failure(exc, self.message(exc), True)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            # Not expected; but a raw exception would be printed as is, secrets and all.
            failure = Failure(exc, self.message('{0}: {1}'.format(type(exc).__name__, exc)), False,
                              self.mask(traceback.format_exc()))
        warnings.extend(directory.warnings if directory is not None else [])
        summary = self.client.retry_summary() if self.client is not None else None
        if summary:
            warnings.append(summary)
        return Outcome(result, failure, [self.message(w) for w in warnings])
