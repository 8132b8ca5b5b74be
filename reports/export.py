"""Static SVG charts for PDFs, drawn by kaleido with Debian's Chromium.

One Chromium per process, started on first use and reused (a cold start takes about
2 s, a warm export about 0.02 s: see _reusing_kaleido). It runs on its own event-loop
thread; callers wait for their own future, with a time limit, and a lock lets one
export run at a time (kaleido's browser tabs are not safe to share between callers).
kaleido's own start_sync_server is not used because its calls have no time limit:
if Chromium fails to start, every later call waits forever on its queue.

Each SVG is cached by a hash of the figure JSON and size (a bounded LRU), so a
figure is exported once per process however many reports show it. When Chromium is
missing or an export fails, callers get ChartUnavailable with a plain reason and
print the table instead; /healthz reports the same reason.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import NoReturn

START_TIMEOUT = 60  # seconds for Chromium to start
EXPORT_TIMEOUT = 30  # seconds for one figure
RETRY_AFTER = 60  # seconds before trying to start Chromium again after a failure
CACHE_SIZE = 256  # figures; an SVG is 5-30 KB
RELOAD_EVERY = 100  # figures drawn in kaleido's page before it is reloaded


class ChartUnavailable(Exception):
    """The chart cannot be drawn; str() is a plain reason to print instead."""


@dataclass
class ExportStats:
    exports: int = 0  # figures actually drawn by Chromium
    cache_hits: int = 0
    starts: int = 0  # Chromium processes started


def _missing_reason(chromium: str) -> str | None:
    if os.path.isfile(chromium) and os.access(chromium, os.X_OK):
        return None
    return f"Chromium was not found at {chromium}, so PDFs show tables instead of charts."


class _Server:
    """A kaleido browser on a private event loop in a daemon thread."""

    def __init__(self, chromium: str) -> None:
        self.chromium = chromium
        self.pid = os.getpid()  # a forked worker must start its own
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="chart-export", daemon=True
        )
        self.thread.start()
        try:
            self.kaleido = self._run(self._open(), START_TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    async def _open(self):
        browser = _reusing_kaleido()(path=self.chromium, mathjax=False, timeout=EXPORT_TIMEOUT)
        await browser.open()
        return browser

    def _run(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def svg(self, figure: dict, width: int, height: int) -> str:
        opts = {"format": "svg", "width": width, "height": height}
        return self._run(self.kaleido.calc_fig(figure, opts=opts), EXPORT_TIMEOUT).decode()

    def close(self) -> None:
        # Chromium's last words on its pipe ("{bye}") are not JSON: choreographer logs a
        # harmless traceback for them unless its pipe logger is quiet while we close.
        pipe_logger = logging.getLogger("choreographer.channels.pipe")
        level = pipe_logger.level
        pipe_logger.setLevel(logging.CRITICAL)
        try:
            with contextlib.suppress(Exception):  # a broken browser: nothing else to do
                self._run(self.kaleido.close(), 10)
            self._stop_loop()
        finally:
            pipe_logger.setLevel(level)

    def _stop_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _reusing_kaleido():
    """kaleido.Kaleido, reloading its page only every RELOAD_EVERY figures.

    Kaleido 1.5 reloads the page (and re-parses the 4.8 MB plotly.js) after every
    figure, which is 90% of an export's 0.15 s. Each figure is drawn into a fresh
    graph, so reusing the page gives the same SVG in about 0.015 s; a periodic reload
    still bounds any memory the page keeps. (Overrides a private method of the pinned
    kaleido; if a later version drops it, exports are simply slower again.)
    """
    import kaleido  # imported late: it is slow to import and only PDFs need it

    class ReusingKaleido(kaleido.Kaleido):
        _figures_since_reload = 0

        async def _return_kaleido_tab(self, tab) -> None:
            self._figures_since_reload += 1
            if self._figures_since_reload >= RELOAD_EVERY:
                self._figures_since_reload = 0
                await super()._return_kaleido_tab(tab)
            else:
                await self.tabs_ready.put(tab)

    return ReusingKaleido


class ChartExporter:
    """The process's one chart exporter: lazy Chromium, lock, LRU cache, failure memory."""

    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self.cache_size = cache_size
        self.stats = ExportStats()
        self.failure: str | None = None  # why the last start or export failed
        self._start_failed_at = 0.0
        self._server: _Server | None = None
        self._lock = threading.Lock()  # one export (or start) at a time
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._cache_lock = threading.Lock()
        atexit.register(self.close)

    def svg(self, figure: dict, width: int, height: int, chromium: str) -> str:
        """The figure as SVG text; raises ChartUnavailable with a plain reason."""
        missing = _missing_reason(chromium)
        if missing:
            raise ChartUnavailable(missing)
        key = figure_key(figure, width, height)
        if (cached := self._cached(key)) is not None:
            return cached
        with self._lock:
            if (cached := self._cached(key)) is not None:  # drawn while we waited
                return cached
            svg = self._export(figure, width, height, chromium)
        with self._cache_lock:
            self._cache[key] = svg
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return svg

    def _cached(self, key: str) -> str | None:
        with self._cache_lock:
            svg = self._cache.get(key)
            if svg is not None:
                self._cache.move_to_end(key)
                self.stats.cache_hits += 1
            return svg

    def _export(self, figure: dict, width: int, height: int, chromium: str) -> str:
        if self.failure and time.monotonic() - self._start_failed_at < RETRY_AFTER:
            raise ChartUnavailable(self.failure)  # Chromium would not start a moment ago
        try:
            server = self._running_server(chromium)
        except Exception as error:
            self._start_failed_at = time.monotonic()
            self._fail("Chromium could not start", error)
        try:
            svg = server.svg(figure, width, height)
        except Exception as error:  # timed out, crashed or refused the figure
            self._close_server()
            # This process starts a fresh browser itself, not the next request.
            self.start_in_background(chromium)
            self._fail("A chart could not be drawn", error)
        self.failure = None
        self._start_failed_at = 0.0
        self.stats.exports += 1
        return svg

    def _fail(self, what: str, error: Exception) -> NoReturn:
        detail = str(error.args[0] if error.args else error).splitlines()[0][:120]
        self.failure = f"{what} ({type(error).__name__}: {detail})."
        raise ChartUnavailable(self.failure) from error

    def _running_server(self, chromium: str) -> _Server:
        server = self._server
        if server is None or server.pid != os.getpid() or server.chromium != chromium:
            if server is not None and server.pid == os.getpid():
                server.close()
            self._server = server = _Server(chromium)
            self.stats.starts += 1
        return server

    def _close_server(self) -> None:
        if self._server is not None and self._server.pid == os.getpid():
            self._server.close()
        self._server = None

    def close(self) -> None:
        with self._lock:
            self._close_server()

    def start(self, chromium: str) -> bool:
        """Start this process's Chromium now (before any request needs it); True if up."""
        if _missing_reason(chromium):
            return False
        with self._lock:
            try:
                self._running_server(chromium)
            except Exception as error:
                self._start_failed_at = time.monotonic()
                detail = str(error.args[0] if error.args else error).splitlines()[0][:120]
                self.failure = f"Chromium could not start ({type(error).__name__}: {detail})."
                return False
        self.failure = None
        self._start_failed_at = 0.0
        return True

    def start_in_background(self, chromium: str) -> threading.Thread:
        """start() on a thread of its own: an export waits for it on the lock."""
        thread = threading.Thread(
            target=self.start, args=(chromium,), name="chart-start", daemon=True
        )
        thread.start()
        return thread

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def status(self, chromium: str) -> tuple[bool, str]:
        reason = _missing_reason(chromium) or self.failure
        return (False, reason) if reason else (True, "")


def figure_key(figure: dict, width: int, height: int) -> str:
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(
        [figure, width, height], cls=PlotlyJSONEncoder, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


EXPORTER = ChartExporter()


def svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_export_status(chromium: str) -> tuple[bool, str]:
    """Whether PDF charts can be drawn with this Chromium, and if not, why (for /healthz)."""
    return EXPORTER.status(chromium)
