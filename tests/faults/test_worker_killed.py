"""A gunicorn worker killed with SIGKILL in the middle of a burst of answers."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.faults.harness import Participant, serve

pytestmark = pytest.mark.faults

PEOPLE = 30
WORKERS = 3


def test_a_killed_worker_loses_and_doubles_no_answer(tmp_path):
    with serve(tmp_path, f"sqlite:///{tmp_path / 'app.db'}", WORKERS) as served:
        server = served.servers[0]
        deadline = time.monotonic() + 90
        people = [Participant(served.url, served.workshop.code, n, deadline) for n in range(PEOPLE)]
        with ThreadPoolExecutor(PEOPLE) as pool:
            running = [pool.submit(person.take_quiz) for person in people]
            killed = []
            # Three kills a moment apart, while all 30 people are answering.
            for _ in range(3):
                time.sleep(0.4)
                victim = server.worker_pids()[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            for finished in running:
                finished.result(timeout=120)

        # The service kept answering: everyone finished, and gunicorn replaced the workers.
        assert server.answers_health()
        assert len(server.worker_pids()) == WORKERS
        assert not set(killed) & set(server.worker_pids())
        failures = [failure for person in people for failure in person.failures]
        assert failures, "no request was cut off by the kills: the fault did not happen"

        # Each person's answers are stored once, with the value they sent.
        accepted = [answer for person in people for answer in person.accepted]
        assert len(accepted) == PEOPLE * 5
        result = served.reconcile(accepted)
        assert result.ok, str(result)
        assert result.stored == PEOPLE * 5
