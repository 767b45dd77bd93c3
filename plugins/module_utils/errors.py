# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

The ways a run can fail: the input was wrong, the API said no, or the API answered what it does not document."""


class InputError(ValueError):
    """The task's input cannot be used (unknown name, bad URL, ...).

    The message says what was wrong and how to fix it. Raised before any write.
    ``result`` holds extra keys for the failed task's result (e.g. the planned
    ``actions`` a safety check refused).
    """

    def __init__(self, message, result=None):
        super().__init__(message)
        self.result = dict(result or {})


class TransactionLinkError(Exception):
    """A request to the API failed (after the retries it was allowed).

    Carries what a user needs to act or to open a ticket with the vendor:
    method, path, HTTP status (None when no answer came), the API's error list
    ``[{code, message}]`` and its ``fingerprint``. Never headers, never the token.
    ``completed`` lists the actions already done when a write failed mid-run.
    """

    def __init__(self, method, path, status=None, errors=None, fingerprint=None, detail=None, hint=None):
        self.method = method
        self.path = path
        self.status = status
        self.errors = list(errors or [])
        self.fingerprint = fingerprint
        self.detail = detail
        self.hint = hint
        self.completed = []
        self.result = {}  # extra keys for the failed task's result, e.g. failed_action
        super().__init__(self.message)

    @property
    def message(self):
        if self.status is None:
            what = 'no answer ({0})'.format(self.detail or 'connection failed')
        else:
            what = 'HTTP {0}'.format(self.status)
        text = '{0} {1} failed: {2}'.format(self.method, self.path, what)
        api_says = '; '.join(
            '{0}: {1}'.format(e.get('code', '?'), e.get('message', '')) if isinstance(e, dict) else str(e)
            for e in self.errors)
        if api_says:
            text += ' - ' + api_says
        elif self.detail and self.status is not None:
            text += ' - ' + self.detail
        if self.fingerprint:
            text += ' (fingerprint {0})'.format(self.fingerprint)
        if self.hint:
            text += '. ' + self.hint
        return text

    def to_dict(self):
        """What goes into fail_json as ``api_error``."""
        return {
            'method': self.method,
            'path': self.path,
            'status': self.status,
            'errors': self.errors,
            'fingerprint': self.fingerprint,
        }


class AnswerError(TransactionLinkError):
    """The API answered, but not as documented: a redirect, a wrong shape, an impossible page count.

    ``problem`` says what was wrong and what was expected; it never quotes a
    value from the answer (only its kind), so nothing secret or hostile is
    echoed. Raised by the client before the answer reaches the caller: a read
    that fails this way is followed by no write.
    """

    def __init__(self, method, path, status, problem, hint=None):
        self.problem = problem
        super().__init__(method, path, status, detail=problem, hint=hint)

    @property
    def message(self):
        text = '{0} {1}: unexpected answer (HTTP {2}): {3}'.format(self.method, self.path, self.status, self.problem)
        if self.hint:
            text += '. ' + self.hint
        return text
