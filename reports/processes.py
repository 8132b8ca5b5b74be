"""Laying out several PDFs at once in worker processes: WeasyPrint holds the GIL, so a ZIP
of 30 team reports in one process uses one core however many the job worker has.

The pool is made once per process, on first use, with the forkserver start method (the
job worker has threads, which fork would copy mid-flight); each pool process imports
WeasyPrint once and lays out HTML it is given: no database, no Flask, no Chromium (the
charts are already in the HTML).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reports.pdf import html_to_pdf

_lock = threading.Lock()
_pools: dict[int, ProcessPoolExecutor] = {}


def _pool(processes: int) -> ProcessPoolExecutor:
    with _lock:
        if processes not in _pools:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["reports.pdf"])
            _pools[processes] = ProcessPoolExecutor(processes, mp_context=context)
        return _pools[processes]


def _forget(processes: int) -> None:
    """A pool whose process died is broken for good: the next report makes a new one."""
    with _lock:
        pool = _pools.pop(processes, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def laid_out(htmls: Iterable[str], processes: int) -> Iterator[bytes]:
    """Each HTML's PDF, in order. The next pages are laid out while this thread renders
    more HTML (charts included); at most two per process wait their turn."""
    if processes <= 1:
        yield from map(html_to_pdf, htmls)
        return
    pool = _pool(processes)
    pending: deque[Future[bytes]] = deque()
    try:
        for html in htmls:
            pending.append(pool.submit(html_to_pdf, html))
            if len(pending) >= 2 * processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool:
        _forget(processes)
        raise
    finally:
        for future in pending:  # a superseded job stops early: drop what it queued
            future.cancel()
