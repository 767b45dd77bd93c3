# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

What a failed request says: the API's own errors, a short redacted snippet, and what to do.

Each function takes MASK, the client's one-argument redact: nothing here
shows the token, and no value from an answer is shown longer than
redaction.ECHO_LIMIT characters.
"""

import ssl

from typing import Callable, List, Optional

from ansible_collections.transactionlink.access.plugins.module_utils import api_facts as api
from ansible_collections.transactionlink.access.plugins.module_utils._api.redaction import shorten
from ansible_collections.transactionlink.access.plugins.module_utils._api.transport import MAX_ANSWER_BYTES, Reply
from ansible_collections.transactionlink.access.plugins.module_utils.errors import AnswerError, TransactionLinkError

SNIPPET_LENGTH = 200  # characters of a non-JSON error body shown (after redaction)
WRITE_METHODS = frozenset(('PUT', 'POST', 'DELETE', 'PATCH'))
MAYBE_APPLIED = ('The API failed while carrying out this write, so it may have been applied all the same: run the '
                 'task again, it reads the current state first and converges (it repeats only what is still missing)')

Mask = Callable[[str], str]


def is_certificate_error(exc: BaseException) -> bool:
    """True when EXC (or what caused it) is a failed verification of the server's certificate."""
    seen = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        if isinstance(current, BaseException):
            todo.extend([current.__cause__, current.__context__, getattr(current, 'reason', None)])
            todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return 'certificate verify failed' in str(exc).lower()


def clip(text: str, length: int = SNIPPET_LENGTH) -> str:
    return text[:length] + '...' if len(text) > length else text


def snippet(reply: Reply, mask: Mask) -> str:
    """The start of REPLY's body, redacted, on one line (redacted first, then cut: a cut through a token must
    not leave its first characters; only the start of a long body is redacted)."""
    text = mask(reply.text.strip()[:SNIPPET_LENGTH + 1000]).replace('\r', ' ').replace('\n', ' ')
    return clip(text) or 'empty body'


def redirect_error(method: str, path: str, reply: Reply, mask: Mask) -> AnswerError:
    location = clip(mask(shorten(reply.headers.get('Location') or '(no Location header)')))
    return AnswerError(
        method, path, reply.status,
        'a redirect to {0}, which is not followed (the request was not carried out)'.format(location),
        hint='The API does not redirect: check that api_url is the base URL of the TransactionLink API (e.g. {0}), '
             'not a URL that forwards elsewhere'.format(api.DEFAULT_API_URL))


def too_large_error(method: str, path: str, status: int) -> AnswerError:
    return AnswerError(method, path, status, 'the answer is longer than {0} bytes, the most the client reads of '
                       'one answer (read no further)'.format(MAX_ANSWER_BYTES), hint=(
                           'Nothing was done with this answer. Check that api_url is the TransactionLink API'))


def tls_error(method: str, path: str, exc: BaseException, ca_path: Optional[str], mask: Mask) -> TransactionLinkError:
    """A TLS failure: not retried (trying again cannot make a certificate valid)."""
    detail = mask(shorten('{0}: {1}'.format(type(exc).__name__, exc)))
    if is_certificate_error(exc):
        hint = ("the server's TLS certificate could not be verified{0}. If the API is behind a private CA, set "
                "ca_path (or TRANSACTIONLINK_CA_PATH) to that CA's bundle in PEM form; only for a test server "
                "you control, set validate_certs: false".format(
                    ' against ca_path ' + ca_path if ca_path else ' against the system CAs'))
    else:
        hint = 'the TLS handshake failed; check that api_url is the https URL of the API (and ca_path, if set)'
    return TransactionLinkError(method, path, detail=detail, hint=hint)


def _api_errors(reply: Reply, mask: Mask):
    """(errors [{code, message}], fingerprint) of an error answer in the API's error shape, redacted and shortened."""
    try:
        payload = reply.json()
    except ValueError:
        payload = None
    errors, fingerprint = [], None  # type: List[dict], Optional[str]
    if isinstance(payload, dict):
        fingerprint = mask(shorten(payload.get('fingerprint'))) if payload.get('fingerprint') else None
        for item in payload.get('errors') or []:
            if isinstance(item, dict):
                errors.append({'code': mask(shorten(str(item.get('code', '')))),
                               'message': mask(shorten(str(item.get('message', ''))))})
    return errors, fingerprint


def _access_hint(status: int, scope: Optional[str], errors: List[dict]) -> Optional[str]:
    if status == 401:
        return ('Check api_token: it must be a valid TransactionLink organization token (tot_...), '
                'given as-is without a "Bearer " prefix')
    if status == 403:
        if scope and any(scope in e['message'] for e in errors):
            return 'Use a token that has that scope'  # the API's own message named it
        return 'The token lacks the scope this request needs' + (' ({0})'.format(scope) if scope else '')
    return None


def status_error(method: str, path: str, reply: Reply, scope: Optional[str], mask: Mask,
                 gave_up: Optional[str] = None) -> TransactionLinkError:
    """The error of a request answered REPLY (4xx/5xx); GAVE_UP says why a retried status was not retried again."""
    errors, fingerprint = _api_errors(reply, mask)
    detail = None if errors else snippet(reply, mask)
    hint = _access_hint(reply.status, scope, errors) or gave_up
    if method in WRITE_METHODS and reply.status >= 500:
        hint = MAYBE_APPLIED if hint is None else hint + '. ' + MAYBE_APPLIED
    return TransactionLinkError(method, path, reply.status, errors, fingerprint, detail, hint)
