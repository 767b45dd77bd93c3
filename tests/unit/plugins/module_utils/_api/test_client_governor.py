# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One client, several threads (issue 8): one rate-limit governor, exact counters.

The order of events is forced with threading.Event (never with a time): a
request waits in the injected sleep until the test lets it go, and the clock
is a fake that only moves when the test moves it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import requests

import pytest

from helpers.client import REQUESTS_ENV, Answer, FakeClock, make_client

WAIT = 10  # seconds any event wait may take before the test fails (never reached when the code is right)


@pytest.fixture(autouse=True)
def no_requests_environment(monkeypatch):
    for name in REQUESTS_ENV:
        monkeypatch.delenv(name, raising=False)


class Scenario(object):
    """A client whose first answer is FIRST; thread A blocks in its first wait until released."""

    def __init__(self, first, **kwargs):
        self.log = []
        self.lock = threading.Lock()
        self.a_waiting = threading.Event()
        self.release = threading.Event()
        self.clock = FakeClock()
        answers = [self._logged(first)] + [self._logged(Answer(200, [])) for dummy in range(5)]
        kwargs.setdefault('max_retries', 3)
        self.client, self.recorder, dummy = make_client(*answers, sleep=self.sleep, clock=self.clock, **kwargs)

    def _logged(self, answer):
        def answer_and_log(request):
            with self.lock:
                self.log.append(('send', threading.current_thread().name))
            return answer
        return answer_and_log

    def sleep(self, seconds):
        name = threading.current_thread().name
        with self.lock:
            self.log.append(('wait', name, seconds))
        if name == 'A' and not self.a_waiting.is_set():
            self.a_waiting.set()
            assert self.release.wait(WAIT)

    def start(self, name):
        errors = []

        def call():
            try:
                self.client.list_workspaces()
            except Exception as exc:  # pylint: disable=broad-exception-caught
                errors.append(exc)
        thread = threading.Thread(target=call, name=name)
        thread.start()
        return thread, errors

    def run_b_while_a_waits(self):
        thread_a, errors_a = self.start('A')
        assert self.a_waiting.wait(WAIT)
        thread_b, errors_b = self.start('B')
        thread_b.join(WAIT)
        self.release.set()
        thread_a.join(WAIT)
        assert not thread_a.is_alive() and not thread_b.is_alive()
        assert errors_a == [] and errors_b == []


def test_a_429_pauses_every_new_request_until_its_wait_is_over():
    scenario = Scenario(Answer(429, headers={'Retry-After': '5'}))
    scenario.run_b_while_a_waits()
    # B started during A's pause: it waited the rest of it (the clock did not move) before sending.
    assert scenario.log == [('send', 'A'), ('wait', 'A', 5.0), ('wait', 'B', 5.0), ('send', 'B'), ('send', 'A')]
    assert scenario.client.retry_counts() == {'HTTP 429': 1}  # B's wait is not a retry of B


def test_a_429_without_retry_after_pauses_everyone_for_its_backoff():
    scenario = Scenario(Answer(429))
    scenario.run_b_while_a_waits()
    assert scenario.log == [('send', 'A'), ('wait', 'A', 0.5), ('wait', 'B', 0.5), ('send', 'B'), ('send', 'A')]


def test_a_503_with_retry_after_pauses_everyone():
    scenario = Scenario(Answer(503, headers={'Retry-After': '2'}))
    scenario.run_b_while_a_waits()
    assert scenario.log == [('send', 'A'), ('wait', 'A', 2.0), ('wait', 'B', 2.0), ('send', 'B'), ('send', 'A')]


@pytest.mark.parametrize('status', [502, 503, 504])
def test_other_retryable_answers_back_off_only_the_request_that_got_them(status):
    scenario = Scenario(Answer(status))
    scenario.run_b_while_a_waits()
    assert scenario.log == [('send', 'A'), ('wait', 'A', 0.05), ('send', 'B'), ('send', 'A')]


def test_the_pause_is_over_once_the_clock_has_passed_it():
    scenario = Scenario(Answer(429, headers={'Retry-After': '5'}))
    scenario.run_b_while_a_waits()
    scenario.clock.now += 5
    thread, errors = scenario.start('C')
    thread.join(WAIT)
    assert errors == [] and scenario.log[-1] == ('send', 'C') and ('wait', 'C', 5.0) not in scenario.log


