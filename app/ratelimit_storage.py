"""Rate-limit counters in a SQLite file, shared by every gunicorn worker on one machine.

`limits` (Flask-Limiter's counting library) keeps `memory://` counters inside each process,
so with 3 workers a limit of 10 let through up to 30. Its shared storages (Redis, Memcached,
MongoDB) each need a server; this one needs only a file, which every worker opens.

Registered with `limits` under the scheme `sqlite`: RATELIMIT_STORAGE_URI=sqlite:////abs/path.db
(three slashes and a relative path, or four and an absolute one, as SQLAlchemy spells it).
Each count is one statement (an upsert that returns the new count), so workers never race.
The file holds only counters: losing it resets the limits and nothing else.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from limits.storage import Storage

SCHEME = "sqlite"
# Expired rows (client addresses and emails are in the keys) are deleted by the next count
# after this many seconds in each process, so none stays much past its window.
_SWEEP_SECONDS = 60

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS counters_expires_at ON counters (expires_at);
"""

# A key past its expiry starts again from `amount`, with a new expiry (a fixed window).
_INCR = """
INSERT INTO counters (key, count, expires_at) VALUES (:key, :amount, :now + :expiry)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_at <= :now THEN :amount ELSE count + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :now + :expiry ELSE expires_at END
RETURNING count
"""


def path_from_uri(uri: str) -> Path:
    """sqlite:///relative.db or sqlite:////absolute.db, as in SQLAlchemy URLs."""
    scheme, sep, path = uri.partition(":///")
    if scheme != SCHEME or not sep or not path:
        raise ValueError(f"Not a {SCHEME}:/// rate-limit storage URI: {uri!r}")
    return Path(path)


class SQLiteStorage(Storage):
    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = path_from_uri(uri or "")
        self._local = threading.local()
        self._swept_at = 0.0

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """This thread's connection; a forked worker opens its own (pid check)."""
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: every statement is its own transaction, over in microseconds.
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            # Counters may lose the last moment's counts in a power cut; no fsync per count.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(_SCHEMA)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db = self._db()
        (count,) = db.execute(
            _INCR, {"key": key, "amount": amount, "now": now, "expiry": expiry}
        ).fetchone()
        if now - self._swept_at > _SWEEP_SECONDS:
            self._swept_at = now
            db.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute(
                "SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())
            )
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        row = (
            self._db()
            .execute("SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now))
            .fetchone()
        )
        return row[0] if row else now

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
