# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One API run (_api/run.py), what the module, the converge action and the inventory share, on the emulator app."""

from ansible_collections.transactionlink.access.plugins.module_utils import _connection_options as connection_options
from ansible_collections.transactionlink.access.plugins.module_utils._api.run import ApiRun, secret_of
from ansible_collections.transactionlink.access.plugins.module_utils.errors import InputError

from emulator import seed


def options(tl_api, **changes):
    values = dict((o.name, o.default) for o in connection_options.OPTIONS)
    values.update(api_url=tl_api.url, api_token=tl_api.tokens['admin'])
    values.update(changes)
    return values


def run(tl_api, work, **changes):
    values = options(tl_api, **changes)
    return ApiRun(values.get, secret_of(values['api_token']), **tl_api.inject()).run(work)


def test_a_run_gives_what_the_work_returns_with_the_retry_summary_last(tl_api):
    tl_api.set_faults(queue=[{'status': 503}])
    outcome = run(tl_api, lambda directory: sorted(w['name'] for w in directory.workspaces()))
    assert outcome.failure is None and 'Risk' in outcome.result
    assert outcome.warnings == ['API requests were retried 1 time(s): HTTP 503 x1 (max_retries 5 per request)']


def test_bad_connection_options_fail_before_any_request_and_the_work_never_runs(tl_api):
    ran = []
    outcome = run(tl_api, ran.append, api_url='ftp://example.test')
    assert ran == [] and tl_api.sent() == [] and outcome.result is None
    assert outcome.failure.expected and isinstance(outcome.failure.error, InputError)
    assert outcome.failure.message.startswith("api_url 'ftp://example.test' is not an http(s) URL")


def test_an_unexpected_error_is_redacted_with_its_traceback(tl_api):
    token = tl_api.tokens['admin']

    def work(directory):
        raise RuntimeError('boom ' + token)
    outcome = run(tl_api, work)
    assert not outcome.failure.expected and outcome.failure.message.startswith('RuntimeError: boom ')
    assert token not in outcome.failure.message and token not in outcome.failure.traceback
    assert 'Traceback' in outcome.failure.traceback


def test_a_huge_api_value_in_a_message_is_shortened(tl_api):
    store = tl_api.emulator.store
    with store.lock:
        store._workspaces[seed.workspace_id('Risk')]['name'] = 'r' * 100000  # pylint: disable=protected-access

    def work(directory):
        directory.workspace('Nowhere')
    outcome = run(tl_api, work)
    assert "workspace 'Nowhere' not found" in outcome.failure.message
    assert len(outcome.failure.message) < 2000 and '100000 characters not shown' in outcome.failure.message
