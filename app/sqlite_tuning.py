"""SQLite for several gunicorn workers: WAL, reads that never wait, writes that take turns.

- WAL mode: readers read a snapshot and never block the writer or each other.
- Requests that only read (GET, HEAD, OPTIONS) begin a plain deferred transaction, and so
  does work outside a request inside `reading_only()` (a report job loading a session).
- Every other transaction begins IMMEDIATE: it takes the write lock before its first
  read, so a read-then-write cannot fail half-way with "database is locked".
- Writers queue on an flock() of a file beside the database before BEGIN IMMEDIATE. The
  kernel wakes the next writer as soon as the lock is free. SQLite's own busy handler
  instead sleeps in steps of up to 100 ms, so under a burst the lock sat free while
  waiters slept and more workers stored fewer answers per second (see README, "Load").
- A write that cannot get its turn within WRITE_WAIT_SECONDS raises OperationalError,
  which app/errors.py turns into the 503 "try again" page: "database is locked" never
  reaches a user as a 500.
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

WRITE_WAIT_SECONDS = 15
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


_reading_only = contextvars.ContextVar("sqlite_reading_only", default=False)


@contextlib.contextmanager
def reading_only() -> Iterator[None]:
    """Transactions begun inside only read: a deferred BEGIN, with no write turn.

    For long reads outside a request: a report job loading a 30-team session held the
    write turn for its whole read, and the job worker runs at a lower CPU priority, so
    under a burst every answer waited for it (README "Load"). Commit or roll back
    before leaving, and write nothing inside.
    """
    token = _reading_only.set(True)
    try:
        yield
    finally:
        _reading_only.reset(token)


class WriteTurnTimeout(sqlite3.OperationalError):
    """No turn to write within WRITE_WAIT_SECONDS (reported like "database is locked")."""


class QueuedWritesConnection(sqlite3.Connection):
    """A sqlite3 connection that holds the database's write-turn lock from BEGIN IMMEDIATE
    until its COMMIT or ROLLBACK (the pool rolls back every connection it takes back)."""

    _turn_fd: int | None = None
    _holds_turn = False

    def take_write_turn(self) -> None:
        if self._turn_fd is None:
            path = self.execute("PRAGMA database_list").fetchone()[2]
            if not path:  # an in-memory database has a single connection: no queue
                return
            self._turn_fd = os.open(f"{path}-writeturn", os.O_RDWR | os.O_CREAT, 0o600)
        _flock_within(self._turn_fd, WRITE_WAIT_SECONDS)
        self._holds_turn = True

    def give_up_write_turn(self) -> None:
        if self._holds_turn:
            self._holds_turn = False
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_up_write_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_up_write_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._turn_fd is not None:
                os.close(self._turn_fd)  # also releases the lock
                self._turn_fd, self._holds_turn = None, False


def _flock_within(fd: int, seconds: float) -> None:
    """An exclusive flock on fd, waiting at most `seconds` (flock itself has no timeout,
    so a helper thread waits and hands the lock over, or gives it back if we gave up)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    state = {"given_up": False, "locked": False}
    guard = threading.Lock()
    done = threading.Event()
    # The helper waits on its own descriptor of the same open file (so the same lock):
    # it stays valid even if the connection is closed while the helper still waits.
    own = os.dup(fd)

    def wait() -> None:
        try:
            fcntl.flock(own, fcntl.LOCK_EX)
            with guard:
                if state["given_up"]:
                    fcntl.flock(own, fcntl.LOCK_UN)
                else:
                    state["locked"] = True
            done.set()
        finally:
            os.close(own)

    threading.Thread(target=wait, daemon=True, name="sqlite-write-turn").start()
    done.wait(seconds)
    with guard:
        if not state["locked"]:
            state["given_up"] = True
            raise WriteTurnTimeout("database is locked (no turn to write in time)")


def connect_args() -> dict:
    return {"timeout": WRITE_WAIT_SECONDS, "factory": QueuedWritesConnection}


def tune(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy emit BEGIN itself (below) instead of the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={WRITE_WAIT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if _reading_only.get() or (has_request_context() and request.method in READ_ONLY_METHODS):
            connection.exec_driver_sql("BEGIN")
            return
        dbapi_connection = connection.connection.dbapi_connection
        try:
            dbapi_connection.take_write_turn()
        except WriteTurnTimeout as error:
            raise OperationalError("BEGIN IMMEDIATE", None, error) from error
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            dbapi_connection.give_up_write_turn()
            raise
