"""Quick PDFs built in the request, a bounded number at a time.

One team's report or a quiz summary takes 0.2 to 1.5 s, so it stays a direct download,
but a web worker builds at most PDF_BUILDS_PER_WORKER at once: others wait up to
PDF_WAIT_SECONDS for a turn, then get the "try again" page (503 with Retry-After), never
a worker killed by gunicorn's timeout. The same PDF asked for twice at once (by its URL)
is built once: the second request waits for the first's bytes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

RETRY_AFTER_SECONDS = 30


class PdfBusy(Exception):
    """No turn to build a PDF within the wait."""


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    result: bytes | None = None
    error: BaseException | None = None
    followers: int = 0  # requests waiting for this build's bytes


class PdfGate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, _Flight] = {}
        self._slots: threading.BoundedSemaphore | None = None
        self._size = 0
        self.builds = 0  # PDFs actually built (for tests)

    def _semaphore(self, size: int) -> threading.BoundedSemaphore:
        with self._lock:
            if self._slots is None or self._size != size:
                self._slots, self._size = threading.BoundedSemaphore(max(1, size)), size
            return self._slots

    def followers(self, key: str) -> int:
        with self._lock:
            flight = self._flights.get(key)
            return flight.followers if flight else 0

    def build(self, key: str, builder: Callable[[], bytes], *, slots: int, wait: float) -> bytes:
        with self._lock:
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = self._flights[key] = _Flight()
            else:
                flight.followers += 1
        if not leader:
            if not flight.done.wait(wait):
                raise PdfBusy
            if flight.error is not None:
                raise flight.error
            return flight.result  # type: ignore[return-value]
        try:
            semaphore = self._semaphore(slots)
            if not semaphore.acquire(timeout=wait):
                raise PdfBusy
            try:
                self.builds += 1
                flight.result = builder()
            finally:
                semaphore.release()
            return flight.result
        except BaseException as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()


PDF_GATE = PdfGate()
