# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the emulator's own tests: an in-process app and a client that
checks every API response against tests/emulator/openapi.yaml."""

import os

import pytest

from emulator import seed
from emulator.app import create_app
from emulator.store import Store
from helpers.paths import TESTS_DIR

OPENAPI_FILE = os.path.join(TESTS_DIR, 'emulator', 'openapi.yaml')


@pytest.fixture(scope='session')
def openapi():
    from openapi_core import OpenAPI
    return OpenAPI.from_file_path(OPENAPI_FILE)


def _validate(openapi, response):
    """Raise unless RESPONSE (a Flask test response) matches the OpenAPI document."""
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse
    from openapi_core.testing import MockRequest
    # The test client's request body is consumed already; response validation does not need it.
    sent = response.request
    request = MockRequest(sent.host_url, sent.method, sent.path, args=sent.args.to_dict(), headers=dict(sent.headers))
    openapi.validate_response(request, WerkzeugOpenAPIResponse(response))


class Api:
    """A Flask test client that sends a token and validates every API response."""

    def __init__(self, app, openapi):
        self.app = app
        self.client = app.test_client()
        self.openapi = openapi
        self.emulator = app.config['EMULATOR']

    def call(self, method, path, token='admin', json=None, headers=None, check=True, **kw):
        sent = dict(headers or {})
        if token is not None:
            sent['Authorization'] = seed.all_tokens().get(token, token)
        response = self.client.open(path, method=method, headers=sent, json=json, **kw)
        if check and not path.startswith('/_emulator'):
            _validate(self.openapi, response)
        return response

    def get(self, path, **kw):
        return self.call('GET', path, **kw)

    def put(self, path, **kw):
        return self.call('PUT', path, **kw)

    def delete(self, path, **kw):
        return self.call('DELETE', path, **kw)


@pytest.fixture
def app():
    return create_app(Store())


@pytest.fixture
def api(app, openapi):
    return Api(app, openapi)


def _assert_error(response, status, code, *words):
    """RESPONSE is the documented ErrorResponse with STATUS, CODE and a message containing WORDS."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {'fingerprint', 'errors'}
    assert len(body['fingerprint']) == 36
    assert body['errors'][0]['code'] == code
    for word in words:
        assert word in body['errors'][0]['message'], body['errors'][0]['message']
    return body['errors'][0]['message']


@pytest.fixture
def assert_error():
    """``assert_error(response, status, code, *words)``: an ErrorResponse with this status, code and words; returns the message."""
    return _assert_error


@pytest.fixture
def validate(openapi):
    """``validate(response)``: raise unless the Flask test response matches openapi.yaml."""
    return lambda response: _validate(openapi, response)