def test_with_a_real_passing_clock_a_waiting_request_sleeps_only_the_rest_of_the_pause():
    clock = FakeClock()
    client, recorder, dummy = make_client(Answer(429, headers={'Retry-After': '5'}), Answer(200, []), Answer(200, []),
                                          sleep=clock.sleep, clock=clock)
    client.list_workspaces()  # 429, waits 5 (the clock moves 5), retries
    assert clock.sleeps == [5.0]
    client.governor.pause_everyone(3)
    clock.now += 1
    client.list_workspaces()
    assert clock.sleeps == [5.0, 2.0] and len(recorder.sent) == 3


def test_counters_are_exact_under_threads():
    per_path = {}
    lock = threading.Lock()

    def first_503_then_200(request):
        with lock:
            seen = per_path.get(request.url, 0)
            per_path[request.url] = seen + 1
        return Answer(503) if seen == 0 else Answer(200, [])

    threads_n, calls_n = 8, 25
    client, recorder, dummy = make_client(*[first_503_then_200] * (threads_n * calls_n * 2), sleep=lambda s: None,
                                          concurrency=threads_n)
    errors = []

    def worker(index):
        try:
            for call in range(calls_n):
                client.list_direct_memberships('ws-{0}-{1}'.format(index, call))
        except Exception as exc:  # pylint: disable=broad-exception-caught
            errors.append(exc)
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(recorder.sent) == threads_n * calls_n * 2
    assert client.retry_counts() == {'HTTP 503': threads_n * calls_n}


def _dropped(request):
    raise requests.exceptions.ConnectionError('Connection reset by peer')


def test_faults_of_one_request_retry_at_once_then_back_off_harder():
    clock = FakeClock()
    client, recorder, dummy = make_client(Answer(503), _dropped, Answer(502), Answer(504), Answer(200, []),
                                          sleep=clock.sleep, clock=clock, max_retries=5)
    assert client.list_workspaces() == []
    # rand() == 1.0: the top of each window, 0.05 s times 4 per retry; no pause for the other requests.
    assert clock.sleeps == pytest.approx([0.05, 0.2, 0.8, 3.2]) and len(recorder.sent) == 5
    assert client.governor.pause_left(None) == (0.0, None)
    assert client.retry_counts() == {'HTTP 503': 1, 'ConnectionError': 1, 'HTTP 502': 1, 'HTTP 504': 1}


def test_the_retries_of_one_request_fault_are_spread_over_their_whole_window():
    clock = FakeClock()
    draws = iter([0.5, 0.0, 0.25])
    client, recorder, dummy = make_client(Answer(503), Answer(503), _dropped, Answer(200, []),
                                          sleep=clock.sleep, clock=clock, rand=lambda: next(draws))
    client.list_workspaces()
    assert clock.sleeps == pytest.approx([0.025, 0.0, 0.2]) and len(recorder.sent) == 4


def test_a_429_without_retry_after_keeps_the_throttling_backoff():
    clock = FakeClock()
    client, recorder, dummy = make_client(Answer(429), Answer(429), Answer(200, []), sleep=clock.sleep, clock=clock)
    client.list_workspaces()
    assert clock.sleeps == [0.5, 1.0] and len(recorder.sent) == 3


def test_under_one_fault_in_five_the_waits_stay_a_fraction_of_a_second_per_hundred_requests():
    # Every fifth answer a 503 or a dropped connection, each retried once: 100 requests wait 0.05 s per fault at
    # most (about 1.2 s), where the 0.5 s doubled schedule waited 0.5 s per fault (12 s).
    count = {'n': 0}

    def every_fifth_fails(request):
        count['n'] += 1
        if count['n'] % 5 == 0:
            return Answer(503) if count['n'] % 10 else _dropped(request)
        return Answer(200, [])
    clock = FakeClock()
    client, recorder, dummy = make_client(*[every_fifth_fails] * 200, sleep=clock.sleep, clock=clock)
    for index in range(100):
        client.list_direct_memberships('ws-{0}'.format(index))
    faults = len(recorder.sent) - 100
    assert faults == len(recorder.sent) // 5 == 24 and client.retry_counts() == {'HTTP 503': 12, 'ConnectionError': 12}
    assert sum(clock.sleeps) == pytest.approx(faults * 0.05)
